/**
 * Turns what a person typed into a safe Lucene query for Neo4j's full-text indexes. Only letters and digits
 * survive as terms (so no Lucene operator, field name, wildcard or range syntax from the user reaches the
 * index), and the terms are combined by this code alone.
 */

const MAX_TERMS = 12;

/** Terms of a free-text query: runs of letters/digits (any script), lower-cased, at most MAX_TERMS. */
export function queryTerms(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => t.length <= 60).slice(0, MAX_TERMS);
}

/** Every term must match somewhere (in any indexed field). */
export function allTermsQuery(terms: string[]): string {
  return terms.join(' AND ');
}

/** For type-ahead: every term must match, the last one as a prefix (it is still being typed). */
export function prefixQuery(terms: string[], field?: string): string {
  const parts = terms.map((t, i) => (i === terms.length - 1 && t.length >= 2 ? `(${t} OR ${t}*)` : t));
  const body = parts.join(' AND ');
  return field ? `${field}:(${body})` : body;
}
