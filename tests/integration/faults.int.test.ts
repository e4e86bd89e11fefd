import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openGraph, type GraphConnection } from '../../src/graph/connect';
import { readStoreMarker, StoreConflictError } from '../../src/graph/store-marker';
import { loadSeeds } from '../../src/seed/load-seeds';
import { type RunningServer, startServer } from '../../src/server/app';
import { graphFingerprint } from '../support/fingerprint';
import { realCatalogue, silentLogger, testConfig } from '../support/graph';
import { postGraphQL } from '../support/http';

/**
 * Neo4j hanging, dying and coming back, on an embedded Neo4j of this suite's own, opened the way `npm start`
 * opens it (openGraph: supervised JVM, store marker, liveness watch); the shared test database is not touched.
 * Real processes are stopped and killed here, so the clocks are real and the bounds are the service's promises
 * (SERVICE_UNAVAILABLE within 5 s, /readyz within 2 s), with generous ones for a JVM restart. Each fault's
 * timeline is printed.
 */

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-faults-'));
const otherDataDir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-faults-other-'));
const warnings: { at: number; line: string }[] = [];
let port: number;
let graph: GraphConnection;
let server: RunningServer;
let stoppedPid: number | undefined;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = s.address() as net.AddressInfo;
      s.close(() => resolve(p));
    });
  });

/** The config `npm start` would have for this suite's store: embedded Neo4j on a fixed port. */
const embeddedConfig = (dir: string, onPort: number) =>
  testConfig({ NEO4J_URI: '', EMBEDDED_NEO4J_PORT: String(onPort), EMBEDDED_NEO4J_DATA_DIR: dir, EMBEDDED_NEO4J_HEAP: '512m', EMBEDDED_NEO4J_PAGECACHE: '64m' });

beforeAll(async () => {
  port = await freePort();
  const config = embeddedConfig(dataDir, port);
  graph = await openGraph(config, () => undefined, (line) => warnings.push({ at: performance.now(), line }));
  await loadSeeds(graph.executor, await realCatalogue());
  server = await startServer({ config, executor: graph.executor, logger: silentLogger, port: 0 });
}, 180_000);

afterAll(async () => {
  if (stoppedPid) process.kill(stoppedPid, 'SIGCONT'); // a failed hang test must not leave a frozen JVM behind
  await server?.stop();
  await graph?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(otherDataDir, { recursive: true, force: true });
}, 60_000);

const QUERY = '{ publication(slug: "iom-reintegration-handbook") { title topics { label } } }';
const seconds = (ms: number) => (ms / 1000).toFixed(1);

async function timed<T>(run: () => Promise<T>): Promise<T & { ms: number }> {
  const started = performance.now();
  const value = await run();
  return { ...value, ms: performance.now() - started };
}
const readyz = () => timed(async () => ({ status: (await fetch(server.url.replace('/graphql', '/readyz'))).status }));
const ask = () => timed(() => postGraphQL(server, QUERY));

/** Asks until an answer has no errors; the time from `since` to that answer. */
async function untilAnswered(since: number, withinMs: number): Promise<number> {
  while (performance.now() - since < withinMs) {
    const res = await ask();
    if (!res.errors && res.status === 200) return performance.now() - since;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the service did not answer within ${withinMs} ms`);
}

function expectUnavailableAnswer(res: Awaited<ReturnType<typeof ask>>): void {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
  expect(res.errors![0]!.message).toMatch(/unavailable/);
  expect(JSON.stringify(res)).not.toMatch(/bolt|ECONNREFUSED|127\.0\.0\.1|acquisition/);
}

async function jvmPid(): Promise<number> {
  const marker = await readStoreMarker(dataDir);
  if (!marker) throw new Error(`no store marker in ${dataDir}`);
  return marker.pid;
}

describe('one embedded database per store', () => {
  it('records its store, and a second start on the same store reuses the running Neo4j', async () => {
    const marker = await readStoreMarker(dataDir);
    expect(marker).toMatchObject({ port, dataDir, storeId: expect.stringMatching(/^[0-9A-F]{16,}$/) });
    const second = await openGraph(embeddedConfig(dataDir, port), () => undefined);
    try {
      expect(second.description).toBe(`embedded bolt://127.0.0.1:${port} (already running)`);
      await expect(second.executor.ping()).resolves.toBeUndefined();
    } finally {
      await second.close();
    }
    // Closing the reusing connection leaves the owner's Neo4j running.
    expect((await ask()).errors).toBeUndefined();
    expect((await readStoreMarker(dataDir))?.pid).toBe(marker!.pid);
  });

  it("refuses to serve another store's Neo4j, saying which port and store are in use and how to choose another", async () => {
    const refused = openGraph(embeddedConfig(otherDataDir, port), () => undefined);
    await expect(refused).rejects.toBeInstanceOf(StoreConflictError);
    const message = await refused.catch((e: Error) => e.message);
    expect(message).toContain(`Port ${port} is in use by the Neo4j of another store (${dataDir}), not by the embedded Neo4j of ${otherDataDir}.`);
    expect(message).toMatch(/EMBEDDED_NEO4J_PORT.*EMBEDDED_NEO4J_DATA_DIR.*NEO4J_URI/);
    expect(await readStoreMarker(otherDataDir)).toBeUndefined();
  });

  it('refuses a port held by something that is not Neo4j', async () => {
    const squatter = net.createServer((socket) => {
      socket.on('error', () => undefined); // the Bolt client hangs up on it
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    });
    const squatted = await new Promise<number>((resolve) => squatter.listen(0, '127.0.0.1', () => resolve((squatter.address() as net.AddressInfo).port)));
    try {
      await expect(openGraph(embeddedConfig(otherDataDir, squatted), () => undefined)).rejects.toThrow(
        new RegExp(`^Port ${squatted} is in use by a process that is not an embedded Neo4j this checkout can use \\(.+\\), not by the embedded Neo4j of ${otherDataDir}\\. Set EMBEDDED_NEO4J_PORT`),
      );
    } finally {
      squatter.close();
    }
  }, 20_000);
});

