import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/graph/embedded-neo4j';
import { chooseTestDatabase, CLAIMED_URI, claimTestDatabase, EXTERNAL_PASSWORD, EXTERNAL_URI, EXTERNAL_USER, type Env } from './test-database';

/** What a run's database is, for the workers (through `env`) and for teardown. */
export interface PreparedTestDatabase {
  uri: string;
  embedded?: EmbeddedNeo4j;
  dataDir?: string;
}

export type StartEmbedded = (dataDir: string) => Promise<EmbeddedNeo4j>;

const startForTests: StartEmbedded = (dataDir) =>
  startEmbeddedNeo4j({
    port: 0,
    dataDir,
    heap: '1g',
    pageCache: '256m',
    log: (line) => {
      if (process.env.PUBGRAPH_TEST_VERBOSE) process.stderr.write(`[neo4j] ${line}\n`);
    },
  });

/**
 * Picks and claims the run's one database (see test-database.ts for the rules) and publishes it in `env`:
 * PUBGRAPH_TEST_NEO4J_URI / _USER / _PASSWORD and PUBGRAPH_TEST_NEO4J_CLAIMED, which testConfig() insists on.
 * NEO4J_URI in `env` is ignored: a production URI in the caller's shell is never connected to.
 */
export async function prepareTestDatabase(env: Env, start: StartEmbedded = startForTests): Promise<PreparedTestDatabase> {
  const choice = chooseTestDatabase(env);
  if (choice.kind === 'external') {
    await claimTestDatabase(choice);
    env[CLAIMED_URI] = choice.uri;
    return { uri: choice.uri };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-test-neo4j-'));
  const embedded = await start(dataDir);
  // The embedded Neo4j runs with auth disabled: any credentials are accepted.
  const target = { uri: embedded.uri, user: 'neo4j', password: 'unused-auth-disabled' };
  await claimTestDatabase(target);
  env[EXTERNAL_URI] = target.uri;
  env[EXTERNAL_USER] = target.user;
  env[EXTERNAL_PASSWORD] = target.password;
  env[CLAIMED_URI] = target.uri;
  return { uri: target.uri, embedded, dataDir };
}

/** Starts (or claims) one real Neo4j for the whole test run; workers find it through process.env. */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const prepared = await prepareTestDatabase(process.env);
  if (prepared.embedded) process.env.PUBGRAPH_TEST_NEO4J_DATA_DIR = prepared.dataDir;
  process.stderr.write(`\n${prepared.embedded ? 'embedded' : 'external (opted in, marked as the suite\'s own)'} Neo4j for tests at ${prepared.uri} (ready in ${Date.now() - started} ms)\n`);
  (globalThis as { __pubgraphTestDatabase?: PreparedTestDatabase }).__pubgraphTestDatabase = prepared;
}
