import type { GraphConnection } from '../../src/graph/connect';
import { cypher } from '../../src/graph/executor';
import type { RunningServer } from '../../src/server/app';
import { connectTestGraph, seedRealCatalogue, silentLogger, testConfig } from '../support/graph';
import { postGraphQL } from '../support/http';
import { startServer } from '../../src/server/app';

/**
 * Admission control over HTTP on the real database: one transaction at a time, two more may wait 2 s. A
 * slow query holds the only slot while a burst arrives; the burst is answered, in part, by 503 with
 * Retry-After and never by any other 5xx, and once the slow query ends the service answers again at once.
 */

const env = { NEO4J_MAX_CONCURRENT: '1', NEO4J_MAX_QUEUED: '2', NEO4J_QUEUE_WAIT_MS: '2000', OVERLOAD_RETRY_AFTER_SECONDS: '2' };
let graph: GraphConnection;
let server: RunningServer;

beforeAll(async () => {
  const config = testConfig(env);
  graph = await connectTestGraph(config);
  await seedRealCatalogue(graph);
  server = await startServer({ config, executor: graph.executor, logger: silentLogger, port: 0 });
  // The server plans the widget's query at start in two reads at once: with one slot the second is shed (the
  // start goes on without it) while the first may still be planning. The tests start from an idle gate.
  while (graph.executor.admissionLoad().running > 0) await new Promise((r) => setTimeout(r, 50));
});
afterAll(async () => {
  await server?.stop();
  await graph?.close();
});

/** One Cypher round-trip. */
const QUERY = '{ publication(slug: "iom-reintegration-handbook") { title } }';

/** A read transaction that holds its slot until `release` is called: a query as slow as the test wants. */
function slowQuery() {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const running = graph.executor.transaction('read', 'slow test query', async (tx) => {
    await tx.run(cypher('slow test query', 'RETURN 1 AS one'));
    await held;
  });
  return { running, release };
}

describe('admission control', () => {
  it('sheds a burst beyond its bound with 503 and Retry-After, serves those that waited, and recovers', async () => {
    const slow = slowQuery();
    await new Promise((r) => setTimeout(r, 50));
    expect(graph.executor.admissionLoad()).toEqual({ running: 1, queued: 0 });

    let settled = 0;
    const burst = Array.from({ length: 12 }, () => postGraphQL<{ publication: { title: string } }>(server, QUERY).finally(() => (settled += 1)));
    // While the slow query holds the slot, two requests wait in line and the ten beyond them are answered at once.
    const until = performance.now() + 10_000;
    while (settled < 10 && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(10);
    expect(graph.executor.admissionLoad()).toEqual({ running: 1, queued: 2 });
    // The slow query ends well inside the 2 s the two may wait.
    slow.release();
    await slow.running;
    const answers = await Promise.all(burst);

    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    const shed = answers.filter((a) => a.status === 503);
    const served = answers.filter((a) => a.status === 200);
    expect(shed).toHaveLength(10);
    expect(served).toHaveLength(2);
    for (const a of served) expect(a.data?.publication.title).toMatch(/Reintegration Handbook/);
    for (const a of shed) {
      expect(a.headers.get('retry-after')).toBe('2');
      expect(a.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(a.errors?.[0]?.message).toBe('The service is busy; try again in 2 s.');
    }

    const after = await postGraphQL<{ publication: { title: string } }>(server, QUERY);
    expect(after.status).toBe(200);
    expect(after.errors).toBeUndefined();
    expect(graph.executor.admissionLoad()).toEqual({ running: 0, queued: 0 });
  });

  it('sheds a request that waited its longest while the slot stayed taken', async () => {
    const slow = slowQuery();
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    const res = await postGraphQL(server, QUERY);
    const waited = performance.now() - started;
    slow.release();
    await slow.running;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(waited).toBeGreaterThanOrEqual(1_990);
    expect(waited).toBeLessThan(6_000);
    expect((await postGraphQL(server, QUERY)).status).toBe(200);
  });
});
