import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../src/config';
import { openGraph } from '../src/graph/connect';
import { cypher, type GraphExecutor, GraphQueryError } from '../src/graph/executor';
import { compilePublicationFilter } from '../src/publications/publication-filter';
import { type RelatedArgs, toRelatedList } from '../src/recommendations/related.loaders';
import { scoreSeeds } from '../src/recommendations/related.cypher';
import { editionMargin } from '../src/recommendations/related.rules';
import type { RelatedWeightsValue } from '../src/recommendations/related.model';
import { DEFAULT_WEIGHTS } from '../src/recommendations/related.rules';
import { loadSeeds } from '../src/seed/load-seeds';
import { readSeeds } from '../src/seed/read-seeds';

/**
 * `npm run eval [-- --weights topic=1,audience=0.5] [-- --k 5]`: offline evaluation of Publication.related
 * against the real catalogue (graph-seeds/, loaded into the embedded Neo4j or NEO4J_URI).
 *
 *  (a) every explicit relation and every pair of publications in one series is hidden (deleted inside a write
 *      transaction that is then rolled back, so the hidden link really cannot contribute), `related(first: k)`
 *      is asked of each end, and we check whether the other end is in the list: recall@k over both directions;
 *  (b) the same for the pairs a librarian judged related (scripts/eval-judgements.yaml), hiding any explicit
 *      relation between them;
 *  (c) the seed → expected pairs judged from the catalogue text (scripts/judged-related.yaml, none explicitly
 *      related): hit rate@k (the expected work is in the seed's top k) and precision@k (per seed, the share of
 *      its top k that is expected, averaged over seeds).
 */

const RELATION_TYPES = 'COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF|FOLLOWS_STRUCTURE_OF';

const EXPLICIT_LINKS = cypher<{ a: string; b: string; type: string }>(
  'eval explicit links',
  `MATCH (a:Publication)-[r:${RELATION_TYPES}]->(b:Publication) RETURN a.id AS a, b.id AS b, type(r) AS type ORDER BY a, type, b`,
);
const SERIES_PAIRS = cypher<{ a: string; b: string; series: string }>(
  'eval series pairs',
  `MATCH (a:Publication)-[:IN_SERIES]->(s:Series)<-[:IN_SERIES]-(b:Publication) WHERE a.id < b.id
   RETURN a.id AS a, b.id AS b, s.id AS series ORDER BY a, b`,
);
/** Hides a link: every explicit relation between the two, and their sharing of the given series. */
const HIDE_LINK = cypher(
  'eval hide link',
  `MATCH (a:Publication {id: $a}), (b:Publication {id: $b})
   OPTIONAL MATCH (a)-[r:${RELATION_TYPES}]-(b)
   DELETE r
   WITH DISTINCT a, b
   OPTIONAL MATCH (b)-[m:IN_SERIES]->(:Series {id: $series})
   DELETE m`,
);

class Rollback extends Error {}

interface Link {
  a: string;
  b: string;
  why: string;
  series?: string;
}

interface Outcome {
  from: string;
  to: string;
  why: string;
  rank: number | null;
}

/** Asks related(first: k) of `from` with the link to `to` hidden, in a transaction that is rolled back. */
async function rankWithLinkHidden(executor: GraphExecutor, link: Link, from: string, to: string, args: RelatedArgs): Promise<number | null> {
  let rank: number | null | undefined;
  try {
    await executor.transaction('write', 'eval hidden link', async (tx) => {
      await tx.update(HIDE_LINK, { a: link.a, b: link.b, series: link.series ?? null });
      const rows = await scoreSeeds((q, p) => tx.run(q, p), [from], args, args.first + editionMargin(args.first));
      const list = toRelatedList(rows.get(from), args);
      const at = list.findIndex((item) => item.publication.id === to);
      rank = at < 0 ? null : at + 1;
      throw new Rollback('evaluation only: roll the hidden link back');
    });
  } catch (error) {
    if (!(error instanceof GraphQueryError) || rank === undefined) throw error;
  }
  if (rank === undefined) throw new Error('the evaluation transaction did not run');
  return rank;
}

