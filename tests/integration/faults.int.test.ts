import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDriver, type GraphConnection } from '../../src/graph/connect';
import { type EmbeddedNeo4j, startEmbeddedNeo4j } from '../../src/graph/embedded-neo4j';
import { loadSeeds } from '../../src/seed/load-seeds';
import type { RunningServer } from '../../src/server/app';
import { startServer } from '../../src/server/app';
import { graphFingerprint } from '../support/fingerprint';
import { realCatalogue, silentLogger, testConfig } from '../support/graph';
import { postGraphQL } from '../support/http';

/**
 * Neo4j going away and coming back, on a Neo4j of this suite's own (the shared test database is not touched):
 * the service answers SERVICE_UNAVAILABLE quickly, /readyz turns red, and it recovers without a restart; a
 * write interrupted by the database dying leaves no partial data.
 */

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-faults-'));
let neo4j: EmbeddedNeo4j;
let port: number;
let graph: GraphConnection;
let server: RunningServer;

const start = async () => {
  neo4j = await startEmbeddedNeo4j({ port, dataDir, heap: '512m', pageCache: '64m' });
  port = neo4j.port;
};

beforeAll(async () => {
  port = 0;
  await start();
  const config = testConfig({ NEO4J_URI: neo4j.uri });
  graph = await connectDriver({ ...config.neo4j, uri: neo4j.uri }, neo4j.uri);
  await loadSeeds(graph.executor, await realCatalogue());
  server = await startServer({ config, executor: graph.executor, logger: silentLogger, port: 0 });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await graph?.close();
  await neo4j?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const readyz = () => fetch(server.url.replace('/graphql', '/readyz'));
const QUERY = '{ publication(slug: "iom-reintegration-handbook") { title topics { label } } }';

it('answers SERVICE_UNAVAILABLE quickly while Neo4j is down, and recovers without a restart', async () => {
  expect((await postGraphQL(server, QUERY)).errors).toBeUndefined();
  expect((await readyz()).status).toBe(200);

  await neo4j.stop();
  const started = performance.now();
  const down = await postGraphQL(server, QUERY);
  const downMs = performance.now() - started;
  expect(down.errors![0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' }, message: expect.stringMatching(/unavailable/) });
  expect(JSON.stringify(down)).not.toMatch(/bolt|ECONNREFUSED|127\.0\.0\.1/);
  expect(downMs).toBeLessThan(15_000);
  expect((await readyz()).status).toBe(503);

  const restarted = performance.now();
  await start();
  let recoveredMs = -1;
  for (let i = 0; i < 60; i++) {
    const res = await postGraphQL(server, QUERY);
    if (!res.errors) {
      recoveredMs = performance.now() - restarted;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  expect(recoveredMs).toBeGreaterThan(0);
  expect((await readyz()).status).toBe(200);
  process.stdout.write(`fault recovery: error answer in ${Math.round(downMs)} ms while down; answers again ${Math.round(recoveredMs)} ms after the restart began\n`);
}, 120_000);

it('leaves no partial data when Neo4j dies in the middle of a write', async () => {
  const catalogue = await realCatalogue();
  const before = await graphFingerprint(graph);
  const changed = { ...catalogue, publications: catalogue.publications.map((p) => ({ ...p, year: 1999 })) };
  let killed = false;
  await expect(
    loadSeeds(graph.executor, changed, {
      onProgress: ({ step }) => {
        if (!killed && step.startsWith('relationships')) {
          killed = true;
          process.kill(neo4j.pid, 'SIGKILL'); // a crash, not a clean shutdown
        }
      },
    }),
  ).rejects.toThrow();
  expect(killed).toBe(true);
  await neo4j.stop();
  await start();
  let after = '';
  for (let i = 0; i < 40 && !after; i++) {
    try {
      after = await graphFingerprint(graph);
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  expect(after).toBe(before);
}, 180_000);
