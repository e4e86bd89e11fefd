import { ANALYZER_STOPWORDS } from './stopwords';

/**
 * The search query language (documented on `Query.search` in schema/search.graphql and in the README):
 *
 *   word          every bare word must match, in any of its forms (English, Spanish, French stemming) and with
 *                 or without accents; a word of 4+ letters that matches nothing is retried with a typo allowed
 *   word*         a prefix
 *   "two words"   a phrase: the words next to each other, in this order, in a title or summary
 *   a OR b        either (also `a | b`); OR binds tighter than the implicit AND: `x a OR b` is x AND (a OR b)
 *   -word         excludes what matches (also -"a phrase", -word*)
 *
 * Only runs of letters and digits survive as words, so no Lucene or Cypher syntax typed by a user reaches an
 * index: the operators are recognised here and written by lucene.ts. A bare word that is a stop word of the
 * English, Spanish or French analyzer ("the", "de", "des") is ignored; quoted, it is required.
 */

export const MAX_QUERY_WORDS = 12;
export const MAX_WORD_LENGTH = 60;

/** A word as typed (lower-cased) and folded (accents removed), the form the folded index and prefixes use. */
export interface Word {
  typed: string;
  folded: string;
}

export type SearchLeaf = { kind: 'word'; word: Word } | { kind: 'prefix'; word: Word } | { kind: 'phrase'; words: Word[] };

/** One required (or, with `exclude`, forbidden) condition: any of its leaves. */
export interface SearchClause {
  exclude: boolean;
  anyOf: SearchLeaf[];
}

export interface SearchQuery {
  clauses: SearchClause[];
  /** Bare words left out as stop words, in the order typed. */
  ignored: string[];
}

export const foldText = (s: string): string => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').normalize('NFC').toLowerCase();

const STOPWORDS: ReadonlySet<string> = new Set(Object.values(ANALYZER_STOPWORDS).flatMap((list) => list.map(foldText)));

/** Whether a bare word is a stop word of one of the three analyzers (compared folded). */
export const isStopword = (word: string): boolean => STOPWORDS.has(foldText(word));

const toWord = (text: string): Word => ({ typed: text.toLowerCase(), folded: foldText(text) });

type Token = { type: 'item'; leaf: SearchLeaf; exclude: boolean } | { type: 'or' };

const WORD = /[\p{L}\p{N}]/u;

/** Items and OR markers, left to right; at most MAX_QUERY_WORDS words in all, none longer than MAX_WORD_LENGTH. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let words = 0;
  const take = (raw: string[]): Word[] => {
    // A word that folds to nothing (only diacritic-like letters, such as U+10780) has nothing to look up.
    const kept = raw.filter((w) => w.length <= MAX_WORD_LENGTH && foldText(w).length > 0).slice(0, Math.max(0, MAX_QUERY_WORDS - words));
    words += kept.length;
    return kept.map(toWord);
  };
  const chars = Array.from(text);
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    const atStart = i === 0 || /\s/u.test(chars[i - 1]!);
    const exclude = c === '-' && atStart && (chars[i + 1] === '"' || WORD.test(chars[i + 1] ?? ''));
    const at = exclude ? i + 1 : i;
    if (chars[at] === '"') {
      let end = chars.indexOf('"', at + 1);
      if (end < 0) end = chars.length;
      const phrase = take(chars.slice(at + 1, end).join('').match(/[\p{L}\p{N}]+/gu) ?? []);
      if (phrase.length > 0) tokens.push({ type: 'item', leaf: { kind: 'phrase', words: phrase }, exclude });
      i = end + 1;
    } else if (WORD.test(chars[at] ?? '')) {
      let end = at;
      while (end < chars.length && WORD.test(chars[end]!)) end++;
      const raw = chars.slice(at, end).join('');
      const prefix = chars[end] === '*';
      if (raw === 'OR' && !exclude && !prefix) tokens.push({ type: 'or' });
      else {
        const [word] = take([raw]);
        if (word) tokens.push({ type: 'item', leaf: prefix ? { kind: 'prefix', word } : { kind: 'word', word }, exclude });
      }
      i = prefix ? end + 1 : end;
    } else {
      if (c === '|') tokens.push({ type: 'or' });
      i++;
    }
  }
  return tokens;
}

/** Parses what a person typed into clauses; throws nothing (an empty result means there was nothing to search for). */
export function parseSearchQuery(text: string): SearchQuery {
  const clauses: SearchClause[] = [];
  const ignored: string[] = [];
  let joinNext = false;
  for (const token of tokenize(text)) {
    if (token.type === 'or') {
      joinNext = clauses.length > 0;
      continue;
    }
    const last = clauses[clauses.length - 1];
    // `-` only counts at the head of a clause: `a OR -b` reads as a OR b.
    if (joinNext && last) last.anyOf.push(token.leaf);
    else clauses.push({ exclude: token.exclude, anyOf: [token.leaf] });
    joinNext = false;
  }
  for (const clause of clauses) {
    clause.anyOf = clause.anyOf.filter((leaf) => {
      const stop = leaf.kind === 'word' && isStopword(leaf.word.folded);
      if (stop) ignored.push(leaf.word.typed);
      return !stop;
    });
  }
  return { clauses: clauses.filter((c) => c.anyOf.length > 0), ignored };
}

/** The folded words of the query's wanted (not excluded) leaves: what snippets highlight and topics explain. */
export function wantedWords(query: SearchQuery): string[] {
  const words = query.clauses
    .filter((c) => !c.exclude)
    .flatMap((c) => c.anyOf.flatMap((leaf) => (leaf.kind === 'phrase' ? leaf.words.filter((w) => !isStopword(w.folded)) : [leaf.word])))
    .map((w) => w.folded);
  return [...new Set(words)];
}
