import type { GraphConnection } from '../../src/graph/connect';
import type { SeedCatalogue } from '../../src/seed/schema';
import type { RunningServer } from '../../src/server/app';
import { realCatalogue } from '../support/graph';
import { closeService, type GraphQLResponse, openSeededService, postGraphQL } from '../support/http';

/**
 * Finding publications: filters, facets, sorting, full-text search and autocomplete, checked against an
 * independent reading of graph-seeds/ (the expected sets are computed here in plain TypeScript).
 */

let graph: GraphConnection;
let server: RunningServer;
let catalogue: SeedCatalogue;

beforeAll(async () => {
  ({ graph, server } = await openSeededService());
  catalogue = await realCatalogue();
});
afterAll(() => closeService({ graph, server }));

/** Ids of `id` and everything below it in a child -> parents hierarchy. */
function withDescendants(id: string, parentsOf: Map<string, string[]>): Set<string> {
  const result = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [child, parents] of parentsOf) {
      if (!result.has(child) && parents.some((p) => result.has(p))) {
        result.add(child);
        grew = true;
      }
    }
  }
  return result;
}

const topicParents = () => new Map(catalogue.topics.map((t) => [t.id, t.broader]));
const placeParents = () => new Map(catalogue.places.map((p) => [p.id, p.partOf]));
const expectedSlugs = (predicate: (p: SeedCatalogue['publications'][number]) => boolean) =>
  catalogue.publications.filter(predicate).map((p) => p.id).sort();

