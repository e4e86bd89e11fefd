import type { GraphConnection } from '../../src/graph/connect';
import { toGlobalId } from '../../src/node/global-id';
import type { SeedCatalogue } from '../../src/seed/schema';
import type { RunningServer } from '../../src/server/app';
import { loadSeeds } from '../../src/seed/load-seeds';
import { realCatalogue, seedRealCatalogue, wipeGraph } from '../support/graph';
import { catalogueWithRelations } from '../support/seed-fixtures';
import { closeService, type GraphQLResponse, openSeededService, postGraphQL, roundTrips } from '../support/http';

/**
 * Exploring the real catalogue: neighbourhoods, paths between things, entity pages, JSON-LD and reading paths,
 * over HTTP on the seeded graph-seeds/. Expected counts are computed here from the seed files, independently
 * of the service.
 */

let graph: GraphConnection;
let server: RunningServer;
let catalogue: SeedCatalogue;

beforeAll(async () => {
  ({ graph, server } = await openSeededService());
  catalogue = await realCatalogue();
});
afterAll(() => closeService({ graph, server }));

type Publications = SeedCatalogue['publications'];

/** `id` and everything below it in a child -> parents hierarchy. */
function withDescendants(id: string, parentsOf: Map<string, string[]>): Set<string> {
  const result = new Set([id]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parents] of parentsOf) {
      if (!result.has(child) && parents.some((p) => result.has(p))) grew = Boolean(result.add(child));
    }
  }
  return result;
}
const topicParents = () => new Map(catalogue.topics.map((t) => [t.id, t.broader]));
const placeParents = () => new Map(catalogue.places.map((p) => [p.id, p.partOf]));
const organisationParents = () => new Map(catalogue.organisations.map((o) => [o.id, o.partOf ?? []]));
const publicationsWhere = (predicate: (p: Publications[number]) => boolean) => catalogue.publications.filter(predicate);
const aboutTopic = (topic: string) => {
  const under = withDescendants(topic, topicParents());
  return publicationsWhere((p) => p.topics.some((t) => under.has(t)));
};

interface GraphNodeResult {
  id: string;
  type: string;
  label: string;
  weight: number;
  distance: number;
}
interface NeighbourhoodResult {
  neighbourhood: { truncated: boolean; center: GraphNodeResult; nodes: GraphNodeResult[]; edges: { source: string; target: string; type: string; weight: number }[] };
}
const NEIGHBOURHOOD = `query($id: ID!, $depth: Int, $types: [GraphNodeType!], $limit: Int) {
  neighbourhood(id: $id, depth: $depth, types: $types, limitPerType: $limit) {
    truncated center { id type label weight distance }
    nodes { id type label weight distance }
    edges { source target type weight }
  }
}`;
async function neighbourhood(id: string, depth: number, limit = 10, types?: string[]) {
  const res = await postGraphQL<NeighbourhoodResult>(server, NEIGHBOURHOOD, { id, depth, limit, types });
  expect(res.errors).toBeUndefined();
  return { res, n: res.data!.neighbourhood };
}
const expectBadInput = (res: GraphQLResponse<unknown>, text: RegExp) => {
  expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(res.errors?.[0]?.message).toMatch(text);
};

const counterTrafficking = () => toGlobalId('Topic', 'counter-trafficking');