function parseWeights(argv: string[]): RelatedWeightsValue {
  const weights = { ...DEFAULT_WEIGHTS };
  const at = argv.indexOf('--weights');
  if (at >= 0) {
    for (const pair of (argv[at + 1] ?? '').split(',').filter(Boolean)) {
      const [name, value] = pair.split('=');
      if (!name || !(name in weights) || value === undefined || !Number.isFinite(Number(value))) throw new Error(`--weights: cannot read "${pair}" (use e.g. topic=1,audience=0.5)`);
      weights[name as keyof RelatedWeightsValue] = Number(value);
    }
  }
  return weights;
}

function table(title: string, outcomes: Outcome[], k: number): number {
  const hits = outcomes.filter((o) => o.rank !== null).length;
  const recall = outcomes.length ? hits / outcomes.length : NaN;
  console.log(`\n${title}`);
  const width = Math.max(...outcomes.map((o) => o.from.length), 4);
  console.log(`${'seed'.padEnd(width)}  rank  ${'expected'.padEnd(width)}  why`);
  for (const o of outcomes) console.log(`${o.from.padEnd(width)}  ${(o.rank === null ? '-' : String(o.rank)).padStart(4)}  ${o.to.padEnd(width)}  ${o.why}`);
  console.log(`recall@${k}: ${hits}/${outcomes.length} = ${recall.toFixed(3)}`);
  return recall;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const k = argv.includes('--k') ? Number(argv[argv.indexOf('--k') + 1]) : 5;
  const weights = parseWeights(argv);
  const config = loadConfig();
  const judgements = parse(readFileSync(path.join(__dirname, 'eval-judgements.yaml'), 'utf8')) as { pairs: { a: string; b: string; reason: string }[] };
  const textJudgements = parse(readFileSync(path.join(__dirname, 'judged-related.yaml'), 'utf8')) as { pairs: { seed: string; expected: string; why: string }[] };

  const graph = await openGraph(config, (line) => console.error(line));
  try {
    await loadSeeds(graph.executor, await readSeeds(config.seed.dir));
    const args: RelatedArgs = { first: k, weights, filter: compilePublicationFilter(null, 'c', 'rf'), filterKey: 'null', preferLanguage: null };
    console.log(`weights: ${JSON.stringify(weights)}`);

    const explicit: Link[] = [
      ...(await graph.executor.read(EXPLICIT_LINKS)).map((l) => ({ a: l.a, b: l.b, why: l.type })),
      ...(await graph.executor.read(SERIES_PAIRS)).map((l) => ({ a: l.a, b: l.b, why: `series ${l.series}`, series: l.series })),
    ];
    const judged: Link[] = judgements.pairs.map((p) => ({ a: p.a, b: p.b, why: p.reason }));

    const run = async (links: Link[]) => {
      const outcomes: Outcome[] = [];
      for (const link of links) {
        for (const [from, to] of [
          [link.a, link.b],
          [link.b, link.a],
        ] as const) {
          outcomes.push({ from, to, why: link.why, rank: await rankWithLinkHidden(graph.executor, link, from, to, args) });
        }
      }
      return outcomes;
    };
    const a = table(`(a) explicit relations and series pairs, hidden (${explicit.length} links, both directions)`, await run(explicit), k);
    const b = table(`(b) judged pairs (${judged.length}, both directions, any explicit relation between them hidden)`, await run(judged), k);
    const directed: Outcome[] = [];
    for (const p of textJudgements.pairs) {
      directed.push({ from: p.seed, to: p.expected, why: p.why, rank: await rankWithLinkHidden(graph.executor, { a: p.seed, b: p.expected, why: p.why }, p.seed, p.expected, args) });
    }
    const c = table(`(c) seed → expected pairs judged from the catalogue text (${directed.length})`, directed, k);
    const seeds = [...new Set(directed.map((o) => o.from))];
    const precision = seeds.reduce((sum, seed) => sum + directed.filter((o) => o.from === seed && o.rank !== null).length / k, 0) / seeds.length;
    console.log(`hit rate@${k}: ${c.toFixed(3)}; precision@${k}: ${precision.toFixed(3)} over ${seeds.length} seeds`);
    console.log(`\noverall recall@${k}: explicit ${a.toFixed(3)}, judged ${b.toFixed(3)}, text-judged hit rate ${c.toFixed(3)}, precision@${k} ${precision.toFixed(3)}`);
  } finally {
    await graph.close();
  }
}

main().catch((error: unknown) => {
  console.error(`eval: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
