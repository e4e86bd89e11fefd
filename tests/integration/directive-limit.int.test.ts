import type { GraphConnection } from '../../src/graph/connect';
import { type RunningServer, startServer } from '../../src/server/app';
import { QUERY_LIMITS } from '../../src/server/limits';
import { connectTestGraph, seedRealCatalogue, silentLogger, testConfig } from '../support/graph';
import { postGraphQL, roundTrips } from '../support/http';

/** The directive count per document (src/server/limits.ts), refused at validation before any Cypher. */

const HANDBOOK = 'iom-reintegration-handbook';

let graph: GraphConnection;
let server: RunningServer;

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  server = await startServer({ config: testConfig(), executor: graph.executor, logger: silentLogger, port: 0 });
});
afterAll(async () => {
  await server?.stop();
  await graph?.close();
});

describe('the directive limit', () => {
  const withDirectives = (n: number) =>
    `{ publication(slug: "${HANDBOOK}") { ${Array.from({ length: n }, () => '... @include(if: true) { title }').join(' ')} } }`;

  it(`accepts ${QUERY_LIMITS.maxDirectives} directives and refuses ${QUERY_LIMITS.maxDirectives + 1}, before touching the database`, async () => {
    expect(QUERY_LIMITS.maxDirectives).toBe(20);
    const at = await postGraphQL<{ publication: Record<string, string> }>(server, withDirectives(20));
    expect(at.errors).toBeUndefined();
    expect(at.data!.publication.title).toMatch(/^Reintegration Handbook/);
    const over = await postGraphQL(server, withDirectives(21));
    expect(over.status).toBe(400);
    expect(over.errors![0]!.message).toMatch(/directives/i);
    expect(roundTrips(over)).toBe(0);
  });
});