describe('neighbourhood', () => {
  it('around counter-trafficking holds the law-enforcement audience and Nigeria among its places', async () => {
    const { n } = await neighbourhood(counterTrafficking(), 2);
    const find = (type: string, label: string) => n.nodes.find((x) => x.type === type && x.label === label);
    expect(find('AUDIENCE', 'Law enforcement')).toMatchObject({ id: toGlobalId('Audience', 'law-enforcement'), distance: 2 });
    expect(find('PLACE', 'Nigeria')).toMatchObject({ id: toGlobalId('Place', 'nigeria'), distance: 2 });
    // Law enforcement's weight is its co-occurrence count: publications directly about the topic and for it.
    const direct = publicationsWhere((p) => p.topics.includes('counter-trafficking') && p.audiences.includes('law-enforcement'));
    expect(find('AUDIENCE', 'Law enforcement')!.weight).toBe(direct.length);
    const coOccurs = n.edges.find((e) => e.type === 'CO_OCCURS' && e.target === toGlobalId('Audience', 'law-enforcement'));
    expect(coOccurs).toMatchObject({ source: counterTrafficking(), weight: direct.length });
    expect(n.center).toMatchObject({ id: counterTrafficking(), type: 'TOPIC', label: 'Counter-trafficking', distance: 0 });
  });

  it('is a flat, de-duplicated graph whose edges join returned nodes only', async () => {
    for (const depth of [1, 2]) {
      const { n } = await neighbourhood(counterTrafficking(), depth);
      const ids = n.nodes.map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids[0]).toBe(counterTrafficking());
      for (const e of n.edges) {
        expect(ids).toContain(e.source);
        expect(ids).toContain(e.target);
      }
      const edgeKeys = n.edges.map((e) => `${e.source} ${e.type} ${e.target}`);
      expect(new Set(edgeKeys).size).toBe(edgeKeys.length);
    }
  });

  it('grows with depth, keeps at most limitPerType per type and says when the limit cut something', async () => {
    const one = (await neighbourhood(counterTrafficking(), 1, 10)).n;
    const two = (await neighbourhood(counterTrafficking(), 2, 10)).n;
    expect(two.nodes.length).toBeGreaterThan(one.nodes.length);
    expect(two.edges.length).toBeGreaterThan(one.edges.length);
    // 24 publications are directly about counter-trafficking: 10 per type cuts them, 50 does not.
    const direct = publicationsWhere((p) => p.topics.includes('counter-trafficking'));
    expect(direct.length).toBeGreaterThan(10);
    expect(one.nodes.filter((x) => x.type === 'PUBLICATION')).toHaveLength(10);
    expect(one.truncated).toBe(true);
    const wide = (await neighbourhood(counterTrafficking(), 1, 50)).n;
    expect(wide.truncated).toBe(false);
    expect(wide.nodes.filter((x) => x.type === 'PUBLICATION').map((x) => x.id).sort()).toEqual(direct.map((p) => toGlobalId('Publication', p.id)).sort());
    for (const list of [one, two]) {
      const perType = new Map<string, number>();
      for (const x of list.nodes.slice(1)) perType.set(x.type, (perType.get(x.type) ?? 0) + 1);
      expect(Math.max(...perType.values())).toBeLessThanOrEqual(10);
    }
  });

  it('of a publication at depth 1 is exactly its tags and explicit relations', async () => {
    const slug = 'strengthening-law-enforcement-response-gbv-tip-borno-adamawa';
    const seed = catalogue.publications.find((p) => p.id === slug)!;
    const { n } = await neighbourhood(toGlobalId('Publication', slug), 1, 50);
    const expected = [
      ...seed.topics.map((t) => toGlobalId('Topic', t)),
      ...seed.audiences.map((a) => toGlobalId('Audience', a)),
      ...seed.places.map((p) => toGlobalId('Place', p)),
      ...[...seed.publishers, ...seed.partners, ...seed.funders].map((o) => toGlobalId('Organisation', o)),
      ...seed.programmes.map((p) => toGlobalId('Programme', p)),
      ...seed.relations.map((r) => toGlobalId('Publication', r.target)),
      ...publicationsWhere((p) => p.relations.some((r) => r.target === slug)).map((p) => toGlobalId('Publication', p.id)),
    ];
    expect(n.nodes.slice(1).map((x) => x.id).sort()).toEqual([...new Set(expected)].sort());
    expect(n.truncated).toBe(false);
    expect(n.edges.find((e) => e.type === 'INFORMED_BY')).toMatchObject({ source: toGlobalId('Publication', slug) });
  });

  it('keeps only the requested types of neighbours', async () => {
    const { n } = await neighbourhood(counterTrafficking(), 2, 10, ['AUDIENCE', 'PLACE']);
    expect(new Set(n.nodes.slice(1).map((x) => x.type))).toEqual(new Set(['AUDIENCE', 'PLACE']));
  });

  it('costs two Cypher round-trips whatever the depth and limit', async () => {
    for (const [depth, limit] of [[1, 1], [1, 50], [2, 10], [2, 50]] as const) {
      const { res } = await neighbourhood(counterTrafficking(), depth, limit);
      expect(roundTrips(res)).toBe(2);
    }
    const { res } = await neighbourhood(toGlobalId('Organisation', 'iom'), 2, 50);
    expect(roundTrips(res)).toBe(2);
  });

  it('refuses a depth outside 1..2, a bad limit and ids that are not nodes', async () => {
    expectBadInput(await postGraphQL(server, NEIGHBOURHOOD, { id: counterTrafficking(), depth: 3 }), /"depth" must be 1 or 2/);
    expectBadInput(await postGraphQL(server, NEIGHBOURHOOD, { id: counterTrafficking(), depth: 0 }), /"depth" must be 1 or 2/);
    expectBadInput(await postGraphQL(server, NEIGHBOURHOOD, { id: counterTrafficking(), limit: 51 }), /limitPerType/);
    expectBadInput(await postGraphQL(server, NEIGHBOURHOOD, { id: 'counter-trafficking' }), /not a node id/);
    expectBadInput(await postGraphQL(server, NEIGHBOURHOOD, { id: toGlobalId('Topic', 'no-such-topic') }), /no Topic has the id/);
  });
});

