import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { Kind, parse, print } from 'graphql';
import type { GraphConnection } from '../../src/graph/connect';
import type { RunningServer } from '../../src/server/app';
import { toGlobalId } from '../../src/node/global-id';
import { connectTestGraph, seedRealCatalogue } from '../support/graph';
import { postGraphQL, startTestServer } from '../support/http';

/**
 * pubgraph as an Apollo Federation 2 subgraph: a supergraph composed with @apollo/composition from its `_service`
 * SDL and a tiny library-holdings subgraph that extends Publication, served by an in-process @apollo/gateway whose
 * subgraphs answer over loopback HTTP. What each of pubgraph's answers cost in Cypher round-trips is read from its
 * `x-pubgraph-cypher-roundtrips` header as the gateway receives it.
 */

const HOLDINGS_SDL = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  "A library's holdings of a catalogue publication, known by its slug."
  type Publication @key(fields: "slug") {
    slug: String!
    "Copies the library holds."
    holdings: Int!
  }

  type Query {
    "The publications the library holds most copies of."
    mostHeld(first: Int!): [Publication!]!
  }
`);

/** A stand-in for a library system: how many copies it holds, derived from the key alone. */
const holdingsOf = (slug: string) => (slug.length % 7) + 1;

let graph: GraphConnection;
let pubgraph: RunningServer;
let holdings: { url: string; stop: () => Promise<void> };
let gateway: ApolloServer;
let slugs: string[];
/** The round-trip header of each answer pubgraph gave the gateway, with the operation it answered. */
const subgraphCalls: { subgraph: string; query: string; roundTrips: number | undefined }[] = [];

class RecordingDataSource extends RemoteGraphQLDataSource {
  constructor(readonly subgraph: string, url: string) {
    super({ url });
  }
  override didReceiveResponse({ response, request }: Parameters<NonNullable<RemoteGraphQLDataSource['didReceiveResponse']>>[0]) {
    const header = response.http?.headers.get('x-pubgraph-cypher-roundtrips');
    subgraphCalls.push({ subgraph: this.subgraph, query: request.query ?? '', roundTrips: header === null || header === undefined ? undefined : Number(header) });
    return response;
  }
}

async function throughGateway<T>(query: string): Promise<{ data?: T; errors?: unknown }> {
  subgraphCalls.length = 0;
  const response = await gateway.executeOperation({ query });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult as { data?: T; errors?: unknown };
}

const entityCalls = () => subgraphCalls.filter((c) => c.subgraph === 'pubgraph' && c.query.includes('_entities'));

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  pubgraph = await startTestServer(graph);
  const page = await postGraphQL<{ publications: { nodes: { slug: string }[] } }>(pubgraph, '{ publications(first: 20) { nodes { slug } } }');
  slugs = page.data!.publications.nodes.map((p) => p.slug);

  const holdingsServer = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: HOLDINGS_SDL,
      resolvers: {
        Query: { mostHeld: (_root: unknown, args: { first: number }) => slugs.slice(0, args.first).map((slug) => ({ slug })) },
        Publication: { holdings: (publication: { slug: string }) => holdingsOf(publication.slug) },
      },
    }),
  });
  const { url } = await startStandaloneServer(holdingsServer, { listen: { host: '127.0.0.1', port: 0 } });
  holdings = { url, stop: () => holdingsServer.stop() };

  const service = await postGraphQL<{ _service: { sdl: string } }>(pubgraph, '{ _service { sdl } }');
  const composed = composeServices([
    { name: 'pubgraph', url: pubgraph.url, typeDefs: parse(service.data!._service.sdl) },
    { name: 'holdings', url: holdings.url, typeDefs: HOLDINGS_SDL },
  ]);
  if (composed.errors) throw new Error(`composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
  gateway = new ApolloServer({
    gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl, buildService: ({ name, url }) => new RecordingDataSource(name, url!) }),
  });
  await gateway.start();
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await holdings?.stop();
  await pubgraph?.stop();
  await graph?.close();
});

