import type { PublicationKind } from '../seed/schema';
import type { RecommendationReasonRecord, RelatedPublicationRecord, RelatedWeightsValue } from './related.model';

/**
 * The ranking rules of related publications and recommend, and their tuning constants: pure, no Cypher. The
 * scoring query (related.cypher.ts) receives the constants as parameters; what happens to its rows after
 * (ordering, edition collapsing, the recommend merge) is decided here.
 */

/** The default weights (documented on RelatedWeights in schema/recommendation.graphql; tuned with `npm run eval`). */
export const DEFAULT_WEIGHTS: RelatedWeightsValue = {
  relation: 6,
  series: 1,
  topic: 1,
  audience: 1,
  place: 0.6,
  programme: 1,
  organisation: 0.25,
  text: 8,
  primaryTopic: 0.5,
  complementaryKind: 0.5,
};

/** Text neighbours kept per publication (text-similarity.ts), the least cosine kept, and the shared terms named. */
export const TEXT_NEIGHBOURS = { size: 10, minSimilarity: 0.08, termsShown: 3 } as const;

/**
 * Kinds of work a reader of one is likely to need the other of (either way round): a handbook and the guides,
 * guidance notes and toolkits that apply it; an assessment and the training built on its findings; training
 * material for learners and the manual for their trainers. A candidate of the complementary kind gets the
 * `complementaryKind` weight as a small bonus reason, but only when it already has another reason: a kind alone
 * never makes a recommendation.
 */
export const COMPLEMENTARY_KINDS: readonly (readonly [PublicationKind, PublicationKind])[] = [
  ['handbook', 'guide'],
  ['handbook', 'guidance-note'],
  ['handbook', 'toolkit'],
  ['assessment', 'training-guide'],
  ['assessment', 'training-manual'],
  ['training-guide', 'trainers-manual'],
  ['training-manual', 'trainers-manual'],
  ['training-package', 'trainers-manual'],
  ['training-package', 'module'],
];

/** Whether two kinds complement each other (COMPLEMENTARY_KINDS, either order). */
export function complementaryKinds(a: string, b: string): boolean {
  return COMPLEMENTARY_KINDS.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
}

/** COMPLEMENTARY_KINDS as [seed kind, candidate kind] pairs both ways, for the scoring query. */
export const COMPLEMENTARY_KIND_PAIRS: string[][] = COMPLEMENTARY_KINDS.flatMap(([a, b]) => [
  [a, b],
  [b, a],
]);

/** The fan-out cap: a vocabulary node on more publications than min(CAP_CEILING, max(CAP_FLOOR, CAP_SHARE × N)) is
 *  not enumerated. The ceiling keeps a widget request's work flat as the catalogue grows: with 2 % of N alone, a
 *  100k catalogue enumerated up to 2,000 publications per feature and the widget query took 0.2 to 1.4 s
 *  (bench/RESULTS.md). A feature above the cap still counts for candidates found through rarer ones. */
export const CAP_FLOOR = 50;
export const CAP_SHARE = 0.02;
export const CAP_CEILING = 300;
/** A topic one BROADER step from a topic of the seed counts this share of a shared topic. */
export const NEIGHBOUR_SHARE = 0.3;
/** Candidates fetched per seed beyond `first`, so collapsing editions of one work still leaves `first`. */
export const editionMargin = (first: number) => first * 2 + 10;
/** The widget's `first` the related index serves exactly; larger lists (and other weights or a filter) score live. */
export const RELATED_INDEX_MAX_FIRST = 5;
/** Candidates the widget's query scores for `first` = RELATED_INDEX_MAX_FIRST (before collapsing editions), and
 *  candidates kept per publication: that plus a margin of 5 against float ties Cypher and JavaScript might break
 *  at the boundary. */
export const RELATED_INDEX_SERVED = RELATED_INDEX_MAX_FIRST + editionMargin(RELATED_INDEX_MAX_FIRST);
export const RELATED_INDEX_SIZE = RELATED_INDEX_SERVED + 5;
/** Candidates considered per seed by recommend: a candidate outside a seed's best RECOMMEND_POOL gets nothing from that seed. */
export const RECOMMEND_POOL = 200;

/** A scored candidate with what edition collapsing needs. */
export interface ScoredCandidate extends RelatedPublicationRecord {
  /** The smallest id among the candidate and its editions: one key per work. */
  work: string;
  languages: string[];
  /** True unless the candidate is itself an edition of another publication. */
  original: boolean;
}

/**
 * The related index holds each seed's best candidates under the default weights and no filter; a list of at
 * most its margin-less size with those arguments is exactly the index's candidates scored.
 */
