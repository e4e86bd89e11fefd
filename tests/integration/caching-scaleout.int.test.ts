import { createHash } from 'node:crypto';
import type { GraphConnection } from '../../src/graph/connect';
import { connectDriver } from '../../src/graph/connect';
import type { RunningServer } from '../../src/server/app';
import { cypher } from '../../src/graph/executor';
import { connectTestGraph, realCatalogue, seedRealCatalogue, testConfig } from '../support/graph';
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
  it("Apollo's response cache answers a repeated public GET without touching Neo4j (the HTTP cache in front of it off)", async () => {
    const s = await server({ HTTP_CACHE_SIZE: '0' });
    const first = await get(s, { query: WIDGET });
    const second = await get(s, { query: WIDGET });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d+, public/);
    expect(Number(first.headers.get('x-pubgraph-cypher-roundtrips'))).toBeGreaterThan(0);
    // No in-process HTTP cache took part (it marks what passes it with x-cache) ...
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual([null, null]);
    // ... and the answer came from the response cache, which states the age of what it stored.
    expect(first.headers.get('age')).toBeNull();
    expect(second.headers.get('age')).toMatch(/^\d+$/);
    expect(second.headers.get('x-pubgraph-cypher-roundtrips')).toBe('0');
    expect(await second.json()).toEqual(await first.json());
  });

  it('the in-process HTTP cache answers a repeated public GET before Apollo, without touching Neo4j', async () => {
    const s = await server();
    const first = await get(s, { query: WIDGET });
    const second = await get(s, { query: WIDGET });
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);
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
    // B's own HTTP cache had not seen the query: the answer is the response cache's, shared through Redis.
    expect(viaB.headers.get('x-cache')).toBe('MISS');
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
      const [row] = await routed.executor.read(cypher<{ n: number }>('test routing', 'MATCH (p:Publication) RETURN count(p) AS n'));
      expect(row!.n).toBe((await realCatalogue()).publications.length);
      // A read goes out in READ access mode, which the server enforces: a write inside it is refused ...
      await expect(routed.executor.read(cypher('test write in read', "CREATE (:RoutingProbe {id: 'must-not-exist'})"))).rejects.toThrow(/read access mode/i);
      const [probe] = await graph.executor.read(cypher<{ n: number }>('test probe', 'MATCH (x:RoutingProbe) RETURN count(x) AS n'));
      expect(probe!.n).toBe(0);
      // ... while the same statement through write() is allowed (so the refusal above was the access mode).
      await routed.executor.write(cypher('test write', "CREATE (:RoutingProbe {id: 'written'})"));
      await graph.executor.write(cypher('test probe cleanup', 'MATCH (x:RoutingProbe) DELETE x'));
    } finally {
      await routed.close();
    }
  });
});
