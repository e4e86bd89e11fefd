import type { GraphConnection } from '../../src/graph/connect';
import { toGlobalId } from '../../src/node/global-id';
import { countFilterClauses } from '../../src/publications/publication-filter';
import type { SeedCatalogue } from '../../src/seed/schema';
import type { RunningServer } from '../../src/server/app';
import { realCatalogue } from '../support/graph';
import { closeService, type GraphQLResponse, openSeededService, postGraphQL, roundTrips } from '../support/http';

/**
 * Issue 14's "Facets disagree with filters" and "Unknown values pass silently", over HTTP against the real Neo4j:
 * facet buckets over a hierarchy count as the filter widens (expected values computed here from graph-seeds/),
 * and every argument naming a node the catalogue lacks is refused, naming the value and where it was.
 */

let graph: GraphConnection;
let server: RunningServer;
let catalogue: SeedCatalogue;

beforeAll(async () => {
  ({ graph, server } = await openSeededService());
  catalogue = await realCatalogue();
});
afterAll(() => closeService({ graph, server }));

type Publication = SeedCatalogue['publications'][number];
type Field = 'topics' | 'places' | 'organisations';

/** Per hierarchical field: each node's parents, and the nodes a publication is linked to, read from graph-seeds/. */
const hierarchy = (field: Field) => {
  const parentsOf = new Map<string, string[]>(
    field === 'topics' ? catalogue.topics.map((t) => [t.id, t.broader]) : field === 'places' ? catalogue.places.map((p) => [p.id, p.partOf]) : catalogue.organisations.map((o) => [o.id, o.partOf]),
  );
  const linked = (p: Publication): string[] => (field === 'organisations' ? [...p.publishers, ...p.partners, ...p.funders] : p[field]);
  /** A node and everything above it. */
  const upwards = (id: string): string[] => [id, ...(parentsOf.get(id) ?? []).flatMap(upwards)];
  /** The publications a filter on `id` keeps: linked to it or to a node below it. */
  const filtered = (id: string, within: Publication[] = catalogue.publications) => within.filter((p) => linked(p).some((l) => upwards(l).includes(id)));
  /** The buckets as the service orders them: count descending, then broader first (fewer paths upwards), then value. */
  const buckets = (within: Publication[]) => {
    const counts = new Map<string, number>();
    for (const p of within) for (const id of new Set(linked(p).flatMap(upwards))) counts.set(id, (counts.get(id) ?? 0) + 1);
    return [...counts]
      .map(([value, count]) => ({ value, count, parents: [...(parentsOf.get(value) ?? [])].sort() }))
      .sort((a, b) => b.count - a.count || upwards(a.value).length - upwards(b.value).length || (a.value < b.value ? -1 : 1));
  };
  return { filtered, buckets };
};

interface Bucket {
  value: string;
  count: number;
  parents: string[];
}
interface Facets {
  total: number;
  topics: { buckets: Bucket[]; missing: number };
  places: { buckets: Bucket[]; missing: number };
  organisations: { buckets: Bucket[]; missing: number };
}
const FACETS = 'facets(limit: 200) { total topics { buckets { value count parents } missing } places { buckets { value count parents } missing } organisations { buckets { value count parents } missing } }';
const sortedParents = (buckets: Bucket[]) => buckets.map((b) => ({ ...b, parents: [...b.parents].sort() }));

async function facetsOf(filter: unknown): Promise<{ totalCount: number; facets: Facets }> {
  const res = await postGraphQL<{ publications: { totalCount: number; facets: Facets } }>(server, `query($filter: PublicationFilter) { publications(filter: $filter, first: 0) { totalCount ${FACETS} } }`, { filter });
  expect(res.errors).toBeUndefined();
  return res.data!.publications;
}

/** `publications(filter:).totalCount` for many filters, as many per request as its limits allow (40 filter clauses, 15 aliases). */
async function totalCounts(filters: unknown[]): Promise<number[]> {
  const chunks: unknown[][] = [];
  let budget = 0;
  for (const filter of filters) {
    const clauses = countFilterClauses(filter);
    if (chunks.length === 0 || budget + clauses > 40 || chunks.at(-1)!.length === 15) {
      chunks.push([]);
      budget = 0;
    }
    chunks.at(-1)!.push(filter);
    budget += clauses;
  }
  const counts: number[] = [];
  for (const chunk of chunks) {
    const fields = chunk.map((_, i) => `c${i}: publications(filter: $f${i}, first: 0) { totalCount }`).join(' ');
    const res = await postGraphQL<Record<string, { totalCount: number }>>(
      server,
      `query(${chunk.map((_, i) => `$f${i}: PublicationFilter`).join(', ')}) { ${fields} }`,
      Object.fromEntries(chunk.map((f, i) => [`f${i}`, f])),
    );
    expect(res.errors).toBeUndefined();
    counts.push(...chunk.map((_, i) => res.data![`c${i}`]!.totalCount));
  }
  return counts;
}

