import type { GraphConnection } from '../../src/graph/connect';
import { toGlobalId } from '../../src/node/global-id';
import type { SeedCatalogue } from '../../src/seed/schema';
import type { RunningServer } from '../../src/server/app';
import { realCatalogue } from '../support/graph';
import { closeService, type GraphQLResponse, openSeededService, postGraphQL, roundTrips } from '../support/http';

/**
 * The whole graph through the API: a publication's partners, funders, programmes, series and links; an
 * organisation's parent and offices; a programme's organisations, places and topics; root lists of every
 * vocabulary, with places and topics as trees with publication counts; and the cache hints that let the response
 * and HTTP caches keep them. Expected values are read here from graph-seeds/, independently of the service.
 */

const API_KEY = 'whole-graph-editor-key-0123456789';

let graph: GraphConnection;
let server: RunningServer;
let catalogue: SeedCatalogue;

beforeAll(async () => {
  ({ graph, server } = await openSeededService({ EDITOR_API_KEYS: `editor:${API_KEY}` }));
  catalogue = await realCatalogue();
});
afterAll(() => closeService({ graph, server }));

type Seed = SeedCatalogue['publications'][number];

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
const organisationParents = () => new Map(catalogue.organisations.map((o) => [o.id, o.partOf]));
const countWhere = (predicate: (p: Seed) => boolean) => catalogue.publications.filter(predicate).length;

const organisationName = (id: string) => catalogue.organisations.find((o) => o.id === id)!.name;
const programmeName = (id: string) => catalogue.programmes.find((p) => p.id === id)!.name;
const placeName = (id: string) => catalogue.places.find((p) => p.id === id)!.name;
const topicLabel = (id: string) => catalogue.topics.find((t) => t.id === id)!.label.en;
const byText = (a: string, b: string) => a.localeCompare(b);

function ok<T>(res: GraphQLResponse<T>): T {
  expect(res.errors).toBeUndefined();
  return res.data!;
}

