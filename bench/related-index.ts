/**
 * The related index on a benchmark store: builds it (timed: snapshot read, compute, write), then for a sample of
 * seeds compares the widget's list served from the index with live scoring (they must be identical), and times
 * both candidate sources side by side on the same seeds.
 *   npx tsx bench/related-index.ts [size=10k] [sample=200]
 * Uses the store `npm run bench -- --sizes <size> --reuse-store` keeps in the temp directory.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectDriver } from '../src/graph/connect';
import { startEmbeddedNeo4j } from '../src/graph/embedded-neo4j';
import { refreshRelatedIndex } from '../src/recommendations/related-index.cypher';
import { relatedParams, relatedPublicationsQuery, type RelatedRow } from '../src/recommendations/related.cypher';
import { DEFAULT_WEIGHTS, editionMargin } from '../src/recommendations/related.rules';
import { toRelatedList } from '../src/recommendations/related.loaders';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const size = process.argv[2] ?? '10k';
  const sample = Number(process.argv[3] ?? 200);
  const dataDir = path.join(os.tmpdir(), `pubgraph-bench-${size}`);
  if (!existsSync(path.join(dataDir, 'bench-load.json'))) throw new Error(`no store in ${dataDir}: run npm run bench -- --sizes ${size} --reuse-store --workloads none first`);
  const neo = await startEmbeddedNeo4j({ port: 0, dataDir, heap: '3g', pageCache: '2g' });
  try {
    const graph = await connectDriver({ uri: neo.uri, user: 'neo4j', password: 'x', database: 'neo4j', maxPoolSize: 4, txTimeoutMs: 3_600_000 }, 'bench');
    const refresh = await refreshRelatedIndex(graph.executor, DEFAULT_WEIGHTS);
    console.log(`index built: ${JSON.stringify(refresh)}`);
    const ids = (await graph.executor.read<{ id: string }>({ name: 'sample', cypher: 'MATCH (p:Publication) RETURN p.id AS id ORDER BY p.id' })).map((r) => r.id);
    const seeds = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / sample)) === 0).slice(0, sample);
    const limit = 5 + editionMargin(5);
    const run = async (source: 'index' | 'enumerate', id: string) => {
      const t = performance.now();
      const [row] = await graph.executor.read<RelatedRow>(relatedPublicationsQuery(null, source).query, relatedParams([id], { weights: DEFAULT_WEIGHTS, limit, filterParams: {} }));
      return { ms: performance.now() - t, list: toRelatedList(row, { first: 5, preferLanguage: null }) };
    };
    const times: Record<'index' | 'enumerate', number[]> = { index: [], enumerate: [] };
    let same = 0;
    const differ: string[] = [];
    for (const pass of [0, 1]) {
      for (const id of seeds) {
        const indexed = await run('index', id);
        const live = await run('enumerate', id);
        if (pass === 0) {
          // First pass warms the plan cache; the comparison is made once.
          const a = JSON.stringify(indexed.list.map((r) => [r.publication.id, r.score.toFixed(9), r.reasons.map((x) => x.key)]));
          const b = JSON.stringify(live.list.map((r) => [r.publication.id, r.score.toFixed(9), r.reasons.map((x) => x.key)]));
          if (a === b) same++;
          else differ.push(id);
          continue;
        }
        times.index.push(indexed.ms);
        times.enumerate.push(live.ms);
      }
    }
    console.log(`identical widget lists (first 5, ids, scores to 1e-9, reasons): ${same} of ${seeds.length}${differ.length ? `; differ: ${differ.slice(0, 10).join(', ')}` : ''}`);
    console.log(`median ms per query, same seeds, alternating: index ${median(times.index).toFixed(2)}, live ${median(times.enumerate).toFixed(2)}, ratio ${(median(times.enumerate) / median(times.index)).toFixed(1)}x`);
    await graph.close();
    if (differ.length > 0) process.exitCode = 1;
  } finally {
    await neo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