describe('hierarchical facets', () => {
  it.each<Field>(['topics', 'places', 'organisations'])(
    'every %s bucket of the whole catalogue counts what the filter on its value finds, narrower values included',
    async (field) => {
      const { facets } = await facetsOf(null);
      const { buckets, filtered } = hierarchy(field);
      const served = sortedParents(facets[field].buckets);
      // The whole list, in order, with parents: a missing ancestor bucket or a direct-tag count cannot pass.
      expect(served).toEqual(buckets(catalogue.publications));
      expect(served.length).toBeGreaterThan(5);
      const totals = await totalCounts(served.map((b) => ({ [field]: [b.value] })));
      expect(served.map((b, i) => ({ value: b.value, count: totals[i] }))).toEqual(served.map((b) => ({ value: b.value, count: b.count })));
      expect(served.map((b) => b.count)).toEqual(served.map((b) => filtered(b.value).length));
    },
  );

  it('counts counter-trafficking with its narrower topics: the bucket and the filter agree', async () => {
    const expected = hierarchy('topics').filtered('counter-trafficking').length;
    const direct = catalogue.publications.filter((p) => p.topics.includes('counter-trafficking')).length;
    expect(expected).toBeGreaterThan(direct); // narrower topics add works, so a direct-tag count would differ
    const { facets } = await facetsOf(null);
    const [total] = await totalCounts([{ topics: ['counter-trafficking'] }]);
    expect(facets.topics.buckets.find((b) => b.value === 'counter-trafficking')?.count).toBe(expected);
    expect(total).toBe(expected);
  });

  it('has an Africa bucket above West Africa, which counts its countries, each naming its parents', async () => {
    const places = hierarchy('places');
    const { facets } = await facetsOf(null);
    const bucket = (value: string) => facets.places.buckets.find((b) => b.value === value);
    const africa = catalogue.places.find((p) => p.id === 'africa')!;
    const westAfrica = catalogue.places.find((p) => p.id === 'west-africa')!;
    expect(westAfrica.partOf).toContain('africa');
    expect(bucket('africa')).toEqual({ value: 'africa', count: places.filtered('africa').length, parents: africa.partOf });
    expect(bucket('west-africa')).toEqual({ value: 'west-africa', count: places.filtered('west-africa').length, parents: westAfrica.partOf });
    // West Africa counts more than its direct tags (its countries' works), Africa at least as many as West Africa.
    expect(bucket('west-africa')!.count).toBeGreaterThan(catalogue.publications.filter((p) => p.places.includes('west-africa')).length);
    expect(bucket('africa')!.count).toBeGreaterThanOrEqual(bucket('west-africa')!.count);
    const [africaTotal, westAfricaTotal] = await totalCounts([{ places: ['africa'] }, { places: ['west-africa'] }]);
    expect([bucket('africa')!.count, bucket('west-africa')!.count]).toEqual([africaTotal, westAfricaTotal]);
  });

  it('in a filtered list, each bucket counts what the filter narrowed to its value finds', async () => {
    const filter = { places: ['west-africa'] };
    const { totalCount, facets } = await facetsOf(filter);
    const within = hierarchy('places').filtered('west-africa');
    expect(totalCount).toBe(within.length);
    expect(sortedParents(facets.topics.buckets)).toEqual(hierarchy('topics').buckets(within));
    expect(sortedParents(facets.organisations.buckets)).toEqual(hierarchy('organisations').buckets(within));
    const totals = await totalCounts(facets.topics.buckets.map((b) => ({ AND: [filter, { topics: [b.value] }] })));
    expect(totals).toEqual(facets.topics.buckets.map((b) => b.count));
  });

  it('keeps every bucket\'s parents among the buckets whatever the limit, so the buckets always draw a tree', async () => {
    const filters = [null, { topics: ['counter-trafficking'], audiences: ['law-enforcement'] }, { places: ['west-africa'] }];
    for (const filter of filters) {
      const { facets: unlimited } = await facetsOf(filter);
      for (const limit of [1, 2, 3, 5, 8]) {
        const res = await postGraphQL<{ publications: { facets: Omit<Facets, 'total'> } }>(
          server,
          `query($filter: PublicationFilter) { publications(filter: $filter, first: 0) { facets(limit: ${limit}) { topics { buckets { value count parents } missing } places { buckets { value count parents } missing } organisations { buckets { value count parents } missing } } } }`,
          { filter },
        );
        expect(res.errors).toBeUndefined();
        for (const field of ['topics', 'places', 'organisations'] as const) {
          const kept = res.data!.publications.facets[field].buckets;
          const values = new Set(kept.map((b) => b.value));
          const orphans = kept.flatMap((b) => b.parents.filter((parent) => !values.has(parent)).map((parent) => `${b.value} -> ${parent}`));
          expect({ filter, limit, field, orphans }).toEqual({ filter, limit, field, orphans: [] });
          // And the kept buckets are the first of the unlimited list (checked against graph-seeds/ above).
          expect(sortedParents(kept)).toEqual(sortedParents(unlimited[field].buckets).slice(0, limit));
        }
      }
    }
  });

  it('an office\'s bucket names its organisation as parent, and the organisation counts the office\'s works', async () => {
    const office = catalogue.organisations.find((o) => o.partOf.length > 0 && hierarchy('organisations').filtered(o.id).length > 0);
    expect(office).toBeDefined();
    const { facets } = await facetsOf(null);
    const bucket = (value: string) => facets.organisations.buckets.find((b) => b.value === value)!;
    expect(bucket(office!.id).parents.sort()).toEqual([...office!.partOf].sort());
    const officeWorks = new Set(hierarchy('organisations').filtered(office!.id).map((p) => p.id));
    for (const parent of office!.partOf) {
      const parentWorks = new Set(hierarchy('organisations').filtered(parent).map((p) => p.id));
      expect([...officeWorks].every((id) => parentWorks.has(id))).toBe(true);
      expect(bucket(parent).count).toBe(parentWorks.size);
    }
  });
});