interface ListResult {
  publications: { totalCount: number; nodes: { slug: string; year: number | null }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

async function listAll(filter: unknown, sort = 'TITLE'): Promise<{ slugs: string[]; years: (number | null)[]; totalCount: number }> {
  const slugs: string[] = [];
  const years: (number | null)[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let guard = 0; guard < 50; guard++) {
    const res: GraphQLResponse<ListResult> = await postGraphQL<ListResult>(
      server,
      'query($filter: PublicationFilter, $sort: PublicationSort, $after: Cursor) { publications(filter: $filter, sort: $sort, first: 6, after: $after) { totalCount nodes { slug year } pageInfo { hasNextPage endCursor } } }',
      { filter, sort, after },
    );
    expect(res.errors).toBeUndefined();
    totalCount = res.data!.publications.totalCount;
    slugs.push(...res.data!.publications.nodes.map((n) => n.slug));
    years.push(...res.data!.publications.nodes.map((n) => n.year));
    if (!res.data!.publications.pageInfo.hasNextPage) break;
    after = res.data!.publications.pageInfo.endCursor;
  }
  return { slugs, years, totalCount };
}

describe('filtering publications', () => {
  it('finds the four Nigeria publications by country, including those about places within Nigeria', async () => {
    const nigeria = withDescendants('nigeria', placeParents());
    const expected = expectedSlugs((p) => p.places.some((pl) => nigeria.has(pl)));
    expect(expected).toHaveLength(4);
    const { slugs, totalCount } = await listAll({ places: ['nigeria'] });
    expect([...slugs].sort()).toEqual(expected);
    expect(totalCount).toBe(4);
  });

  it('includes the countries of a region', async () => {
    const region = catalogue.places.find((p) => p.id !== 'world' && catalogue.places.some((c) => c.type === 'country' && c.partOf.includes(p.id)))!;
    const inRegion = withDescendants(region.id, placeParents());
    const { slugs } = await listAll({ places: [region.id] });
    expect([...slugs].sort()).toEqual(expectedSlugs((p) => p.places.some((pl) => inRegion.has(pl))));
  });

  it('includes narrower topics: counter-trafficking also finds works tagged only with a narrower topic', async () => {
    const under = withDescendants('counter-trafficking', topicParents());
    expect(under.size).toBeGreaterThan(1);
    const expected = expectedSlugs((p) => p.topics.some((t) => under.has(t)));
    const directOnly = expectedSlugs((p) => p.topics.includes('counter-trafficking'));
    const { slugs } = await listAll({ topics: ['counter-trafficking'] });
    expect([...slugs].sort()).toEqual(expected);
    expect(expected.length).toBeGreaterThanOrEqual(directOnly.length);
  });

  it('combines fields with AND, lists with OR, and nests AND / OR / NOT', async () => {
    const ct = withDescendants('counter-trafficking', topicParents());
    const { slugs: and } = await listAll({ topics: ['counter-trafficking'], audiences: ['law-enforcement'] });
    expect([...and].sort()).toEqual(expectedSlugs((p) => p.topics.some((t) => ct.has(t)) && p.audiences.includes('law-enforcement')));

    const { slugs: or } = await listAll({ OR: [{ kinds: ['E_COURSE'] }, { kinds: ['HANDBOOK'] }] });
    expect([...or].sort()).toEqual(expectedSlugs((p) => p.kind === 'e-course' || p.kind === 'handbook'));

    const { slugs: not, totalCount } = await listAll({ NOT: { topics: ['counter-trafficking'] } });
    expect([...not].sort()).toEqual(expectedSlugs((p) => !p.topics.some((t) => ct.has(t))));
    expect(totalCount).toBe(expectedSlugs((p) => !p.topics.some((t) => ct.has(t))).length);
  });

  it('filters by language, year range, organisation, programme and completeness', async () => {
    expect([...(await listAll({ languages: ['es'] })).slugs].sort()).toEqual(expectedSlugs((p) => p.languages.some((l) => l.code === 'es')));
    expect([...(await listAll({ yearFrom: 2019, yearTo: 2020 })).slugs].sort()).toEqual(expectedSlugs((p) => p.year !== undefined && p.year >= 2019 && p.year <= 2020));
    expect((await listAll({ incomplete: true })).totalCount).toBe(catalogue.publications.filter((p) => p.incomplete).length);
    const programme = 'nigeria-gbv-tip-response-mechanisms-project';
    const underProgramme = expectedSlugs((p) => p.programmes.includes(programme));
    expect(underProgramme.length).toBeGreaterThan(0);
    expect([...(await listAll({ programmes: [programme] })).slugs].sort()).toEqual(underProgramme);
    const unicef = catalogue.organisations.find((o) => o.acronym === 'UNICEF')!;
    const { slugs } = await listAll({ organisations: [unicef.id] });
    expect(slugs.length).toBeGreaterThan(0);
    expect([...slugs].sort()).toEqual(expectedSlugs((p) => [...p.publishers, ...p.partners, ...p.funders].includes(unicef.id)));
  });

  it('sorts newest first without skipping or repeating across pages, unknown years last', async () => {
    const { slugs, years } = await listAll(null, 'YEAR_DESC');
    expect(new Set(slugs).size).toBe(catalogue.publications.length);
    const known = years.filter((y): y is number => y !== null);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(years.slice(known.length).every((y) => y === null)).toBe(true);
  });

  it('breaks ties in year by title order, so equal years page without skipping or repeating', async () => {
    const { slugs, years } = await listAll(null, 'YEAR_DESC');
    const titleOrder = new Map((await listAll(null, 'TITLE')).slugs.map((slug, i) => [slug, i]));
    const byYear = new Map<number | null, string[]>();
    slugs.forEach((slug, i) => byYear.set(years[i]!, [...(byYear.get(years[i]!) ?? []), slug]));
    // The seed files give several works the same year (and many none): the tie-break is really exercised.
    const tied = [...byYear.values()].filter((group) => group.length > 1);
    expect(tied.length).toBeGreaterThan(1);
    for (const group of tied) expect(group).toEqual([...group].sort((a, b) => titleOrder.get(a)! - titleOrder.get(b)!));
  });

  it('refuses malformed filters with BAD_USER_INPUT naming where', async () => {
    const wrongType = await postGraphQL(server, '{ publications(filter: { topics: ["UGxhY2U6bmlnZXJpYQ"] }) { totalCount } }');
    expect(wrongType.errors![0]).toMatchObject({ message: expect.stringMatching(/filter\.topics\[0\].*is a Place id, expected a Topic/), extensions: { code: 'BAD_USER_INPUT' } });
    const years = await postGraphQL(server, '{ publications(filter: { yearFrom: 2020, yearTo: 2010 }) { totalCount } }');
    expect(years.errors![0]!.message).toMatch(/yearFrom is after yearTo/);
    const injection = await postGraphQL(server, `{ publications(filter: { topics: ["x' OR 1=1 //"] }) { totalCount } }`);
    expect(injection.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const cursor = await postGraphQL(server, '{ a: publications(sort: YEAR_DESC, first: 1) { pageInfo { endCursor } } }');
    const endCursor = (cursor.data as { a: { pageInfo: { endCursor: string } } }).a.pageInfo.endCursor;
    const mismatched = await postGraphQL(server, `{ publications(sort: TITLE, after: "${endCursor}") { totalCount } }`);
    expect(mismatched.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('facets', () => {
  interface Facets {
    total: number;
    topics: { buckets: { value: string; count: number; node: { __typename: string } | null }[]; missing: number };
    kinds: { buckets: { value: string; count: number }[]; missing: number };
    years: { buckets: { value: string; count: number }[]; missing: number };
    languages: { buckets: { value: string; count: number }[]; missing: number };
    places: { buckets: { value: string; count: number }[]; missing: number };
  }
  const FACETS = 'facets(limit: 100) { total topics { buckets { value count node { __typename } } missing } kinds { buckets { value count } missing } years { buckets { value count } missing } languages { buckets { value count } missing } places { buckets { value count } missing } }';

  /** Buckets as the service orders them (count desc, then for hierarchies broader first, then value), computed from the seed files. */
  const expectedBuckets = (
    publications: SeedCatalogue['publications'],
    valuesOf: (p: SeedCatalogue['publications'][number]) => (string | number)[],
    pathsUpwards: (value: string) => number = () => 0,
  ) => {
    const counts = new Map<string, number>();
    for (const p of publications) for (const v of new Set(valuesOf(p).map(String))) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || pathsUpwards(a.value) - pathsUpwards(b.value) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  };
  const values = (group: { buckets: { value: string; count: number }[] }) => group.buckets.map(({ value, count }) => ({ value, count }));

  it('counts the filtered set as graph-seeds/ does, and single-valued facets sum with their missing count to the total', async () => {
    const res = await postGraphQL<{ publications: { totalCount: number; facets: Facets } }>(
      server,
      `{ publications(filter: { topics: ["counter-trafficking"] }, first: 1) { totalCount ${FACETS} } }`,
    );
    const { totalCount, facets } = res.data!.publications;
    const under = withDescendants('counter-trafficking', topicParents());
    const set = catalogue.publications.filter((p) => p.topics.some((t) => under.has(t)));
    expect(set.length).toBeGreaterThan(10);
    expect(totalCount).toBe(set.length);
    expect(facets.total).toBe(set.length);
    expect(values(facets.kinds)).toEqual(expectedBuckets(set, (p) => [p.kind.toUpperCase().replace(/-/g, '_')]));
    expect(facets.kinds.missing).toBe(0);
    expect(facets.years.missing).toBe(set.filter((p) => p.year === undefined).length);
    const sum = (g: { buckets: { count: number }[]; missing: number }) => g.buckets.reduce((s, b) => s + b.count, 0) + g.missing;
    expect(sum(facets.kinds)).toBe(set.length);
    expect(sum(facets.years)).toBe(set.length);
    expect(facets.topics.buckets[0]!.node).toEqual({ __typename: 'Topic' });
  });

  it('matches the buckets computed from graph-seeds/, ties in count ordered by value, including publications missing a field', async () => {
    const res = await postGraphQL<{ publications: { facets: Facets } }>(server, `{ publications(first: 0) { ${FACETS} } }`);
    const { facets } = res.data!.publications;
    const all = catalogue.publications;
    const count = (pred: (p: SeedCatalogue['publications'][number]) => boolean) => all.filter(pred).length;
    // Every bucket, in order: the lists are compared whole, so an empty facet cannot pass. Topics and places count
    // as their filters widen: a publication counts in the bucket of each node it is tagged with and every node above.
    const upwards = (id: string, parentsOf: Map<string, string[]>): string[] => [id, ...(parentsOf.get(id) ?? []).flatMap((parent) => upwards(parent, parentsOf))];
    const topicsUp = (t: string) => upwards(t, topicParents());
    const placesUp = (pl: string) => upwards(pl, placeParents());
    expect(values(facets.topics)).toEqual(expectedBuckets(all, (p) => p.topics.flatMap(topicsUp), (t) => topicsUp(t).length));
    expect(values(facets.languages)).toEqual(expectedBuckets(all, (p) => p.languages.map((l) => l.code)));
    expect(values(facets.places)).toEqual(expectedBuckets(all, (p) => p.places.flatMap(placesUp), (pl) => placesUp(pl).length));
    expect(facets.topics.buckets.length).toBeGreaterThan(10);
    // Years are ordered newest first, not by count.
    expect(values(facets.years)).toEqual(
      [...new Set(all.flatMap((p) => (p.year === undefined ? [] : [p.year])))].sort((a, b) => b - a).map((y) => ({ value: String(y), count: count((p) => p.year === y) })),
    );
    expect(facets.languages.missing).toBe(count((p) => p.languages.length === 0));
    expect(facets.years.missing).toBe(count((p) => p.year === undefined));
    expect(facets.topics.missing).toBe(count((p) => p.topics.length === 0));
  });
});

describe('full-text search', () => {
  interface SearchResult {
    search: {
      totalCount: number;
      edges: { score: number; node: { slug: string; languages: { code: string }[] }; snippet: { field: string; text: string; html: string; highlights: { start: number; length: number }[] }; matchedTopics: { slug: string }[] }[];
    };
  }
  const SEARCH = 'query($q: String!, $filter: PublicationFilter) { search(query: $q, filter: $filter, first: 50) { totalCount edges { score node { slug languages { code } } snippet { field text html highlights { start length } } matchedTopics { slug } } } }';

  it('finds English counter-trafficking material for the Spanish word "trata", explaining the match by topic', async () => {
    const res = await postGraphQL<SearchResult>(server, SEARCH, { q: 'trata' });
    const edges = res.data!.search.edges;
    const english = edges.filter((e) => e.node.languages.every((l) => l.code === 'en') && e.node.languages.length > 0);
    expect(english.length).toBeGreaterThan(3);
    for (const e of english) expect(e.matchedTopics.length).toBeGreaterThan(0);
    expect(edges.map((e) => e.node.slug)).toContain('iom-handbook-direct-assistance-victims-of-trafficking');
  });

  it('finds the Spanish psychosocial guide for "psychosocial" and English MHPSS material for "psicosocial"', async () => {
    const en = await postGraphQL<SearchResult>(server, SEARCH, { q: 'psychosocial' });
    expect(en.data!.search.edges.map((e) => e.node.slug)).toContain('guia-atencion-psicosocial-personas-migrantes-mesoamerica');
    const es = await postGraphQL<SearchResult>(server, SEARCH, { q: 'psicosocial' });
    expect(es.data!.search.edges.map((e) => e.node.slug)).toContain('manual-community-based-mhpss-emergencies-displacement');
  });

  it('searches in French and highlights the matched words in the snippet', async () => {
    const res = await postGraphQL<SearchResult>(server, SEARCH, { q: 'traite des personnes' });
    const top = res.data!.search.edges[0]!;
    expect(top.node.languages.map((l) => l.code)).toContain('fr');
    expect(top.snippet.highlights.length).toBeGreaterThan(0);
    for (const h of top.snippet.highlights) expect(['traite', 'des', 'personnes']).toContain(top.snippet.text.slice(h.start, h.start + h.length).toLowerCase());
    expect(top.snippet.html).toContain('<mark>');
  });

  it('orders by score, combines with a filter, and counts all matches', async () => {
    const all = await postGraphQL<SearchResult>(server, SEARCH, { q: 'trafficking' });
    const scores = all.data!.search.edges.map((e) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(all.data!.search.totalCount).toBe(all.data!.search.edges.length);
    const nigeria = await postGraphQL<SearchResult>(server, SEARCH, { q: 'trafficking', filter: { places: ['nigeria'] } });
    expect(nigeria.data!.search.edges.length).toBeGreaterThan(0);
    expect(nigeria.data!.search.edges.length).toBeLessThan(all.data!.search.edges.length);
    expect(nigeria.data!.search.edges.every((e) => expectedSlugs((p) => p.places.some((pl) => withDescendants('nigeria', placeParents()).has(pl))).includes(e.node.slug))).toBe(true);
  });

  it('ignores case and accents, as the search SDL says', async () => {
    const slugs = async (q: string) => (await postGraphQL<SearchResult>(server, SEARCH, { q })).data!.search.edges.map((e) => e.node.slug);
    const GUIDE = 'guia-atencion-psicosocial-personas-migrantes-mesoamerica'; // "Guía para la Atención Psicosocial ..."
    expect(await slugs('atención')).toContain(GUIDE);
    expect(await slugs('ATENCIÓN')).toEqual(await slugs('atención'));
    expect(await slugs('atencion')).toContain(GUIDE);
    expect([...(await slugs('atencion'))].sort()).toEqual([...(await slugs('atención'))].sort());
  });

  it('treats Lucene and Cypher syntax in the query as plain words', async () => {
    const res = await postGraphQL<SearchResult>(server, SEARCH, { q: 'title:* OR "}) MATCH (n) DETACH DELETE n //' });
    expect(res.errors).toBeUndefined();
    const empty = await postGraphQL(server, '{ search(query: "!!! ???") { totalCount } }');
    expect(empty.errors![0]).toMatchObject({ message: expect.stringMatching(/no words/), extensions: { code: 'BAD_USER_INPUT' } });
    const count = await graph.executor.read({ name: 'test', cypher: 'MATCH (p:Publication) RETURN count(p) AS n' } as never);
    expect((count[0] as { n: number }).n).toBe(catalogue.publications.length);
  });
});

describe('autocomplete', () => {
  type Suggestions = { autocomplete: { type: string; label: string; node: { __typename: string; slug?: string } }[] };
  const Q = 'query($p: String!, $types: [SuggestionType!], $lang: VocabularyLanguage) { autocomplete(prefix: $p, types: $types, language: $lang, first: 8) { type label node { __typename ... on Topic { slug } ... on Place { slug } ... on Publication { slug } } } }';

  it('completes a topic from its first letters, labels beginning with them first', async () => {
    const res = await postGraphQL<Suggestions>(server, Q, { p: 'counter-traf', types: ['TOPIC'] });
    expect(res.data!.autocomplete[0]).toMatchObject({ type: 'TOPIC', label: 'Counter-trafficking', node: { __typename: 'Topic', slug: 'counter-trafficking' } });
  });

  it('finds a topic by a Spanish synonym and shows it in the language asked for', async () => {
    const res = await postGraphQL<Suggestions>(server, Q, { p: 'trata de pers', types: ['TOPIC'], lang: 'ES' });
    expect(res.data!.autocomplete.map((s) => s.node.slug)).toContain('counter-trafficking');
    expect(res.data!.autocomplete.find((s) => s.node.slug === 'counter-trafficking')!.label).toBe('Lucha contra la trata');
  });

  it('completes places and titles', async () => {
    const places = await postGraphQL<Suggestions>(server, Q, { p: 'nige', types: ['PLACE'] });
    expect(places.data!.autocomplete.map((s) => s.label)).toEqual(expect.arrayContaining(['Nigeria', 'Niger']));
    const titles = await postGraphQL<Suggestions>(server, Q, { p: 'reintegration hand', types: ['TITLE'] });
    expect(titles.data!.autocomplete[0]).toMatchObject({ type: 'TITLE', node: { __typename: 'Publication', slug: 'iom-reintegration-handbook' } });
  });
});
