/**
 * Catalogue-scale benchmark (issue 7): for each size, a dedicated embedded Neo4j is started on a fresh store, a
 * synthetic catalogue (bench/generate.ts) is loaded through the product loader, and three servers answer the
 * same workloads over HTTP on loopback, side by side:
 *   ours  - the service (src/main.ts in a child process, response cache OFF, so every request reaches Neo4j);
 *   floor - bench/floor-server.ts: the same answers by Cypher through neo4j-driver, no GraphQL;
 *   peer  - bench/peer-server.ts: the Neo4j GraphQL Library's generated API on the same database.
 * A fourth child, ours with the response cache ON, measures the cached widget GET.
 *
 * Latency is recorded per request (autocannon's client 'response' event, exact, not bucketed) and p50/p95/p99
 * computed from all of a run's samples; each cell is `runs` runs after a warm-up, and the median of the runs is
 * reported. Results go to bench/results/latest.json; bench/report.ts turns them into RESULTS.md and plots.
 *   npm run bench -- --sizes 1k,10k,100k [--duration 5] [--runs 3] [--warmup 3] [--conns 1,16,64] [--no-peer]
 *                    [--workloads widget,list-nested] [--port-base 4311] [--out latest] [--reuse-store]
 *                    [--baseline DIR] [--explore-conns 1,16]
 * --workloads runs only the named workloads; --port-base and --out let two benches run side by side without
 * sharing ports or a results file; --reuse-store keeps each size's Neo4j store in the temp directory and, when a
 * store of the same size is already there, serves it instead of generating and loading again (the generator is
 * deterministic, so the store holds the same catalogue; the load figures then come from the run that built it).
 * --baseline DIR runs, beside ours, the service built in another checkout (`DIR/dist/src/main.js`, e.g. a git
 * worktree of the commit before a change, built with `npx tsc -p tsconfig.build.json`) on the same Neo4j, as
 * server `before`, interleaved run by run with ours: before/after ratios from one run on a noisy machine.
 * --explore-conns sets the connection counts of the neighbourhood and path workloads.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import neo4jDriver from 'neo4j-driver';
import { connectDriver } from '../src/graph/connect';
import { startEmbeddedNeo4j } from '../src/graph/embedded-neo4j';
import { toGlobalId } from '../src/node/global-id';
import { loadSeeds } from '../src/seed/load-seeds';
import { DEFAULT_WEIGHTS } from '../src/recommendations/related.rules';
import { countUnindexed, refreshRelatedIndex, type RefreshSummary } from '../src/recommendations/related-index.cypher';
import { generateCatalogue, SIZES } from './generate';

const root = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : fallback;
};
const sizes = arg('sizes', '1k,10k,100k').split(',');
const DURATION = Number(arg('duration', '5'));
const RUNS = Number(arg('runs', '3'));
const WARMUP = Number(arg('warmup', '3'));
const CONNS = arg('conns', '1,16,64').split(',').map(Number);
const WITH_PEER = !argv.includes('--no-peer');
const WORKLOADS = argv.includes('--workloads') ? arg('workloads', '').split(',') : null;
const PORT_BASE = Number(arg('port-base', '4311'));
const OUT_NAME = arg('out', 'latest');
const REUSE_STORE = argv.includes('--reuse-store');
const BASELINE = argv.includes('--baseline') ? path.resolve(arg('baseline', '')) : undefined;
const EXPLORE_CONNS = arg('explore-conns', '1,16').split(',').map(Number);
const OUT = path.join(root, 'bench', 'results');
/** The service's entry point, compiled by `npm run build` at the start of the bench (the Dockerfile's CMD). */
const OURS_ENTRY = 'dist/src/main.js';

/**
 * Neo4j memory per size: `heap` for the one-transaction load, `serveHeap` for serving. The bench restarts Neo4j
 * between the two: right after a 100k load the old generation holds ~6 GB of the load's garbage, and with the
 * launcher's serial GC every young collection then took ~0.5 s (jstat: 33 young GCs, 21.6 s), which collapsed
 * throughput to 1-3 req/s. A service runs long after its load, so the steady state is what is measured.
 */
