import type { GraphConnection } from '../../src/graph/connect';
import { toGlobalId } from '../../src/node/global-id';
import { encodeResumptionToken } from '../../src/oai/oai-protocol';
import { type RunningServer, startServer } from '../../src/server/app';
import type { SeedCatalogue } from '../../src/seed/schema';
import { connectTestGraph, realCatalogue, seedRealCatalogue, silentLogger, testConfig } from '../support/graph';
import { oaiSchemaProblems } from '../support/xml-schema';

/**
 * OAI-PMH 2.0 at /oai (src/oai/): every answer, errors included, is validated against the protocol's schema and
 * oai_dc's (tests/support/xsd/), and the whole catalogue is harvested page by page with a small page size.
 */

const API_KEY = 'oai-pmh-editor-key-0123456789abcdef';
const PAGE_SIZE = 7;

let graph: GraphConnection;
let server: RunningServer;
let catalogue: SeedCatalogue;
let oai: string;

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  catalogue = await realCatalogue();
  server = await startServer({ config: testConfig({ OAI_PAGE_SIZE: String(PAGE_SIZE), EDITOR_API_KEYS: `editor:${API_KEY}` }), executor: graph.executor, logger: silentLogger, port: 0 });
  oai = server.url.replace(/\/graphql$/, '/oai');
});
afterAll(async () => {
  await server?.stop();
  await graph?.close();
});

