import path from 'node:path';
import pino from 'pino';
import { type AppConfig, loadConfig } from '../../src/config';
import { connectDriver, type GraphConnection } from '../../src/graph/connect';
import { cypher } from '../../src/graph/executor';
import { countGraph, loadSeeds, type LoadSummary } from '../../src/seed/load-seeds';
import { readSeeds } from '../../src/seed/read-seeds';
import type { SeedCatalogue } from '../../src/seed/schema';

/** Test access to the run's real Neo4j (started by global-setup.ts). */

export const SEED_DIR = path.resolve(__dirname, '../../graph-seeds');
export const silentLogger = pino({ level: 'silent' });

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const uri = process.env.PUBGRAPH_TEST_NEO4J_URI;
  if (!uri) throw new Error('PUBGRAPH_TEST_NEO4J_URI is not set: run the tests through jest (global-setup starts Neo4j)');
  return loadConfig({
    NODE_ENV: 'test',
    NEO4J_URI: uri,
    NEO4J_PASSWORD: process.env.NEO4J_URI ? (process.env.NEO4J_PASSWORD ?? '') : 'unused-auth-disabled',
    NEO4J_USER: process.env.NEO4J_USER ?? 'neo4j',
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

export async function wipeGraph(graph: GraphConnection): Promise<void> {
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