interface PathResult {
  path: {
    length: number;
    specificity: number;
    explanation: string;
    nodes: { id: string | null; type: string; label: string }[];
    steps: { relation: string; direction: string; sentence: string; from: { id: string | null }; to: { id: string | null } }[];
  }[];
}
const PATH = `query($from: ID!, $to: ID!, $max: Int, $first: Int, $avoidHubs: Boolean) {
  path(from: $from, to: $to, maxLength: $max, first: $first, avoidHubs: $avoidHubs) {
    length specificity explanation
    nodes { id type label }
    steps { relation direction sentence from { id } to { id } }
  }
}`;

describe('path', () => {
  it('joins two unrelated-looking publications in a short, explained path', async () => {
    const from = toGlobalId('Publication', 'ending-child-labour-forced-labour-trafficking-supply-chains');
    const to = toGlobalId('Publication', 'strengthening-law-enforcement-response-gbv-tip-borno-adamawa');
    const res = await postGraphQL<PathResult>(server, PATH, { from, to });
    expect(res.errors).toBeUndefined();
    const [best] = res.data!.path;
    expect(best).toBeDefined();
    expect(best!.length).toBeLessThanOrEqual(3);
    expect(best!.nodes[0]!.id).toBe(from);
    expect(best!.nodes.at(-1)!.id).toBe(to);
    expect(best!.steps).toHaveLength(best!.length);
    best!.steps.forEach((s, i) => {
      expect(s.from.id).toBe(best!.nodes[i]!.id);
      expect(s.to.id).toBe(best!.nodes[i + 1]!.id);
    });
    expect(best!.explanation).toBe(
      'Ending child labour, forced labour and human trafficking in global supply chains is about Counter-trafficking, which Strengthening Law Enforcement Response to Gender-Based Violence and Trafficking in Persons in Borno and Adamawa (Nigeria) is also about.',
    );
    expect(roundTrips(res)).toBe(1);
  });

  it('ranks the most specific of equally short paths first and avoids hubs unless asked', async () => {
    const from = toGlobalId('Publication', 'doing-business-practical-guide-migrant-entrepreneurs');
    const to = toGlobalId('Publication', 'manual-community-based-mhpss-emergencies-displacement');
    const res = await postGraphQL<PathResult>(server, PATH, { from, to, first: 10 });
    expect(res.errors).toBeUndefined();
    const paths = res.data!.path;
    expect(paths.length).toBeGreaterThan(0);
    for (let i = 1; i < paths.length; i++) expect(paths[i - 1]!.specificity).toBeGreaterThanOrEqual(paths[i]!.specificity);
    const inner = paths.flatMap((p) => p.nodes.slice(1, -1).map((n) => n.id));
    expect(inner).not.toContain(toGlobalId('Organisation', 'iom'));
    expect(inner).not.toContain(toGlobalId('Place', 'world'));
    for (const p of paths) expect(p.explanation.length).toBeGreaterThan(20);
    // Asked to, it goes through the hubs: both works are IOM publications, so IOM joins them in two steps.
    const withHubs = await postGraphQL<PathResult>(server, PATH, { from, to, first: 10, avoidHubs: false });
    expect(withHubs.errors).toBeUndefined();
    const viaHubs = withHubs.data!.path.flatMap((p) => p.nodes.slice(1, -1).map((n) => n.id));
    expect(viaHubs).toContain(toGlobalId('Organisation', 'iom'));
    expect(withHubs.data!.path[0]!.length).toBeLessThanOrEqual(paths[0]!.length);
  });

  it('refuses a path to itself, unknown or malformed ids and a maxLength outside 1..6', async () => {
    const a = toGlobalId('Publication', 'iom-reintegration-handbook');
    expectBadInput(await postGraphQL(server, PATH, { from: a, to: a }), /the same object/);
    expectBadInput(await postGraphQL(server, PATH, { from: a, to: toGlobalId('Place', 'atlantis') }), /"to": no Place has the id/);
    expectBadInput(await postGraphQL(server, PATH, { from: 'nonsense!', to: a }), /"from" is not a node id/);
    expectBadInput(await postGraphQL(server, PATH, { from: a, to: counterTrafficking(), max: 0 }), /"maxLength" must be between 1 and 6/);
    expectBadInput(await postGraphQL(server, PATH, { from: a, to: counterTrafficking(), max: 7 }), /"maxLength" must be between 1 and 6/);
  });

  it('is empty when nothing connects the two within maxLength', async () => {
    const res = await postGraphQL<PathResult>(server, PATH, {
      from: toGlobalId('Publication', 'doing-business-practical-guide-migrant-entrepreneurs'),
      to: toGlobalId('Publication', 'manual-community-based-mhpss-emergencies-displacement'),
      max: 1,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.path).toEqual([]);
  });
});

interface CountedList {
  totalCount: number;
  nodes: { slug: string }[];
  facets: { total: number; audiences: { buckets: { value: string; count: number }[] } };
}

describe('entity pages', () => {
  type Page = Record<'topic' | 'place' | 'audience' | 'programme' | 'organisation', { publications: CountedList }>;
  /** One entity page per request (the server's query-cost limit would refuse all five at once). */
  const page = (field: keyof Page) =>
    `query($slug: String) { ${field}(slug: $slug) { publications(first: 60) { totalCount nodes { slug } facets { total audiences { buckets { value count } } } } } }`;

  it("list each entity's publications, hierarchies included, as counted from graph-seeds/", async () => {
    const slugs = { topic: 'counter-trafficking', place: 'west-africa', audience: 'law-enforcement', programme: 'nigeria-gbv-tip-response-mechanisms-project', organisation: 'iom' };
    const data = {} as Page;
    for (const key of Object.keys(slugs) as (keyof Page)[]) {
      const res = await postGraphQL<Page>(server, page(key), { slug: slugs[key] });
      expect(res.errors).toBeUndefined();
      data[key] = res.data![key];
    }
    const inPlace = withDescendants(slugs.place, placeParents());
    const ofOrganisation = withDescendants(slugs.organisation, organisationParents());
    const expected: Record<keyof Page, Publications> = {
      topic: aboutTopic(slugs.topic),
      place: publicationsWhere((p) => p.places.some((pl) => inPlace.has(pl))),
      audience: publicationsWhere((p) => p.audiences.includes(slugs.audience)),
      programme: publicationsWhere((p) => p.programmes.includes(slugs.programme)),
      organisation: publicationsWhere((p) => [...p.publishers, ...p.partners, ...p.funders].some((o) => ofOrganisation.has(o))),
    };
    for (const key of Object.keys(expected) as (keyof Page)[]) {
      const list = data[key].publications;
      expect({ key, slugs: list.nodes.map((n) => n.slug).sort() }).toEqual({ key, slugs: expected[key].map((p) => p.id).sort() });
      expect(list.totalCount).toBe(expected[key].length);
      expect(list.facets.total).toBe(expected[key].length);
      expect(expected[key].length).toBeGreaterThan(0);
    }
    const le = data.topic.publications.facets.audiences.buckets.find((b) => b.value === 'law-enforcement');
    expect(le?.count).toBe(aboutTopic('counter-trafficking').filter((p) => p.audiences.includes('law-enforcement')).length);
  });

  it("AND the entity's constraint with the caller's filter", async () => {
    const res = await postGraphQL<{ topic: { publications: CountedList } }>(
      server,
      '{ topic(slug: "counter-trafficking") { publications(filter: { audiences: ["law-enforcement"], kinds: [TRAINING_GUIDE] }) { totalCount nodes { slug } facets { total audiences { buckets { value count } } } } } }',
    );
    expect(res.errors).toBeUndefined();
    const expected = aboutTopic('counter-trafficking').filter((p) => p.audiences.includes('law-enforcement') && p.kind === 'training-guide');
    expect(res.data!.topic.publications.nodes.map((n) => n.slug).sort()).toEqual(expected.map((p) => p.id).sort());
  });

  it('finds a place by ISO code, with what it contains and what it lies within', async () => {
    const res = await postGraphQL<{ place: { slug: string; contains: { slug: string }[]; ancestors: { slug: string }[]; within: { slug: string }[] } }>(
      server,
      '{ place(iso2: "ng") { slug within { slug } contains { slug } ancestors { slug } } }',
    );
    expect(res.errors).toBeUndefined();
    const nigeria = res.data!.place;
    expect(nigeria.slug).toBe('nigeria');
    expect(nigeria.contains.map((p) => p.slug).sort()).toEqual(catalogue.places.filter((p) => p.partOf.includes('nigeria')).map((p) => p.id).sort());
    expect(nigeria.ancestors.at(-1)!.slug).toBe('world');
    expect(nigeria.ancestors[0]!.slug).toBe(nigeria.within[0]!.slug);
    const above = new Set<string>();
    for (let frontier = ['nigeria']; frontier.length > 0; ) {
      frontier = frontier.flatMap((id) => catalogue.places.find((p) => p.id === id)!.partOf).filter((id) => !above.has(id) && above.add(id));
    }
    expect(new Set(nigeria.ancestors.map((p) => p.slug))).toEqual(above);
  });

  it('shows the co-occurring topics, audiences, places and programmes of a topic with their counts', async () => {
    const res = await postGraphQL<{
      topic: {
        relatedTopics: { topic: { slug: string }; sharedPublications: number; jaccard: number }[];
        audiences: { audience: { slug: string }; count: number }[];
        places: { place: { slug: string }; count: number }[];
        programmes: { programme: { slug: string }; count: number }[];
      };
    }>(
      server,
      '{ topic(slug: "counter-trafficking") { relatedTopics(first: 50) { topic { slug } sharedPublications jaccard } audiences(first: 50) { audience { slug } count } places(first: 50) { place { slug } count } programmes(first: 50) { programme { slug } count } } }',
    );
    expect(res.errors).toBeUndefined();
    const t = res.data!.topic;
    const mine = aboutTopic('counter-trafficking');
    const count = (pick: (p: Publications[number]) => string[], id: string) => mine.filter((p) => pick(p).includes(id)).length;
    expect(t.audiences.find((a) => a.audience.slug === 'law-enforcement')?.count).toBe(count((p) => p.audiences, 'law-enforcement'));
    expect(t.places.find((p) => p.place.slug === 'nigeria')?.count).toBe(count((p) => p.places, 'nigeria'));
    // Whole lists against graph-seeds/, so an empty answer cannot pass.
    const expectedCounts = (pick: (p: Publications[number]) => string[]) =>
      [...new Set(mine.flatMap(pick))].map((id) => ({ slug: id, count: count(pick, id) })).sort((a, b) => a.slug.localeCompare(b.slug));
    const bySlug = (list: { slug: string; count: number }[]) => [...list].sort((a, b) => a.slug.localeCompare(b.slug));
    expect(bySlug(t.audiences.map((a) => ({ slug: a.audience.slug, count: a.count })))).toEqual(expectedCounts((p) => p.audiences));
    expect(bySlug(t.programmes.map((p) => ({ slug: p.programme.slug, count: p.count })))).toEqual(expectedCounts((p) => p.programmes));
    expect(t.programmes.length).toBeGreaterThan(0);
    for (const list of [t.audiences, t.programmes]) for (let i = 1; i < list.length; i++) expect(list[i - 1]!.count).toBeGreaterThanOrEqual(list[i]!.count);
    const gbv = t.relatedTopics.find((r) => r.topic.slug === 'gender-based-violence')!;
    const theirs = aboutTopic('gender-based-violence');
    const shared = mine.filter((p) => theirs.includes(p)).length;
    expect(gbv.sharedPublications).toBe(shared);
    expect(gbv.jaccard).toBeCloseTo(shared / (mine.length + theirs.length - shared), 3);
    // Broader and narrower topics contain or are contained in the topic: not "related".
    const slugs = t.relatedTopics.map((r) => r.topic.slug);
    expect(slugs).not.toContain('protection');
    expect(slugs).not.toContain('victim-assistance');
    expect(slugs).not.toContain('counter-trafficking');
    for (let i = 1; i < t.relatedTopics.length; i++) expect(t.relatedTopics[i - 1]!.jaccard).toBeGreaterThanOrEqual(t.relatedTopics[i]!.jaccard);
  });

  it('asks for exactly one lookup argument and returns null for an unknown slug', async () => {
    const both = await postGraphQL(server, '{ place(slug: "nigeria", iso2: "NG") { name } }');
    expectBadInput(both, /exactly one of id, slug, iso2/);
    const none = await postGraphQL<{ topic: null }>(server, '{ topic(slug: "no-such-topic") { label } }');
    expect(none.errors).toBeUndefined();
    expect(none.data!.topic).toBeNull();
  });

  it('loads the surroundings of many topics in one round-trip (no N+1)', async () => {
    const res = await postGraphQL<{ publications: { nodes: { topics: { audiences: { count: number }[] }[] }[] } }>(
      server,
      '{ publications(first: 30) { nodes { topics { relatedTopics(first: 3) { jaccard } audiences(first: 3) { count } places { count } } } } }',
    );
    expect(res.errors).toBeUndefined();
    // the list (with the topics of its page folded in) + one batched surroundings query
    expect(roundTrips(res)).toBe(2);
  });
});

describe('publication JSON-LD', () => {
  it('describes a real report with its ISBN, languages, publishers and coverage, and nothing invented', async () => {
    const res = await postGraphQL<{ publication: { jsonLd: string } }>(
      server,
      '{ publication(slug: "ending-child-labour-forced-labour-trafficking-supply-chains") { jsonLd } }',
    );
    expect(res.errors).toBeUndefined();
    const ld = JSON.parse(res.data!.publication.jsonLd) as Record<string, unknown>;
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': ['Report', 'Book'],
      name: 'Ending child labour, forced labour and human trafficking in global supply chains',
      datePublished: '2019',
      numberOfPages: 114,
      isbn: '978-92-9068-805-1',
      identifier: [{ '@type': 'PropertyValue', propertyID: 'eISBN', value: '978-92-9068-806-8' }],
      inLanguage: ['en', 'fr', 'es'],
      spatialCoverage: [{ '@type': 'Place', name: 'World' }],
    });
    expect((ld.publisher as { name: string }[]).map((o) => o.name)).toEqual(expect.arrayContaining(['International Organization for Migration']));
    expect(ld.publisher).toHaveLength(4);
    expect((ld.audience as { audienceType: string }[]).length).toBe(3);
    expect((ld.about as { name: string }[])[0]!.name).toBe('Supply chains and business responsibility');
    expect(ld).not.toHaveProperty('encoding');
    expect(ld).not.toHaveProperty('workTranslation');
  });

  it('gives a country its ISO code', async () => {
    const country = catalogue.publications.find((p) => p.id === 'assessment-borno-adamawa-gbv-tip-north-east-nigeria')!;
    expect(country.places).toContain('nigeria');
    const res = await postGraphQL<{ publication: { jsonLd: string } }>(server, 'query($slug: String!) { publication(slug: $slug) { jsonLd } }', { slug: country.id });
    expect(res.errors).toBeUndefined();
    const ld = JSON.parse(res.data!.publication.jsonLd) as { spatialCoverage: { '@type': string; name: string; identifier?: string }[] };
    expect(ld.spatialCoverage).toContainEqual({ '@type': 'Country', name: 'Nigeria', identifier: 'NG' });
  });

  describe('language editions (a test catalogue: the real one has no EDITION_OF pair)', () => {
    // A Spanish edition of an English manual is a translation; an English edition of an English work is another
    // edition of the same work. Titles, kinds and languages are those of the seed files.
    const SPANISH = 'guia-atencion-psicosocial-personas-migrantes-mesoamerica';
    const ENGLISH = 'manual-community-based-mhpss-emergencies-displacement';
    const SAME_LANGUAGE = 'community-engagement-gbv-tip-training-guide';
    const ITS_ORIGINAL = 'assessment-borno-adamawa-gbv-tip-north-east-nigeria';
    const titleOf = (id: string) => catalogue.publications.find((p) => p.id === id)!.title;
    const jsonLd = async (slug: string) => {
      const res = await postGraphQL<{ publication: { jsonLd: string } }>(server, 'query($slug: String!) { publication(slug: $slug) { jsonLd } }', { slug });
      expect(res.errors).toBeUndefined();
      return JSON.parse(res.data!.publication.jsonLd) as Record<string, unknown>;
    };

    beforeAll(async () => {
      await wipeGraph(graph);
      await loadSeeds(
        graph.executor,
        catalogueWithRelations(catalogue, [
          { from: SPANISH, type: 'EDITION_OF', target: ENGLISH, evidence: 'test fixture: the Spanish edition' },
          { from: SAME_LANGUAGE, type: 'EDITION_OF', target: ITS_ORIGINAL, evidence: 'test fixture: another English edition' },
        ]),
      );
    });
    afterAll(async () => {
      await seedRealCatalogue(graph);
    });

    it('links a language edition as a translation, from both sides', async () => {
      const spanish = await jsonLd(SPANISH);
      expect(spanish.translationOfWork).toEqual({ '@type': 'Book', name: titleOf(ENGLISH), inLanguage: 'en' });
      expect(spanish).not.toHaveProperty('exampleOfWork');
      const english = await jsonLd(ENGLISH);
      expect(english.workTranslation).toEqual([{ '@type': 'Book', name: titleOf(SPANISH), inLanguage: 'es' }]);
      expect(english).not.toHaveProperty('workExample');
    });

    it('links an edition in the same languages as another edition of the work, not a translation', async () => {
      const edition = await jsonLd(SAME_LANGUAGE);
      expect(edition.exampleOfWork).toEqual({ '@type': 'Report', name: titleOf(ITS_ORIGINAL), inLanguage: 'en' });
      expect(edition).not.toHaveProperty('translationOfWork');
      const original = await jsonLd(ITS_ORIGINAL);
      expect(original.workExample).toEqual([{ '@type': 'Book', name: titleOf(SAME_LANGUAGE), inLanguage: 'en' }]);
      expect(original).not.toHaveProperty('workTranslation');
    });
  });
});