/** One OAI request; fails the test when the answer is not valid OAI-PMH. */
async function harvest(params: Record<string, string> | string): Promise<string> {
  const response = await fetch(`${oai}?${typeof params === 'string' ? params : new URLSearchParams(params)}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
  const xml = await response.text();
  expect(await oaiSchemaProblems(xml)).toEqual([]);
  return xml;
}

const all = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);
const errorCodes = (xml: string) => [...xml.matchAll(/<error code="(\w+)"/g)].map((m) => m[1]);
const token = (xml: string) => /<resumptionToken[^>]*>([^<]*)<\/resumptionToken>|<resumptionToken[^>]*\/>/.exec(xml);
const slugs = (xml: string) => all(xml, 'identifier').map((id) => id.replace('oai:pubgraph:', ''));

/** Every record of a list, following resumption tokens; also checks each token's cursor and list size. */
async function harvestAll(verb: 'ListIdentifiers' | 'ListRecords', params: Record<string, string>): Promise<{ slugs: string[]; pages: number }> {
  const found: string[] = [];
  let xml = await harvest({ verb, metadataPrefix: 'oai_dc', ...params });
  let pages = 1;
  for (;;) {
    found.push(...slugs(xml));
    const next = token(xml);
    if (!next || !next[1]) break;
    expect(next[0]).toContain(`cursor="${found.length - slugs(xml).length}"`);
    xml = await harvest({ verb, resumptionToken: next[1] });
    pages += 1;
  }
  return { slugs: found, pages };
}

describe('OAI-PMH verbs', () => {
  it('identifies the repository: base URL, protocol 2.0, seconds granularity, an earliest datestamp', async () => {
    const xml = await harvest({ verb: 'Identify' });
    expect(all(xml, 'baseURL')).toEqual([oai]);
    expect(all(xml, 'protocolVersion')).toEqual(['2.0']);
    expect(all(xml, 'granularity')).toEqual(['YYYY-MM-DDThh:mm:ssZ']);
    expect(all(xml, 'earliestDatestamp')[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('lists oai_dc as its one metadata format, for the repository and for a record', async () => {
    const xml = await harvest({ verb: 'ListMetadataFormats' });
    expect(all(xml, 'metadataPrefix')).toEqual(['oai_dc']);
    const forRecord = await harvest({ verb: 'ListMetadataFormats', identifier: `oai:pubgraph:${catalogue.publications[0]!.id}` });
    expect(all(forRecord, 'metadataPrefix')).toEqual(['oai_dc']);
  });

  it('lists a set per kind and per topic', async () => {
    const xml = await harvest({ verb: 'ListSets' });
    const specs = all(xml, 'setSpec');
    expect(specs).toEqual(expect.arrayContaining([...new Set(catalogue.publications.map((p) => `kind:${p.kind}`))]));
    expect(specs).toEqual(expect.arrayContaining(catalogue.topics.map((t) => `topic:${t.id}`)));
  });

  it('gets a record as Dublin Core holding the seed facts', async () => {
    const p = catalogue.publications.find((x) => x.title && x.year && x.publishers.length > 0)!;
    const xml = await harvest({ verb: 'GetRecord', identifier: `oai:pubgraph:${p.id}`, metadataPrefix: 'oai_dc' });
    const names = new Map(catalogue.organisations.map((o) => [o.id, o.name]));
    const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    expect(all(xml, 'dc:title').map(unescape)).toEqual([p.title]);
    expect(all(xml, 'dc:date')).toEqual([String(p.year)]);
    expect(all(xml, 'dc:publisher').map(unescape).sort()).toEqual(p.publishers.map((id) => names.get(id)!).sort());
    expect(all(xml, 'dc:creator').map(unescape)).toEqual(p.authors);
    expect(all(xml, 'dc:identifier')).toContain(oai.replace(/\/oai$/, `/publications/${p.id}`));
    expect(all(xml, 'setSpec')).toEqual(expect.arrayContaining([`kind:${p.kind}`, ...p.topics.map((t) => `topic:${t}`)]));
  });

  it('answers POSTed form arguments as it answers GET', async () => {
    const response = await fetch(oai, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'verb=Identify' });
    const xml = await response.text();
    expect(await oaiSchemaProblems(xml)).toEqual([]);
    expect(all(xml, 'protocolVersion')).toEqual(['2.0']);
  });
});

describe('harvesting the catalogue', () => {
  it.each(['ListRecords', 'ListIdentifiers'] as const)('%s harvests every publication once, page by page with resumption tokens', async (verb) => {
    const { slugs: found, pages } = await harvestAll(verb, {});
    expect([...found].sort()).toEqual(catalogue.publications.map((p) => p.id).sort());
    expect(pages).toBe(Math.ceil(catalogue.publications.length / PAGE_SIZE));
  });

  it('gives the complete list size on every token and an empty token on the last page', async () => {
    const first = await harvest({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc' });
    expect(token(first)![0]).toContain(`completeListSize="${catalogue.publications.length}"`);
    let xml = first;
    while (token(xml)?.[1]) xml = await harvest({ verb: 'ListIdentifiers', resumptionToken: token(xml)![1]! });
    expect(token(xml)![1] ?? '').toBe('');
  });

  it('harvests a kind set and a topic set (with its narrower topics)', async () => {
    const kind = catalogue.publications[0]!.kind;
    expect((await harvestAll('ListIdentifiers', { set: `kind:${kind}` })).slugs.sort()).toEqual(catalogue.publications.filter((p) => p.kind === kind).map((p) => p.id).sort());
    const broader = new Map(catalogue.topics.map((t) => [t.id, t.broader ?? []]));
    const parent = catalogue.topics.find((t) => catalogue.topics.some((c) => (c.broader ?? []).includes(t.id)))!.id;
    const under = (id: string): boolean => id === parent || (broader.get(id) ?? []).some(under);
    const expected = catalogue.publications.filter((p) => p.topics.some(under)).map((p) => p.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect((await harvestAll('ListIdentifiers', { set: `topic:${parent}` })).slugs.sort()).toEqual(expected);
  });

  it('moves a record datestamp when an editor changes it, so a harvest from that moment collects only it', async () => {
    const p = catalogue.publications[3]!;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const from = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    expect(errorCodes(await harvest({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', from }))).toEqual(['noRecordsMatch']);
    const edit = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `ApiKey ${API_KEY}` },
      body: JSON.stringify({
        query: 'mutation($id: ID!, $input: UpdatePublicationInput!) { updatePublication(id: $id, input: $input) { userErrors { message } } }',
        variables: { id: toGlobalId('Publication', p.id), input: { pages: (p.pages ?? 10) + 1, reason: 'OAI-PMH test: a datestamp moves with an edit' } },
      }),
    });
    expect(await edit.json()).toEqual({ data: { updatePublication: { userErrors: [] } } });
    const after = await harvest({ verb: 'ListIdentifiers', metadataPrefix: 'oai_dc', from });
    expect(slugs(after)).toEqual([p.id]);
    expect(all(after, 'datestamp')[0]! >= from).toBe(true);
    const until = await harvestAll('ListIdentifiers', { until: new Date(Date.parse(from) - 1000).toISOString().replace('.000Z', 'Z') });
    expect(until.slugs).not.toContain(p.id);
    expect(until.slugs).toHaveLength(catalogue.publications.length - 1);
  });
});

describe('OAI-PMH errors', () => {
  it.each([
    ['no verb', '', 'badVerb'],
    ['an unknown verb', 'verb=Harvest', 'badVerb'],
    ['a repeated verb', 'verb=Identify&verb=Identify', 'badVerb'],
    ['an argument the verb does not take', 'verb=Identify&set=kind:guide', 'badArgument'],
    ['a missing metadataPrefix', 'verb=ListRecords', 'badArgument'],
    ['a malformed from', 'verb=ListRecords&metadataPrefix=oai_dc&from=yesterday', 'badArgument'],
    ['from and until of different granularity', 'verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2030-01-01T00:00:00Z', 'badArgument'],
    ['a resumption token with other arguments', 'verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=abc', 'badArgument'],
    ['a format it does not disseminate', 'verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
    ['an unknown identifier', 'verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:pubgraph:no-such-thing', 'idDoesNotExist'],
    ['an identifier of another repository', 'verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:arXiv.org:1234', 'idDoesNotExist'],
    ['a set with nothing in it', 'verb=ListIdentifiers&metadataPrefix=oai_dc&set=kind:no-such-kind', 'noRecordsMatch'],
    ['a from in the future', 'verb=ListIdentifiers&metadataPrefix=oai_dc&from=2999-01-01', 'noRecordsMatch'],
    ['a token it did not issue', 'verb=ListRecords&resumptionToken=not-a-token', 'badResumptionToken'],
    ['a token for another verb', `verb=ListRecords&resumptionToken=${encodeResumptionToken({ verb: 'ListIdentifiers', after: 'a', cursor: 7, expires: 4_000_000_000 })}`, 'badResumptionToken'],
    ['an expired token', `verb=ListRecords&resumptionToken=${encodeResumptionToken({ verb: 'ListRecords', after: 'a', cursor: 7, expires: 1 })}`, 'badResumptionToken'],
  ])('answers %s with %s, as valid OAI-PMH', async (_case, query, code) => {
    const xml = await harvest(query);
    expect(errorCodes(xml)).toEqual([code]);
    if (code === 'badVerb' || code === 'badArgument') expect(xml).toMatch(/<request>[^<]+<\/request>/);
  });

  it('keeps JSON errors for every other path', async () => {
    const response = await fetch(oai.replace(/\/oai$/, '/oai-nothing-here'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
  });
});