export function usesRelatedIndex(args: { weights: RelatedWeightsValue; filter: { parts: readonly unknown[] } }, limit: number): boolean {
  const defaults = (Object.keys(DEFAULT_WEIGHTS) as (keyof RelatedWeightsValue)[]).every((k) => args.weights[k] === DEFAULT_WEIGHTS[k]);
  return defaults && args.filter.parts.length === 0 && limit <= RELATED_INDEX_SERVED;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Largest contribution first; ties by kind order and label, so the list is stable. */
export function sortReasons(reasons: RecommendationReasonRecord[]): RecommendationReasonRecord[] {
  return [...reasons].sort((a, b) => b.contribution - a.contribution || byCodeUnits(a.key, b.key));
}

/** The list order: score descending, then sortTitle, then id (the query's order, reproduced after merging). */
export function byScore(a: RelatedPublicationRecord, b: RelatedPublicationRecord): number {
  return b.score - a.score || byCodeUnits(a.publication.sortTitle, b.publication.sortTitle) || byCodeUnits(a.publication.id, b.publication.id);
}

/**
 * Editions of one work (EDITION_OF, either direction) are one recommendation: keep the edition available in
 * `preferLanguage` when one is, else the best-scored, then the original. The result is in list order.
 */
export function collapseEditions<T extends ScoredCandidate>(candidates: readonly T[], preferLanguage?: string | null): T[] {
  const rank = (c: T) => (preferLanguage && c.languages.includes(preferLanguage) ? 1 : 0);
  const best = new Map<string, T>();
  for (const c of candidates) {
    const current = best.get(c.work);
    if (!current) {
      best.set(c.work, c);
      continue;
    }
    const better = rank(c) - rank(current) || c.score - current.score || Number(c.original) - Number(current.original) || -byScore(c, current);
    if (better > 0) best.set(c.work, c);
  }
  return [...best.values()].sort(byScore);
}

/**
 * For a reader of `preferLanguage`: the works they can read (available in it, after collapsing chose the edition
 * in it) come first in list order; works they cannot read only fill what is left, so a list is never shorter
 * for it. A record whose languages the catalogue does not give counts as not readable.
 */
export function readableFirst<T extends ScoredCandidate>(list: readonly T[], preferLanguage: string | null): T[] {
  if (!preferLanguage) return [...list];
  const readable = (c: T) => c.languages.includes(preferLanguage);
  return [...list.filter(readable), ...list.filter((c) => !readable(c))];
}

/** A seed's list: editions collapsed, readable works first, cut to `first`, without what collapsing needed. */
export function relatedList(candidates: readonly ScoredCandidate[], first: number, preferLanguage: string | null): RelatedPublicationRecord[] {
  return readableFirst(collapseEditions(candidates, preferLanguage), preferLanguage)
    .slice(0, first)
    .map(({ publication, score, reasons, languageEditions }) => ({ publication, score, reasons, languageEditions }));
}

/** One seed's scored candidates, for the recommend merge; a negative seed has sign -1. */
export interface SeedCandidates {
  seed: string;
  sign: 1 | -1;
  /** The seed's own work key: its editions, like it, are never recommended. */
  work: string;
  candidates: readonly ScoredCandidate[];
}

/** Below this a merged contribution or score is rounding noise, not a reason. */
const NEGLIGIBLE = 1e-9;

/**
 * "More like `positive`, less like `negative`": a candidate's reasons from all seeds are merged on the shared
 * thing (a negative seed's count negatively), its score is their sum, and only candidates left above zero are
 * recommended; the seeds and their editions never are. Editions collapsed, cut to `first`.
 */
export function mergeRecommendations(seeds: readonly SeedCandidates[], first: number, preferLanguage: string | null): RelatedPublicationRecord[] {
  const excludedWorks = new Set(seeds.map((s) => s.work));
  const merged = new Map<string, { candidate: ScoredCandidate; reasons: Map<string, RecommendationReasonRecord> }>();
  for (const seed of seeds) {
    for (const candidate of seed.candidates) {
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
    const kept = sortReasons([...reasons.values()].filter((r) => Math.abs(r.contribution) > NEGLIGIBLE));
    const score = kept.reduce((sum, r) => sum + r.contribution, 0);
    if (score > NEGLIGIBLE) scored.push({ ...candidate, score, reasons: kept });
  }
  return readableFirst(collapseEditions(scored, preferLanguage), preferLanguage)
    .slice(0, first)
    .map(({ publication, score, reasons }) => ({ publication, score, reasons }));
}
