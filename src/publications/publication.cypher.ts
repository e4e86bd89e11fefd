import { cypher, type CypherQuery, type GraphExecutor } from '../graph/executor';
import { COMPANION_PATTERN, INVERSE_OF, REL } from '../model';
import {
  AUDIENCE_PROJECTION,
  type AudienceRow,
  ORGANISATION_PROJECTION,
  type OrganisationRow,
  PLACE_PROJECTION,
  type PlaceRow,
  PROGRAMME_PROJECTION,
  type ProgrammeRow,
  TOPIC_PROJECTION,
  type TopicRow,
  toAudience,
  toOrganisation,
  toPlace,
  toProgramme,
  toTopic,
} from '../vocabularies/vocabulary.cypher';
import { byLabel, byName } from '../vocabularies/vocabulary.loaders';
import { type InferenceItem, type InferenceRecord, inferredLinks, toInferences } from './inference.cypher';
import type {
  AudienceRecord,
  CompanionRecord,
  CompanionRelationName,
  ConflictRecord,
  LanguageEditionRecord,
  OrganisationRecord,
  PlaceRecord,
  ProgrammeRecord,
  PublicationRecord,
  SeriesMembershipRecord,
  SeriesRecord,
  SourceListingRecord,
  TopicTagRecord,
} from './publication.model';

/**
 * Cypher for publications and the relationships they cross, each beside the mapper that reads its rows. Every
 * statement takes its input as parameters; batched statements take `$ids` and tag each row with its `key`.
 */

/** The map-projection body of a publication bound to `v` (the fields of PublicationRow), e.g. `p { ${publicationFields('p')} }`. */
export const publicationFields = (v: string) =>
  '.id, .title, .sortTitle, .kind, .year, .pages, .isbn, .eisbn, .summary, .summaryTruncated, .incomplete, .conflicts, ' +
  `alternativeTitles: coalesce(${v}.alternativeTitles, []), authors: coalesce(${v}.authors, []), missing: coalesce(${v}.missing, []), links: coalesce(${v}.links, [])`;
export const PUBLICATION_FIELDS = publicationFields('p');

/** The row shape of `p { PUBLICATION_FIELDS }` before conflicts are parsed. */
export type PublicationRow = Omit<PublicationRecord, '__typename' | 'conflicts'> & { conflicts: string | null };

export function toPublication(row: PublicationRow): PublicationRecord {
  return { ...row, __typename: 'Publication', conflicts: row.conflicts ? (JSON.parse(row.conflicts) as ConflictRecord[]) : [] };
}

export const PUBLICATIONS_BY_IDS = cypher<{ key: string; publication: PublicationRow }>(
  'publicationsByIds',
  `UNWIND $ids AS key MATCH (p:Publication {id: key}) RETURN key, p { ${PUBLICATION_FIELDS} } AS publication`,
);

export const PUBLICATION_BY_ISBN = cypher<{ publication: PublicationRow }>(
  'publicationByIsbn',
  `MATCH (p:Publication) WHERE $isbn IN p.isbnKeys RETURN p { ${PUBLICATION_FIELDS} } AS publication ORDER BY p.id LIMIT 1`,
);

/** The map projection of a series bound to `s` (a SeriesRecord without __typename). */
export const SERIES_PROJECTION = '{ .id, .title, titleIsDescriptive: coalesce(s.titleIsDescriptive, false) }';
type SeriesRow = { id: string; title: string; titleIsDescriptive: boolean | null };
export const toSeries = (row: SeriesRow): SeriesRecord => ({ __typename: 'Series', id: row.id, title: row.title, titleIsDescriptive: row.titleIsDescriptive ?? false });

/** The members of each series in `$ids`, by their position in it (unnumbered last), then title. */
export const SERIES_MEMBERS = cypher<{ key: string; items: PublicationRow[] }>(
  'membersOfSeries',
  `UNWIND $ids AS key MATCH (s:Series {id: key})
   RETURN key, COLLECT { MATCH (s)<-[r:${REL.IN_SERIES}]-(p:Publication) WITH r, p ORDER BY r.position, p.sortTitle, p.id RETURN p { ${PUBLICATION_FIELDS} } } AS items`,
);

