/**
 * PROFILE of the hot queries on a synthetic catalogue: starts a dedicated embedded Neo4j, loads the size, and
 * prints, per query, the time of a warm run, the total db hits and the operators with the most db hits.
 *   npx tsx bench/profile.ts [size=10k]
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { connectDriver } from '../src/graph/connect';
import { startEmbeddedNeo4j } from '../src/graph/embedded-neo4j';
import { loadSeeds } from '../src/seed/load-seeds';
import { relatedParams, relatedPublicationsQuery } from '../src/recommendations/related.cypher';
import { editionMargin } from '../src/recommendations/related.rules';
import { DEFAULT_WEIGHTS } from '../src/recommendations/related.rules';
import { generateCatalogue, SIZES } from './generate';

interface Plan {
  operatorType: string;
  arguments: Record<string, unknown>;
  dbHits?: number;
  rows?: number;
  children: Plan[];
}

function flatten(plan: Plan, out: { op: string; hits: number; rows: number; details: string }[] = []) {
  out.push({ op: plan.operatorType, hits: plan.dbHits ?? 0, rows: plan.rows ?? 0, details: String(plan.arguments.Details ?? '').slice(0, 140) });
  for (const child of plan.children) flatten(child, out);
  return out;
}

async function main() {
  const size = process.argv[2] ?? '10k';
  const dataDir = path.join(os.tmpdir(), `pubgraph-profile-${size}`);
  rmSync(dataDir, { recursive: true, force: true });
  const generated = await generateCatalogue({ publications: SIZES[size]!, seedDir: path.resolve(__dirname, '..', 'graph-seeds') });
  const neo = await startEmbeddedNeo4j({ port: 0, dataDir, heap: '4g', pageCache: '2g' });
  try {
    const graph = await connectDriver({ uri: neo.uri, user: 'neo4j', password: 'x', database: 'neo4j', maxPoolSize: 4, txTimeoutMs: 3_600_000 }, 'profile');
    await loadSeeds(graph.executor, generated.catalogue, { timeoutMs: 3_600_000 });
    const driver = neo4j.driver(neo.uri, neo4j.auth.basic('neo4j', 'x'));
    const head = generated.clusterHeads[Math.floor(generated.clusterHeads.length / 2)]!;
    const topic = generated.midTopics.find((t) => t.startsWith('syn-topic-')) ?? generated.midTopics[0]!;
    const queries: [string, string, Record<string, unknown>][] = [
      ['baseline RETURN 1', 'RETURN 1', {}],
      ['related (widget)', relatedPublicationsQuery(null).query.cypher, relatedParams([head], { weights: DEFAULT_WEIGHTS, limit: editionMargin(5), filterParams: {} })],
      [
        'list by topic',
        'MATCH (p:Publication) WHERE EXISTS { MATCH (p)-[:ABOUT]->(:Topic)-[:BROADER*0..]->(x:Topic) WHERE x.id IN $topics } WITH p ORDER BY p.sortTitle, p.id LIMIT 21 RETURN p.id',
        { topics: [topic] },
      ],
    ];
    for (const [name, text, params] of queries) {
      const session = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
      try {
        const times: number[] = [];
        for (let i = 0; i < 6; i++) {
          const t = performance.now();
          await session.run(text, params);
          times.push(performance.now() - t);
        }
        const ms = Math.min(...times.slice(1));
        const result = await session.run(`PROFILE ${text}`, params);
        const ops = flatten(result.summary.profile as unknown as Plan);
        const total = ops.reduce((s, o) => s + o.hits, 0);
        console.log(`\n== ${name} (${size}): ${ms.toFixed(1)} ms (min of 5 warm runs), ${total} db hits`);
        for (const o of [...ops].sort((a, b) => b.hits - a.hits).slice(0, 8)) console.log(`  ${String(o.hits).padStart(9)} hits ${String(o.rows).padStart(8)} rows  ${o.op}  ${o.details}`);
      } finally {
        await session.close();
      }
    }
    await driver.close();
    await graph.close();
    if (process.argv.includes('--keep')) {
      console.log(`kept running at ${neo.uri} (seed ${head}, topic ${topic}); Ctrl-C stops it`);
      const keepAlive = setInterval(() => undefined, 60_000);
      await new Promise((resolve) => process.once('SIGINT', resolve));
      clearInterval(keepAlive);
    }
  } finally {
    await neo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
