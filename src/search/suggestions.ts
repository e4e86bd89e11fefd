import { foldText } from './query-language';
import type { SuggestionRow } from './search.cypher';

/**
 * The order of autocomplete suggestions. A suggestion's score is its full-text score, doubled when one of its
 * labels begins with what was typed (Lucene scores every prefix match alike, so "cari" would otherwise rank
 * "Caring for ..." level with a label that merely contains a word starting "cari"). Suggestions come by score,
 * then by use (how many publications the node is attached to), then by id; at most `perType` of each type and
 * `first` in all.
 */

/** Words of a text, folded and single-spaced, so "Counter-trafficking" begins with "counter traf". */
const words = (text: string) => (foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');

export interface RankedSuggestion {
  row: SuggestionRow;
  score: number;
}

export function rankSuggestions(rows: SuggestionRow[], typed: string, { first, perType }: { first: number; perType: number }): RankedSuggestion[] {
  const start = words(typed);
  const ranked = rows
    .map((row) => {
      const begins = start.length > 0 && [row.name, row.labelEn, row.labelEs, row.labelFr].some((label) => label && words(label).startsWith(start));
      return { row, score: begins ? row.score * 2 : row.score };
    })
    .sort((a, b) => b.score - a.score || b.row.popularity - a.row.popularity || a.row.id.localeCompare(b.row.id));
  const perTypeCount = new Map<string, number>();
  const kept: RankedSuggestion[] = [];
  for (const suggestion of ranked) {
    const count = perTypeCount.get(suggestion.row.nodeType) ?? 0;
    if (count >= perType) continue;
    perTypeCount.set(suggestion.row.nodeType, count + 1);
    kept.push(suggestion);
    if (kept.length === first) break;
  }
  return kept;
}