/**
 * The relationships the Publication fields cross, each as an expression over a publication bound to `p` with
 * the mapper that reads its items. A relation's batched loader query (`relationOfPublications`) and a list
 * query that folds the relation into its page (publication-list.cypher.ts) evaluate the same expression and
 * map it with the same function, so a folded field answers exactly as its loader would.
 */
export interface PublicationRelation<Item, T> {
  /** The name of the loader's batched query (metrics, logs). */
  readonly queryName: string;
  /** A Cypher expression over `p` whose value is the list of items. */
  readonly items: string;
  /** Method syntax on purpose: a folded row's items are read through PublicationRelation<unknown, unknown>. */
  map(publicationId: string, items: Item[]): T[];
}

const relation = <Item, T>(queryName: string, items: string, map: (publicationId: string, items: Item[]) => T[]): PublicationRelation<Item, T> => ({
  queryName,
  items,
  map,
});

type SeriesItem = { position: number | null; order: number | null; series: SeriesRow };
/** Organisations a publication reaches by one tag type (publishers, partners, funders), by name. */
const organisationsBy = (queryName: string, type: typeof REL.PUBLISHED_BY | typeof REL.IN_PARTNERSHIP_WITH | typeof REL.FUNDED_BY) =>
  relation<OrganisationRow, OrganisationRecord>(queryName, `[(p)-[:${type}]->(n:Organisation) | n ${ORGANISATION_PROJECTION}]`, (_id, items) => items.map(toOrganisation).sort(byName));

type LanguageItem = { code: string; name: string; pdfUrl: string | null; order: number | null };
type CompanionItem = { type: string; outgoing: boolean; evidence: string | null; source: string | null; reasoning: string | null; publication: PublicationRow };

export const PUBLICATION_RELATIONS = {
  topicTags: relation<{ primary: boolean; topic: TopicRow }, TopicTagRecord>(
    'topicsOfPublications',
    `[(p)-[r:${REL.ABOUT}]->(n:Topic) | { primary: coalesce(r.primary, false), topic: n ${TOPIC_PROJECTION} }]`,
    (_id, items) =>
      items
        .map((item) => ({ primary: item.primary, topic: toTopic(item.topic) }))
        .sort((a, b) => Number(b.primary) - Number(a.primary) || byLabel(a.topic, b.topic)),
  ),
  audiences: relation<AudienceRow, AudienceRecord>('audiencesOfPublications', `[(p)-[:${REL.FOR_AUDIENCE}]->(n:Audience) | n ${AUDIENCE_PROJECTION}]`, (_id, items) =>
    items.map(toAudience).sort(byLabel),
  ),
  places: relation<PlaceRow, PlaceRecord>('placesOfPublications', `[(p)-[:${REL.COVERS}]->(n:Place) | n ${PLACE_PROJECTION}]`, (_id, items) => items.map(toPlace).sort(byName)),
  publishers: organisationsBy('publishersOfPublications', REL.PUBLISHED_BY),
  partners: organisationsBy('partnersOfPublications', REL.IN_PARTNERSHIP_WITH),
  funders: organisationsBy('fundersOfPublications', REL.FUNDED_BY),
  programmes: relation<ProgrammeRow, ProgrammeRecord>('programmesOfPublications', `[(p)-[:${REL.UNDER_PROGRAMME}]->(n:Programme) | n ${PROGRAMME_PROJECTION}]`, (_id, items) =>
    items.map(toProgramme).sort(byName),
  ),
  /** Series in the seed record's order (`order`), each with the publication's position in it. */
  series: relation<SeriesItem, SeriesMembershipRecord>(
    'seriesOfPublications',
    `[(p)-[r:${REL.IN_SERIES}]->(s:Series) | { position: r.position, order: r.order, series: s ${SERIES_PROJECTION} }]`,
    (_id, items) =>
      [...items]
        .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.series.id.localeCompare(b.series.id))
        .map((item) => ({ position: item.position, series: toSeries(item.series) })),
  ),
  languages: relation<LanguageItem, LanguageEditionRecord>(
    'languagesOfPublications',
    `[(p)-[r:${REL.AVAILABLE_IN}]->(l:Language) | { code: l.id, name: coalesce(r.nameAsListed, l.name, l.id), pdfUrl: r.pdf, order: r.order }]`,
    (id, items) => [...items].sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).map(({ code, name, pdfUrl }) => ({ publicationId: id, code, name, pdfUrl })),
  ),
  sources: relation<SourceListingRecord, SourceListingRecord>(
    'sourcesOfPublications',
    `[(p)-[r:${REL.LISTED_IN}]->(s:Source) | { source: s { .id, .file, .description }, titleAsListed: r.titleAsListed, fields: coalesce(r.fields, []) }]`,
    (_id, items) => [...items].sort((a, b) => a.source.id.localeCompare(b.source.id)),
  ),
  /** Explicit relations in both directions plus series siblings, each with the companion's fields. */
  companions: relation<CompanionItem, CompanionRecord>(
    'companionsOfPublications',
    `COLLECT {
       CALL (p) {
         MATCH (p)-[r:${COMPANION_PATTERN}]->(o:Publication)
         RETURN type(r) AS type, true AS outgoing, r.evidence AS evidence, r.source AS source, r.reasoning AS reasoning, o
         UNION ALL
         MATCH (p)<-[r:${COMPANION_PATTERN}]-(o:Publication)
         RETURN type(r) AS type, false AS outgoing, r.evidence AS evidence, r.source AS source, r.reasoning AS reasoning, o
         UNION ALL
         MATCH (p)-[:${REL.IN_SERIES}]->(s:Series)<-[:${REL.IN_SERIES}]-(o:Publication)
         WHERE o <> p
         RETURN 'SAME_SERIES' AS type, true AS outgoing, s.title AS evidence, null AS source, null AS reasoning, o
       }
       WITH type, outgoing, evidence, source, reasoning, o ORDER BY o.sortTitle, o.id
       RETURN { type: type, outgoing: outgoing, evidence: evidence, source: source, reasoning: reasoning, publication: o { ${publicationFields('o')} } }
     }`,
    (_id, items) => items.map(toCompanion),
  ),
  /** The links no catalogue file states (tags, and what the curators inferred), each with its reasoning. */
  inferences: relation<InferenceItem, InferenceRecord>('inferencesOfPublications', inferredLinks('p'), (_id, items) => toInferences(items)),
};