describe('a publication', () => {
  const QUERY = `{ publications(first: 100) { totalCount nodes {
    slug links partners { slug name } funders { slug name } programmes { slug name }
    series { position series { slug title titleIsDescriptive publications { slug } } }
  } } }`;
  interface Result {
    publications: {
      totalCount: number;
      nodes: {
        slug: string;
        links: string[];
        partners: { slug: string; name: string }[];
        funders: { slug: string; name: string }[];
        programmes: { slug: string; name: string }[];
        series: { position: number | null; series: { slug: string; title: string; titleIsDescriptive: boolean; publications: { slug: string }[] } }[];
      }[];
    };
  }

  it('shows the partners, funders, programmes, series and links its seed file records, for every publication', async () => {
    const { publications } = ok(await postGraphQL<Result>(server, QUERY));
    expect(publications.nodes).toHaveLength(catalogue.publications.length);
    for (const node of publications.nodes) {
      const seed = catalogue.publications.find((p) => p.id === node.slug)!;
      expect({ slug: node.slug, links: node.links }).toEqual({ slug: seed.id, links: seed.links });
      expect({ slug: node.slug, partners: node.partners.map((o) => o.name) }).toEqual({ slug: seed.id, partners: seed.partners.map(organisationName).sort(byText) });
      expect({ slug: node.slug, funders: node.funders.map((o) => o.name) }).toEqual({ slug: seed.id, funders: seed.funders.map(organisationName).sort(byText) });
      expect({ slug: node.slug, programmes: node.programmes.map((p) => p.name) }).toEqual({ slug: seed.id, programmes: seed.programmes.map(programmeName).sort(byText) });
      expect({ slug: node.slug, series: node.series.map((s) => [s.series.slug, s.position]) }).toEqual({ slug: seed.id, series: seed.series.map((s) => [s.id, s.position ?? null]) });
    }
    // The catalogue does record some of each, so the comparison above is not over empty lists only.
    for (const field of ['partners', 'funders', 'programmes', 'series', 'links'] as const) expect(publications.nodes.some((n) => n[field].length > 0)).toBe(true);
  });

  it('reaches each series with its title and every member publication', async () => {
    const { publications } = ok(await postGraphQL<Result>(server, QUERY));
    const memberships = publications.nodes.flatMap((n) => n.series);
    expect(memberships.length).toBeGreaterThan(0);
    for (const { series } of memberships) {
      const seed = catalogue.series.find((s) => s.id === series.slug)!;
      expect(series.title).toBe(seed.title);
      expect(series.titleIsDescriptive).toBe(seed.titleIsDescriptive);
      const members = catalogue.publications.filter((p) => p.series.some((s) => s.id === seed.id)).map((p) => p.id);
      expect(series.publications.map((p) => p.slug).sort()).toEqual(members.sort());
    }
  });

  it('a list of 20 publications asking partners, funders, programmes and series costs one round-trip (folded into the page)', async () => {
    const res = await postGraphQL<Result>(
      server,
      '{ publications(first: 20) { nodes { slug partners { name } funders { name } programmes { name } series { position } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.publications.nodes).toHaveLength(20);
    expect(roundTrips(res)).toBe(1);
  });

  it('20 publications fetched by id asking the same cost as many round-trips as 2: one batch per relation, not one per publication', async () => {
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Publication { slug partners { name } funders { name } programmes { name acronym } series { series { title } } } } }`;
    const ids = catalogue.publications.slice(0, 20).map((p) => toGlobalId('Publication', p.id));
    const twenty = await postGraphQL<{ nodes: { slug: string }[] }>(server, query, { ids });
    const two = await postGraphQL<{ nodes: { slug: string }[] }>(server, query, { ids: ids.slice(0, 2) });
    expect(twenty.errors).toBeUndefined();
    expect(twenty.data!.nodes.map((n) => n.slug)).toEqual(catalogue.publications.slice(0, 20).map((p) => p.id));
    // byId, then partners, funders, programmes and series in one tick: five batches.
    expect(roundTrips(twenty)).toBe(5);
    expect(roundTrips(two)).toBe(roundTrips(twenty));
  });
});

describe('an organisation', () => {
  interface Result {
    organisations: { totalCount: number; nodes: { slug: string; type: string; partOf: { slug: string }[]; offices: { slug: string; name: string }[]; publicationCount: number }[] };
  }
  const QUERY = '{ organisations(first: 100) { totalCount nodes { slug type partOf { slug } offices { slug name } publicationCount } } }';

  it('lists the organisation it is part of and its offices, as the seed files state them', async () => {
    const res = await postGraphQL<Result>(server, QUERY);
    const { organisations } = ok(res);
    expect(organisations.totalCount).toBe(catalogue.organisations.length);
    for (const node of organisations.nodes) {
      const seed = catalogue.organisations.find((o) => o.id === node.slug)!;
      expect({ slug: node.slug, partOf: node.partOf.map((o) => o.slug).sort() }).toEqual({ slug: seed.id, partOf: [...seed.partOf].sort() });
      const offices = catalogue.organisations.filter((o) => o.partOf.includes(seed.id)).map((o) => o.name).sort(byText);
      expect({ slug: node.slug, offices: node.offices.map((o) => o.name) }).toEqual({ slug: seed.id, offices });
      expect(node.type).toBe(seed.type.toUpperCase().replace(/-/g, '_'));
    }
    expect(organisations.nodes.find((o) => o.slug === 'iom')!.offices.length).toBeGreaterThan(3);
    // The list, the parents, the offices and the counts: four round-trips for every organisation.
    expect(roundTrips(res)).toBe(4);
  });

  it('counts the publications it or one of its offices published, co-published or funded', async () => {
    const { organisations } = ok(await postGraphQL<Result>(server, QUERY));
    for (const node of organisations.nodes) {
      const under = withDescendants(node.slug, organisationParents());
      const expected = countWhere((p) => [...p.publishers, ...p.partners, ...p.funders].some((o) => under.has(o)));
      expect({ slug: node.slug, count: node.publicationCount }).toEqual({ slug: node.slug, count: expected });
    }
  });

  it('with roots: true, lists only those that are no other organisation’s part, and the tree below them holds them all', async () => {
    const { organisations } = ok(await postGraphQL<Result>(server, '{ organisations(roots: true, first: 100) { totalCount nodes { slug offices { slug offices { slug } } } } }'));
    const roots = catalogue.organisations.filter((o) => o.partOf.length === 0).map((o) => o.id);
    expect(organisations.nodes.map((n) => n.slug).sort()).toEqual(roots.sort());
    expect(organisations.totalCount).toBe(roots.length);
  });
});

describe('a programme', () => {
  interface Result {
    programmes: {
      totalCount: number;
      nodes: { slug: string; name: string; links: string[]; organisations: { name: string }[]; places: { name: string }[]; topics: { label: string }[]; publicationCount: number }[];
    };
  }

  it('shows the organisations that run it, the places it operates in and the topics it addresses, for every programme', async () => {
    const res = await postGraphQL<Result>(server, '{ programmes(first: 100) { totalCount nodes { slug name links organisations { name } places { name } topics { label } publicationCount } } }');
    const { programmes } = ok(res);
    expect(programmes.totalCount).toBe(catalogue.programmes.length);
    expect(programmes.nodes.map((n) => n.slug)).toEqual(
      [...catalogue.programmes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1)).map((p) => p.id),
    );
    for (const node of programmes.nodes) {
      const seed = catalogue.programmes.find((p) => p.id === node.slug)!;
      expect({
        slug: node.slug,
        links: node.links,
        organisations: node.organisations.map((o) => o.name),
        places: node.places.map((p) => p.name),
        topics: node.topics.map((t) => t.label),
        publicationCount: node.publicationCount,
      }).toEqual({
        slug: seed.id,
        links: seed.links,
        organisations: seed.organisations.map(organisationName).sort(byText),
        places: seed.places.map(placeName).sort(byText),
        topics: seed.topics.map(topicLabel).sort(byText),
        publicationCount: countWhere((p) => p.programmes.includes(seed.id)),
      });
    }
    // The list, then organisations, places, topics and counts each in one batch.
    expect(roundTrips(res)).toBe(5);
  });
});

describe('the topic taxonomy as a tree', () => {
  interface TreeNode {
    slug: string;
    publicationCount: number;
    narrower: TreeNode[];
  }
  const TREE = '{ topics(roots: true, first: 100) { totalCount nodes { ...T narrower { ...T narrower { ...T narrower { ...T } } } } } } fragment T on Topic { slug publicationCount }';

  it('starts from the topics with no broader topic and reaches every topic through narrower', async () => {
    const { topics } = ok(await postGraphQL<{ topics: { totalCount: number; nodes: TreeNode[] } }>(server, TREE));
    const roots = catalogue.topics.filter((t) => t.broader.length === 0).map((t) => t.id);
    expect(topics.nodes.map((n) => n.slug).sort()).toEqual(roots.sort());
    expect(topics.totalCount).toBe(roots.length);
    const reached = new Set<string>();
    const walk = (nodes: TreeNode[]) => nodes.forEach((n) => (reached.add(n.slug), walk(n.narrower ?? [])));
    walk(topics.nodes);
    expect([...reached].sort()).toEqual(catalogue.topics.map((t) => t.id).sort());
  });

  it('counts, at every node, the publications about it or a narrower topic', async () => {
    const { topics } = ok(await postGraphQL<{ topics: { nodes: TreeNode[] } }>(server, TREE));
    const walk = (nodes: TreeNode[]) => {
      for (const n of nodes) {
        const under = withDescendants(n.slug, topicParents());
        expect({ slug: n.slug, count: n.publicationCount }).toEqual({ slug: n.slug, count: countWhere((p) => p.topics.some((t) => under.has(t))) });
        walk(n.narrower ?? []);
      }
    };
    walk(topics.nodes);
  });

  it('each node lists its publications with facets, and the facets count the same set as its publicationCount', async () => {
    const res = await postGraphQL<{ topics: { nodes: { slug: string; publicationCount: number; publications: { totalCount: number; facets: { total: number; topics: { buckets: { value: string; count: number; node: { id: string } | null }[] } } } }[] } }>(
      server,
      '{ topics(roots: true, first: 3) { nodes { slug publicationCount publications(first: 0) { totalCount facets(limit: 5) { total topics { buckets { value count node { id } } } } } } } }',
    );
    const { topics } = ok(res);
    expect(topics.nodes).toHaveLength(3);
    for (const n of topics.nodes) {
      expect(n.publications.totalCount).toBe(n.publicationCount);
      expect(n.publications.facets.total).toBe(n.publicationCount);
      for (const bucket of n.publications.facets.topics.buckets) expect(bucket.node?.id).toBe(toGlobalId('Topic', bucket.value));
    }
  });

  it('pages through every topic by label with cursors, and refuses a cursor of another list', async () => {
    const QUERY = 'query($after: Cursor) { topics(first: 7, after: $after) { totalCount edges { cursor node { slug } } pageInfo { hasNextPage hasPreviousPage endCursor } } }';
    type Page = { topics: { totalCount: number; edges: { cursor: string; node: { slug: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } } };
    const slugs: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const res: GraphQLResponse<Page> = await postGraphQL<Page>(server, QUERY, { after });
      const { topics } = ok(res);
      expect(topics.totalCount).toBe(catalogue.topics.length);
      expect(topics.pageInfo.hasPreviousPage).toBe(after !== null);
      slugs.push(...topics.edges.map((e) => e.node.slug));
      if (!topics.pageInfo.hasNextPage) break;
      after = topics.pageInfo.endCursor;
    }
    const expected = [...catalogue.topics].sort((a, b) => (a.label.en < b.label.en ? -1 : a.label.en > b.label.en ? 1 : a.id < b.id ? -1 : 1)).map((t) => t.id);
    expect(slugs).toEqual(expected);

    const placeCursor = ok(await postGraphQL<{ places: { pageInfo: { endCursor: string } } }>(server, '{ places(first: 1) { pageInfo { endCursor } } }')).places.pageInfo.endCursor;
    const refused = await postGraphQL(server, QUERY, { after: placeCursor });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.extensions?.argumentName).toBe('after');
  });
});

describe('the places as a tree', () => {
  interface PlaceNode {
    slug: string;
    publicationCount: number;
    contains?: PlaceNode[];
  }

  it('starts from the world and reaches every place through contains, each counting the publications covering it or a place within it', async () => {
    const { places } = ok(
      await postGraphQL<{ places: { nodes: PlaceNode[] } }>(
        server,
        '{ places(roots: true) { nodes { ...P contains { ...P contains { ...P contains { ...P contains { ...P contains { ...P contains { ...P } } } } } } } } } fragment P on Place { slug publicationCount }',
      ),
    );
    expect(places.nodes.map((p) => p.slug)).toEqual(catalogue.places.filter((p) => p.partOf.length === 0).map((p) => p.id));
    const reached = new Set<string>();
    const walk = (nodes: PlaceNode[]) => {
      for (const n of nodes) {
        reached.add(n.slug);
        const under = withDescendants(n.slug, placeParents());
        expect({ slug: n.slug, count: n.publicationCount }).toEqual({ slug: n.slug, count: countWhere((p) => p.places.some((x) => under.has(x))) });
        walk(n.contains ?? []);
      }
    };
    walk(places.nodes);
    expect([...reached].sort()).toEqual(catalogue.places.map((p) => p.id).sort());
  });

  it('with type, lists only places of that size', async () => {
    const { places } = ok(await postGraphQL<{ places: { totalCount: number; nodes: { slug: string }[] } }>(server, '{ places(type: COUNTRY, first: 100) { totalCount nodes { slug } } }'));
    const countries = catalogue.places.filter((p) => p.type === 'country').map((p) => p.id);
    expect(places.totalCount).toBe(countries.length);
    expect(places.nodes.map((p) => p.slug).sort()).toEqual(countries.sort());
  });
});

describe('the audiences', () => {
  it('are all listed, each with the number of publications written for it', async () => {
    const { audiences } = ok(await postGraphQL<{ audiences: { totalCount: number; nodes: { slug: string; publicationCount: number }[] } }>(server, '{ audiences(first: 100) { totalCount nodes { slug publicationCount } } }'));
    expect(audiences.totalCount).toBe(catalogue.audiences.length);
    expect(audiences.nodes.map((a) => a.slug).sort()).toEqual(catalogue.audiences.map((a) => a.id).sort());
    for (const a of audiences.nodes) expect({ slug: a.slug, count: a.publicationCount }).toEqual({ slug: a.slug, count: countWhere((p) => p.audiences.includes(a.slug)) });
  });
});

describe('cacheability over HTTP', () => {
  const TOPIC = 'counter-trafficking';
  const TOPIC_PAGE = `query TopicPage($slug: String!, $topic: ID!, $from: ID!, $to: ID!) {
    topic(slug: $slug) {
      label publicationCount
      relatedTopics(first: 5) { topic { slug label } sharedPublications jaccard }
      audiences(first: 5) { audience { slug label } count }
      places(first: 5) { place { name } count }
      programmes(first: 5) { programme { name } count }
      publications(first: 5) {
        totalCount
        nodes { slug partners { name } funders { name } programmes { name } series { series { title } } links }
        facets(limit: 5) { topics { buckets { value count node { id ... on Topic { label } } } } places { buckets { value node { ... on Place { name } } } } }
      }
    }
    readingPath(topic: $topic) { position stage why publication { slug } }
    path(from: $from, to: $to) { explanation nodes { label node { id } } steps { sentence } }
  }`;
  const variables = () => ({ slug: TOPIC, topic: TOPIC, from: toGlobalId('Topic', TOPIC), to: toGlobalId('Place', 'nigeria') });
  const getUrl = (query: string, vars: Record<string, unknown>) => `${server.url}?${new URLSearchParams({ query, variables: JSON.stringify(vars) })}`;

  it('answers a topic page with related topics, audiences, reading path, path and facet nodes with a public max-age', async () => {
    const res = await fetch(getUrl(TOPIC_PAGE, variables()), { headers: { 'apollo-require-preflight': 'true' } });
    const body = (await res.json()) as { data?: { topic: { relatedTopics: unknown[]; audiences: unknown[] }; readingPath: unknown[]; path: unknown[] }; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    expect(body.data!.topic.relatedTopics.length).toBeGreaterThan(0);
    expect(body.data!.topic.audiences.length).toBeGreaterThan(0);
    expect(body.data!.readingPath.length).toBeGreaterThan(0);
    expect(body.data!.path.length).toBeGreaterThan(0);
    expect(res.headers.get('cache-control')).toBe('max-age=300, public');
  });

  it('answers the vocabulary root lists and the new relationship fields with a public max-age', async () => {
    const query = `{ topics(roots: true) { edges { cursor node { slug narrower { slug } publicationCount } } pageInfo { endCursor } totalCount }
      audiences { nodes { slug publicationCount } }
      places(roots: true) { nodes { contains { slug } } }
      organisations(roots: true) { nodes { offices { partOf { slug } } } }
      programmes { nodes { organisations { slug } places { slug } topics { slug } } } }`;
    const res = await fetch(getUrl(query, {}), { headers: { 'apollo-require-preflight': 'true' } });
    expect(((await res.json()) as { errors?: unknown[] }).errors).toBeUndefined();
    expect(res.headers.get('cache-control')).toBe('max-age=300, public');
  });

  it('keeps an editor’s reads and every mutation no-store', async () => {
    const editor = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `ApiKey ${API_KEY}` },
      body: JSON.stringify({ query: TOPIC_PAGE, variables: variables() }),
    });
    expect(((await editor.json()) as { errors?: unknown[] }).errors).toBeUndefined();
    expect(editor.headers.get('cache-control')).toBe('no-store');

    const mutation = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `ApiKey ${API_KEY}` },
      body: JSON.stringify({ query: 'mutation { __typename }' }),
    });
    expect(mutation.headers.get('cache-control')).toBe('no-store');
  });
});