const refused = (res: GraphQLResponse<unknown>, argumentName: string, path: string, value: string) => {
  expect(res.errors).toHaveLength(1);
  const [error] = res.errors!;
  expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName, path });
  expect(error!.message).toContain(path);
  expect(error!.message).toContain(JSON.stringify(value));
};

describe('strict arguments', () => {
  const LIST = 'query($filter: PublicationFilter) { publications(filter: $filter, first: 5) { totalCount nodes { slug } } }';

  it.each(['topics', 'audiences', 'places', 'organisations', 'programmes'])('refuses an unknown value in filter.%s, naming it and its path', async (field) => {
    refused(await postGraphQL(server, LIST, { filter: { [field]: ['nope'] } }), 'filter', `filter.${field}[0]`, 'nope');
  });

  it('refuses an unknown value deep in a filter beside known ones, and names every unknown one', async () => {
    const res = await postGraphQL(server, LIST, { filter: { topics: ['counter-trafficking'], OR: [{ places: ['nigeria'] }, { NOT: { organisations: ['no-such-org'] } }], AND: [{ audiences: ['nobody'] }] } });
    refused(res, 'filter', 'filter.AND[0].audiences[0]', 'nobody');
    expect(res.errors![0]!.message).toContain('filter.OR[1].NOT.organisations[0]: no Organisation has the id or slug "no-such-org"');
    expect(res.errors![0]!.message).not.toContain('counter-trafficking');
  });

  it('refuses an unknown global id of the right type as well as an unknown slug', async () => {
    const id = toGlobalId('Topic', 'nope');
    refused(await postGraphQL(server, LIST, { filter: { topics: [id] } }), 'filter', 'filter.topics[0]', id);
  });

  it('still answers known values, and checks them in the list\'s own round-trip', async () => {
    const res = await postGraphQL<{ publications: { totalCount: number } }>(server, LIST, { filter: { topics: ['counter-trafficking'], places: ['nigeria'] } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.publications.totalCount).toBeGreaterThan(0);
    expect(roundTrips(res)).toBe(1);
  });

  it('refuses unknown filter values in search, entity pages, related lists and recommend', async () => {
    refused(await postGraphQL(server, '{ search(query: "trafficking", filter: { places: ["atlantis"] }) { totalCount } }'), 'filter', 'filter.places[0]', 'atlantis');
    refused(await postGraphQL(server, '{ topic(slug: "counter-trafficking") { publications(filter: { audiences: ["nope"] }) { totalCount } } }'), 'filter', 'filter.audiences[0]', 'nope');
    refused(
      await postGraphQL(server, '{ publication(slug: "iom-guidance-referral-mechanisms") { related(filter: { programmes: ["nope"] }) { score } } }'),
      'filter',
      'filter.programmes[0]',
      'nope',
    );
    refused(await postGraphQL(server, '{ recommend(positive: ["iom-guidance-referral-mechanisms"], filter: { topics: ["nope"] }) { score } }'), 'filter', 'filter.topics[0]', 'nope');
  });

  it('checks a filter on the related lists of a whole page once, whatever the page size', async () => {
    const page = (first: number) =>
      postGraphQL<{ publications: { nodes: { related: unknown[] }[] } }>(server, `{ publications(first: ${first}) { nodes { related(first: 3, filter: { topics: ["counter-trafficking"] }) { score } } } }`);
    const small = await page(3);
    const large = await page(8);
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(roundTrips(large)).toBe(roundTrips(small));
  });

  it('refuses an unknown seed of recommend with its place in positive or negative', async () => {
    const known = 'iom-guidance-referral-mechanisms';
    refused(await postGraphQL(server, `{ recommend(positive: ["${known}", "nope"]) { score } }`), 'positive', 'positive[1]', 'nope');
    refused(await postGraphQL(server, `{ recommend(positive: ["${known}"], negative: ["gone"]) { score } }`), 'negative', 'negative[0]', 'gone');
  });

  it('refuses an unknown topic or audience of a reading path instead of answering an empty list', async () => {
    const READING = 'query($topic: ID!, $audience: ID) { readingPath(topic: $topic, audience: $audience) { position } }';
    refused(await postGraphQL(server, READING, { topic: 'nope' }), 'topic', 'topic', 'nope');
    refused(await postGraphQL(server, READING, { topic: 'counter-trafficking', audience: 'nope' }), 'audience', 'audience', 'nope');
    const known = await postGraphQL<{ readingPath: unknown[] }>(server, READING, { topic: 'counter-trafficking', audience: 'law-enforcement' });
    expect(known.errors).toBeUndefined();
    expect(known.data!.readingPath.length).toBeGreaterThan(0);
  });

  it('draws a neighbourhood around a type and slug exactly as around the global id, and refuses unknown ones', async () => {
    const N = 'query($id: ID, $type: GraphNodeType, $slug: String) { neighbourhood(id: $id, type: $type, slug: $slug) { center { id } nodes { id } } }';
    const bySlug = await postGraphQL<{ neighbourhood: unknown }>(server, N, { type: 'TOPIC', slug: 'counter-trafficking' });
    const byId = await postGraphQL<{ neighbourhood: unknown }>(server, N, { id: toGlobalId('Topic', 'counter-trafficking') });
    expect(bySlug.errors).toBeUndefined();
    expect(bySlug.data).toEqual(byId.data);
    refused(await postGraphQL(server, N, { type: 'TOPIC', slug: 'nope' }), 'slug', 'slug', 'nope');
    const unknownId = toGlobalId('Place', 'atlantis');
    refused(await postGraphQL(server, N, { id: unknownId }), 'id', 'id', unknownId);
    const neither = await postGraphQL(server, N, {});
    expect(neither.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const both = await postGraphQL(server, N, { id: toGlobalId('Topic', 'counter-trafficking'), type: 'TOPIC', slug: 'counter-trafficking' });
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a path between ids that name nothing, naming the end', async () => {
    const P = 'query($from: ID!, $to: ID!) { path(from: $from, to: $to) { length } }';
    const ghost = toGlobalId('Publication', 'ghost');
    refused(await postGraphQL(server, P, { from: ghost, to: toGlobalId('Topic', 'counter-trafficking') }), 'from', 'from', ghost);
    refused(await postGraphQL(server, P, { from: toGlobalId('Topic', 'counter-trafficking'), to: ghost }), 'to', 'to', ghost);
  });
});
