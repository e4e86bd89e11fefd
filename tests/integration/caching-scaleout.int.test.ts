import { createHash } from 'node:crypto';
import type { GraphConnection } from '../../src/graph/connect';
import { connectDriver } from '../../src/graph/connect';
import type { RunningServer } from '../../src/server/app';
import { connectTestGraph, seedRealCatalogue, testConfig } from '../support/graph';
import { postGraphQL, startTestServer } from '../support/http';
import { startTestRedis, type TestRedis } from '../support/redis';

/**
 * Caching, persisted queries, cost-based rate limits, and replicas sharing that state through a real Redis.
 */

const WIDGET = 'query Widget { publication(slug: "community-engagement-gbv-tip-training-guide") { related(first: 5) { score publication { displayTitle year } reasons { kind label } } } }';
const PAGE = 'query Page { publications(first: 20) { nodes { title topics { label } places { name } audiences { label } } } }';

let graph: GraphConnection;
const servers: RunningServer[] = [];
let redis: TestRedis | undefined;

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
});
afterAll(async () => {
  for (const s of servers) await s.stop();
  await redis?.stop();
  await graph.close();
});

async function server(env: Record<string, string> = {}) {
  const s = await startTestServer(graph, { RESPONSE_CACHE: 'on', ...env });
  servers.push(s);
  return s;
}

const get = (s: RunningServer, params: Record<string, string>) =>
  fetch(`${s.url}?${new URLSearchParams(params)}`, { headers: { 'apollo-require-preflight': 'true' } });

describe('response cache and HTTP caching', () => {
  it('serves a repeated public GET from the response cache, without touching Neo4j', async () => {
    const s = await server();
    const first = await get(s, { query: WIDGET });
    const second = await get(s, { query: WIDGET });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d+, public/);
    expect(Number(first.headers.get('x-pubgraph-cypher-roundtrips'))).toBeGreaterThan(0);
    expect(second.headers.get('x-pubgraph-cypher-roundtrips')).toBe('0');
    expect(await second.json()).toEqual(await first.json());
  });

  it('supports automatic persisted queries over GET (hash only once registered)', async () => {
    const s = await server();
    const hash = createHash('sha256').update(WIDGET).digest('hex');
    const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } });
    const unknown = (await (await get(s, { extensions })).json()) as { errors: { extensions: { code: string } }[] };
    expect(unknown.errors[0]!.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await get(s, { query: WIDGET, extensions })).status).toBe(200);
    const byHash = (await (await get(s, { extensions })).json()) as { data: { publication: { related: unknown[] } } };
    expect(byHash.data.publication.related).toHaveLength(5);
  });
});

describe('rate limits measured in query cost', () => {
  it('lets many cheap queries through but stops costly ones once the budget is spent, with 429 and Retry-After', async () => {
    const s = await server({ RATE_LIMIT_COST_PER_MINUTE: '3000', RESPONSE_CACHE: 'off' });
    for (let i = 0; i < 60; i++) expect((await postGraphQL(s, '{ __typename }')).errors).toBeUndefined();
    let limited: Awaited<ReturnType<typeof postGraphQL>> | undefined;
    let costly = 0;
    for (; costly < 20 && !limited; costly++) {
      const res = await postGraphQL(s, PAGE);
      if (res.errors) limited = res;
    }
    expect(limited).toBeDefined();
    expect(costly).toBeLessThan(10);
    expect(limited!.status).toBe(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited!.errors![0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' }, message: expect.stringMatching(/costs \d+/) });
  });
});

describe('replicas sharing Redis', () => {
  it('share the response cache and the rate-limit budget', async () => {
    redis = await startTestRedis();
    const env = { REDIS_URL: redis.url, RATE_LIMIT_COST_PER_MINUTE: '4000' };
    const [a, b] = [await server(env), await server(env)];

    const viaA = await get(a, { query: WIDGET });
    expect(Number(viaA.headers.get('x-pubgraph-cypher-roundtrips'))).toBeGreaterThan(0);
    const viaB = await get(b, { query: WIDGET });
    expect(viaB.headers.get('x-pubgraph-cypher-roundtrips')).toBe('0');
    expect(await viaB.json()).toEqual(await viaA.json());

    let spentOnA = 0;
    while ((await postGraphQL(a, PAGE)).status !== 429 && spentOnA < 20) spentOnA++;
    const onB = await postGraphQL(b, PAGE);
    expect(onB.status).toBe(429);
    expect(onB.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
  });

  it('works through a neo4j:// routing URI with reads in read transactions', async () => {
    const uri = process.env.PUBGRAPH_TEST_NEO4J_URI!.replace(/^bolt:/, 'neo4j:');
    const config = testConfig({ NEO4J_URI: uri });
    const routed = await connectDriver({ ...config.neo4j, uri }, uri);
    try {
      const [row] = await routed.executor.read({ name: 'test routing', cypher: 'MATCH (p:Publication) RETURN count(p) AS n' } as never);
      expect((row as { n: number }).n).toBeGreaterThan(50);
    } finally {
      await routed.close();
    }
  });
});
