import type { GraphConnection } from '../../src/graph/connect';
import type { RunningServer } from '../../src/server/app';
import { ensureWebBuilt } from '../../scripts/build-web';
import { connectTestGraph, seedRealCatalogue } from '../support/graph';
import { startTestServer } from '../support/http';

const HANDBOOK = 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse';
const WIDGET_QUERY = `query PubgraphRelated($slug: String, $first: Int) {
  publication(slug: $slug) { displayTitle related(first: $first) { score reasons { kind label relation } publication { id slug displayTitle year kind languages { code } } } }
}`;

let graph: GraphConnection;
let server: RunningServer;
let base: string;

function getUrl(query: string, variables: Record<string, unknown> = {}): string {
  return `${server.url}?${new URLSearchParams({ query, variables: JSON.stringify(variables) })}`;
}

beforeAll(async () => {
  await ensureWebBuilt();
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  server = await startTestServer(graph);
  base = new URL(server.url).origin;
});
afterAll(async () => {
  await server.stop();
  await graph.close();
});

describe('GraphQL over GET for the widget', () => {
  it('answers the widget query over GET with a public, cacheable Cache-Control header', async () => {
    const res = await fetch(getUrl(WIDGET_QUERY, { slug: HANDBOOK, first: 5 }), { headers: { 'apollo-require-preflight': 'true', origin: 'http://partner.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('max-age=300, public');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as { data: { publication: { related: unknown[] } } };
    expect(body.data.publication.related).toHaveLength(5);
  });

  it('keeps CSRF prevention: a GET without a preflight-forcing header is refused', async () => {
    const res = await fetch(getUrl(WIDGET_QUERY, { slug: HANDBOOK, first: 1 }));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });

  it('lets a third-party origin preflight the GET (CORS allows the apollo-require-preflight header)', async () => {
    const res = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://partner.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'apollo-require-preflight' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/apollo-require-preflight/i);
  });

  it('never marks a mutation cacheable: refused over GET, and POSTed it is no-store', async () => {
    const mutation = 'mutation { __typename }';
    const viaGet = await fetch(getUrl(mutation), { headers: { 'apollo-require-preflight': 'true' } });
    expect(viaGet.status).toBe(405);
    expect(viaGet.headers.get('cache-control')).not.toMatch(/max-age=[1-9]/);
    const viaPost = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: mutation }) });
    expect(viaPost.headers.get('cache-control')).toBe('no-store');
  });

  it('does not cache a response with errors', async () => {
    const res = await fetch(getUrl('query($id: ID) { publication(id: $id) { displayTitle } }', { id: 'not-a-global-id' }), { headers: { 'apollo-require-preflight': 'true' } });
    const body = (await res.json()) as { errors?: unknown[] };
    expect(body.errors?.length).toBeGreaterThan(0);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('does not cache fields without a hint (an abstract node lookup)', async () => {
    const res = await fetch(getUrl('{ nodes(ids: []) { id } }'), { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('the web front end served by the service', () => {
  it('serves /widget.js to any origin, small', async () => {
    const res = await fetch(`${base}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    const text = await res.text();
    expect(text).toContain('pubgraph-related');
    expect(text).not.toMatch(/https?:\/\/(?!localhost)[a-z0-9.-]+\.[a-z]{2,}\//i); // no third-party URL inside
  });

  it('serves the explorer at / with a same-origin-only Content-Security-Policy', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<script src="/widget.js"');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
  });

  it('serves GraphiQL locally and sends a browser opening /graphql there, not to a CDN landing page', async () => {
    const page = await fetch(`${base}/graphiql/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('graphiql.js');
    const redirect = await fetch(server.url, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/graphiql/');
  });

  it('turns GraphiQL off in production unless GRAPHIQL=on, and never serves the CDN landing page', async () => {
    const production = await startTestServer(graph, { NODE_ENV: 'production' });
    const productionOn = await startTestServer(graph, { NODE_ENV: 'production', GRAPHIQL: 'on' });
    try {
      const origin = new URL(production.url).origin;
      expect((await fetch(`${origin}/graphiql/`)).status).toBe(404);
      const landing = await fetch(production.url, { headers: { accept: 'text/html' }, redirect: 'manual' });
      expect(landing.status).not.toBe(302);
      expect(await landing.text()).not.toMatch(/apollographql|embeddable-sandbox|cdn/i);
      expect((await fetch(`${new URL(productionOn.url).origin}/graphiql/`)).status).toBe(200);
    } finally {
      await production.stop();
      await productionOn.stop();
    }
  });
});
