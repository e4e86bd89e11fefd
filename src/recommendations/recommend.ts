import type { GraphExecutor } from '../graph/executor';
import { collapseEditions, type ScoredCandidate, sortReasons, toCandidate } from './related.cypher';
import { type RelatedArgs, scoreSeeds } from './related.loaders';
import type { RecommendationReasonRecord, RelatedPublicationRecord } from './related.model';

/** Candidates considered per seed: a candidate outside a seed's best RECOMMEND_POOL gets nothing from that seed. */
export const RECOMMEND_POOL = 200;

export interface Recommendation {
  /** Seeds the graph does not hold. */
  missing: string[];
  items: RelatedPublicationRecord[];
}

/**
 * "More like `positive`, less like `negative`": every seed is scored in one round-trip; a candidate's reasons
 * from all seeds are merged on the shared thing (a negative seed's count negatively), its score is their sum,
 * and only candidates left above zero are recommended. The seeds and their editions are never recommended.
 */
export async function recommend(read: GraphExecutor['read'], positive: readonly string[], negative: readonly string[], args: RelatedArgs): Promise<Recommendation> {
  const seeds = [...positive.map((id) => ({ id, sign: 1 })), ...negative.map((id) => ({ id, sign: -1 }))];
  const rows = await scoreSeeds(
    read,
    seeds.map((s) => s.id),
    args,
    RECOMMEND_POOL,
  );
  const missing = seeds.filter((s) => !rows.get(s.id)?.seedWork).map((s) => s.id);
  if (missing.length > 0) return { missing, items: [] };

  const excludedWorks = new Set(seeds.map((s) => rows.get(s.id)!.seedWork!));
  const merged = new Map<string, { candidate: ScoredCandidate; reasons: Map<string, RecommendationReasonRecord> }>();
  for (const seed of seeds) {
    const row = rows.get(seed.id)!;
    for (const item of row.items ?? []) {
      const candidate = toCandidate(item, seed.id);
      if (excludedWorks.has(candidate.work)) continue;
      const entry = merged.get(candidate.publication.id) ?? { candidate, reasons: new Map<string, RecommendationReasonRecord>() };
      merged.set(candidate.publication.id, entry);
      for (const reason of candidate.reasons) {
        const signed = reason.contribution * seed.sign;
        const existing = entry.reasons.get(reason.key);
        entry.reasons.set(reason.key, existing ? { ...existing, contribution: existing.contribution + signed } : { ...reason, contribution: signed });
      }
    }
  }

  const scored: ScoredCandidate[] = [];
  for (const { candidate, reasons } of merged.values()) {
    // A shared thing liked and disliked equally says nothing either way: it is dropped, not shown as zero.
    const kept = sortReasons([...reasons.values()].filter((r) => Math.abs(r.contribution) > 1e-9));
    const score = kept.reduce((sum, r) => sum + r.contribution, 0);
    if (score > 1e-9) scored.push({ ...candidate, score, reasons: kept });
  }
  const items = collapseEditions(scored, args.preferLanguage)
    .slice(0, args.first)
    .map(({ publication, score, reasons }) => ({ publication, score, reasons }));
  return { missing: [], items };
}
