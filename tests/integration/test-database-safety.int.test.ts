import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { connectDriver } from '../../src/graph/connect';
import { type EmbeddedNeo4j, startEmbeddedNeo4j } from '../../src/graph/embedded-neo4j';
import { prepareTestDatabase } from '../support/global-setup';
import { connectTestGraph, seedRealCatalogue, testConfig, wipeGraph } from '../support/graph';
import { CLAIMED_URI, type Env, EXTERNAL_URI, MARKER_CONSTRAINT, WIPE_CONFIRMATION } from '../support/test-database';

/**
 * `npm test` in a shell whose NEO4J_URI points at production must leave production alone. "Production" here is
 * a second embedded Neo4j holding data, reached only through a TCP proxy that counts connections, so "nothing
 * connected" is measured, not assumed. The setup under test is the one global-setup.ts runs (prepareTestDatabase);
 * only the embedded start is replaced, by the run's already running test Neo4j, so no third JVM is needed.
 */

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-production-'));
let production: EmbeddedNeo4j;
let direct: Driver;
let proxy: net.Server;
let proxiedUri: string;
let connectionsThroughProxy = 0;

const runDatabase = () => process.env[EXTERNAL_URI]!;
/** Stands in for startEmbeddedNeo4j: hands back the run's own test Neo4j (already claimed by the real setup). */
const reuseRunDatabase = async (tempDir: string): Promise<EmbeddedNeo4j> => {
  rmSync(tempDir, { recursive: true, force: true });
  return { uri: runDatabase(), port: Number(new URL(runDatabase()).port), pid: 0, stop: async () => undefined };
};

async function productionState(): Promise<{ nodes: number; marker: boolean; keep: string[] }> {
  const session = direct.session({ database: 'neo4j' });
  try {
    const nodes = (await session.run('MATCH (n) RETURN count(n) AS n')).records[0]!.get('n').toNumber();
    const marker = (await session.run(`SHOW CONSTRAINTS YIELD name WHERE name = '${MARKER_CONSTRAINT}' RETURN name`)).records.length === 1;
    const keep = (await session.run('MATCH (k:ProductionMarker) RETURN k.id AS id ORDER BY id')).records.map((r) => r.get('id') as string);
    return { nodes, marker, keep };
  } finally {
    await session.close();
  }
}

