import path from 'node:path';
import pino from 'pino';
import { type AppConfig, loadConfig } from '../../src/config';
import { connectDriver, type GraphConnection } from '../../src/graph/connect';
import { cypher } from '../../src/graph/executor';
import { countGraph, loadSeeds, type LoadSummary } from '../../src/seed/load-seeds';
import { readSeeds } from '../../src/seed/read-seeds';
import type { SeedCatalogue } from '../../src/seed/schema';
import { CLAIMED_URI, type Env, EXTERNAL_PASSWORD, EXTERNAL_URI, EXTERNAL_USER, MARKER_CONSTRAINT } from './test-database';

/** Test access to the run's real Neo4j (started by global-setup.ts). */

export const SEED_DIR = path.resolve(__dirname, '../../graph-seeds');
export const silentLogger = pino({ level: 'silent' });

/**
 * The service configuration over the run's test database. It reads only what global-setup.ts published
 * (PUBGRAPH_TEST_NEO4J_*), never NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD, and refuses a URI that setup did not
 * claim as the suite's own.
 */
export function testConfig(overrides: Record<string, string> = {}, env: Env = process.env): AppConfig {
  const uri = env[EXTERNAL_URI];
  if (!uri || env[CLAIMED_URI] !== uri) {
    throw new Error(`${EXTERNAL_URI} was not claimed by tests/support/global-setup.ts: run the tests through jest (the integration project's globalSetup starts the embedded Neo4j)`);
  }
  // The integration files share one database and are kept apart only by running one at a time.
  const worker = Number(env.JEST_WORKER_ID ?? '1');
  if (worker > 1) throw new Error(`integration tests share one Neo4j and must run serially (jest.config.js sets maxWorkers: 1); this is jest worker ${worker}: drop --maxWorkers/-w`);
  return loadConfig({
    NODE_ENV: 'test',
    NEO4J_URI: uri,
    NEO4J_PASSWORD: env[EXTERNAL_PASSWORD] ?? '',
    NEO4J_USER: env[EXTERNAL_USER] ?? 'neo4j',
    LOG_LEVEL: 'silent',
    // Tests count Cypher round-trips and stop Neo4j under the service: a cached response would hide both. The
    // caching tests turn it on explicitly.
    RESPONSE_CACHE: 'off',
    ...overrides,
  });
}

export async function connectTestGraph(config: AppConfig = testConfig()): Promise<GraphConnection> {
  const { uri, ...rest } = config.neo4j;
  return connectDriver({ ...rest, uri: uri! }, uri!);
}

/** Deletes every node, only on a database that carries the suite's marker (global-setup put it there). */
export async function wipeGraph(graph: GraphConnection): Promise<void> {
  const [marker] = await graph.executor.read(cypher<{ n: number }>('test wipe guard', `SHOW CONSTRAINTS YIELD name WHERE name = '${MARKER_CONSTRAINT}' RETURN count(*) AS n`));
  if (marker?.n !== 1) throw new Error(`refusing to wipe ${graph.description}: it has no ${MARKER_CONSTRAINT} constraint, so it is not the test suite's database`);
  await graph.executor.write(cypher('test wipe', 'MATCH (n) DETACH DELETE n'));
}

let cachedCatalogue: Promise<SeedCatalogue> | undefined;
export function realCatalogue(): Promise<SeedCatalogue> {
  cachedCatalogue ??= readSeeds(SEED_DIR);
  return cachedCatalogue;
}

/** Replaces whatever the graph holds with the real graph-seeds/ catalogue. */
export async function seedRealCatalogue(graph: GraphConnection): Promise<LoadSummary> {
  await wipeGraph(graph);
  return loadSeeds(graph.executor, await realCatalogue());
}

export { countGraph };
