import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from '../../src/graph/embedded-neo4j';

/**
 * Starts one real Neo4j for the whole test run: the embedded Neo4j 5.26 on a free loopback port with a fresh
 * store, unless NEO4J_URI points at one already (then that database is used and WILL BE WIPED by the tests).
 * Workers find it through PUBGRAPH_TEST_NEO4J_URI.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.NEO4J_URI) {
    process.env.PUBGRAPH_TEST_NEO4J_URI = process.env.NEO4J_URI;
    return;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-test-neo4j-'));
  const started = Date.now();
  const neo4j: EmbeddedNeo4j = await startEmbeddedNeo4j({
    port: 0,
    dataDir,
    heap: '1g',
    pageCache: '256m',
    log: (line) => {
      if (process.env.PUBGRAPH_TEST_VERBOSE) process.stderr.write(`[neo4j] ${line}\n`);
    },
  });
  process.stderr.write(`\nembedded Neo4j for tests at ${neo4j.uri} (ready in ${Date.now() - started} ms)\n`);
  process.env.PUBGRAPH_TEST_NEO4J_URI = neo4j.uri;
  process.env.PUBGRAPH_TEST_NEO4J_DATA_DIR = dataDir;
  (globalThis as { __pubgraphNeo4j?: EmbeddedNeo4j }).__pubgraphNeo4j = neo4j;
}
