/**
 * Time from `npm start` to the first answered GraphQL query, cold (empty store: Neo4j starts, indexes are
 * created, graph-seeds/ is loaded) and warm (existing store), medians of several runs side by side.
 *   npx tsx bench/startup.ts [runs]
 * Uses its own data dir and ports, so it can run beside a development server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const runs = Number(process.argv[2] ?? 3);
const root = path.resolve(__dirname, '..');
const HTTP_PORT = 4199;
const BOLT_PORT = 7799;

async function timeToFirstAnswer(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(HTTP_PORT), METRICS_PORT: String(HTTP_PORT + 1000), EMBEDDED_NEO4J_PORT: String(BOLT_PORT), EMBEDDED_NEO4J_DATA_DIR: dataDir, LOG_LEVEL: 'warn', NEO4J_URI: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (performance.now() - started > 300_000) throw new Error('no answer within 5 minutes');
      try {
        const res = await fetch(`http://127.0.0.1:${HTTP_PORT}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ publications(first: 1) { totalCount } }' }),
        });
        const body = (await res.json()) as { data?: { publications: { totalCount: number } } };
        if (body.data?.publications.totalCount) return performance.now() - started;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-startup-'));
    try {
      cold.push(await timeToFirstAnswer(dir));
      warm.push(await timeToFirstAnswer(dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`run ${i + 1}: cold ${(cold.at(-1)! / 1000).toFixed(1)} s, warm ${(warm.at(-1)! / 1000).toFixed(1)} s`);
  }
  console.log(`median of ${runs}: cold ${(median(cold) / 1000).toFixed(1)} s, warm ${(median(warm) / 1000).toFixed(1)} s (load average ${os.loadavg()[0]!.toFixed(1)})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
