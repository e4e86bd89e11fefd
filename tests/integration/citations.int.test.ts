import { entries as parseBibtex } from 'bibtex-parse';
import { parse as parseRis } from 'astrocite-ris';
import { z } from 'zod';
import type { GraphConnection } from '../../src/graph/connect';
import { type RunningServer, startServer } from '../../src/server/app';
import { readSeeds } from '../../src/seed/read-seeds';
import type { SeedCatalogue } from '../../src/seed/schema';
import { connectTestGraph, SEED_DIR, seedRealCatalogue, silentLogger, testConfig } from '../support/graph';

/**
 * Citations (src/citations/): every format is parsed back with a parser that is not citation-js (bibtex-parse,
 * astrocite-ris, a CSL-JSON schema) and its fields compared with what graph-seeds/ states of each publication.
 */

let graph: GraphConnection;
let server: RunningServer;
let catalogue: SeedCatalogue;
let origin: string;

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  catalogue = await readSeeds(SEED_DIR);
  server = await startServer({ config: testConfig(), executor: graph.executor, logger: silentLogger, port: 0 });
  origin = server.url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await server?.stop();
  await graph?.close();
});

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data!;
}

async function citationsOfAll(format: string, extra = ''): Promise<Map<string, string>> {
  const data = await gql<{ publications: { nodes: { slug: string; citation: string }[] } }>(
    `query($format: CitationFormat!) { publications(first: 100) { nodes { slug citation(format: $format${extra}) } } }`,
    { format },
  );
  return new Map(data.publications.nodes.map((n) => [n.slug, n.citation]));
}

/** What a citation must say of a seed record: only facts the seed states. */
function expected(slug: string) {
  const p = catalogue.publications.find((x) => x.id === slug)!;
  const names = new Map(catalogue.organisations.map((o) => [o.id, o.name]));
  return {
    title: p.title,
    year: p.year === undefined || p.year === null ? undefined : String(p.year),
    isbn: p.isbn ?? p.eisbn ?? undefined,
    url: p.links.find((l) => /^https?:\/\//.test(l)),
    publisher: p.publishers.length > 0 ? p.publishers.map((id) => names.get(id)!).sort((a, b) => a.localeCompare(b)).join('; ') : undefined,
    authors: p.authors,
    pages: p.pages === undefined || p.pages === null ? undefined : String(p.pages),
    summary: p.summary ?? '',
  };
}

const CslItem = z
  .object({
    id: z.string(),
    type: z.enum(['book', 'document']),
    title: z.string().min(1),
    author: z.array(z.object({ literal: z.string() }).strict()).optional(),
    issued: z.object({ 'date-parts': z.array(z.array(z.number().int()).min(1).max(3)).length(1) }).strict().optional(),
    publisher: z.string().optional(),
    ISBN: z.string().optional(),
    URL: z.string().url().optional(),
    language: z.string().optional(),
    'number-of-pages': z.string().optional(),
    note: z.string().optional(),
    'citation-key': z.string(),
  })
  .strict();

describe('Publication.citation', () => {
  it('writes CSL-JSON that the CSL-JSON schema accepts, with exactly the facts each seed record states', async () => {
    const all = await citationsOfAll('CSL_JSON');
    expect(all.size).toBe(catalogue.publications.length);
    for (const [slug, text] of all) {
      const [item, ...rest] = z.array(CslItem).parse(JSON.parse(text));
      expect(rest).toHaveLength(0);
      const want = expected(slug);
      expect(item!.id).toBe(slug);
      if (want.title) expect(item!.title).toBe(want.title);
      else expect(item!.title).toMatch(/^\[Untitled record: .*\]$/);
      expect(item!.issued?.['date-parts'][0]?.[0]?.toString()).toBe(want.year);
      expect(item!.ISBN).toBe(want.isbn);
      expect(item!.URL).toBe(want.url);
      expect(item!.publisher).toBe(want.publisher);
      expect((item!.author ?? []).map((a) => a.literal)).toEqual(want.authors);
      expect(item!['number-of-pages']).toBe(want.pages);
    }
  });

  it('writes BibTeX that an independent parser reads back to the seed facts, one entry keyed by the slug', async () => {
    const all = await citationsOfAll('BIBTEX');
    for (const [slug, text] of all) {
      const parsed = parseBibtex(text);
      expect(parsed).toHaveLength(1);
      const entry = parsed[0]!;
      const want = expected(slug);
      expect(entry.key).toBe(slug);
      const field = (name: string) => (entry[name] === undefined ? undefined : String(entry[name]));
      if (want.title) expect(field('TITLE')?.replace(/[{}]/g, '')).toBe(want.title.replace(/[{}]/g, ''));
      else expect(field('TITLE')).toMatch(/Untitled record/);
      expect(field('YEAR')).toBe(want.year);
      expect(field('ISBN')).toBe(want.isbn);
      expect(field('URL')).toBe(want.url);
      expect(field('PUBLISHER')).toBe(want.publisher);
    }
  });

  it('writes RIS that an independent parser reads back to the seed facts', async () => {
    const all = await citationsOfAll('RIS');
    for (const [slug, text] of all) {
      const items = parseRis(text);
      expect(items).toHaveLength(1);
      const item = items[0]! as Record<string, unknown>;
      const want = expected(slug);
      if (want.title) expect(item.title).toBe(want.title);
      else expect(String(item.title)).toMatch(/^\[Untitled record: /);
      const year = (item.issued as { 'date-parts'?: string[][] } | undefined)?.['date-parts']?.[0]?.[0];
      expect(year === undefined ? undefined : String(year)).toBe(want.year);
      expect(item.ISBN).toBe(want.isbn);
      expect(item.URL).toBe(want.url);
      expect(item.publisher).toBe(want.publisher);
    }
  });

  it('formats a reference in APA and in Chicago author-date, each with the title and year the catalogue gives', async () => {
    const slug = catalogue.publications.find((p) => p.title && p.year && p.publishers.length > 0)!.id;
    const want = expected(slug);
    const data = await gql<{ publication: { apa: string; chicago: string; html: string; french: string } }>(
      `query($slug: String) { publication(slug: $slug) {
         apa: citation(format: TEXT) chicago: citation(format: TEXT, style: "chicago-author-date")
         html: citation(format: HTML, style: "apa") french: citation(format: TEXT, style: "apa", language: FR) } }`,
      { slug },
    );
    const { apa, chicago, html } = data.publication;
    expect(apa).toContain(`(${want.year})`);
    expect(chicago).toContain(`${want.year}.`);
    expect(apa).not.toBe(chicago);
    // APA writes titles in the catalogue's case; Chicago title-cases them: compare ignoring case.
    for (const text of [apa, chicago]) expect(text.toLowerCase()).toContain(want.title!.toLowerCase().slice(0, 30));
    expect(html).toMatch(/^<div class="csl-bib-body">/);
    expect(html).toContain('<i>');
  });

  it('cites an untitled record with a marked stand-in quoting its opening words, never a made-up title', async () => {
    const untitled = catalogue.publications.find((p) => !p.title)!;
    const data = await gql<{ publication: { citation: string } }>('query($slug: String) { publication(slug: $slug) { citation(format: TEXT) } }', { slug: untitled.id });
    const firstWords = (untitled.summary ?? '').split(/\s+/).slice(0, 3).join(' ');
    expect(data.publication.citation).toContain(`[Untitled record: ${firstWords}`);
  });

  it('refuses a style it does not ship, naming the ones it does', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ publications(first: 1) { nodes { citation(format: TEXT, style: "mla") } } }' }),
    });
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0]!.message).toContain('chicago-author-date');
  });
});

