import { cypher } from '../graph/executor';
import {
  COMPANION_TYPES,
  type CompanionType,
  isbnKey,
  type NodeLabel,
  PUBLICATION_DEGREE_TYPES,
  PUBLICATION_RELATIONSHIP_TYPES,
  type PublicationRelationshipType,
  REL,
  type RelationshipType,
  RELATIONSHIPS,
  alternation,
  classificationOf,
  sortTitle,
} from '../model';
import type { ProgrammeSeed, PublicationSeed } from './schema';

/**
 * How a seed record is stored in the graph: the properties of its node and the outgoing relationships of a
 * publication, with their properties. The seed loader writes every record this way and the curation API writes
 * one edited publication this way, so an edited publication is stored exactly like a loaded one.
 */

export type Row = Record<string, unknown>;

export function labelProps(label: { en: string; es?: string; fr?: string }, synonyms: { en: string[]; es: string[]; fr: string[] }): Row {
  return {
    labelEn: label.en,
    labelEs: label.es ?? null,
    labelFr: label.fr ?? null,
    synonymsEn: synonyms.en,
    synonymsEs: synonyms.es,
    synonymsFr: synonyms.fr,
    labelText: [label.en, label.es, label.fr, ...synonyms.en, ...synonyms.es, ...synonyms.fr].filter(Boolean).join(' | '),
    labelTextEn: [label.en, ...synonyms.en].join(' | '),
    labelTextEs: [label.es, ...synonyms.es].filter(Boolean).join(' | '),
    labelTextFr: [label.fr, ...synonyms.fr].filter(Boolean).join(' | '),
  };
}

/** A topic's labels and synonyms as the publication search indexes read them: all languages (folded index) and
 *  each language alone (its stemmed index). */
export interface TopicText {
  all: string;
  en: string;
  es: string;
  fr: string;
}

export const topicTextOf = (props: Row): TopicText => ({
  all: String(props.labelText ?? ''),
  en: String(props.labelTextEn ?? ''),
  es: String(props.labelTextEs ?? ''),
  fr: String(props.labelTextFr ?? ''),
});

/** The properties of a Publication node, derived fields included (sort key, ISBN keys, full-text topic labels,
 *  all languages and each language alone); `topicText` maps a topic id to its labels. */
export function publicationNodeProps(p: PublicationSeed, topicText: ReadonlyMap<string, TopicText>): Row {
  const topics = p.topics.map((t) => topicText.get(t)).filter((t): t is TopicText => t !== undefined);
  const join = (language: keyof TopicText) => topics.map((t) => t[language]).filter(Boolean).join(' | ');
  // editor:<name> provenance has no Source node to link to; it is kept on the node with its place in `sources`.
  const editorSources = p.sources.map((s, index) => ({ index, ...s })).filter((s) => s.source.startsWith('editor:'));
  return {
    id: p.id,
    title: p.title,
    sortTitle: sortTitle(p),
    alternativeTitles: p.alternativeTitles,
    alternativeTitlesText: p.alternativeTitles.join(' | '),
    kind: p.kind,
    year: p.year ?? null,
    pages: p.pages ?? null,
    isbn: p.isbn ?? null,
    eisbn: p.eisbn ?? null,
    isbnKeys: [p.isbn, p.eisbn].filter((v): v is string => !!v).map(isbnKey),
    summary: p.summary ?? null,
    summaryTruncated: p.summaryTruncated,
    authors: p.authors,
    categories: p.categories,
    links: p.links,
    incomplete: p.incomplete,
    missing: p.missing,
    notes: p.notes ?? null,
    conflicts: JSON.stringify(p.conflicts),
    editorSources: editorSources.length > 0 ? JSON.stringify(editorSources) : null,
    topicText: join('all'),
    topicTextEn: join('en'),
    topicTextEs: join('es'),
    topicTextFr: join('fr'),
  };
}

/**
 * The inference flag of one link (graph-seeds/FORMAT.md, "Inferences"): `inferred: true` and the reasoning when
 * the record lists the value under `inferences`, or when the link type is classification (topic and audience
 * tags), with the model's reasoning; nothing for a value a catalogue file states.
 */
