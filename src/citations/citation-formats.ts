import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-csl';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { projectRoot } from '../config/project-root';
import type { CslItem } from './csl-item';

/**
 * Every citation format is written by citation-js (https://citation.js.org): BibTeX and RIS by its plugins, the
 * formatted references by citeproc-js (the CSL processor Zotero and Mendeley use) through @citation-js/plugin-csl,
 * with official CSL styles and locales. No format is a string template of ours.
 */

export type CitationFormatName = 'CSL_JSON' | 'BIBTEX' | 'RIS' | 'TEXT' | 'HTML';
export type CitationLanguage = 'EN' | 'ES' | 'FR';

/** The media type of each format, as content negotiation (src/citations/citation-http.ts) and exports name it. */
export const MEDIA_TYPES: Record<CitationFormatName, string> = {
  CSL_JSON: 'application/vnd.citationstyles.csl+json',
  BIBTEX: 'application/x-bibtex',
  RIS: 'application/x-research-info-systems',
  TEXT: 'text/x-bibliography',
  HTML: 'text/html',
};

/** The file extension of each format, for the name of an exported file. */
export const FILE_EXTENSIONS: Record<CitationFormatName, string> = { CSL_JSON: 'json', BIBTEX: 'bib', RIS: 'ris', TEXT: 'txt', HTML: 'html' };

/**
 * The styles a formatted reference may use. plugin-csl ships APA (7th edition), Vancouver and Harvard; the Chicago
 * author-date file is the Citation Style Language project's own (citation-style-language/styles, CC BY-SA 3.0),
 * kept unmodified in ./styles/.
 */
export const CITATION_STYLES = ['apa', 'chicago-author-date', 'harvard1', 'vancouver'] as const;
export type CitationStyle = (typeof CITATION_STYLES)[number];
export const DEFAULT_STYLE: CitationStyle = 'apa';

/** CSL locales for the catalogue's languages; plugin-csl ships these three (the CSL project's locale files). */
const LOCALES: Record<CitationLanguage, string> = { EN: 'en-US', ES: 'es-ES', FR: 'fr-FR' };

// Slugs are our BibTeX keys (citation-js refuses hyphens in keys unless told not to check them), and the file is
// UTF-8 ("Étude", not {\'E}tude), as biber, Zotero, JabRef and BibDesk read it.
const bibtex = plugins.config.get('@bibtex').format;
bibtex.checkLabel = false;
bibtex.asciiOnly = false;
const csl = plugins.config.get('@csl');
// The style ships as a file beside this source (src/citations/styles/); tsc does not copy it into dist/, so the
// compiled service (`npm run build`, the bench) reads it from the source tree, the image from where the Dockerfile
// copies it (dist/src/citations/styles/).
const STYLE_DIRS = [path.join(__dirname, 'styles'), path.join(projectRoot(), 'src', 'citations', 'styles')];
if (!csl.templates.has('chicago-author-date')) {
  const dir = STYLE_DIRS.find((d) => existsSync(path.join(d, 'chicago-author-date.csl')));
  if (!dir) throw new Error(`The Chicago author-date CSL style is missing: looked in ${STYLE_DIRS.join(' and ')}.`);
  csl.templates.add('chicago-author-date', readFileSync(path.join(dir, 'chicago-author-date.csl'), 'utf8'));
}

export const isCitationStyle = (style: string): style is CitationStyle => (CITATION_STYLES as readonly string[]).includes(style);

/** The items in one format: a CSL-JSON array, a BibTeX or RIS file, or a bibliography (one reference per item). */
export function renderCitations(items: readonly CslItem[], format: CitationFormatName, options: { style?: CitationStyle; language?: CitationLanguage } = {}): string {
  if (format === 'CSL_JSON') return `${JSON.stringify(items, null, 2)}\n`;
  if (items.length === 0) return '';
  const cite = new Cite(items.map((item) => ({ ...item })));
  if (format === 'BIBTEX') return cite.format('bibtex', { format: 'text' });
  // plugin-ris folds values at 70 characters onto untagged lines, which RIS readers other than Zotero's (EndNote,
  // astrocite-ris) take as broken records: each tag's value is put back on its own line.
  if (format === 'RIS') return cite.format('ris', { format: 'text' }).replace(/\n(?![A-Z][A-Z0-9] {2}- )/g, '');
  return cite.format('bibliography', { format: format === 'HTML' ? 'html' : 'text', template: options.style ?? DEFAULT_STYLE, lang: LOCALES[options.language ?? 'EN'] });
}
