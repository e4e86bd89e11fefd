import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { datestamp, METADATA_PREFIX, oaiIdentifier, type OaiArguments, type OaiErrorCode } from './oai-protocol';
import type { OaiRecord } from './oai.cypher';
import { untitledLabel } from '../citations/csl-item';

/** OAI-PMH answers as XML, built with xmlbuilder2 (escaping, namespaces and serialisation are the library's). */

const OAI = 'http://www.openarchives.org/OAI/2.0/';
const OAI_DC = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
const DC = 'http://purl.org/dc/elements/1.1/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const OAI_SCHEMA = 'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd';
export const OAI_DC_SCHEMA = 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd';
export { OAI_DC as OAI_DC_NAMESPACE };

/** The response envelope; `fill` adds the verb's element (or errors) under the root. */
export function oaiResponse(baseUrl: string, request: OaiArguments | undefined, fill: (root: XMLBuilder) => void, now = new Date()): string {
  const root = create({ version: '1.0', encoding: 'UTF-8' })
    .ele(OAI, 'OAI-PMH')
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:xsi', XSI)
    .att(XSI, 'xsi:schemaLocation', `${OAI} ${OAI_SCHEMA}`);
  root.ele(OAI, 'responseDate').txt(datestamp(now.getTime()));
  // After badVerb or badArgument the request element carries no attributes (protocol section 3.2).
  const attributes = Object.fromEntries(Object.entries(request ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
  root.ele(OAI, 'request', attributes).txt(baseUrl);
  fill(root);
  return root.end({ prettyPrint: true });
}

export function errors(root: XMLBuilder, problems: readonly { code: OaiErrorCode; message: string }[]): void {
  for (const p of problems) root.ele(OAI, 'error', { code: p.code }).txt(p.message);
}

export function el(parent: XMLBuilder, name: string, text?: string): XMLBuilder {
  const child = parent.ele(OAI, name);
  if (text !== undefined) child.txt(text);
  return child;
}

/** The setSpecs of a record: its kind, and every topic it is filed under with the broader ones. */
export const setSpecsOf = (r: OaiRecord): string[] => [`kind:${r.kind}`, ...[...r.topicSets].sort().map((t) => `topic:${t}`)];

export function header(parent: XMLBuilder, r: OaiRecord): void {
  const h = el(parent, 'header');
  el(h, 'identifier', oaiIdentifier(r.id));
  el(h, 'datestamp', datestamp(r.updatedAt));
  for (const spec of setSpecsOf(r)) el(h, 'setSpec', spec);
}

/**
 * Simple Dublin Core from the graph's facts only: title (or a marked stand-in for an untitled record), creators as
 * catalogued, publishers, partners and funders as contributors, topic labels as subjects, the year, the kind, the
 * service's own page, ISBNs and web links as identifiers, languages, places as coverage, the page count as extent.
 */
export function oaiDc(parent: XMLBuilder, r: OaiRecord, pageUrl: string): void {
  const dc = parent
    .ele(OAI_DC, 'oai_dc:dc')
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:dc', DC)
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:xsi', XSI)
    .att(XSI, 'xsi:schemaLocation', `${OAI_DC} ${OAI_DC_SCHEMA}`);
  const add = (name: string, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') dc.ele(DC, `dc:${name}`).txt(String(value));
  };
  add('title', r.title ?? untitledLabel(r));
  r.authors.forEach((a) => add('creator', a));
  r.publishers.forEach((p) => add('publisher', p));
  r.contributors.forEach((c) => add('contributor', c));
  r.subjects.forEach((s) => add('subject', s));
  add('description', r.summary);
  add('date', r.year);
  add('type', 'Text');
  add('type', r.kind);
  if (r.pages !== null) add('format', `${r.pages} pages`);
  add('identifier', pageUrl);
  [r.isbn, r.eisbn].forEach((isbn) => isbn && add('identifier', `urn:isbn:${isbn.replace(/[^0-9Xx]/g, '')}`));
  r.links.filter((l) => /^https?:\/\//i.test(l)).forEach((l) => add('identifier', l));
  r.languages.forEach((l) => add('language', l));
  r.places.forEach((p) => add('coverage', p));
}

export { METADATA_PREFIX };
