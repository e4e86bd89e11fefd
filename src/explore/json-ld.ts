import { cypher } from '../graph/executor';
import { alternation, JSON_LD_EDITION_TYPES, JSON_LD_WHOLE_TYPES, REL } from '../model';
import { PUBLICATION_FIELDS, type PublicationRow, toPublication } from '../publications/publication.cypher';
import type { PublicationRecord } from '../publications/publication.model';

/**
 * schema.org JSON-LD for a publication, built only from facts in the graph. The facts of a batch of
 * publications come from one query (JSON_LD_FACTS, through a per-request loader); `toJsonLd` maps them.
 */

interface Named {
  name: string;
}
export interface JsonLdFactsRow {
  key: string;
  publication: PublicationRow;
  links: string[];
  languages: { code: string; pdf: string | null; order: number | null }[];
  places: { name: string; type: string; iso2: string | null }[];
  audiences: { label: string }[];
  topics: { label: string; primary: boolean }[];
  publishers: (Named & { acronym: string | null })[];
  partners: (Named & { acronym: string | null })[];
  funders: (Named & { acronym: string | null })[];
  series: { title: string; position: number | null }[];
  wholes: { relation: string; title: string | null; kind: string }[];
  editions: { outgoing: boolean; title: string | null; kind: string; languages: string[] }[];
}

/** The companion types the model maps to JSON-LD editions (translationOfWork, workExample ...). */
const EDITIONS = alternation(JSON_LD_EDITION_TYPES);

export const JSON_LD_FACTS = cypher<JsonLdFactsRow>(
  'jsonLdFacts',
  `UNWIND $ids AS key MATCH (p:Publication {id: key})
   RETURN key, p { ${PUBLICATION_FIELDS} } AS publication, coalesce(p.links, []) AS links,
     [(p)-[r:${REL.AVAILABLE_IN}]->(l:Language) | { code: l.id, pdf: r.pdf, order: r.order }] AS languages,
     [(p)-[:${REL.COVERS}]->(n:Place) | n { .name, .type, .iso2 }] AS places,
     [(p)-[:${REL.FOR_AUDIENCE}]->(n:Audience) | { label: n.labelEn }] AS audiences,
     [(p)-[r:${REL.ABOUT}]->(n:Topic) | { label: n.labelEn, primary: coalesce(r.primary, false) }] AS topics,
     [(p)-[:${REL.PUBLISHED_BY}]->(n:Organisation) | n { .name, .acronym }] AS publishers,
     [(p)-[:${REL.IN_PARTNERSHIP_WITH}]->(n:Organisation) | n { .name, .acronym }] AS partners,
     [(p)-[:${REL.FUNDED_BY}]->(n:Organisation) | n { .name, .acronym }] AS funders,
     [(p)-[r:${REL.IN_SERIES}]->(s:Series) | { title: s.title, position: r.position }] AS series,
     [(p)-[r:${alternation(JSON_LD_WHOLE_TYPES)}]->(o:Publication) | { relation: type(r), title: o.title, kind: o.kind }] AS wholes,
     [(p)-[:${EDITIONS}]->(o:Publication) | { outgoing: true, title: o.title, kind: o.kind, languages: [(o)-[:${REL.AVAILABLE_IN}]->(l:Language) | l.id] }] +
     [(p)<-[:${EDITIONS}]-(o:Publication) | { outgoing: false, title: o.title, kind: o.kind, languages: [(o)-[:${REL.AVAILABLE_IN}]->(l:Language) | l.id] }] AS editions`,
);

const BOOK_KINDS = new Set(['handbook', 'manual', 'guide', 'training-guide', 'trainers-manual', 'training-manual', 'toolkit', 'policy-guide']);
const REPORT_KINDS = new Set(['report', 'study', 'assessment']);

/** The schema.org type(s) of a kind; a work with an ISBN is also a Book (isbn is a Book property). */
export function schemaTypeOf(kind: string, hasIsbn: boolean): string | string[] {
  const base = BOOK_KINDS.has(kind) ? 'Book' : REPORT_KINDS.has(kind) ? 'Report' : kind === 'e-course' ? 'Course' : 'CreativeWork';
  return hasIsbn && base !== 'Book' ? [base, 'Book'] : base;
}

const organisation = (o: Named & { acronym: string | null }) => ({ '@type': 'Organization', name: o.name, ...(o.acronym ? { alternateName: o.acronym } : {}) });
const one = <T>(list: T[]): T | T[] => (list.length === 1 ? list[0]! : list);
/** Drops undefined, null and empty-list members so only stated facts appear. */
const compact = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)));

export function toJsonLd(row: JsonLdFactsRow): Record<string, unknown> {
  const p: PublicationRecord = toPublication(row.publication);
  const languages = [...row.languages].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  const codes = languages.map((l) => l.code);
  const relatedWork = (e: { title: string | null; kind: string; languages?: string[] }) =>
    compact({ '@type': schemaTypeOf(e.kind, false), name: e.title, inLanguage: e.languages && e.languages.length > 0 ? one(e.languages) : undefined });
  // An edition in other languages is a translation; one in the same languages is another edition of the work.
  const isTranslation = (e: { languages: string[] }) => e.languages.some((l) => !codes.includes(l));
  const editions = (outgoing: boolean, translation: boolean) =>
    row.editions.filter((e) => e.outgoing === outgoing && isTranslation(e) === translation).map(relatedWork);
  const topics = [...row.topics].sort((a, b) => Number(b.primary) - Number(a.primary) || a.label.localeCompare(b.label));
  return compact({
    '@context': 'https://schema.org',
    '@type': schemaTypeOf(p.kind, Boolean(p.isbn ?? p.eisbn)),
    name: p.title,
    alternateName: p.alternativeTitles.length > 0 ? p.alternativeTitles : undefined,
    datePublished: p.year !== null ? String(p.year) : undefined,
    numberOfPages: p.pages ?? undefined,
    isbn: p.isbn ?? p.eisbn ?? undefined,
    identifier: p.isbn && p.eisbn ? [{ '@type': 'PropertyValue', propertyID: 'eISBN', value: p.eisbn }] : undefined,
    inLanguage: codes.length > 0 ? one(codes) : undefined,
    spatialCoverage: row.places.map((pl) => compact({ '@type': pl.type === 'country' ? 'Country' : 'Place', name: pl.name, identifier: pl.iso2 })),
    audience: row.audiences.map((a) => ({ '@type': 'Audience', audienceType: a.label })),
    about: topics.map((t) => ({ '@type': 'Thing', name: t.label })),
    publisher: row.publishers.map(organisation),
    contributor: row.partners.map(organisation),
    funder: row.funders.map(organisation),
    isPartOf: [
      ...row.series.map((s) => compact({ '@type': 'CreativeWorkSeries', name: s.title, position: s.position })),
      ...row.wholes.map(relatedWork),
    ],
    translationOfWork: one(editions(true, true)),
    workTranslation: editions(false, true),
    exampleOfWork: one(editions(true, false)),
    workExample: editions(false, false),
    url: row.links[0],
    encoding: languages.filter((l) => l.pdf).map((l) => ({ '@type': 'MediaObject', contentUrl: l.pdf, encodingFormat: 'application/pdf', inLanguage: l.code })),
    description: p.summary,
  });
}
