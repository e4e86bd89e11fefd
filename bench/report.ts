/**
 * Turns bench/results/latest.json into bench/results/tables.md (pasted into bench/RESULTS.md) and PNG plots in
 * bench/results/: p95 latency vs catalogue size per workload, and ours vs floor vs peer at 16 connections.
 * Charts are Vega-Lite specs rendered to SVG by vega (no browser) and rasterised by sharp.
 *   npx tsx bench/report.ts [bench/results/latest.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Cell, SizeResult } from './run';

interface Results {
  started: string;
  command: string;
  settings: Record<string, unknown>;
  machine: Record<string, unknown>;
  results: SizeResult[];
  failures: { size: string; error: string }[];
}

type Spec = Record<string, unknown>;
/** vega and vega-lite are ESM (vega with top-level await), so they are imported at run time, untyped. */
const VEGA = 'vega' as string;
const VEGA_LITE = 'vega-lite' as string;
interface VegaView {
  toSVG(): Promise<string>;
}
interface Vega {
  View: new (runtime: unknown, options: { renderer: 'none' }) => VegaView;
  parse(spec: unknown): unknown;
}

async function png(spec: Spec, file: string): Promise<void> {
  const vega = (await import(VEGA)) as Vega;
  const vegaLite = (await import(VEGA_LITE)) as { compile: (spec: Spec) => { spec: unknown } };
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).png().toFile(file);
}

const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

/**
 * Several result files merge into one report. A later file's cells replace an earlier one's for the same size,
 * workload, server and connections (a re-measured workload on a kept store); its other figures are taken only
 * if the earlier file had none for that size.
 */