describe('database faults', () => {
  it('a hung Neo4j: 64 requests get SERVICE_UNAVAILABLE (503, Retry-After) within 5 s, /readyz 503 within 2 s, and answers resume with it', async () => {
    await untilAnswered(performance.now(), 60_000);
    const pid = await jvmPid();
    process.kill(pid, 'SIGSTOP');
    stoppedPid = pid;
    const fault = performance.now();

    const [ready, answers] = await Promise.all([readyz(), Promise.all(Array.from({ length: 64 }, ask))]);
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(2_000);
    for (const res of answers) expectUnavailableAnswer(res);
    const slowest = Math.max(...answers.map((a) => a.ms));
    expect(slowest).toBeLessThan(5_000);

    // Declared unavailable: later requests fail at once instead of waiting on the pool.
    const later = await ask();
    expectUnavailableAnswer(later);
    expect(later.ms).toBeLessThan(1_000);
    const readyLater = await readyz();
    expect(readyLater.status).toBe(503);

    // Hold the stall as long as the one in the issue (15 s): nothing may wait on it.
    await new Promise((r) => setTimeout(r, Math.max(0, 15_000 - (performance.now() - fault))));
    const duringStall = await ask();
    expectUnavailableAnswer(duringStall);

    process.kill(pid, 'SIGCONT');
    stoppedPid = undefined;
    const resumed = performance.now();
    const recoveredMs = await untilAnswered(resumed, 15_000);
    expect((await readyz()).status).toBe(200);
    expect(warnings.some((w) => /is unavailable: Neo4j did not answer a liveness probe within 2500 ms/.test(w.line))).toBe(true);
    process.stdout.write(
      `fault timeline, hung Neo4j (SIGSTOP 15 s): /readyz 503 after ${seconds(ready.ms)} s; 64 concurrent requests all SERVICE_UNAVAILABLE, ` +
        `slowest after ${seconds(slowest)} s; later requests in ${Math.round(later.ms)} ms; first good answer ${seconds(recoveredMs)} s after SIGCONT\n`,
    );
  }, 90_000);

  it('a killed Neo4j: SERVICE_UNAVAILABLE at once, the exit is logged, the supervisor restarts it on its store and the service answers again', async () => {
    await untilAnswered(performance.now(), 60_000);
    const pid = await jvmPid();
    const warned = warnings.length;
    process.kill(pid, 'SIGKILL');
    const fault = performance.now();

    const down = await ask();
    expectUnavailableAnswer(down);
    const firstError = performance.now() - fault;
    expect(firstError).toBeLessThan(5_000);

    const recoveredMs = await untilAnswered(fault, 120_000);
    expect((await readyz()).status).toBe(200);
    const logged = warnings.slice(warned).map((w) => w.line);
    expect(logged).toContainEqual(`embedded Neo4j (pid ${pid}) exited unexpectedly (SIGKILL); restarting it on port ${port} with the store in ${dataDir}`);
    expect(logged).toContainEqual(expect.stringMatching(new RegExp(`^embedded Neo4j restarted \\(pid \\d+, bolt://127\\.0\\.0\\.1:${port}\\)`)));
    const restartedPid = await jvmPid();
    expect(restartedPid).not.toBe(pid);
    expect(() => process.kill(restartedPid, 0)).not.toThrow();
    process.stdout.write(
      `fault timeline, killed Neo4j (SIGKILL): SERVICE_UNAVAILABLE after ${seconds(firstError)} s; ` +
        `restarted by the supervisor, first good answer ${seconds(recoveredMs)} s after the kill\n`,
    );
  }, 180_000);

  it('leaves no partial data when Neo4j dies in the middle of a write, and the supervisor brings it back', async () => {
    await untilAnswered(performance.now(), 60_000);
    const catalogue = await realCatalogue();
    const before = await graphFingerprint(graph);
    const changed = { ...catalogue, publications: catalogue.publications.map((p) => ({ ...p, year: 1999 })) };
    const pid = await jvmPid();
    let killed = false;
    await expect(
      loadSeeds(graph.executor, changed, {
        onProgress: ({ step }) => {
          if (!killed && step.startsWith('relationships')) {
            killed = true;
            process.kill(pid, 'SIGKILL'); // a crash, not a clean shutdown
          }
        },
      }),
    ).rejects.toThrow();
    expect(killed).toBe(true);
    await untilAnswered(performance.now(), 120_000);
    expect(await graphFingerprint(graph)).toBe(before);
  }, 180_000);
});
