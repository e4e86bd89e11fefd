import type { GraphConnection } from '../../src/graph/connect';
import type { QueryEvent } from '../../src/graph/executor';
import { type RunningServer, startServer } from '../../src/server/app';
import { connectTestGraph, realCatalogue, seedRealCatalogue, silentLogger, testConfig } from '../support/graph';
import { closeService, postGraphQL, roundTrips } from '../support/http';

/**
 * A publication list fetches the relationship lists its nodes select (and its totalCount) in its own query and
 * primes the request's loaders with them: the answers are those of the loaders, in fewer round-trips. The
 * service runs over an observed executor so the tests can see which list query ran.
 */

let graph: GraphConnection;
let server: RunningServer;
const events: QueryEvent[] = [];

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  server = await startServer({ config: testConfig(), executor: graph.executor.observed((e) => events.push(e)), logger: silentLogger, port: 0 });
});
afterAll(() => closeService({ graph, server }));

/**
 * The list queries a request ran, by name (the name says whether it counted and folded). Other statements the
 * service may run meanwhile share the observer, so the per-request total comes from the response header.
 */
async function queriesOf<T>(request: () => Promise<T>): Promise<{ result: T; names: string[] }> {
  events.length = 0;
  const result = await request();
  return { result, names: events.map((e) => e.name).filter((n) => n.startsWith('publicationList') || n.endsWith('OfPublications') || n.endsWith('ByIds')) };
}

const TOPIC = 'counter-trafficking';
/** The bench's list-nested workload (bench/run.ts), verbatim. */
const BENCH_LIST = `query ($topic: ID!) { publications(filter: { topics: [$topic] }, first: 20) { totalCount nodes { slug title year kind topics { slug label } places { slug name } audiences { slug label } } } }`;
/** Every relationship list of Publication that a list folds, with a second, filtered companions field. */
const ALL_NESTED = `slug title year kind
  topics { slug label } primaryTopic { slug } places { slug name } audiences { slug label } publishers { slug name }
  partners { slug name type } funders { slug name } programmes { slug name links } series { position series { slug title } } links
  languages { code name pdfUrl publication { slug } } sources { source { id } titleAsListed fields }
  companions { relation evidence source publication { slug title } } complements: companions(relations: [COMPLEMENTS, COMPLEMENTED_BY]) { relation publication { slug } }
  editions { slug } workLanguages { code publication { slug } }`;

type Node = Record<string, unknown> & { slug: string };
interface ListData {
  publications: { totalCount: number; nodes: Node[]; facets: { total: number } };
}

/** The same fields of each publication fetched alone through `publication(slug:)`, i.e. by the loaders. */
async function oneByOne(slugs: string[], fields: string): Promise<Node[]> {
  const out: Node[] = [];
  for (const slug of slugs) {
    const res = await postGraphQL<{ publication: Node }>(server, `query ($slug: String) { publication(slug: $slug) { ${fields} } }`, { slug });
    expect(res.errors).toBeUndefined();
    out.push(res.data!.publication);
  }
  return out;
}

describe('a publication list with nested relationship lists', () => {
  it("answers the bench's nested list exactly as the loaders would, in one Cypher round-trip", async () => {
    const { result: res, names } = await queriesOf(() => postGraphQL<ListData>(server, BENCH_LIST, { topic: TOPIC }));
    expect(res.errors).toBeUndefined();
    expect(roundTrips(res)).toBe(1);
    expect(names).toEqual(['publicationList TITLE counted folded']);

    const { nodes, totalCount } = res.data!.publications;
    expect(nodes.length).toBeGreaterThan(5);
    expect(nodes.some((n) => (n.places as unknown[]).length > 0 && (n.audiences as unknown[]).length > 0)).toBe(true);
    expect(nodes).toEqual(await oneByOne(nodes.map((n) => n.slug), 'slug title year kind topics { slug label } places { slug name } audiences { slug label }'));
    // The folded count against graph-seeds/: publications about the topic or one narrower than it.
    const catalogue = await realCatalogue();
    const under = new Set([TOPIC, ...catalogue.topics.filter((t) => t.broader.includes(TOPIC)).map((t) => t.id)]);
    expect(catalogue.topics.filter((t) => t.broader.some((b) => under.has(b)) && !under.has(t.id))).toEqual([]); // two levels suffice
    expect(totalCount).toBe(catalogue.publications.filter((p) => p.topics.some((t) => under.has(t))).length);
  });

  it('answers the README\'s page of 20 (topics, places, audiences, companions, languages, totalCount, facets) in 2 round-trips, as for 5 or 50', async () => {
    const page = (first: number) =>
      postGraphQL(
        server,
        `{ publications(first: ${first}) { totalCount nodes { title topics { label } places { name } audiences { label } companions { relation publication { title } } languages { code } }
           facets { total topics { buckets { value count } } } } }`,
      );
    for (const first of [5, 20, 50]) {
      const res = await page(first);
      expect(res.errors).toBeUndefined();
      // The folded list with its count, and the facets.
      expect({ first, roundTrips: roundTrips(res) }).toEqual({ first, roundTrips: 2 });
    }
  });

  it('answers every folded relationship list (and a companions filter) exactly as the loaders would', async () => {
    const { result: res, names } = await queriesOf(() => postGraphQL<ListData>(server, `{ publications(first: 60) { nodes { ${ALL_NESTED} } } }`));
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.publications.nodes;
    expect(nodes.length).toBeGreaterThan(50);
    for (const field of ['topics', 'places', 'audiences', 'publishers', 'languages', 'sources', 'companions', 'complements', 'partners', 'funders', 'programmes', 'series', 'links']) {
      expect([field, nodes.some((n) => (n[field] as unknown[]).length > 0)]).toEqual([field, true]);
    }
    expect(nodes).toEqual(await oneByOne(nodes.map((n) => n.slug), ALL_NESTED));
    // One round-trip: the curated catalogue has no other editions, whose languages would cost one more batch.
    expect(roundTrips(res)).toBe(1);
    expect(names).toEqual(['publicationList TITLE folded']);
  });

  it('still folds through named and inline fragments, aliases and edges', async () => {
    const query = `
      fragment Tags on Publication { subjects: topics { slug } ... on Node { id } }
      query ($topic: ID!) {
        list: publications(filter: { topics: [$topic] }, first: 10) {
          total: totalCount
          edges { cursor item: node { slug ...Tags ... on Publication { where: places { slug } } } }
          ... on PublicationConnection { nodes { who: audiences { slug } } }
        }
      }`;
    const { result: res, names } = await queriesOf(() => postGraphQL<{ list: { total: number; edges: { item: Node }[]; nodes: Node[] } }>(server, query, { topic: TOPIC }));
    expect(res.errors).toBeUndefined();
    expect(roundTrips(res)).toBe(1);
    expect(names).toEqual(['publicationList TITLE counted folded']);
    const slugs = res.data!.list.edges.map((e) => e.item.slug);
    const alone = await oneByOne(slugs, 'slug subjects: topics { slug } where: places { slug } who: audiences { slug }');
    expect(res.data!.list.edges.map((e) => ({ slug: e.item.slug, subjects: e.item.subjects, where: e.item.where }))).toEqual(
      alone.map((a) => ({ slug: a.slug, subjects: a.subjects, where: a.where })),
    );
    expect(res.data!.list.nodes.map((n) => n.who)).toEqual(alone.map((a) => a.who));
  });

  it('does not fold fields a @skip leaves out, nor anything for a selection without relationship lists', async () => {
    const skipped = await queriesOf(() =>
      postGraphQL(server, 'query ($no: Boolean!) { publications(first: 5) { nodes { slug topics @skip(if: $no) { slug } } } }', { no: true }),
    );
    expect(skipped.result.errors).toBeUndefined();
    expect(skipped.names).toEqual(['publicationList TITLE']);

    const plain = await queriesOf(() => postGraphQL(server, '{ publications(first: 20, sort: YEAR_DESC) { nodes { slug title year kind } } }'));
    expect(plain.result.errors).toBeUndefined();
    expect(plain.names).toEqual(['publicationList YEAR_DESC']);
  });
});