interface ReadingPathResult {
  readingPath: { position: number; stage: string; why: string; relation: string | null; relatedStep: number | null; publication: { slug: string; kind: string } }[];
}
const READING_PATH = `query($topic: ID!, $audience: ID) {
  readingPath(topic: $topic, audience: $audience) { position stage why relation relatedStep publication { slug kind } }
}`;

describe('reading path', () => {
  it('for counter-trafficking starts with a handbook, explains every step and follows the catalogue relations', async () => {
    const res = await postGraphQL<ReadingPathResult>(server, READING_PATH, { topic: 'counter-trafficking' });
    expect(res.errors).toBeUndefined();
    const steps = res.data!.readingPath;
    expect(steps[0]).toMatchObject({ position: 1, stage: 'FOUNDATION', publication: { kind: 'HANDBOOK' } });
    expect(steps.map((s) => s.position)).toEqual(steps.map((_, i) => i + 1));
    for (const s of steps) expect(s.why.length).toBeGreaterThan(20);
    const order = ['FOUNDATION', 'GUIDANCE', 'BACKGROUND', 'TRAINING', 'E_COURSE'];
    const stages = steps.filter((s) => s.stage !== 'BACKGROUND').map((s) => order.indexOf(s.stage));
    expect(stages).toEqual([...stages].sort((a, b) => a - b));
    // The referral guidance complements the vulnerable-migrants handbook, which comes earlier.
    const referral = steps.find((s) => s.publication.slug === 'iom-guidance-referral-mechanisms')!;
    const handbook = steps.find((s) => s.publication.slug === 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse')!;
    expect(referral).toMatchObject({ relation: 'COMPLEMENTS', relatedStep: handbook.position });
    expect(referral.why).toMatch(/^Complements step \d+, "IOM Handbook on Protection and Assistance for Migrants Vulnerable/);
    // An assessment only appears as background, right before the first step based on it.
    const assessment = steps.find((s) => s.publication.slug === 'assessment-borno-adamawa-gbv-tip-north-east-nigeria')!;
    expect(assessment).toMatchObject({ stage: 'BACKGROUND', relation: 'INFORMS', relatedStep: assessment.position + 1 });
    expect(steps.some((s) => s.publication.kind === 'STUDY' || s.publication.kind === 'REPORT')).toBe(false);
    expect(steps.at(-1)!.stage).toBe('E_COURSE');
    expect(roundTrips(res)).toBe(1);
  });

  it('for law enforcement keeps only their material after the common foundation', async () => {
    const res = await postGraphQL<ReadingPathResult>(server, READING_PATH, { topic: counterTrafficking(), audience: toGlobalId('Audience', 'law-enforcement') });
    expect(res.errors).toBeUndefined();
    const steps = res.data!.readingPath;
    expect(steps[0]!.stage).toBe('FOUNDATION');
    expect(steps[0]!.why).toMatch(/no handbook on it is written for Law enforcement specifically/);
    const forLaw = new Set(publicationsWhere((p) => p.audiences.includes('law-enforcement')).map((p) => p.id));
    for (const s of steps.filter((x) => x.stage !== 'FOUNDATION' && x.stage !== 'BACKGROUND')) expect(forLaw.has(s.publication.slug)).toBe(true);
    expect(steps.filter((s) => s.stage === 'TRAINING').length).toBeGreaterThan(2);
  });

  it('refuses a topic or audience the catalogue lacks and ids of the wrong type', async () => {
    expectBadInput(await postGraphQL(server, READING_PATH, { topic: 'counter-trafficking', audience: 'no-such-audience' }), /"audience": no Audience has the id or slug "no-such-audience"/);
    expectBadInput(await postGraphQL(server, READING_PATH, { topic: 'no-such-topic' }), /"topic": no Topic has the id or slug "no-such-topic"/);
    expectBadInput(await postGraphQL(server, READING_PATH, { topic: toGlobalId('Place', 'nigeria') }), /must be a Topic id or slug/);
  });
});
