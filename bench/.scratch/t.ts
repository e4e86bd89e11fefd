import neo4j from '../../node_modules/neo4j-driver';
import { relatedParams, relatedPublicationsQuery } from '/work/main/src/recommendations/related.cypher';
import { DEFAULT_WEIGHTS } from '/work/main/src/recommendations/related.resolvers';
const uri = process.argv[2]!; const seed = process.argv[3]!;
const full = relatedPublicationsQuery('true').cypher;
const params = relatedParams([seed], { weights: DEFAULT_WEIGHTS, limit: 20, filterParams: {} });
const cut = (marker: string, tail: string) => full.slice(0, full.indexOf(marker)) + tail;
const variants: Record<string, string> = {
  full,
  featuresOnly: cut('CALL (s, features, cap) {', 'RETURN size(features) AS n, size(seedEditions) AS e }\n RETURN n, e'),
  candidates: cut('WITH s, total, features, seedEditions, c\n', 'RETURN count(c) AS n }\n RETURN n'),
  candidatesFiltered: cut('CALL (s, c, features, total) {', 'RETURN count(c) AS n }\n RETURN n'),
};
(async () => {
  const d = neo4j.driver(uri);
  const s = d.session();
  for (const [name, q] of Object.entries(variants)) {
    const times: number[] = []; let rec: unknown;
    for (let i = 0; i < 5; i++) { const t = performance.now(); const r = await s.run(q, params); rec = r.records[0]?.toObject(); times.push(performance.now() - t); }
    console.log(name, Math.min(...times.slice(1)).toFixed(1), 'ms', JSON.stringify(rec).slice(0, 100));
  }
  await s.close(); await d.close();
})();
