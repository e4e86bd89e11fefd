import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { GraphConnection } from '../../src/graph/connect';
import { connectTestGraph, seedRealCatalogue } from '../support/graph';
import type { FinishedSpan } from '../support/traced-server';

/**
 * OpenTelemetry traces of a widget request, recorded by an in-memory exporter in a service process of its own
 * (tests/support/traced-server.ts says why): the HTTP server span, GraphQL's spans under it, and one span per
 * Cypher round-trip, named after its query, under those.
 */

const HANDBOOK = 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse';
const WIDGET_QUERY = `query PubgraphRelated($slug: String, $first: Int) {
  publication(slug: $slug) { displayTitle related(first: $first) { score reasons { kind label relation } publication { id slug displayTitle year kind languages { code } } } }
}`;
const SERVER = 1;
const CLIENT = 2;

let graph: GraphConnection;
let child: ChildProcess;
let url: string;

function ask<T>(message: string, key: keyof T): Promise<T> {
  return new Promise((resolve) => {
    const listener = (reply: T) => {
      if (reply[key] === undefined) return;
      child.off('message', listener);
      resolve(reply);
    };
    child.on('message', listener);
    if (message) child.send(message);
  });
}

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  child = fork(path.join(__dirname, '../support/traced-server.ts'), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  ({ url } = await ask<{ url: string }>('', 'url'));
}, 120_000);

afterAll(async () => {
  if (child?.connected) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('stop');
    await exited;
  }
  await graph?.close();
});

describe('a widget request traced with OpenTelemetry', () => {
  it('is one trace: the HTTP server span, GraphQL under it, and a span per Cypher round-trip with its query name, rows and database time', async () => {
    const response = await fetch(`${url}?${new URLSearchParams({ query: WIDGET_QUERY, variables: JSON.stringify({ slug: HANDBOOK, first: 5 }) })}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(response.status).toBe(200);
    const roundTrips = Number(response.headers.get('x-pubgraph-cypher-roundtrips'));
    expect(roundTrips).toBeGreaterThan(0);

    const { spans } = await ask<{ spans: FinishedSpan[] }>('spans', 'spans');
    const server = spans.filter((s) => s.kind === SERVER && s.attributes['http.route'] === '/graphql');
    expect(server).toHaveLength(1);
    const trace = spans.filter((s) => s.traceId === server[0]!.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const ancestors = (span: FinishedSpan): string[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [parent.name, ...ancestors(parent)] : [];
    };

    const execute = trace.filter((s) => s.name.startsWith('query PubgraphRelated') || s.name === 'graphql.execute');
    expect(execute).toHaveLength(1);
    expect(ancestors(execute[0]!)).toContain(server[0]!.name);
    expect(trace.filter((s) => s.name === 'graphql.parse' || s.name === 'graphql.validate').map((s) => ancestors(s).at(-1))).toEqual([server[0]!.name, server[0]!.name]);

    const cypher = trace.filter((s) => s.name.startsWith('cypher '));
    // Exactly the round-trips the request reports, each under GraphQL's execution, within the HTTP request.
    expect(cypher).toHaveLength(roundTrips);
    for (const span of cypher) {
      expect(span.kind).toBe(CLIENT);
      expect(ancestors(span)).toEqual(expect.arrayContaining([execute[0]!.name, server[0]!.name]));
      expect(span.name).toBe(`cypher ${span.attributes['db.query.summary'] as string}`);
      expect(span.attributes).toMatchObject({ 'db.system.name': 'neo4j', 'db.response.returned_rows': expect.any(Number), 'pubgraph.db.ms': expect.any(Number) });
    }
    expect(cypher.map((s) => s.attributes['db.query.summary'])).toContain('publicationsByIds');
  }, 60_000);
});
