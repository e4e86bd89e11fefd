/**
 * The floor: the same answers as the bench's GraphQL workloads, fetched with neo4j-driver and no GraphQL, served
 * as JSON over plain node:http so it is compared over HTTP like the others. What it leaves out is what our
 * layers cost: Express, Apollo (parsing, validation, execution, plugins), resolvers and DataLoaders.
 *
 * List, companions and search are hand-written Cypher, one read transaction per request. Where the product's
 * Cypher IS the algorithm (related scoring, facets, neighbourhood, paths), the floor runs the product's query
 * text or data function directly (no GraphQL), because writing a different algorithm would not measure the
 * same results.
 *   node --import tsx bench/floor-server.ts   (env: BENCH_BOLT_URI, BENCH_PORT)
 */
import http from 'node:http';
import { disableNagle } from '../src/graph/connect';
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { findConnectionPaths } from '../src/explore/path.cypher';
import { findNeighbourhood } from '../src/explore/neighbourhood.cypher';
import { GraphExecutor } from '../src/graph/executor';
import { toCypherParams, toNative } from '../src/graph/values';
import { compilePublicationFilter } from '../src/publications/publication-filter';
import { filteredSet, findPublicationFacets } from '../src/publications/publication-list.cypher';
import { toRelatedList } from '../src/recommendations/related.loaders';
import { editionMargin } from '../src/recommendations/related.rules';
import { relatedParams, relatedPublicationsQuery, type RelatedRow } from '../src/recommendations/related.cypher';
import { DEFAULT_WEIGHTS } from '../src/recommendations/related.rules';

const uri = process.env.BENCH_BOLT_URI ?? 'bolt://127.0.0.1:7687';
const port = Number(process.env.BENCH_PORT ?? 4301);
// The same socket setting as the service's driver (src/graph/connect.ts), so the ratios compare our layers only.
disableNagle();
const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'unused'), { maxConnectionPoolSize: 100, disableLosslessIntegers: true });
const executor = new GraphExecutor(driver, { database: 'neo4j', txTimeoutMs: 30_000 });

let roundTrips = 0;
async function read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
  const session = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead(work);
  } finally {
    await session.close();
  }
}
const rows = async (tx: ManagedTransaction, text: string, params: Record<string, unknown>) => {
  roundTrips++;
  // Whole numbers as Cypher INTEGERs, as the service's executor sends them (`LIMIT $limit` refuses a FLOAT).
  const result = await tx.run(text, toCypherParams(params) as Record<string, unknown>);
  return result.records.map((r) => toNative(r.toObject()) as Record<string, unknown>);
};

// The same candidate source as the service's widget (the related index), so ours/floor isolates our layers.
const RELATED = relatedPublicationsQuery(null, 'index').query;

/** Driven from the topic side (the topic and its narrower topics, then their publications). */
const TOPIC_SET = `MATCH (x:Topic) WHERE x.id IN $topics MATCH (t:Topic)-[:BROADER*0..]->(x) WITH DISTINCT t MATCH (t)<-[:ABOUT]-(p:Publication) WITH DISTINCT p`;
const LIST_CYPHER = `${TOPIC_SET}
  WITH p ORDER BY p.sortTitle, p.id LIMIT 20
  RETURN p { .id, .title, .year, .kind,
    topics: [(p)-[:ABOUT]->(t:Topic) | t { .id, .labelEn }],
    places: [(p)-[:COVERS]->(pl:Place) | pl { .id, .name }],
    audiences: [(p)-[:FOR_AUDIENCE]->(a:Audience) | a { .id, .labelEn }] } AS publication`;
const COUNT_CYPHER = `${TOPIC_SET} RETURN count(p) AS total`;

const COMPANIONS_CYPHER = `MATCH (p:Publication {id: $slug})
  RETURN p.title AS title,
    [(p)-[r:COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF]-(c:Publication) |
      { type: type(r), outgoing: startNode(r) = p, evidence: r.evidence, source: r.source, publication: c { .id, .title, .year } }] AS companions`;

const SEARCH_CYPHER = `CALL db.index.fulltext.queryNodes('publication_text', $q) YIELD node AS p, score
  WITH p, score ORDER BY score DESC, p.id LIMIT 20
  RETURN p { .id, .title, .year, .kind } AS publication, score`;
const SEARCH_COUNT = `CALL db.index.fulltext.queryNodes('publication_text', $q) YIELD node RETURN count(node) AS total`;

type Handler = (q: URLSearchParams) => Promise<unknown>;
const handlers: Record<string, Handler> = {
  '/widget': async (q) => {
    const slug = q.get('slug')!;
    return read(async (tx) => {
      const [seed] = await rows(tx, 'MATCH (p:Publication {id: $slug}) RETURN p.title AS title', { slug });
      const related = (await rows(tx, RELATED.cypher, relatedParams([slug], { weights: DEFAULT_WEIGHTS, limit: editionMargin(5), filterParams: {} }))) as unknown as RelatedRow[];
      const items = toRelatedList(related[0], { first: 5, preferLanguage: null });
      return {
        title: seed?.title,
        related: items.map((i) => ({
          score: i.score,
          reasons: i.reasons.map((r) => ({ kind: r.kind, label: r.label, relation: r.relation })),
          publication: { id: i.publication.id, title: i.publication.title, year: i.publication.year, kind: i.publication.kind },
        })),
      };
    });
  },
  '/companions': (q) => read(async (tx) => (await rows(tx, COMPANIONS_CYPHER, { slug: q.get('slug') }))[0]),
  '/list': (q) =>
    read(async (tx) => {
      const topics = [q.get('topic')];
      const [list, [count]] = [await rows(tx, LIST_CYPHER, { topics }), await rows(tx, COUNT_CYPHER, { topics })];
      const facets = q.get('facets') === '1' ? await findPublicationFacets(executor, filteredSet(compilePublicationFilter({ topics: [q.get('topic')!] })), 20).finally(() => roundTrips++) : undefined;
      return { totalCount: count?.total, nodes: list.map((r) => r.publication), facets };
    }),
  '/search': (q) =>
    read(async (tx) => {
      const [list, [count]] = [await rows(tx, SEARCH_CYPHER, { q: q.get('q') }), await rows(tx, SEARCH_COUNT, { q: q.get('q') })];
      return { totalCount: count?.total, nodes: list };
    }),
  '/neighbourhood': async (q) => {
    roundTrips += 2;
    return findNeighbourhood(executor, { type: 'Topic', slug: q.get('slug')!, depth: 2, limitPerType: 10 });
  },
  '/path': async (q) => {
    roundTrips += 1;
    return findConnectionPaths(executor, {
      from: { type: 'Publication', slug: q.get('from')! },
      to: { type: 'Publication', slug: q.get('to')! },
      maxLength: 4,
      first: 3,
      avoidHubs: true,
    });
  },
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const handler = handlers[url.pathname];
  if (!handler) {
    res.writeHead(404).end();
    return;
  }
  const before = roundTrips;
  handler(url.searchParams).then(
    (body) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-floor-roundtrips': String(roundTrips - before) });
      res.end(JSON.stringify(body));
    },
    (error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error instanceof Error ? error.message : String(error));
    },
  );
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`FLOOR_READY ${port}\n`));
process.on('SIGTERM', () => {
  server.close();
  void driver.close().then(() => process.exit(0));
});