const HEAP: Record<string, { heap: string; serveHeap: string; pageCache: string }> = {
  '1k': { heap: '2g', serveHeap: '1g', pageCache: '1g' },
  '10k': { heap: '3g', serveHeap: '2g', pageCache: '2g' },
  '100k': { heap: '8g', serveHeap: '3g', pageCache: '3g' },
  '1m': { heap: '6g', serveHeap: '4g', pageCache: '6g' },
};

type Server = 'ours' | 'floor' | 'peer' | 'oursCached' | 'before';
interface Req {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
interface Workload {
  name: string;
  /** Connection counts to measure (the full sweep only where the target needs it). */
  conns: number[];
  variants: Partial<Record<Server, Req[]>>;
}
export interface Cell {
  size: string;
  server: Server;
  workload: string;
  conns: number;
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
  runs: { p50: number; p95: number; p99: number; rps: number }[];
}
export interface SizeResult {
  size: string;
  publications: number;
  nodes: number;
  relationships: number;
  loadMs: number;
  generateMs: number;
  loadPerSecond: number;
  /** Building the related index after the load (read snapshot, compute, write). */
  relatedIndex?: RefreshSummary;
  neo4j: { heap: string; serveHeap: string; pageCache: string };
  roundTrips: Record<string, Partial<Record<Server, number>>>;
  rssMaxMb: Partial<Record<Server, number>>;
  cells: Cell[];
  notes: string[];
  loadAverage: number[];
}

const gql = (query: string, variables: Record<string, unknown>): Req => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables }),
});
const get = (p: string): Req => ({ method: 'GET', path: p });

const WIDGET = `query PubgraphRelated($slug: String, $first: Int) {
  publication(slug: $slug) {
    displayTitle
    related(first: $first) { score reasons { kind label relation } publication { id slug displayTitle year kind languages { code } } }
  }
}`;
const COMPANIONS = `query ($slug: String) { publication(slug: $slug) { title companions { relation evidence source publication { slug title year } } } }`;
const NESTED_NODES = 'nodes { slug title year kind topics { slug label } places { slug name } audiences { slug label } }';
const LIST_NESTED = `query ($topic: ID!) { publications(filter: { topics: [$topic] }, first: 20) { totalCount ${NESTED_NODES} } }`;
const FACETS = 'facets { total topics { buckets { value label count } missing } audiences { buckets { value label count } missing } places { buckets { value label count } missing } organisations { buckets { value label count } missing } programmes { buckets { value label count } missing } languages { buckets { value label count } missing } years { buckets { value label count } missing } kinds { buckets { value label count } missing } }';
const LIST_FACETS = `query ($topic: ID!) { publications(filter: { topics: [$topic] }, first: 20) { totalCount ${NESTED_NODES} ${FACETS} } }`;
const SEARCH = `query ($q: String!) { search(query: $q, first: 20) { totalCount nodes { slug title year kind } } }`;
const NEIGHBOURHOOD = `query ($id: ID!) { neighbourhood(id: $id, depth: 2, limitPerType: 10) { nodes { id label type } edges { source target type weight } } }`;
const PATH = `query ($from: ID!, $to: ID!) { path(from: $from, to: $to, maxLength: 4, first: 3) { length specificity explanation } }`;

const PEER_COMPANIONS = (fields: string[]) =>
  `query ($slug: ID!) { publications(where: { id: { eq: $slug } }) { title ${fields
    .map((f) => `${f}Connection { edges { properties { evidence source } node { id title year } } }`)
    .join(' ')} } }`;
const PEER_LIST = `query ($topic: ID!) {
  publications(where: { topics: { some: { id: { eq: $topic } } } }, sort: [{ sortTitle: ASC }, { id: ASC }], limit: 20) {
    id title year kind topics { id labelEn } places { id name } audiences { id labelEn } }
  publicationsConnection(where: { topics: { some: { id: { eq: $topic } } } }) { aggregate { count { nodes } } }
}`;

