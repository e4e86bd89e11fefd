/**
 * The cached widget GET (issue 7: >= 5,000 req/s at 16 connections) against running services, side by side:
 * each target is `name=port:pid` (pid of the API process, for its RSS under load). Runs alternate between the
 * targets so background load hits them alike; prints medians of req/s, p95 and peak RSS per connection count.
 *
 *   npx tsx bench/widget-cache.ts --targets l1-off=4601:1234,l1-on=4600:1235 [--conns 16,64] [--seconds 10] [--runs 3]
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const targets = (args.get('targets') ?? '').split(',').filter(Boolean).map((t) => {
  const [name, rest] = t.split('=');
  const [port, pid] = rest!.split(':');
  return { name: name!, port: Number(port), pid: Number(pid) };
});
if (targets.length === 0) throw new Error('--targets name=port:pid[,...] is required');
const conns = (args.get('conns') ?? '16,64').split(',').map(Number);
const seconds = Number(args.get('seconds') ?? 10);
const runs = Number(args.get('runs') ?? 3);
const slug = args.get('slug') ?? 'iom-handbook-migrants-vulnerable-violence-exploitation-abuse';

const WIDGET = `query PubgraphRelated($slug: String, $first: Int) {
  publication(slug: $slug) {
    displayTitle
    related(first: $first) { score reasons { kind label relation } publication { id slug displayTitle year kind languages { code } } }
  }
}`;
const path = `/graphql?${new URLSearchParams({ operationName: 'PubgraphRelated', query: WIDGET, variables: JSON.stringify({ slug, first: 5 }) })}`;

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function run(port: number, pid: number, connections: number, duration: number) {
  let peak = rssMb(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 250);
  // Every response's latency (as bench/run.ts records it), for an exact p95.
  const latencies: number[] = [];
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections,
    duration,
    headers: { 'apollo-require-preflight': 'true' },
    setupClient: (client: { on: (event: 'response', listener: (status: number, bytes: number, ms: number) => void) => void }) => {
      client.on('response', (_status, _bytes, ms) => latencies.push(ms));
    },
  } as unknown as autocannon.Options);
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  return { rps: latencies.length / duration, p95: latencies[Math.floor(latencies.length * 0.95)] ?? NaN, errors: result.errors + result.timeouts + result.non2xx, rss: peak };
}

async function main() {
  for (const t of targets) {
    const res = await fetch(`http://127.0.0.1:${t.port}${path}`, { headers: { 'apollo-require-preflight': 'true' } });
    if (res.status !== 200) throw new Error(`${t.name}: the widget GET answered ${res.status}`);
    await run(t.port, t.pid, 16, 2); // warm-up
  }
  const rows: string[] = [];
  for (const c of conns) {
    const samples = new Map(targets.map((t) => [t.name, [] as Awaited<ReturnType<typeof run>>[]]));
    for (let r = 0; r < runs; r++) {
      for (const t of targets) {
        const s = await run(t.port, t.pid, c, seconds);
        samples.get(t.name)!.push(s);
        process.stderr.write(`${t.name} c=${c} run ${r + 1}: ${s.rps.toFixed(0)} req/s, p95 ${s.p95.toFixed(2)} ms, errors ${s.errors}, RSS ${s.rss.toFixed(0)} MB\n`);
      }
    }
    for (const t of targets) {
      const s = samples.get(t.name)!;
      rows.push(`| ${t.name} | ${c} | ${median(s.map((x) => x.rps)).toFixed(0)} | ${median(s.map((x) => x.p95)).toFixed(2)} | ${Math.max(...s.map((x) => x.rss)).toFixed(0)} | ${s.reduce((n, x) => n + x.errors, 0)} |`);
    }
  }
  process.stdout.write(`| target | connections | req/s (median) | p95 ms (median) | peak RSS MB | errors |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`);
}

void main();
