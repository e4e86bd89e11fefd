import { loadConfig } from '../../src/config';

describe('configuration of database faults and HTTP socket limits', () => {
  it('bounds slow clients and open sockets by default, unlike Node (300 s per request, no cap)', () => {
    expect(loadConfig({}).http).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_000 });
  });

  it('refuses a headers timeout longer than the request timeout (Node would throw at startup)', () => {
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toThrow(/HTTP_HEADERS_TIMEOUT_MS: must not exceed HTTP_REQUEST_TIMEOUT_MS/);
  });

  it('watches Neo4j every second by default, and not at all with an interval of 0', () => {
    expect(loadConfig({}).neo4j.liveness).toEqual({ intervalMs: 1_000, timeoutMs: 2_500 });
    expect(loadConfig({ NEO4J_LIVENESS_INTERVAL_MS: '0' }).neo4j.liveness).toBeUndefined();
  });
});
