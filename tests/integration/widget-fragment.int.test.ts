import type { GraphConnection } from '../../src/graph/connect';
import type { RunningServer } from '../../src/server/app';
import { closeService, openSeededService, postGraphQL } from '../support/http';

/**
 * The widget's list as server-rendered HTML (GET /widget/related/<slug>.html) and the widget's CORS preflight.
 * The fragment's content against the API's own list, and its escaping, are checked in a real browser in
 * tests/browser/widget.browser.test.ts; here: statuses, headers and refusals.
 */

const HANDBOOK = 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse';
let graph: GraphConnection;
let server: RunningServer;

beforeAll(async () => ({ graph, server } = await openSeededService()));
afterAll(() => closeService({ graph, server }));

const origin = () => new URL(server.url).origin;
const fragment = (path: string, init?: RequestInit) => fetch(`${origin()}/widget/related/${path}`, init);

describe('the server-rendered related-publications fragment', () => {
  it('answers cacheable HTML holding each related title of the API, in the order and language asked', async () => {
    const res = await fragment(`${HANDBOOK}.html?lang=es&limit=4`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const html = await res.text();
    const api = await postGraphQL<{ publication: { related: { explanation: { text: string }; publication: { slug: string } }[] } }>(
      server,
      `{ publication(slug: "${HANDBOOK}") { related(first: 4, preferLanguage: "es") { explanation(language: ES) { text } publication { slug } } } }`,
    );
    const slugs = [...html.matchAll(/href="[^"]*\/#\/publication\/([a-z0-9-]+)"/g)].map((m) => m[1]);
    expect(slugs).toEqual(api.data!.publication.related.map((r) => r.publication.slug));
    expect(html).toContain('lang="es"');
    expect(html).toContain('<h2 id="pubgraph-related-heading">Publicaciones relacionadas</h2>');
  });

  it('is a 404 fragment in the not-found state for a publication the catalogue lacks, in the reader\'s language', async () => {
    const res = await fragment('no-such-publication.html?lang=fr');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('data-state="not-found"');
    expect(html).toContain('Cette publication ne figure pas au catalogue.');
  });

  it.each([
    ['a slug that is not one', 'Not_A_Slug.html', /publication slug/],
    ['a language that is not a code', `${HANDBOOK}.html?lang=spanish`, /"lang"/],
    ['a limit out of bounds', `${HANDBOOK}.html?limit=51`, /"limit"/],
    ['a link template of another scheme', `${HANDBOOK}.html?link-template=${encodeURIComponent('javascript:alert(1)//{slug}')}`, /"link-template"/],
  ])('refuses %s with a 400 JSON error naming it', async (_what, path, message) => {
    const res = await fragment(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.message).toMatch(message);
  });
});

describe("the widget's CORS preflight", () => {
  it('may be cached by the browser for two hours, so a page view does not pay one each time', async () => {
    const res = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://partner.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'apollo-require-preflight' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-max-age')).toBe('7200');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