function buildWorkloads(p: { heads: string[]; topic: string; words: string[]; pathPairs: [string, string][]; neighbourTopics: string[] }, companionFields: string[]): Workload[] {
  const full = CONNS;
  const one = [16];
  return [
    {
      name: 'widget',
      conns: full,
      variants: {
        ours: p.heads.map((slug) => gql(WIDGET, { slug, first: 5 })),
        floor: p.heads.map((slug) => get(`/widget?slug=${slug}`)),
      },
    },
    {
      name: 'widget-get-cached',
      conns: [16, 64],
      variants: {
        oursCached: p.heads.slice(0, 1).map((slug) => ({
          ...get(`/graphql?${new URLSearchParams({ operationName: 'PubgraphRelated', query: WIDGET, variables: JSON.stringify({ slug, first: 5 }) })}`),
          headers: { 'apollo-require-preflight': 'true' },
        })),
      },
    },
    {
      name: 'companions',
      conns: one,
      variants: {
        ours: p.heads.map((slug) => gql(COMPANIONS, { slug })),
        floor: p.heads.map((slug) => get(`/companions?slug=${slug}`)),
        peer: p.heads.map((slug) => gql(PEER_COMPANIONS(companionFields), { slug })),
      },
    },
    {
      name: 'list-nested',
      conns: full,
      variants: {
        ours: [gql(LIST_NESTED, { topic: p.topic })],
        floor: [get(`/list?topic=${p.topic}`)],
        peer: [gql(PEER_LIST, { topic: p.topic })],
      },
    },
    {
      name: 'list-facets',
      conns: one,
      variants: { ours: [gql(LIST_FACETS, { topic: p.topic })], floor: [get(`/list?topic=${p.topic}&facets=1`)] },
    },
    {
      name: 'search',
      conns: one,
      variants: { ours: p.words.map((q) => gql(SEARCH, { q })), floor: p.words.map((q) => get(`/search?q=${encodeURIComponent(q)}`)) },
    },
    {
      name: 'neighbourhood-d2',
      conns: EXPLORE_CONNS,
      variants: {
        ours: p.neighbourTopics.map((t) => gql(NEIGHBOURHOOD, { id: toGlobalId('Topic', t) })),
        floor: p.neighbourTopics.map((t) => get(`/neighbourhood?slug=${t}`)),
      },
    },
    {
      name: 'path',
      conns: EXPLORE_CONNS,
      variants: {
        ours: p.pathPairs.map(([a, b]) => gql(PATH, { from: toGlobalId('Publication', a), to: toGlobalId('Publication', b) })),
        floor: p.pathPairs.map(([a, b]) => get(`/path?from=${a}&to=${b}`)),
      },
    },
  ];
}

const percentile = (sorted: number[], q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Waits until Neo4j runs nothing but this check: when a run ends, queries of requests the load generator
 * abandoned keep running in Neo4j and would otherwise be charged to the next server's run.
 */
async function drain(boltUri: string): Promise<void> {
  const driver = neo4jDriver.driver(boltUri);
  try {
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      const result = await driver.executeQuery('SHOW TRANSACTIONS YIELD currentQuery WHERE NOT currentQuery STARTS WITH "SHOW TRANSACTIONS" RETURN count(*) AS busy');
      if (Number(result.records[0]?.get('busy') ?? 0) === 0) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await driver.close();
  }
}

async function cannon(port: number, reqs: Req[], connections: number, seconds: number): Promise<{ p50: number; p95: number; p99: number; rps: number; errors: number }> {
  const latencies: number[] = [];
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const r = reqs[n++ % reqs.length]!;
          return { ...req, method: r.method, path: r.path, headers: r.headers ?? {}, body: r.body };
        },
      },
    ],
    setupClient: (client: { on: (event: 'response', listener: (status: number, bytes: number, ms: number) => void) => void }) => {
      client.on('response', (_status, _bytes, ms) => latencies.push(ms));
    },
  } as unknown as autocannon.Options);
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    rps: latencies.length / seconds,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

function spawnServer(script: string, env: Record<string, string>, logFile: string, readyLine?: string): ChildProcess & { ready: Promise<void> } {
  // The service runs as the production image runs it (compiled JavaScript, `node dist/src/main.js`); the bench's
  // own servers run their TypeScript through tsx.
  const args = script.endsWith('.js') ? [script] : ['--import', 'tsx', script];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  // Every child's stderr is kept (bench/results/logs/) so a crash under load can be read afterwards.
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
    appendFileSync(logFile, d);
  });
  child.once('exit', (code, signal) => appendFileSync(logFile, `\n[bench] exited: code ${code} signal ${signal}\n`));
  const ready = new Promise<void>((resolve, reject) => {
    if (readyLine) child.stdout!.on('data', (d: Buffer) => d.toString().includes(readyLine) && resolve());
    else child.stdout!.resume();
    child.once('exit', (code) => reject(new Error(`${script} exited (${code}): ${stderr}`)));
  });
  return Object.assign(child, { ready });
}

