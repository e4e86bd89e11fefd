/**
 * How ids and derived keys are written: shared by the seed schema (validation), the seed loader and the
 * curation API (which store them), filters and resolvers (which accept them). Nothing here reads the graph.
 */

/** A slug: kebab-case (a-z, 0-9, single hyphens). */
export const ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** An ISO 639 language code as Language ids are written ("en", "fil"). */
export const LANGUAGE_CODE_PATTERN = /^[a-z]{2,3}$/;

/** ISBNs and E-ISBNs without hyphens or spaces, so `publication(isbn:)` matches however it is written. */
export function isbnKey(isbn: string): string {
  return isbn.replace(/[^0-9Xx]/g, '').toUpperCase();
}

/** Lower-cased, accent-free title for ordering; untitled (snippet-only) records sort last. */
export function sortTitle(p: { title: string | null; summary?: string | undefined; id: string }): string {
  const basis = p.title ?? `\uffff${p.summary ?? p.id}`;
  return basis.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/^(the|a|an|la|le|les|el|los|las)\s+/, '');
}