describe('totalCount counted with the page', () => {
  it('stays the size of the whole set on every page, in every order, and past the last page', async () => {
    const expected = (await postGraphQL<ListData>(server, '{ publications(first: 0) { facets { total } } }')).data!.publications.facets.total;
    for (const sort of ['TITLE', 'YEAR_DESC', 'YEAR_ASC']) {
      let after: string | null = null;
      let seen = 0;
      for (let guard = 0; guard < 20; guard++) {
        const res: Awaited<ReturnType<typeof postGraphQL<{ publications: { totalCount: number; nodes: { slug: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>>> =
          await postGraphQL(server, 'query ($sort: PublicationSort, $after: Cursor) { publications(sort: $sort, first: 25, after: $after) { totalCount nodes { slug } pageInfo { hasNextPage endCursor } } }', { sort, after });
        expect(res.errors).toBeUndefined();
        expect(roundTrips(res)).toBe(1);
        expect(res.data!.publications.totalCount).toBe(expected);
        seen += res.data!.publications.nodes.length;
        if (!res.data!.publications.pageInfo.hasNextPage) {
          // An empty page beyond the end still knows the size of its set.
          const beyond = await postGraphQL<{ publications: { totalCount: number; nodes: unknown[] } }>(
            server,
            'query ($sort: PublicationSort, $after: Cursor) { publications(sort: $sort, first: 5, after: $after) { totalCount nodes { slug } } }',
            { sort, after: res.data!.publications.pageInfo.endCursor },
          );
          expect(beyond.data!.publications).toEqual({ totalCount: expected, nodes: [] });
          break;
        }
        after = res.data!.publications.pageInfo.endCursor;
      }
      expect(seen).toBe(expected);
    }
  });

  it('folds search and entity-page lists the same way', async () => {
    const search = await queriesOf(() =>
      postGraphQL<{ search: { totalCount: number; nodes: Node[] } }>(server, '{ search(query: "trafficking", first: 5) { totalCount nodes { slug topics { slug } } edges { matchedTopics { slug } } } }'),
    );
    expect(search.result.errors).toBeUndefined();
    expect(roundTrips(search.result)).toBe(1);
    expect(search.names).toEqual(['publicationList RELEVANCE counted folded']);
    expect(search.result.data!.search.nodes.map((n) => n.topics)).toEqual((await oneByOne(search.result.data!.search.nodes.map((n) => n.slug), 'topics { slug }')).map((n) => n.topics));
    // The count against the matches themselves, listed whole on one page (the catalogue has 58 publications).
    const all = await postGraphQL<{ search: { nodes: Node[] } }>(server, '{ search(query: "trafficking", first: 100) { nodes { slug } } }');
    expect(all.data!.search.nodes.length).toBeGreaterThan(5);
    expect(search.result.data!.search.totalCount).toBe(new Set(all.data!.search.nodes.map((n) => n.slug)).size);

    const page = await queriesOf(() => postGraphQL(server, `{ topic(slug: "${TOPIC}") { publications(first: 5) { totalCount nodes { places { slug } } } } }`));
    expect(page.result.errors).toBeUndefined();
    expect(page.names).toEqual(['topicsByIds', 'publicationList TITLE counted folded']);
  });
});
