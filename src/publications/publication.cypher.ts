import { cypher, type GraphExecutor } from '../graph/executor';
import {
  AUDIENCE_PROJECTION,
  type AudienceRow,
  ORGANISATION_PROJECTION,
  type OrganisationRow,
  PLACE_PROJECTION,
  type PlaceRow,
  TOPIC_PROJECTION,
  type TopicRow,
} from '../vocabularies/vocabulary.cypher';
import type { CompanionRecord, CompanionRelationName, ConflictRecord, PublicationRecord } from './publication.model';

/**
 * Cypher for publications and the relationships they cross, each beside the mapper that reads its rows. Every
 * statement takes its input as parameters; batched statements take `$ids` and tag each row with its `key`.
 */

/** The map-projection body of a publication bound to `v` (the fields of PublicationRow), e.g. `p { ${publicationFields('p')} }`. */
export const publicationFields = (v: string) =>
  '.id, .title, .sortTitle, .kind, .year, .pages, .isbn, .eisbn, .summary, .summaryTruncated, .incomplete, .conflicts, ' +
  `alternativeTitles: coalesce(${v}.alternativeTitles, []), authors: coalesce(${v}.authors, []), missing: coalesce(${v}.missing, [])`;
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

export const TOPICS_OF_PUBLICATIONS = cypher<{ key: string; items: { primary: boolean; topic: TopicRow }[] }>(
  'topicsOfPublications',
  `UNWIND $ids AS key MATCH (p:Publication {id: key})
   RETURN key, [(p)-[r:ABOUT]->(n:Topic) | { primary: coalesce(r.primary, false), topic: n ${TOPIC_PROJECTION} }] AS items`,
);

export const AUDIENCES_OF_PUBLICATIONS = cypher<{ key: string; items: AudienceRow[] }>(
  'audiencesOfPublications',
  `UNWIND $ids AS key MATCH (p:Publication {id: key}) RETURN key, [(p)-[:FOR_AUDIENCE]->(n:Audience) | n ${AUDIENCE_PROJECTION}] AS items`,
);

export const PLACES_OF_PUBLICATIONS = cypher<{ key: string; items: PlaceRow[] }>(
  'placesOfPublications',
  `UNWIND $ids AS key MATCH (p:Publication {id: key}) RETURN key, [(p)-[:COVERS]->(n:Place) | n ${PLACE_PROJECTION}] AS items`,
);

export const PUBLISHERS_OF_PUBLICATIONS = cypher<{ key: string; items: OrganisationRow[] }>(
  'publishersOfPublications',
  `UNWIND $ids AS key MATCH (p:Publication {id: key}) RETURN key, [(p)-[:PUBLISHED_BY]->(n:Organisation) | n ${ORGANISATION_PROJECTION}] AS items`,
);

export const LANGUAGES_OF_PUBLICATIONS = cypher<{ key: string; items: { code: string; name: string; pdfUrl: string | null; order: number | null }[] }>(
  'languagesOfPublications',
  `UNWIND $ids AS key MATCH (p:Publication {id: key})
   RETURN key, [(p)-[r:AVAILABLE_IN]->(l:Language) | { code: l.id, name: coalesce(r.nameAsListed, l.name, l.id), pdfUrl: r.pdf, order: r.order }] AS items`,
);

export const SOURCES_OF_PUBLICATIONS = cypher<{ key: string; items: { source: { id: string; file: string; description: string }; titleAsListed: string | null; fields: string[] }[] }>(
  'sourcesOfPublications',
  `UNWIND $ids AS key MATCH (p:Publication {id: key})
   RETURN key, [(p)-[r:LISTED_IN]->(s:Source) | { source: s { .id, .file, .description }, titleAsListed: r.titleAsListed, fields: coalesce(r.fields, []) }] AS items`,
);

/** Explicit relations in both directions plus series siblings, each with the companion's fields, in one query. */
export const COMPANIONS_OF_PUBLICATIONS = cypher<{
  key: string;
  items: { type: string; outgoing: boolean; evidence: string | null; source: string | null; publication: PublicationRow }[];
}>(
  'companionsOfPublications',
  `UNWIND $ids AS key MATCH (p:Publication {id: key})
   CALL (p) {
     MATCH (p)-[r:COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF]->(o:Publication)
     RETURN type(r) AS type, true AS outgoing, r.evidence AS evidence, r.source AS source, o
     UNION ALL
     MATCH (p)<-[r:COMPLEMENTS|PART_OF|ANNEX_OF|MODULE_OF|INFORMED_BY|EDITION_OF]-(o:Publication)
     RETURN type(r) AS type, false AS outgoing, r.evidence AS evidence, r.source AS source, o
     UNION ALL
     MATCH (p)-[:IN_SERIES]->(s:Series)<-[:IN_SERIES]-(o:Publication)
     WHERE o <> p
     RETURN 'SAME_SERIES' AS type, true AS outgoing, s.title AS evidence, null AS source, o
   }
   WITH key, type, outgoing, evidence, source, o ORDER BY o.sortTitle, o.id
   RETURN key, collect({ type: type, outgoing: outgoing, evidence: evidence, source: source, publication: o { ${publicationFields('o')} } }) AS items`,
);

const INVERSE: Record<string, CompanionRelationName> = {
  COMPLEMENTS: 'COMPLEMENTED_BY',
  PART_OF: 'HAS_PART',
  ANNEX_OF: 'HAS_ANNEX',
  MODULE_OF: 'HAS_MODULE',
  INFORMED_BY: 'INFORMS',
  EDITION_OF: 'HAS_EDITION',
};

/** A stored relation read from one end: as stored when that end is its start, else its inverse
 *  (COMPLEMENTS on the guidance note is COMPLEMENTED_BY on the handbook). */
export function relationFromSide(type: string, outgoing: boolean): CompanionRelationName {
  const relation = outgoing ? (type as CompanionRelationName) : INVERSE[type];
  if (!relation) throw new Error(`Unknown publication relation type ${type}`);
  return relation;
}

/** Reads a stored relation from the side of the publication it is listed under. */
export function toCompanion(item: { type: string; outgoing: boolean; evidence: string | null; source: string | null; publication: PublicationRow }): CompanionRecord {
  const relation = item.type === 'SAME_SERIES' ? 'SAME_SERIES' : relationFromSide(item.type, item.outgoing);
  return { relation, evidence: item.evidence, source: item.source, publication: toPublication(item.publication) };
}

export async function findPublicationByIsbn(graph: GraphExecutor, isbnKey: string): Promise<PublicationRecord | null> {
  const [row] = await graph.read(PUBLICATION_BY_ISBN, { isbn: isbnKey });
  return row ? toPublication(row.publication) : null;
}
