import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('defaults to the embedded Neo4j on loopback and port 4000', () => {
    const config = loadConfig({});
    expect(config.neo4j.uri).toBeUndefined();
    expect(config.http.port).toBe(4000);
    expect(config.embedded.port).toBe(7687);
    expect(config.seed.onStart).toBe('if-empty');
  });

  it('lists every invalid variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', NEO4J_URI: 'http://example', EMBEDDED_NEO4J_HEAP: 'lots' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^PORT:/), expect.stringMatching(/^NEO4J_URI:/), expect.stringMatching(/^EMBEDDED_NEO4J_HEAP:/)]),
    );
  });

  it('sizes the HTTP cache in bytes, and turns it off with the response cache', () => {
    expect(loadConfig({}).scaling.httpCacheBytes).toBe(32 * 1024 * 1024);
    expect(loadConfig({ HTTP_CACHE_SIZE: '512k' }).scaling.httpCacheBytes).toBe(512 * 1024);
    expect(loadConfig({ HTTP_CACHE_SIZE: '0' }).scaling.httpCacheBytes).toBe(0);
    expect(loadConfig({ RESPONSE_CACHE: 'off' }).scaling.httpCacheBytes).toBe(0);
    expect(() => loadConfig({ HTTP_CACHE_SIZE: 'lots' })).toThrow(/HTTP_CACHE_SIZE/);
  });

  it('requires a password with an external Neo4j', () => {
    expect(() => loadConfig({ NEO4J_URI: 'neo4j://db:7687' })).toThrow(/NEO4J_PASSWORD/);
    expect(loadConfig({ NEO4J_URI: 'neo4j://db:7687', NEO4J_PASSWORD: 'secret' }).neo4j.uri).toBe('neo4j://db:7687');
  });

  it('traces nothing unless an OTLP endpoint is set, and then sends spans to its /v1/traces', () => {
    expect(loadConfig({}).telemetry).toEqual({ serviceName: 'pubgraph', otlpTracesUrl: undefined });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/' }).telemetry.otlpTracesUrl).toBe('http://jaeger:4318/v1/traces');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example/base', OTEL_SERVICE_NAME: 'catalogue' }).telemetry).toEqual({
      serviceName: 'catalogue',
      otlpTracesUrl: 'https://otel.example/base/v1/traces',
    });
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});
