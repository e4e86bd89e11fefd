import { PUBLICATION_FULLTEXT_INDEX, PUBLICATION_STEMMED_INDEXES } from '../graph/graph-schema';
import { foldText, isStopword, MAX_QUERY_WORDS, MAX_WORD_LENGTH, type SearchClause, type SearchLeaf, type SearchQuery } from './query-language';

/**
 * Lucene queries for Neo4j's full-text indexes, written only from parsed words (letters and digits, lower-cased,
 * so no Lucene operator, field name, wildcard or range syntax typed by a user reaches an index).
 *
 * A publication search asks four indexes per clause: the folded one (accents and case removed, no stemming:
 * exact words, prefixes, typos) and one stemmed index per catalogue language (English, Spanish, French), each
 * analysing the words itself. A clause matches a publication when any of them does, so "returnee" finds
 * "returnees" through the English stemmer and "sante" finds "santé" through the folding.
 */

/** One full-text query: the index and the Lucene text; `fuzzy` lookups count only when the exact ones find nothing. */
export interface IndexLookup {
  index: string;
  lucene: string;
  fuzzy: boolean;
}

export interface ClauseLookups {
  exclude: boolean;
  lookups: IndexLookup[];
}

/** One edit from four letters on, two from eight (Lucene's maximum): a little tolerance, more for long words. */
export function typoDistance(word: string): 0 | 1 | 2 {
  const length = Array.from(word).length;
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

/** The fields of a publication's own text in every publication index (the rest are its topics' labels). */
const OWN_TEXT_FIELDS = ['title', 'alternativeTitlesText', 'summary'] as const;

/**
 * A phrase is looked for in the publication's own text only: topic labels are joined into one field, where a
 * phrase could run from the end of one label into the start of the next ("... persons | trafficking ...").
 */
const phrase = (words: string[]) => `(${OWN_TEXT_FIELDS.map((field) => `${field}:"${words.join(' ')}"`).join(' OR ')})`;

function foldedForm(leaf: SearchLeaf): string {
  if (leaf.kind === 'word') return leaf.word.folded;
  if (leaf.kind === 'prefix') return `${leaf.word.folded}*`;
  return phrase(leaf.words.map((w) => w.folded));
}

/** A stemmed index analyses the words as typed (its stemmer folds some accents itself); prefixes stay folded-only. */
function stemmedForm(leaf: SearchLeaf): string | undefined {
  if (leaf.kind === 'word') return leaf.word.typed;
  if (leaf.kind === 'phrase') return phrase(leaf.words.map((w) => w.typed));
  return undefined;
}

function clauseLookups(clause: SearchClause): ClauseLookups {
  const lookups: IndexLookup[] = [{ index: PUBLICATION_FULLTEXT_INDEX, lucene: clause.anyOf.map(foldedForm).join(' OR '), fuzzy: false }];
  const stemmed = clause.anyOf.map(stemmedForm).filter((f): f is string => f !== undefined);
  if (stemmed.length > 0) {
    for (const index of Object.values(PUBLICATION_STEMMED_INDEXES)) lookups.push({ index, lucene: stemmed.join(' OR '), fuzzy: false });
  }
  if (!clause.exclude) {
    const typos = clause.anyOf.flatMap((leaf) => (leaf.kind === 'word' && typoDistance(leaf.word.folded) > 0 ? [`${leaf.word.folded}~${typoDistance(leaf.word.folded)}`] : []));
    if (typos.length > 0) lookups.push({ index: PUBLICATION_FULLTEXT_INDEX, lucene: typos.join(' OR '), fuzzy: true });
  }
  return { exclude: clause.exclude, lookups };
}

/** The lookups of every clause of a parsed query, in order. */
export function searchLookups(query: SearchQuery): ClauseLookups[] {
  return query.clauses.map(clauseLookups);
}

/** Words of what is being typed into a search box: runs of letters/digits (any script) that fold to something, lower-cased, at most 12. */
export function queryTerms(text: string): string[] {
  // A run of only diacritics-like letters (U+10780 "𐞀" is one) folds to nothing: no word to look up.
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length <= MAX_WORD_LENGTH && foldText(t).length > 0).slice(0, MAX_QUERY_WORDS);
}

/**
 * For type-ahead over a folded index: every word must match, the last one also as a prefix from its first
 * letter (it is still being typed). Earlier words that are stop words are left out, as search leaves them out.
 */
export function prefixQuery(terms: string[], field?: string): string {
  const folded = terms.map(foldText);
  const parts = folded.flatMap((t, i) => (i === folded.length - 1 ? [`(${t} OR ${t}*)`] : isStopword(t) ? [] : [t]));
  const body = parts.join(' AND ');
  return field ? `${field}:(${body})` : body;
}
