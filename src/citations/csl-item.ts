import type { LanguageEditionRecord, OrganisationRecord, PublicationRecord } from '../publications/publication.model';

/**
 * A publication as a CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html), the
 * input of every citation format. Only what the graph holds: title, year, authors as catalogued, publisher
 * organisations, ISBN, the first web link, language and page count. Nothing is guessed: names stay as the
 * catalogue writes them (a literal, since the catalogue does not say which are people and which bodies), and a
 * record without a title says so in brackets instead of passing its opening words off as one.
 */
export interface CslItem {
  id: string;
  'citation-key': string;
  type: 'book' | 'document';
  title: string;
  author?: { literal: string }[];
  issued?: { 'date-parts': [[number]] };
  publisher?: string;
  ISBN?: string;
  URL?: string;
  language?: string;
  'number-of-pages'?: string;
  note?: string;
}

/** The facts of one publication that its citation reads, gathered through the publication loaders. */
export interface CitationFacts {
  publication: PublicationRecord;
  publishers: readonly OrganisationRecord[];
  languages: readonly LanguageEditionRecord[];
}

const SNIPPET_WORDS = 8;

/** The marked stand-in for a missing title: "[Untitled record: <its opening words>…]". */
export function untitledLabel(p: Pick<PublicationRecord, 'id' | 'summary'>): string {
  const words = (p.summary ?? '').split(/\s+/).filter(Boolean).slice(0, SNIPPET_WORDS).join(' ');
  return `[Untitled record: ${words ? `${words}…` : p.id}]`;
}

export function toCslItem({ publication: p, publishers, languages }: CitationFacts): CslItem {
  const url = p.links.find((link) => /^https?:\/\//i.test(link));
  const item: CslItem = {
    id: p.id,
    'citation-key': p.id,
    // Every catalogued work is a standalone publication: as a book, BibTeX keeps its publisher (a techreport has an
    // institution instead) and RIS its ISBN (RPRT drops it).
    type: p.title === null ? 'document' : 'book',
    title: p.title ?? untitledLabel(p),
  };
  if (p.authors.length > 0) item.author = p.authors.map((literal) => ({ literal }));
  if (p.year !== null) item.issued = { 'date-parts': [[p.year]] };
  if (publishers.length > 0) item.publisher = publishers.map((o) => o.name).join('; ');
  const isbn = p.isbn ?? p.eisbn;
  if (isbn) item.ISBN = isbn;
  if (url) item.URL = url;
  if (languages[0]) item.language = languages[0].code;
  if (p.pages !== null) item['number-of-pages'] = String(p.pages);
  if (p.title === null) item.note = 'The catalogue gives no title for this record; the bracketed title quotes its opening words.';
  return item;
}