export async function writeReport(...files: string[]): Promise<void> {
  const dir = path.dirname(files[0]!);
  const all = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Results);
  const data = all.at(-1)!;
  const bySize = new Map<string, SizeResult>();
  const same = (a: Cell, b: Cell) => a.workload === b.workload && a.server === b.server && a.conns === b.conns;
  for (const run of all) {
    for (const r of run.results) {
      const earlier = bySize.get(r.size);
      if (!earlier) {
        bySize.set(r.size, r);
        continue;
      }
      earlier.cells = [...earlier.cells.filter((c) => !r.cells.some((later) => same(c, later))), ...r.cells];
      for (const [workload, trips] of Object.entries(r.roundTrips)) earlier.roundTrips[workload] = { ...earlier.roundTrips[workload], ...trips };
      for (const [server, mb] of Object.entries(r.rssMaxMb)) earlier.rssMaxMb[server as Cell['server']] = Math.max(earlier.rssMaxMb[server as Cell['server']] ?? 0, mb ?? 0);
      earlier.relatedIndex ??= r.relatedIndex;
    }
  }
  const failed = new Map<string, { size: string; error: string }>();
  for (const run of all) for (const f of run.failures) if (!bySize.has(f.size)) failed.set(f.size, f);
  data.command = all.map((run) => run.command).join('` then `');
  data.results = [...bySize.values()].sort((a, b) => a.publications - b.publications);
  data.failures = [...failed.values()];
  const cells: Cell[] = data.results.flatMap((r) => r.cells);
  const lines: string[] = [];
  lines.push(`Command: \`${data.command}\` (started ${data.started})`, '');
  lines.push('| size | publications | nodes | relationships | generate s | load s | (nodes+rels)/s | related index s (snapshot / compute / write) | Neo4j heap (load / serve) / page cache | API RSS max MB (ours / floor / peer) | load average (1/5/15 min) at end |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of data.results) {
    lines.push(
      `| ${r.size} | ${r.publications} | ${r.nodes} | ${r.relationships} | ${f(r.generateMs / 1000)} | ${f(r.loadMs / 1000)} | ${r.loadPerSecond} | ${r.relatedIndex ? `${f((r.relatedIndex.readMs + r.relatedIndex.computeMs + r.relatedIndex.writeMs) / 1000)} (${f(r.relatedIndex.readMs / 1000)} / ${f(r.relatedIndex.computeMs / 1000)} / ${f(r.relatedIndex.writeMs / 1000)})` : '-'} | ${r.neo4j.heap} / ${r.neo4j.serveHeap ?? r.neo4j.heap} / ${r.neo4j.pageCache} | ${r.rssMaxMb.ours ?? '-'} / ${r.rssMaxMb.floor ?? '-'} / ${r.rssMaxMb.peer ?? '-'} | ${r.loadAverage.map((x) => x.toFixed(1)).join(' / ')} |`,
    );
  }
  for (const fail of data.failures) lines.push('', `**${fail.size} did not complete:** ${fail.error.replace(/\n/g, ' ')}`);
  lines.push('', '### Latency (ms, median of runs) and throughput (req/s)', '');
  lines.push('| size | workload | conns | ours p50 / p95 / p99 | ours req/s | floor p50 / p95 / p99 | floor req/s | peer p50 / p95 / p99 | peer req/s | ours/floor p95 | ours/peer req/s | round-trips ours / floor / peer |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  const key = (c: Cell) => `${c.size}|${c.workload}|${c.conns}`;
  const groups = new Map<string, Partial<Record<Cell['server'], Cell>>>();
  for (const c of cells) groups.set(key(c), { ...groups.get(key(c)), [c.server]: c });
  for (const [k, g] of groups) {
    const [size, workload, conns] = k.split('|');
    const ours = g.ours ?? g.oursCached;
    const rt = data.results.find((r) => r.size === size)?.roundTrips[workload!] ?? {};
    const trio = (c?: Cell) => (c ? `${f(c.p50)} / ${f(c.p95)} / ${f(c.p99)}` : '-');
    lines.push(
      `| ${size} | ${workload}${g.oursCached ? ' (ours, response cache on)' : ''} | ${conns} | ${trio(ours)} | ${ours ? f(ours.rps, 0) : '-'} | ${trio(g.floor)} | ${g.floor ? f(g.floor.rps, 0) : '-'} | ${trio(g.peer)} | ${g.peer ? f(g.peer.rps, 0) : '-'} | ${ours && g.floor ? f(ours.p95 / g.floor.p95, 2) : '-'} | ${ours && g.peer ? f(ours.rps / g.peer.rps, 2) : '-'} | ${rt.ours ?? rt.oursCached ?? '-'} / ${rt.floor ?? '-'} / ${rt.peer ?? '-'} |`,
    );
  }
  const notes = data.results.flatMap((r) => r.notes.map((n) => `- ${r.size}: ${n}`));
  if (notes.length > 0) lines.push('', 'Notes from the run:', '', ...notes);
  writeFileSync(path.join(dir, 'tables.md'), `${lines.join('\n')}\n`);

  const order = ['1k', '10k', '100k', '1m'];
  const atSixteen = cells.filter((c) => c.conns === 16).map((c) => ({ ...c, publications: data.results.find((r) => r.size === c.size)!.publications }));
  if (atSixteen.length > 0) {
    await png(
      {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        title: 'p95 latency vs catalogue size (16 connections)',
        data: { values: atSixteen },
        facet: { field: 'workload', type: 'nominal', title: null },
        columns: 4,
        spec: {
          width: 180,
          height: 140,
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'publications', type: 'quantitative', scale: { type: 'log' }, title: 'publications' },
            y: { field: 'p95', type: 'quantitative', scale: { type: 'log' }, title: 'p95 ms' },
            color: { field: 'server', type: 'nominal' },
          },
        },
        resolve: { scale: { y: 'independent' } },
      },
      path.join(dir, 'latency-vs-size.png'),
    );
    await png(
      {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        title: 'Throughput at 16 connections: ours vs floor vs peer',
        data: { values: atSixteen },
        facet: { row: { field: 'size', type: 'ordinal', sort: order }, column: { field: 'workload', type: 'nominal' } },
        spec: {
          width: 90,
          height: 100,
          mark: 'bar',
          encoding: {
            x: { field: 'server', type: 'nominal', title: null },
            y: { field: 'rps', type: 'quantitative', title: 'req/s' },
            color: { field: 'server', type: 'nominal' },
          },
        },
        resolve: { scale: { y: 'independent' } },
      },
      path.join(dir, 'ours-floor-peer.png'),
    );
  }
  console.log(`wrote ${path.join(dir, 'tables.md')} and plots`);
}

if (require.main === module) {
  const files = process.argv.slice(2);
  writeReport(...(files.length > 0 ? files : [path.join(__dirname, 'results', 'latest.json')])).catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
