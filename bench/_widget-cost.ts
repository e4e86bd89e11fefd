import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { disableNagle } from '../src/graph/connect';
import { startEmbeddedNeo4j } from '../src/graph/embedded-neo4j';
import { relatedParams, relatedPublicationsQuery } from '../src/recommendations/related.cypher';
import { DEFAULT_WEIGHTS, editionMargin } from '../src/recommendations/related.rules';
async function main() {
  const size = process.argv[2] ?? '100k';
  disableNagle();
  const neo = await startEmbeddedNeo4j({ port: 0, dataDir: path.join(os.tmpdir(), `pubgraph-bench-${size}`), heap: '3g', pageCache: '3g' });
  const driver = neo4j.driver(neo.uri);
  try {
    const s = driver.session();
    const ids = (await s.run('MATCH (p:Publication) WHERE p.id STARTS WITH "syn-pub" RETURN p.id AS id ORDER BY p.id LIMIT 50')).records.map((r) => r.get('id') as string);
    const full = relatedPublicationsQuery(null, 'index').query.cypher;
    const variants: Record<string, string> = {
      'RETURN 1': 'RETURN 1',
      'seed lookup': 'MATCH (s:Publication {id: $ids[0]}) RETURN s.relatedIds',
      'candidates only': 'MATCH (s:Publication {id: $ids[0]}) UNWIND s.relatedIds AS cid MATCH (c:Publication {id: cid}) RETURN c.id',
      'full widget query': full,
    };
    const params = (id: string) => relatedParams([id], { weights: DEFAULT_WEIGHTS, limit: 5 + editionMargin(5), filterParams: {} });
    for (const [name, q] of Object.entries(variants)) {
      for (let i = 0; i < 200; i++) await s.run(q, params(ids[i % ids.length]!)); // JIT warm-up
      const t: number[] = [];
      for (let i = 0; i < 300; i++) {
        const t0 = performance.now();
        await s.run(q, params(ids[i % ids.length]!));
        t.push(performance.now() - t0);
      }
      t.sort((a, b) => a - b);
      console.log(`${name.padEnd(20)} median ${t[150]!.toFixed(2)} ms  p95 ${t[285]!.toFixed(2)} ms`);
    }
    await s.close();
  } finally {
    await driver.close();
    await neo.stop();
  }
}
main();