async function waitHttp(url: string, ms = 120_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    if (Date.now() > until) throw new Error(`${url} not ready`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

async function check(port: number, r: Req): Promise<{ ok: boolean; roundTrips?: number; detail: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${r.path}`, { method: r.method, headers: r.headers, body: r.body }).catch((error: unknown) => error as Error);
  if (res instanceof Error) return { ok: false, detail: `no answer (${res.message}): see bench/results/logs/` };
  return readCheck(res);
}

async function readCheck(res: Response): Promise<{ ok: boolean; roundTrips?: number; detail: string }> {
  const text = await res.text();
  const rt = res.headers.get('x-pubgraph-cypher-roundtrips') ?? res.headers.get('x-floor-roundtrips');
  const ok = res.ok && !text.includes('"errors"');
  return { ok, roundTrips: rt === null ? undefined : Number(rt), detail: ok ? `${text.length} bytes` : text.slice(0, 300) };
}

async function benchSize(size: string): Promise<SizeResult> {
  const publications = SIZES[size];
  if (!publications) throw new Error(`unknown size ${size} (1k, 10k, 100k, 1m)`);
  const notes: string[] = [];
  const mem = HEAP[size]!;
  const dataDir = path.join(os.tmpdir(), `pubgraph-bench-${size}`);
  const loadRecord = path.join(dataDir, 'bench-load.json');
  const reused = REUSE_STORE && existsSync(loadRecord);
  if (!reused) rmSync(dataDir, { recursive: true, force: true });
  const log = (s: string) => console.log(`[${size}] ${s}`);

  const g0 = performance.now();
  const generated = await generateCatalogue({ publications, seedDir: path.join(root, 'graph-seeds') });
  const generateMs = performance.now() - g0;
  log(`generated ${generated.catalogue.publications.length} publications in ${(generateMs / 1000).toFixed(1)} s`);

  const neoLog = (l: string) => /ERROR|Exception/.test(l) && log(l);
  let neo = await startEmbeddedNeo4j({ port: 0, dataDir, heap: reused ? mem.serveHeap : mem.heap, pageCache: mem.pageCache, log: neoLog });
  const children: ChildProcess[] = [];
  try {
    let load: { nodes: number; relationships: number; ms: number };
    if (reused) {
      load = JSON.parse(readFileSync(loadRecord, 'utf8')) as typeof load;
      log(`reusing the store in ${dataDir} (loaded earlier in ${(load.ms / 1000).toFixed(1)} s)`);
    } else {
      const graph = await connectDriver({ uri: neo.uri, user: 'neo4j', password: 'bench', database: 'neo4j', maxPoolSize: 10, txTimeoutMs: 3_600_000 }, 'bench');
      let lastStep = '';
      // A fresh store is empty: the initial-import mode commits batch by batch (one transaction for 1M does not
      // fit the heap; see LoadOptions.bulk).
      const summary = await loadSeeds(graph.executor, generated.catalogue, {
        bulk: true,
        timeoutMs: 3_600_000,
        onProgress: (p) => {
          if (p.step !== lastStep && p.done === p.total) log(`  ${p.step} ${p.total}`);
          lastStep = p.done === p.total ? p.step : lastStep;
        },
      });
      load = {
        nodes: Object.values(summary.nodes).reduce((a, b) => a + b, 0),
        relationships: Object.values(summary.relationships).reduce((a, b) => a + b, 0),
        ms: summary.ms,
      };
      log(`loaded ${load.nodes} nodes + ${load.relationships} relationships in ${(load.ms / 1000).toFixed(1)} s (${Math.round((load.nodes + load.relationships) / (load.ms / 1000))}/s)`);
      await graph.close();
      await neo.stop();
      if (REUSE_STORE) writeFileSync(loadRecord, JSON.stringify(load));
      neo = await startEmbeddedNeo4j({ port: 0, dataDir, heap: mem.serveHeap, pageCache: mem.pageCache, log: neoLog });
    }
    // The related index is part of a load (the seed CLI builds it after loading too); timed on its own.
    const indexGraph = await connectDriver({ uri: neo.uri, user: 'neo4j', password: 'bench', database: 'neo4j', maxPoolSize: 4, txTimeoutMs: 3_600_000 }, 'bench');
    let relatedIndex: RefreshSummary | undefined;
    if ((await countUnindexed(indexGraph.executor)) > 0) {
      relatedIndex = await refreshRelatedIndex(indexGraph.executor, DEFAULT_WEIGHTS);
      log(`related index: ${relatedIndex.written} publications, read ${relatedIndex.readMs} ms, compute ${relatedIndex.computeMs} ms, write ${relatedIndex.writeMs} ms`);
      if (REUSE_STORE) writeFileSync(loadRecord, JSON.stringify({ ...load, relatedIndex }));
    } else {
      relatedIndex = (load as { relatedIndex?: RefreshSummary }).relatedIndex;
    }
    await indexGraph.close();
    const { nodes, relationships } = load;
    const summary = load;

    const c = generated.catalogue;
    const heads = generated.clusterHeads.filter((_, i) => i % Math.max(1, Math.floor(generated.clusterHeads.length / 50)) === 0).slice(0, 50);
    const leafTopics = generated.midTopics.filter((t) => t.startsWith('syn-topic-'));
    const topic = leafTopics[0] ?? generated.midTopics[0]!;
    const pathPairs = heads.slice(0, 20).map((h, i): [string, string] => [h, heads[(i + 7) % heads.length]!]);
    const words = ['psychosocial counselling', 'trafficking victims', 'labour recruitment', 'border data', 'shelter', 'diaspora remittances', 'climate resilience', 'referral'];
    void c;
    const workloads = buildWorkloads({ heads, topic, words, pathPairs, neighbourTopics: generated.midTopics.slice(0, 5) }, (await import('./peer-server-fields')).COMPANION_FIELD_NAMES);

    // The baseline answers exactly what ours answers.
    if (BASELINE) for (const w of workloads) if (w.variants.ours) w.variants.before = w.variants.ours;
    const ports: Record<Server, number> = { ours: PORT_BASE, floor: PORT_BASE + 1, peer: PORT_BASE + 2, oursCached: PORT_BASE + 3, before: PORT_BASE + 4 };
    const boltEnv = { BENCH_BOLT_URI: neo.uri };
    const oursEnv = (port: number, cache: 'on' | 'off') => ({
      NEO4J_URI: neo.uri,
      NEO4J_PASSWORD: 'bench',
      SEED_ON_START: 'never',
      PORT: String(port),
      // Each replica its own metrics listener, as in production (the default 9464 would be taken by the first).
      METRICS_PORT: String(port + 1000),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      GRAPHIQL: 'off',
      RESPONSE_CACHE: cache,
      RATE_LIMIT_COST_PER_MINUTE: '0',
      NEO4J_TX_TIMEOUT_MS: '60000',
    });
    const procs: Partial<Record<Server, ChildProcess>> = {};
    const logs = path.join(OUT, 'logs');
    mkdirSync(logs, { recursive: true });
    const logOf = (server: Server) => {
      const file = path.join(logs, `${size}-${server}.log`);
      writeFileSync(file, '');
      return file;
    };
    procs.ours = spawnServer(OURS_ENTRY, oursEnv(ports.ours, 'off'), logOf('ours'));
    procs.oursCached = spawnServer(OURS_ENTRY, oursEnv(ports.oursCached, 'on'), logOf('oursCached'));
    if (BASELINE) procs.before = spawnServer(path.join(BASELINE, OURS_ENTRY), oursEnv(ports.before, 'off'), logOf('before'));
    const floor = spawnServer('bench/floor-server.ts', { ...boltEnv, BENCH_PORT: String(ports.floor) }, logOf('floor'), 'FLOOR_READY');
    procs.floor = floor;
    let peer: ReturnType<typeof spawnServer> | undefined;
    if (WITH_PEER) {
      peer = spawnServer('bench/peer-server.ts', { ...boltEnv, BENCH_PORT: String(ports.peer) }, logOf('peer'), 'PEER_READY');
      procs.peer = peer;
    }
    children.push(...Object.values(procs));
    for (const child of Object.values(procs)) (child as { ready?: Promise<void> }).ready?.catch(() => undefined);
    await Promise.all([
      waitHttp(`http://127.0.0.1:${ports.ours}/readyz`),
      waitHttp(`http://127.0.0.1:${ports.oursCached}/readyz`),
      ...(BASELINE ? [waitHttp(`http://127.0.0.1:${ports.before}/readyz`)] : []),
      floor.ready,
    ]);
    if (peer) {
      try {
        await peer.ready;
      } catch (error) {
        notes.push(`peer did not start: ${String(error).slice(0, 300)}`);
        delete procs.peer;
      }
    }

    const rssMax: Partial<Record<Server, number>> = {};
    const sampler = setInterval(() => {
      for (const [name, child] of Object.entries(procs) as [Server, ChildProcess][]) if (child.pid) rssMax[name] = Math.max(rssMax[name] ?? 0, rssMb(child.pid));
    }, 250);

    const roundTrips: SizeResult['roundTrips'] = {};
    const cells: Cell[] = [];
    for (const w of workloads.filter((x) => !WORKLOADS || WORKLOADS.includes(x.name))) {
      roundTrips[w.name] = {};
      const servers = (Object.keys(w.variants) as Server[]).filter((s) => procs[s]);
      // Check every server answers correctly before timing it; a failing one is reported, not timed.
      for (const s of [...servers]) {
        const result = await check(ports[s], w.variants[s]![0]!);
        if (result.roundTrips !== undefined) roundTrips[w.name]![s] = result.roundTrips;
        if (!result.ok) {
          notes.push(`${w.name} on ${s} failed its check: ${result.detail}`);
          servers.splice(servers.indexOf(s), 1);
        }
      }
      for (const conns of w.conns) {
        // Servers interleaved run by run, so background load hits them alike.
        for (const s of servers) {
          await cannon(ports[s], w.variants[s]!, conns, WARMUP);
          await drain(neo.uri);
        }
        const runs: Record<string, Cell['runs']> = {};
        for (let r = 0; r < RUNS; r++) {
          for (const s of servers) {
            const m = await cannon(ports[s], w.variants[s]!, conns, DURATION);
            await drain(neo.uri);
            (runs[s] ??= []).push(m);
            if (m.errors > 0) notes.push(`${w.name} ${s} c=${conns}: ${m.errors} errors/non-2xx in a run`);
          }
        }
        for (const s of servers) {
          const rs = runs[s]!;
          const cell: Cell = { size, server: s, workload: w.name, conns, p50: median(rs.map((x) => x.p50)), p95: median(rs.map((x) => x.p95)), p99: median(rs.map((x) => x.p99)), rps: median(rs.map((x) => x.rps)), errors: 0, runs: rs };
          cells.push(cell);
          log(`${w.name.padEnd(18)} ${s.padEnd(10)} c=${String(conns).padStart(2)}  p50 ${cell.p50.toFixed(1)}  p95 ${cell.p95.toFixed(1)}  p99 ${cell.p99.toFixed(1)} ms  ${cell.rps.toFixed(0)} req/s`);
        }
      }
    }
    clearInterval(sampler);
    return {
      size,
      publications: c.publications.length,
      nodes,
      relationships,
      loadMs: summary.ms,
      generateMs: Math.round(generateMs),
      loadPerSecond: Math.round((nodes + relationships) / (summary.ms / 1000)),
      relatedIndex,
      neo4j: mem,
      roundTrips,
      rssMaxMb: Object.fromEntries(Object.entries(rssMax).map(([k, v]) => [k, Math.round(v)])),
      cells,
      notes,
      loadAverage: os.loadavg(),
    };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await neo.stop();
    if (!REUSE_STORE) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  const started = new Date().toISOString();
  const results: SizeResult[] = [];
  const failures: { size: string; error: string }[] = [];
  const write = () =>
    writeFileSync(
      path.join(OUT, `${OUT_NAME}.json`),
      JSON.stringify({ started, command: `npm run bench -- ${argv.join(' ')}`, settings: { DURATION, RUNS, WARMUP, CONNS }, machine: machine(), results, failures }, null, 2),
    );
  for (const size of sizes) {
    try {
      results.push(await benchSize(size));
    } catch (error) {
      console.error(`[${size}] failed: ${error instanceof Error ? error.message : String(error)}`);
      failures.push({ size, error: error instanceof Error ? error.message.slice(0, 2000) : String(error) });
    }
    write();
  }
  if (OUT_NAME === 'latest') await (await import('./report')).writeReport(path.join(OUT, 'latest.json'));
}

function machine() {
  return {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg(),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