beforeAll(async () => {
  production = await startEmbeddedNeo4j({ port: 0, dataDir, heap: '512m', pageCache: '64m' });
  direct = neo4j.driver(production.uri, neo4j.auth.basic('neo4j', 'unused'));
  const session = direct.session({ database: 'neo4j' });
  await session.run("CREATE (:ProductionMarker {id: 'the-real-graph'}) WITH 1 AS x UNWIND range(1, 41) AS i CREATE (:Publication {id: 'prod-' + i})");
  await session.close();
  proxy = net.createServer((client) => {
    connectionsThroughProxy += 1;
    const upstream = net.connect(production.port, '127.0.0.1');
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxiedUri = `bolt://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await direct?.close();
  await production?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  connectionsThroughProxy = 0;
});

describe('the test suite and a production NEO4J_URI in the environment', () => {
  it('npm test\'s setup with NEO4J_URI pointing at production uses the embedded Neo4j, and seeding and wiping leave production untouched, never connected to', async () => {
    const before = await productionState();
    expect(before).toEqual({ nodes: 42, marker: false, keep: ['the-real-graph'] });

    // What a developer's shell might hold, and nothing of the suite's own variables.
    const env: Env = { NEO4J_URI: proxiedUri, NEO4J_USER: 'neo4j', NEO4J_PASSWORD: 'production-password', NEO4J_DATABASE: 'neo4j' };
    const prepared = await prepareTestDatabase(env, reuseRunDatabase);
    expect(prepared.uri).toBe(runDatabase());
    expect(env[EXTERNAL_URI]).toBe(runDatabase());
    expect(env[CLAIMED_URI]).toBe(runDatabase());

    const config = testConfig({}, { ...env, JEST_WORKER_ID: '1' });
    expect(config.neo4j.uri).toBe(runDatabase());
    expect(config.neo4j.password).not.toBe('production-password');
    const graph = await connectTestGraph(config);
    try {
      await wipeGraph(graph);
      await seedRealCatalogue(graph); // wipes again, then loads graph-seeds/
    } finally {
      await graph.close();
    }

    expect(await productionState()).toEqual(before);
    expect(connectionsThroughProxy).toBe(0);
  });

  it('testConfig never falls back to NEO4J_URI: without a claimed test database it refuses', () => {
    expect(() => testConfig({}, { NEO4J_URI: proxiedUri, NEO4J_PASSWORD: 'production-password' })).toThrow(/was not claimed by tests\/support\/global-setup\.ts/);
    // A URI set by hand but not claimed by setup is refused too.
    expect(() => testConfig({}, { [EXTERNAL_URI]: proxiedUri })).toThrow(/was not claimed/);
    expect(connectionsThroughProxy).toBe(0);
  });

  it('refuses an external test database named without the wipe confirmation, before connecting', async () => {
    await expect(prepareTestDatabase({ [EXTERNAL_URI]: proxiedUri, PUBGRAPH_TEST_NEO4J_PASSWORD: 'x' }, reuseRunDatabase)).rejects.toThrow(
      /PUBGRAPH_TEST_NEO4J_WIPE is not "yes-wipe-it"/,
    );
    await expect(prepareTestDatabase({ [EXTERNAL_URI]: proxiedUri, [WIPE_CONFIRMATION]: 'yes', PUBGRAPH_TEST_NEO4J_PASSWORD: 'x' }, reuseRunDatabase)).rejects.toThrow(
      /PUBGRAPH_TEST_NEO4J_WIPE/,
    );
    expect(connectionsThroughProxy).toBe(0);
  });

  it('with the confirmation, refuses a non-empty database the suite did not mark, writing nothing to it', async () => {
    const before = await productionState();
    const env: Env = { [EXTERNAL_URI]: proxiedUri, [WIPE_CONFIRMATION]: 'yes-wipe-it', PUBGRAPH_TEST_NEO4J_PASSWORD: 'x' };
    await expect(prepareTestDatabase(env, reuseRunDatabase)).rejects.toThrow(/holds 42 nodes and no pubgraph_test_database_marker constraint/);
    expect(env[CLAIMED_URI]).toBeUndefined();
    expect(await productionState()).toEqual(before);
  });

  it('wipeGraph refuses a connection to a database without the marker', async () => {
    const graph = await connectDriver({ uri: proxiedUri, user: 'neo4j', password: 'x', database: 'neo4j', maxPoolSize: 2, txTimeoutMs: 5_000 }, proxiedUri);
    try {
      await expect(wipeGraph(graph)).rejects.toThrow(/refusing to wipe .* not the test suite's database/);
    } finally {
      await graph.close();
    }
    expect((await productionState()).nodes).toBe(42);
  });

  it('an empty external database is marked on first use and accepted from then on', async () => {
    const session = direct.session({ database: 'neo4j' });
    await session.run('MATCH (n) DETACH DELETE n');
    await session.close();
    const env: Env = { [EXTERNAL_URI]: proxiedUri, [WIPE_CONFIRMATION]: 'yes-wipe-it', PUBGRAPH_TEST_NEO4J_PASSWORD: 'x' };
    expect(await prepareTestDatabase(env, reuseRunDatabase)).toEqual({ uri: proxiedUri });
    expect(env[CLAIMED_URI]).toBe(proxiedUri);
    expect((await productionState()).marker).toBe(true);
    // Marked now: data written later does not make it someone else's.
    const write = direct.session({ database: 'neo4j' });
    await write.run('CREATE (:Publication {id: "written-by-a-test"})');
    await write.close();
    await expect(prepareTestDatabase({ ...env, [CLAIMED_URI]: undefined }, reuseRunDatabase)).resolves.toEqual({ uri: proxiedUri });
  });

  it('runs integration files one at a time by configuration, not by a command-line flag', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require('../../jest.config.js') as { maxWorkers?: number };
    expect(config.maxWorkers).toBe(1);
    const claimed = { [EXTERNAL_URI]: runDatabase(), [CLAIMED_URI]: runDatabase(), PUBGRAPH_TEST_NEO4J_PASSWORD: 'unused-auth-disabled' };
    expect(() => testConfig({}, { ...claimed, JEST_WORKER_ID: '2' })).toThrow(/must run serially/);
    expect(testConfig({}, { ...claimed, JEST_WORKER_ID: '1' }).neo4j.uri).toBe(runDatabase());
  });
});
