import type { GraphConnection } from '../../src/graph/connect';
import type { QueryEvent } from '../../src/graph/executor';
import { type RunningServer, startServer } from '../../src/server/app';
import { connectTestGraph, seedRealCatalogue, silentLogger, testConfig } from '../support/graph';

/**
 * The in-process HTTP cache in front of Apollo (src/server/http-cache.ts): repeated anonymous public GETs are
 * answered from memory, never reaching Apollo or Neo4j; editors, errors and anything not public go through.
 */

const API_KEY = 'http-cache-editor-key-0123456789';
const HANDBOOK = 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse';
const WIDGET = `query PubgraphRelated($slug: String, $first: Int) {
  publication(slug: $slug) { displayTitle related(first: $first) { score reasons { kind label relation } publication { id slug displayTitle year kind languages { code } } } }
}`;
const PAGES = 'query Pages($slug: String) { publication(slug: $slug) { slug pages } }';
const UPDATE = 'mutation($id: ID!, $input: UpdatePublicationInput!) { updatePublication(id: $id, input: $input) { userErrors { message } } }';

let graph: GraphConnection;
let server: RunningServer;
/** Every Cypher round-trip the service makes, whichever request made it. */
const cypher: QueryEvent[] = [];

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  server = await startServer({
    config: testConfig({ RESPONSE_CACHE: 'on', EDITOR_API_KEYS: `editor:${API_KEY}` }),
    executor: graph.executor.observed((event) => cypher.push(event)),
    logger: silentLogger,
    port: 0,
  });
});
afterAll(async () => {
  await server?.stop();
  await graph?.close();
});

function widgetUrl(variables: Record<string, unknown>, query = WIDGET, operationName = 'PubgraphRelated'): string {
  return `${server.url}?${new URLSearchParams({ operationName, query, variables: JSON.stringify(variables) })}`;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const before = cypher.length;
  const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true', ...headers } });
  const text = await response.text();
  return { response, text, body: JSON.parse(text) as { data?: Record<string, unknown>; errors?: unknown[] }, cypher: cypher.length - before };
}

describe('the HTTP cache in front of Apollo', () => {
  it('answers a second identical widget GET from memory (HIT) without reaching Neo4j', async () => {
    const url = widgetUrl({ slug: HANDBOOK, first: 5 });
    const first = await get(url);
    const second = await get(url);
    expect(first.response.headers.get('x-cache')).toBe('MISS');
    expect(first.cypher).toBeGreaterThan(0);
    expect(second.response.headers.get('x-cache')).toBe('HIT');
    expect(second.cypher).toBe(0);
    expect(second.response.headers.get('x-pubgraph-cypher-roundtrips')).toBe('0');
    expect(second.text).toBe(first.text);
    for (const header of ['cache-control', 'content-type', 'access-control-allow-origin', 'etag']) {
      expect(second.response.headers.get(header)).toBe(first.response.headers.get(header));
    }
    expect(second.response.headers.get('cache-control')).toBe('max-age=300, public');
    expect(Number(second.response.headers.get('age'))).toBeGreaterThanOrEqual(0);
    expect(Number(second.response.headers.get('age'))).toBeLessThan(300);
    expect(second.response.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
  });

  it('keeps different variables (and a different Accept) in separate entries', async () => {
    const five = await get(widgetUrl({ slug: HANDBOOK, first: 5 }));
    const three = await get(widgetUrl({ slug: HANDBOOK, first: 3 }));
    expect(three.response.headers.get('x-cache')).toBe('MISS');
    expect((three.body.data!.publication as { related: unknown[] }).related).toHaveLength(3);
    expect((five.body.data!.publication as { related: unknown[] }).related).toHaveLength(5);
    expect((await get(widgetUrl({ slug: HANDBOOK, first: 3 }))).response.headers.get('x-cache')).toBe('HIT');

    const graphqlResponse = await get(widgetUrl({ slug: HANDBOOK, first: 3 }), { accept: 'application/graphql-response+json' });
    expect(graphqlResponse.response.headers.get('x-cache')).toBe('MISS');
    expect(graphqlResponse.response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
  });

  it('never serves an authenticated request from the cache, nor stores its answer', async () => {
    const warm = widgetUrl({ slug: HANDBOOK, first: 2 });
    await get(warm);
    expect((await get(warm)).response.headers.get('x-cache')).toBe('HIT');
    const editor = await get(warm, { authorization: `ApiKey ${API_KEY}` });
    expect(editor.response.headers.get('x-cache')).toBeNull();
    expect(editor.cypher).toBeGreaterThan(0);
    // Even credentials the service refuses keep the request out of the cache.
    expect((await get(warm, { authorization: 'Bearer not-a-token' })).response.headers.get('x-cache')).toBeNull();

    const fresh = widgetUrl({ slug: HANDBOOK, first: 4 });
    await get(fresh, { authorization: `ApiKey ${API_KEY}` });
    await get(fresh, { authorization: `ApiKey ${API_KEY}` });
    expect((await get(fresh)).response.headers.get('x-cache')).toBe('MISS');
  });

  it('does not cache a response with errors', async () => {
    const url = widgetUrl({ id: 'not-a-global-id' }, 'query Broken($id: ID) { publication(id: $id) { displayTitle } }', 'Broken');
    const first = await get(url);
    const second = await get(url);
    expect(second.body.errors?.length).toBeGreaterThan(0);
    expect(first.response.headers.get('x-cache')).toBe('MISS');
    expect(second.response.headers.get('x-cache')).toBe('MISS');
  });

  it('keeps Apollo’s CSRF prevention: a GET without a preflight-forcing header is refused even when cached', async () => {
    const url = widgetUrl({ slug: HANDBOOK, first: 5 });
    await get(url);
    const bare = await fetch(url);
    expect(bare.status).toBe(400);
    expect(bare.headers.get('x-cache')).toBeNull();
  });

  it('counts hits and misses in the metrics', async () => {
    const text = await (await fetch(server.metricsUrl!)).text();
    expect(Number(/pubgraph_http_cache_requests_total\{result="hit"\} (\d+)/.exec(text)?.[1])).toBeGreaterThan(0);
    expect(Number(/pubgraph_http_cache_requests_total\{result="miss"\} (\d+)/.exec(text)?.[1])).toBeGreaterThan(0);
    expect(Number(/pubgraph_http_cache_bytes (\d+)/.exec(text)?.[1])).toBeGreaterThan(0);
  });

  it('follows the response cache’s rule on edits: editors read their write at once, anonymous readers within max-age', async () => {
    const url = widgetUrl({ slug: HANDBOOK }, PAGES, 'Pages');
    const before = await get(url);
    const pages = (before.body.data!.publication as { pages: number | null }).pages;
    const update = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `ApiKey ${API_KEY}` },
      body: JSON.stringify({ query: UPDATE, variables: { id: HANDBOOK, input: { pages: (pages ?? 100) + 1, reason: 'http cache test' } } }),
    });
    expect(((await update.json()) as { data: { updatePublication: { userErrors: unknown[] } } }).data.updatePublication.userErrors).toEqual([]);

    const editor = await get(url, { authorization: `ApiKey ${API_KEY}` });
    expect((editor.body.data!.publication as { pages: number }).pages).toBe((pages ?? 100) + 1);
    const anonymous = await get(url);
    expect(anonymous.response.headers.get('x-cache')).toBe('HIT');
    expect(anonymous.text).toBe(before.text);
    await seedRealCatalogue(graph);
  });
});
