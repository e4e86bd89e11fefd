/**
 * Median HTTP latency of an editor's correction (updatePublication), on its own embedded Neo4j with the real
 * catalogue. A measurement, not a test:   npx tsx bench/mutation-latency.ts [calls=21]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { connectDriver } from '../src/graph/connect';
import { startEmbeddedNeo4j } from '../src/graph/embedded-neo4j';
import { loadSeeds } from '../src/seed/load-seeds';
import { readSeeds } from '../src/seed/read-seeds';
import { startServer } from '../src/server/app';

const calls = Number(process.argv[2] ?? 21);
const secret = 'measure-secret-that-is-at-least-32-characters';

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-mutation-'));
  const neo4j = await startEmbeddedNeo4j({ port: 0, dataDir, heap: '1g', pageCache: '256m' });
  const config = loadConfig({ NODE_ENV: 'test', NEO4J_URI: neo4j.uri, NEO4J_PASSWORD: 'unused', AUTH_JWT_SECRET: secret, LOG_LEVEL: 'silent', RESPONSE_CACHE: 'off' });
  const graph = await connectDriver({ ...config.neo4j, uri: neo4j.uri }, neo4j.uri);
  try {
    await loadSeeds(graph.executor, await readSeeds(path.resolve(__dirname, '../graph-seeds')));
    const server = await startServer({ config, executor: graph.executor, logger: pino({ level: 'silent' }), port: 0 });
    const jwt = await new SignJWT({ roles: ['editor'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('bench').setExpirationTime('1h').sign(new TextEncoder().encode(secret));
    const times: number[] = [];
    for (let i = 0; i <= calls; i++) {
      const started = performance.now();
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${jwt}` },
        body: JSON.stringify({
          query: 'mutation($p: Int) { updatePublication(id: "iom-handbook-direct-assistance-victims-of-trafficking", input: { pages: $p, reason: "bench" }) { userErrors { message } } }',
          variables: { p: 100 + i },
        }),
      });
      const body = (await res.json()) as { errors?: unknown; data?: { updatePublication: { userErrors: unknown[] } } };
      if (body.errors || body.data?.updatePublication.userErrors.length) throw new Error(`mutation failed: ${JSON.stringify(body)}`);
      if (i > 0) times.push(performance.now() - started); // the first call plans the queries
    }
    times.sort((a, b) => a - b);
    console.log(`updatePublication over HTTP: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)} (n=${times.length}, load average ${os.loadavg()[0]!.toFixed(1)})`);
    await server.stop();
  } finally {
    await graph.close();
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
