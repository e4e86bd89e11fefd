import { rmSync } from 'node:fs';
import type { PreparedTestDatabase } from './global-setup';
import { CLAIMED_URI, EXTERNAL_PASSWORD, EXTERNAL_URI, EXTERNAL_USER } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __pubgraphTestDatabase?: PreparedTestDatabase };
  const prepared = holder.__pubgraphTestDatabase;
  holder.__pubgraphTestDatabase = undefined;
  delete process.env[CLAIMED_URI];
  if (!prepared?.embedded) return;
  await prepared.embedded.stop();
  if (prepared.dataDir) rmSync(prepared.dataDir, { recursive: true, force: true });
  // These named the embedded store; left set, a watch-mode re-run would read them as an external opt-in.
  for (const name of [EXTERNAL_URI, EXTERNAL_USER, EXTERNAL_PASSWORD, 'PUBGRAPH_TEST_NEO4J_DATA_DIR']) delete process.env[name];
}