describe('pubgraph as a federation subgraph', () => {
  it('gives its SDL with the entity keys through _service', async () => {
    const service = await postGraphQL<{ _service: { sdl: string } }>(pubgraph, '{ _service { sdl } }');
    expect(service.data!._service.sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7"');
    const keys = new Map<string, string[]>();
    for (const definition of parse(service.data!._service.sdl).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
      for (const directive of definition.directives ?? []) {
        if (directive.name.value === 'key') keys.set(definition.name.value, [...(keys.get(definition.name.value) ?? []), print(directive)]);
      }
    }
    expect(Object.fromEntries(keys)).toEqual(
      Object.fromEntries(['Publication', 'Topic', 'Audience', 'Place', 'Organisation', 'Programme'].map((type) => [type, ['@key(fields: "id")', '@key(fields: "slug")']])),
    );
  });

  it('resolves entities by global id or slug, and a reference to nothing (or of another type) to null', async () => {
    const response = await postGraphQL<{ _entities: ({ __typename: string; slug?: string; label?: string } | null)[] }>(
      pubgraph,
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Publication { slug } ... on Topic { slug label } } }',
      {
        r: [
          { __typename: 'Publication', id: toGlobalId('Publication', slugs[0]!) },
          { __typename: 'Publication', slug: slugs[1] },
          { __typename: 'Topic', slug: 'counter-trafficking' },
          { __typename: 'Publication', slug: 'no-such-publication' },
          { __typename: 'Publication', id: toGlobalId('Topic', 'counter-trafficking') },
        ],
      },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([
      { __typename: 'Publication', slug: slugs[0] },
      { __typename: 'Publication', slug: slugs[1] },
      { __typename: 'Topic', slug: 'counter-trafficking', label: expect.any(String) },
      null,
      null,
    ]);
  });

  it('refuses a representation without an entity type as a client error', async () => {
    const response = await postGraphQL(pubgraph, 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', { r: [{ __typename: 'LanguageEdition', id: 'x' }] });
    expect(response.status).toBe(400);
    expect(response.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.message).toContain('the __typename of an entity');
  });
});

describe('a supergraph of pubgraph and a holdings subgraph, through an in-process gateway', () => {
  it('answers a query that starts in pubgraph and reads holdings from the other subgraph', async () => {
    const result = await throughGateway<{ publications: { nodes: { slug: string; title: string | null; holdings: number }[] } }>(
      '{ publications(first: 5) { nodes { slug title holdings } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.publications.nodes).toEqual(slugs.slice(0, 5).map((slug) => ({ slug, title: expect.anything(), holdings: holdingsOf(slug) })));
    expect(subgraphCalls.map((c) => c.subgraph)).toEqual(['pubgraph', 'holdings']);
  });

  it('answers a query that starts in holdings and reads catalogue facts from pubgraph', async () => {
    const result = await throughGateway<{ mostHeld: { slug: string; holdings: number; displayTitle: string; topics: { slug: string }[] }[] }>(
      '{ mostHeld(first: 3) { slug holdings displayTitle topics { slug } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.mostHeld.map((p) => p.slug)).toEqual(slugs.slice(0, 3));
    for (const publication of result.data!.mostHeld) {
      expect(publication.holdings).toBe(holdingsOf(publication.slug));
      expect(publication.displayTitle.length).toBeGreaterThan(0);
      expect(publication.topics.length).toBeGreaterThan(0);
    }
  });

  it("resolves 20 publications' entities in as few Cypher round-trips as 2 (one per loader, not one per entity)", async () => {
    const cost = async (first: number) => {
      const result = await throughGateway<{ mostHeld: { topics: unknown[]; publishers: unknown[] }[] }>(`{ mostHeld(first: ${first}) { holdings title topics { label } publishers { name } } }`);
      expect(result.errors).toBeUndefined();
      expect(result.data!.mostHeld).toHaveLength(first);
      expect(entityCalls()).toHaveLength(1);
      const { roundTrips } = entityCalls()[0]!;
      expect(roundTrips).toBeGreaterThan(0);
      return roundTrips!;
    };
    const twenty = await cost(20);
    expect(twenty).toBe(await cost(2));
    // The publications by id, their topics and their publishers.
    expect(twenty).toBeLessThanOrEqual(3);
  });
});
