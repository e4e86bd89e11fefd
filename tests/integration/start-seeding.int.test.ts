import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { GraphConnection } from '../../src/graph/connect';
import { cypher } from '../../src/graph/executor';
import { connectTestGraph, realCatalogue, testConfig, wipeGraph } from '../support/graph';

/**
 * `npm start` (`tsx src/main.ts`) as a real process against the run's test Neo4j: SEED_ON_START=if-empty (the
 * default) loads graph-seeds/ into a graph without publications and leaves one with publications alone; `never`
 * does not seed. Only the suite's claimed database is used (testConfig refuses any other).
 */

const ROOT = path.resolve(__dirname, '../..');
const publicationIds = cypher<{ id: string }>('test publication ids', 'MATCH (p:Publication) RETURN p.id AS id ORDER BY id');
const writeMarker = cypher('test start marker', "CREATE (:Publication {id: 'start-seeding-marker', title: 'Written by the test before npm start'})");

let graph: GraphConnection;
let child: ChildProcess | undefined;

beforeAll(async () => {
  graph = await connectTestGraph();
});
beforeEach(() => wipeGraph(graph));
afterEach(async () => {
  await stopService();
});
afterAll(() => graph.close());

/** npx runs tsx runs node: the whole process group is signalled so no grandchild outlives the test. */
async function stopService(): Promise<void> {
  const running = child;
  child = undefined;
  if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
  process.kill(-running.pid, 'SIGTERM');
  const killer = setTimeout(() => process.kill(-running.pid!, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

/** Starts `npm start`'s command and resolves with its log lines once it logs that it is ready. */
async function startService(seedOnStart: string | undefined): Promise<string[]> {
  const { neo4j } = testConfig();
  const env: NodeJS.ProcessEnv = { ...process.env, NEO4J_URI: neo4j.uri, NEO4J_USER: neo4j.user, NEO4J_PASSWORD: neo4j.password, PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'info', RESPONSE_CACHE: 'off' };
  delete env.SEED_DIR; // the default, graph-seeds/, is what `npm start` reads
  if (seedOnStart === undefined) delete env.SEED_ON_START;
  else env.SEED_ON_START = seedOnStart;
  const started = spawn('npx', ['tsx', 'src/main.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child = started;
  const lines: string[] = [];
  let stderr = '';
  started.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not log "ready" within 90 s; log so far:\n${lines.join('\n')}\n${stderr}`)), 90_000);
    let buffered = '';
    started.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const line of complete) {
        lines.push(line);
        if (/"msg":"pubgraph ready at /.test(line)) {
          clearTimeout(timer);
          resolve(lines);
        }
      }
    });
    started.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code ?? signal}) before it was ready:\n${lines.join('\n')}\n${stderr}`));
    });
  });
}

const idsInGraph = async () => (await graph.executor.read(publicationIds)).map((r) => r.id);
const logged = (lines: string[], message: string) => lines.some((line) => line.includes(`"msg":"${message}"`));

describe('npm start and SEED_ON_START', () => {
  it('seeds an empty graph with every publication of graph-seeds/ by default (if-empty)', async () => {
    expect(await idsInGraph()).toEqual([]);
    const lines = await startService(undefined);
    const expected = (await realCatalogue()).publications.map((p) => p.id).sort();
    expect(expected).toHaveLength(58); // graph-seeds/publications/ holds 58 files, one publication each
    expect(await idsInGraph()).toEqual(expected);
    expect(logged(lines, 'graph seeded')).toBe(true);
  }, 120_000);

  it('leaves a graph that already holds a publication alone under if-empty: the marker survives and nothing is seeded', async () => {
    await graph.executor.write(writeMarker);
    const lines = await startService('if-empty');
    expect(await idsInGraph()).toEqual(['start-seeding-marker']);
    expect(logged(lines, 'loading graph-seeds')).toBe(false);
  }, 120_000);

  it('does not seed an empty graph with SEED_ON_START=never', async () => {
    const lines = await startService('never');
    expect(await idsInGraph()).toEqual([]);
    expect(logged(lines, 'loading graph-seeds')).toBe(false);
  }, 120_000);
});
