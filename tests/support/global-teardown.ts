import { rmSync } from 'node:fs';
import type { EmbeddedNeo4j } from '../../src/graph/embedded-neo4j';

export default async function globalTeardown(): Promise<void> {
  const neo4j = (globalThis as { __pubgraphNeo4j?: EmbeddedNeo4j }).__pubgraphNeo4j;
  if (!neo4j) return;
  await neo4j.stop();
  const dataDir = process.env.PUBGRAPH_TEST_NEO4J_DATA_DIR;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
