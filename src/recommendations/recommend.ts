import type { GraphExecutor } from '../graph/executor';
import { scoreSeeds, toCandidate } from './related.cypher';
import type { RelatedArgs } from './related.loaders';
import type { RelatedPublicationRecord } from './related.model';
import { mergeRecommendations, RECOMMEND_POOL } from './related.rules';

export { RECOMMEND_POOL };

export interface Recommendation {
  /** Seeds the graph does not hold. */
  missing: string[];
  items: RelatedPublicationRecord[];
}

/**
 * "More like `positive`, less like `negative`": every seed is scored in one round-trip, then merged by the rule
 * in related.rules.ts (mergeRecommendations). Seeds the graph does not hold are answered as missing.
 */
export async function recommend(read: GraphExecutor['read'], positive: readonly string[], negative: readonly string[], args: RelatedArgs): Promise<Recommendation> {
  const seeds = [...positive.map((id) => ({ seed: id, sign: 1 as const })), ...negative.map((id) => ({ seed: id, sign: -1 as const }))];
  const rows = await scoreSeeds(
    read,
    seeds.map((s) => s.seed),
    args,
    RECOMMEND_POOL,
  );
  const missing = seeds.filter((s) => !rows.get(s.seed)?.seedWork).map((s) => s.seed);
  if (missing.length > 0) return { missing, items: [] };

  const lists = seeds.map((seed) => {
    const row = rows.get(seed.seed)!;
    return { ...seed, work: row.seedWork!, candidates: (row.items ?? []).map((item) => toCandidate(item, seed.seed)) };
  });
  const items = mergeRecommendations(lists, args.first, args.preferLanguage);
  return { missing: [], items };
}