export function inferenceProps(record: PublicationSeed | ProgrammeSeed, field: string, value: string, type: RelationshipType): Row {
  const inferences: readonly { field: string; value: string; reasoning: string }[] = record.inferences;
  const index = inferences.findIndex((i) => i.field === field && i.value === value);
  // inferenceOrder: the entry's place in `inferences`, so an export writes the list back in the curator's order.
  if (index >= 0) return { inferred: true, reasoning: inferences[index]!.reasoning, inferenceOrder: index };
  const reasoning = classificationOf(type);
  return reasoning === undefined ? {} : { inferred: true, reasoning };
}

type Pick = (p: PublicationSeed) => [string, Row][];
const ordered = (type: RelationshipType, field: 'audiences' | 'places' | 'publishers' | 'partners' | 'funders' | 'programmes'): Pick => (p) =>
  p[field].map((id, order) => [id, { order, ...inferenceProps(p, field, id, type) }]);

/** What each non-companion relationship of a publication reads from its seed record; every row carries its list
 *  position (`order`) so the seed file can be written back in the curator's order. */
const PICKS: Record<Exclude<PublicationRelationshipType, CompanionType>, Pick> = {
  [REL.ABOUT]: (p) => p.topics.map((t, order) => [t, { primary: t === p.primaryTopic, order, ...inferenceProps(p, 'topics', t, REL.ABOUT) }]),
  [REL.FOR_AUDIENCE]: ordered(REL.FOR_AUDIENCE, 'audiences'),
  [REL.COVERS]: ordered(REL.COVERS, 'places'),
  [REL.PUBLISHED_BY]: ordered(REL.PUBLISHED_BY, 'publishers'),
  [REL.IN_PARTNERSHIP_WITH]: ordered(REL.IN_PARTNERSHIP_WITH, 'partners'),
  [REL.FUNDED_BY]: ordered(REL.FUNDED_BY, 'funders'),
  [REL.UNDER_PROGRAMME]: ordered(REL.UNDER_PROGRAMME, 'programmes'),
  [REL.IN_SERIES]: (p) => p.series.map((s, order) => [s.id, { position: s.position ?? null, order, ...inferenceProps(p, 'series', s.id, REL.IN_SERIES) }]),
  [REL.AVAILABLE_IN]: (p) => p.languages.map((l, order) => [l.code, { nameAsListed: l.name ?? null, pdf: l.pdf ?? null, order }]),
  [REL.LISTED_IN]: (p) =>
    p.sources.flatMap((s, order): [string, Row][] => (s.source.startsWith('editor:') ? [] : [[s.source, { titleAsListed: s.titleAsListed ?? null, fields: s.fields, order }]])),
};
/** Every companion type is listed under `relations`, with the sentence and catalogue that state it. */
const companionPick =
  (type: CompanionType): Pick =>
  (p) =>
    p.relations.flatMap((r, order): [string, Row][] =>
      r.type === type ? [[r.target, { evidence: r.evidence, source: r.source, order, ...(r.inferred ? { inferred: true, reasoning: r.reasoning } : {}) }]] : [],
    );

const isCompanion = (type: RelationshipType): type is CompanionType => (COMPANION_TYPES as RelationshipType[]).includes(type);

/** A publication's outgoing relationships, by type and target label, in the graph model's order. */
export const PUBLICATION_RELATIONSHIPS: { type: PublicationRelationshipType; to: NodeLabel; pick: Pick }[] = PUBLICATION_RELATIONSHIP_TYPES.map((type) => ({
  type,
  to: RELATIONSHIPS[type].to,
  pick: isCompanion(type) ? companionPick(type) : PICKS[type],
}));

/** How many publications each vocabulary node is attached to: the document frequency that specificity
 *  weighting (a rare topic counts more than a broad one) and fan-out bounds read without counting at query time. */
export const PUBLICATION_DEGREE_LABELS = [...PUBLICATION_DEGREE_TYPES.keys()];
const degreePattern = (label: NodeLabel) => alternation(PUBLICATION_DEGREE_TYPES.get(label) ?? []);
export const storePublicationDegree = (label: NodeLabel) =>
  cypher(`seed degree ${label}`, `MATCH (n:${label}) SET n.publicationCount = COUNT { (n)<-[:${degreePattern(label)}]-(:Publication) }`);
/** The same degree, for only the vocabulary nodes one edit touched (the curation API). */
export const storePublicationDegreeOf = (label: NodeLabel) =>
  cypher(`curation degree ${label}`, `MATCH (n:${label}) WHERE n.id IN $ids SET n.publicationCount = COUNT { (n)<-[:${degreePattern(label)}]-(:Publication) }`);
