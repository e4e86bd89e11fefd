/**
 * Soak test: mixed queries at 64 connections for several minutes against a real service (its own embedded Neo4j,
 * the API in a child process), loopback only, bounded in time. Reports requests, errors and the API's RSS over
 * time (it should stay flat). Not part of `npm test`.
 *   npx tsx bench/soak.ts [minutes=3] [connections=64]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { connectDriver } from '../src/graph/connect';
import { startEmbeddedNeo4j } from '../src/graph/embedded-neo4j';
import { loadSeeds } from '../src/seed/load-seeds';
import { readSeeds } from '../src/seed/read-seeds';

const minutes = Number(process.argv[2] ?? 3);
const connections = Number(process.argv[3] ?? 64);
const root = path.resolve(__dirname, '..');
const PORT = 4299;

const operations = [
  { query: 'query Widget($slug: String) { publication(slug: $slug) { related(first: 5) { score reasons { kind label } publication { displayTitle year kind languages { code } } } } }', variables: { slug: 'community-engagement-gbv-tip-training-guide' } },
  { query: 'query Widget($slug: String) { publication(slug: $slug) { related(first: 5) { score reasons { kind label } publication { displayTitle } } } }', variables: { slug: 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse' } },
  { query: 'query Companions($slug: String) { publication(slug: $slug) { companions { relation evidence publication { title } } } }', variables: { slug: 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse' } },
  { query: 'query List { publications(filter: { topics: ["counter-trafficking"] }, first: 20) { totalCount nodes { title topics { label } places { name } audiences { label } } facets { kinds { buckets { value count } } } } }', variables: {} },
  { query: 'query Search($q: String!) { search(query: $q, first: 10) { totalCount edges { score node { displayTitle } snippet { html } } } }', variables: { q: 'trafficking victims' } },
  { query: 'query Search($q: String!) { search(query: $q, first: 10) { edges { node { displayTitle } } } }', variables: { q: 'psicosocial' } },
  { query: 'query Hood { neighbourhood(id: "VG9waWM6Y291bnRlci10cmFmZmlja2luZw", depth: 2, limitPerType: 10) { nodes { id label } edges { source target type } truncated } }', variables: {} },
];

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-soak-'));
  const neo4j = await startEmbeddedNeo4j({ port: 0, dataDir, heap: '1g', pageCache: '256m' });
  const graph = await connectDriver({ uri: neo4j.uri, user: 'neo4j', password: 'unused', database: 'neo4j', maxPoolSize: 50, txTimeoutMs: 10_000 }, neo4j.uri);
  await loadSeeds(graph.executor, await readSeeds(path.join(root, 'graph-seeds')));
  await graph.close();

  const api = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(PORT), METRICS_PORT: String(PORT + 1000), NEO4J_URI: neo4j.uri, NEO4J_PASSWORD: 'unused', LOG_LEVEL: 'warn', RESPONSE_CACHE: 'off', RATE_LIMIT_COST_PER_MINUTE: '0', SEED_ON_START: 'never', GRAPHIQL: 'off' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; i < 200; i++) {
      if ((await fetch(`http://127.0.0.1:${PORT}/readyz`).catch(() => null))?.ok) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    // Warm-up, so that start-up allocations and query planning are not counted as growth.
    await autocannon({ url: `http://127.0.0.1:${PORT}/graphql`, connections: 8, duration: 10, requests: operations.map((o) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(o) })) });
    const samples: { s: number; rss: number }[] = [{ s: 0, rss: rssMb(api.pid!) }];
    const started = Date.now();
    const sampler = setInterval(() => samples.push({ s: Math.round((Date.now() - started) / 1000), rss: rssMb(api.pid!) }), 10_000);
    let graphqlErrors = 0;
    const result = await autocannon({
      url: `http://127.0.0.1:${PORT}/graphql`,
      connections,
      duration: minutes * 60,
      requests: operations.map((o) => ({
        method: 'POST' as const,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(o),
        onResponse: (_status: number, body: string) => {
          if (body.includes('"errors"')) graphqlErrors++;
        },
      })),
    });
    clearInterval(sampler);
    samples.push({ s: Math.round((Date.now() - started) / 1000), rss: rssMb(api.pid!) });
    const rss = samples.map((x) => x.rss);
    console.log(`soak: ${minutes} min at ${connections} connections, ${operations.length} mixed operations (response cache off)`);
    console.log(`requests ${result.requests.total}, ${result.requests.average.toFixed(0)} req/s; non-2xx ${result.non2xx}, socket errors ${result.errors}, timeouts ${result.timeouts}, GraphQL errors ${graphqlErrors}`);
    console.log(`latency ms: p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`);
    console.log(`API RSS MB: start ${rss[0]!.toFixed(0)}, end ${rss.at(-1)!.toFixed(0)}, max ${Math.max(...rss).toFixed(0)}; samples ${samples.map((x) => `${x.s}s:${x.rss.toFixed(0)}`).join(' ')}`);
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    if (result.non2xx || result.errors || result.timeouts || graphqlErrors) process.exitCode = 1;
  } finally {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await neo4j.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