export type PublicationRelationName = keyof typeof PUBLICATION_RELATIONS;
/** What a relation's loader answers for one publication. */
export type PublicationRelationValue<N extends PublicationRelationName> = ReturnType<(typeof PUBLICATION_RELATIONS)[N]['map']>;
/** The relations a list query fetched for one of its publications. */
export type FoldedRelations = { [N in PublicationRelationName]?: PublicationRelationValue<N> };

/** A relation's batched query: every key of a tick as `$ids`, one row per publication found, with its items. */
export function relationOfPublications<Item, T>(rel: PublicationRelation<Item, T>): CypherQuery<{ key: string; items: Item[] }> {
  return cypher(rel.queryName, `UNWIND $ids AS key MATCH (p:Publication {id: key}) RETURN key, ${rel.items} AS items`);
}

/** Reads the items a list query folded in (`{ name: items }` for the names asked) with each relation's mapper. */
export function toFoldedRelations(publicationId: string, folded: Record<string, unknown[]>, names: readonly PublicationRelationName[]): FoldedRelations {
  const out: Record<string, unknown[]> = {};
  for (const name of names) out[name] = (PUBLICATION_RELATIONS[name] as PublicationRelation<unknown, unknown>).map(publicationId, folded[name] ?? []);
  return out as FoldedRelations;
}

/** A stored relation read from one end: as stored when that end is its start, else its inverse
 *  (src/model/relationships.ts names each inverse). */
export function relationFromSide(type: string, outgoing: boolean): CompanionRelationName {
  if (!INVERSE_OF.has(type)) throw new Error(`Unknown publication relation type ${type}`);
  return (outgoing ? type : INVERSE_OF.get(type)) as CompanionRelationName;
}

/** Reads a stored relation from the side of the publication it is listed under. */
export function toCompanion(item: CompanionItem): CompanionRecord {
  const relation = item.type === 'SAME_SERIES' ? 'SAME_SERIES' : relationFromSide(item.type, item.outgoing);
  return { relation, evidence: item.evidence, source: item.source, reasoning: item.reasoning ?? null, publication: toPublication(item.publication) };
}

export async function findPublicationByIsbn(graph: GraphExecutor, isbnKey: string): Promise<PublicationRecord | null> {
  const [row] = await graph.read(PUBLICATION_BY_ISBN, { isbn: isbnKey });
  return row ? toPublication(row.publication) : null;
}