describe('Query.citations', () => {
  it('exports a whole search as one BibTeX file with one entry per match', async () => {
    const search = await gql<{ search: { pageInfo: { hasNextPage: boolean }; nodes: { slug: string }[] } }>('{ search(query: "trafficking", first: 100) { pageInfo { hasNextPage } nodes { slug } } }');
    const data = await gql<{ citations: { count: number; hasNextPage: boolean; mediaType: string; fileName: string; content: string } }>(
      '{ citations(format: BIBTEX, query: "trafficking", first: 100) { count hasNextPage mediaType fileName content } }',
    );
    expect(search.search.pageInfo.hasNextPage).toBe(false);
    expect(search.search.nodes.length).toBeGreaterThan(1);
    expect(data.citations).toMatchObject({ count: search.search.nodes.length, hasNextPage: false, mediaType: 'application/x-bibtex', fileName: 'publications.bib' });
    expect(parseBibtex(data.citations.content).map((e) => e.key)).toEqual(search.search.nodes.map((n) => n.slug));
  });

  it('pages a filtered list with the list cursor, each page a complete RIS file', async () => {
    const first = await gql<{ citations: { count: number; hasNextPage: boolean; endCursor: string; content: string } }>(
      '{ citations(format: RIS, first: 5) { count hasNextPage endCursor content } }',
    );
    const second = await gql<{ citations: { count: number; content: string } }>('query($after: Cursor) { citations(format: RIS, first: 5, after: $after) { count content } }', {
      after: first.citations.endCursor,
    });
    expect(first.citations).toMatchObject({ count: 5, hasNextPage: true });
    expect(parseRis(first.citations.content)).toHaveLength(5);
    expect(parseRis(second.citations.content)).toHaveLength(second.citations.count);
    const titles = (text: string) => parseRis(text).map((i) => (i as { title: string }).title);
    expect(titles(second.citations.content).some((t) => titles(first.citations.content).includes(t))).toBe(false);
  });
});

describe('content negotiation on /publications/{slug}', () => {
  const slug = 'caring-for-trafficked-persons-guidance-health-providers';

  it.each([
    ['application/x-bibtex', /^@book\{caring-for-trafficked-persons-guidance-health-providers,/],
    ['application/x-research-info-systems', /^TY {2}- BOOK/],
    ['application/vnd.citationstyles.csl+json', /^\[\s*\{/],
    ['text/x-bibliography', /Caring for Trafficked Persons/],
  ])('answers Accept: %s with the citation in that media type', async (accept, body) => {
    const response = await fetch(`${origin}/publications/${slug}`, { headers: { accept } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(accept);
    expect(response.headers.get('vary')).toMatch(/accept/i);
    expect(await response.text()).toMatch(body);
  });

  it('formats text/x-bibliography in the style and language the query asks for', async () => {
    const response = await fetch(`${origin}/publications/${slug}?style=chicago-author-date&language=fr`, { headers: { accept: 'text/x-bibliography' } });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toMatch(/Caring for Trafficked Persons/);
  });

  it('sends a browser to the explorer page of the publication', async () => {
    const response = await fetch(`${origin}/publications/${slug}`, { headers: { accept: 'text/html,*/*;q=0.8' }, redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/#/publication/${slug}`);
  });

  it('answers an unknown slug with a JSON 404, and a bad style with a JSON 400', async () => {
    const missing = await fetch(`${origin}/publications/no-such-publication`, { headers: { accept: 'application/x-bibtex' } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('NOT_FOUND');
    const badStyle = await fetch(`${origin}/publications/${slug}?style=nope`, { headers: { accept: 'text/x-bibliography' } });
    expect(badStyle.status).toBe(400);
  });
});
