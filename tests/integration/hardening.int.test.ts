import { Writable } from 'node:stream';
import { auditServer } from 'graphql-http';
import pino from 'pino';
import type { GraphConnection } from '../../src/graph/connect';
import { type RunningServer, startServer } from '../../src/server/app';
import { QUERY_LIMITS } from '../../src/server/limits';
import { graphFingerprint } from '../support/fingerprint';
import { connectTestGraph, seedRealCatalogue, testConfig } from '../support/graph';
import { postGraphQL } from '../support/http';

/** Hostile and malformed requests, error hygiene, metrics and GraphQL-over-HTTP compliance. */

let graph: GraphConnection;
let server: RunningServer;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  server = await startServer({ config: testConfig({ LOG_LEVEL: 'debug' }), executor: graph.executor, logger: pino({ level: 'debug' }, sink), port: 0 });
});
afterAll(async () => {
  await server.stop();
  await graph.close();
});

/** A query exactly `depth` fields deep: publications > nodes > (companions > publication) x k > title. */
const nested = (depth: number) => {
  let selection = 'title';
  for (let i = 0; i < Math.ceil((depth - 3) / 2); i++) selection = `companions { publication { ${selection} } }`;
  return `{ publications(first: 1) { nodes { ${selection} } } }`;
};

describe('query limits', () => {
  it('refuses a query nested deeper than the limit before touching the database', async () => {
    const res = await postGraphQL(server, nested(QUERY_LIMITS.maxDepth + 1));
    expect(res.status).toBe(400);
    expect(res.errors![0]!.message).toMatch(/depth/i);
    expect(res.headers.get('x-pubgraph-cypher-roundtrips')).toBe('0');
  });

  it('accepts the deepest query the API needs', async () => {
    const res = await postGraphQL(server, '{ publications(first: 2) { nodes { companions { publication { topics { broader { label } } } } } } }');
    expect(res.errors).toBeUndefined();
  });

  it('refuses too many aliases, too many tokens and too costly documents', async () => {
    const aliases = Array.from({ length: QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: publication(slug: "x") { title }`).join(' ');
    expect((await postGraphQL(server, `{ ${aliases} }`)).errors![0]!.message).toMatch(/alias/i);
    const tokens = `{ ${Array.from({ length: QUERY_LIMITS.maxTokens }, () => '__typename').join(' ')} }`;
    expect((await postGraphQL(server, tokens)).errors![0]!.message).toMatch(/token/i);
    const wide = `{ ${Array.from({ length: 14 }, (_, i) => `a${i}: publications(first: 100) { nodes { topics { broader { narrower { broader { label } } } } places { within { within { name } } } } }`).join(' ')} }`;
    expect((await postGraphQL(server, wide)).errors![0]!.message).toMatch(/cost|alias/i);
  });

  it('refuses bodies over 100 kB and batched requests', async () => {
    const big = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ __typename } #${'x'.repeat(120_000)}` }) });
    expect(big.status).toBe(413);
    const batch = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]) });
    expect(batch.status).toBe(400);
  });
});

describe('errors', () => {
  it('never shows a stack trace, Cypher or driver details to clients, and logs the original with the request id', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'test-request-42' },
      body: JSON.stringify({ query: '{ publications(after: "bm90LWEtY3Vyc29y") { totalCount } }' }),
    });
    const body = (await res.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(res.headers.get('x-request-id')).toBe('test-request-42');
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|MATCH|Neo4j|at .*\.ts/);
    expect(logLines.some((l) => l.requestId === 'test-request-42')).toBe(true);
  });
});

describe('metrics', () => {
  it('exposes request, error and Cypher metrics in Prometheus format', async () => {
    await postGraphQL(server, 'query Widget { publication(slug: "iom-reintegration-handbook") { title topics { label } } }');
    const text = await (await fetch(server.url.replace('/graphql', '/metrics'))).text();
    expect(text).toMatch(/pubgraph_graphql_requests_total\{operation="Widget",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/pubgraph_graphql_request_duration_seconds_bucket\{le="[^"]+",operation="Widget"\}/);
    expect(text).toMatch(/pubgraph_cypher_duration_seconds_count\{query="topicsOfPublications",mode="read",ok="true"\} [1-9]/);
    expect(text).toMatch(/pubgraph_graphql_errors_total\{code="(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)"\} [1-9]/);
    expect(text).toMatch(/pubgraph_neo4j_sessions_open 0/);
    expect(text).toMatch(/pubgraph_process_resident_memory_bytes \d+/);
  });
});

describe('GraphQL over HTTP compliance (graphql-http server audits)', () => {
  it('passes every MUST audit', async () => {
    const before = await graphFingerprint(graph);
    const results = await auditServer({ url: server.url });
    const failedMust = results.filter((r) => r.status !== 'ok' && r.name.startsWith('MUST'));
    expect(failedMust.map((r) => `${r.name}: ${"reason" in r ? r.reason : ""}`)).toEqual([]);
    const notOk = results.filter((r) => r.status !== 'ok');
    // The SHOULD/MAY audits that do not pass are listed in docs/graphql-over-http.md with the reason.
    process.stdout.write(`graphql-http audits: ${results.length - notOk.length} ok, ${results.filter((r) => r.status === 'warn').length} warn, ${results.filter((r) => r.status === 'error').length} error\n${notOk.map((r) => `  ${r.status} ${r.name}`).join('\n')}\n`);
    expect(await graphFingerprint(graph)).toBe(before);
  });
});
