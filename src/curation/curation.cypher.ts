import { cypher } from '../graph/executor';
import { REL } from '../model';
import { PUBLICATION_DEGREE_LABELS, PUBLICATION_RELATIONSHIPS, storePublicationDegreeOf } from '../seed/stored-form';

/**
 * The statements of one curation edit. Labels and relationship types come from the loader's own tables
 * (src/seed/stored-form.ts, read from the graph model), never from input, so an edited publication is stored exactly like a loaded one.
 */

/** Takes the publication's write lock first, so two edits of one publication serialise instead of losing one. */
export const LOCK_PUBLICATION = cypher<{ id: string }>('curation lock publication', 'MATCH (p:Publication {id: $id}) SET p.id = p.id RETURN p.id AS id');

export const MISSING_REFERENCES = cypher<{ missing: Record<string, string[]> }>(
  'curation missing references',
  `RETURN {
     topics: [x IN $topics WHERE NOT EXISTS { MATCH (:Topic {id: x}) }],
     audiences: [x IN $audiences WHERE NOT EXISTS { MATCH (:Audience {id: x}) }],
     places: [x IN $places WHERE NOT EXISTS { MATCH (:Place {id: x}) }],
     organisations: [x IN $organisations WHERE NOT EXISTS { MATCH (:Organisation {id: x}) }],
     programmes: [x IN $programmes WHERE NOT EXISTS { MATCH (:Programme {id: x}) }],
     series: [x IN $series WHERE NOT EXISTS { MATCH (:Series {id: x}) }],
     publications: [x IN $publications WHERE NOT EXISTS { MATCH (:Publication {id: x}) }],
     sources: [x IN $sources WHERE NOT EXISTS { MATCH (:Source {id: x}) }]
   } AS missing`,
);

export const TOPIC_TEXT = cypher<{ id: string; props: Record<string, string | null> }>(
  'curation topic text',
  'MATCH (t:Topic) WHERE t.id IN $ids RETURN t.id AS id, t { .labelText, .labelTextEn, .labelTextEs, .labelTextFr } AS props',
);

// `SET p = $props` also drops the publication's related-index entry: it scores live until the next refresh, and
// relatedStaleSince stops a refresh that read the graph before this edit from writing one back. updatedAt moves the
// record's OAI-PMH datestamp, so harvesters asking `from` a date before the edit collect it again.
export const UPSERT_PUBLICATION = cypher('curation upsert publication', 'MERGE (p:Publication {id: $id}) SET p = $props, p.relatedStaleSince = timestamp(), p.updatedAt = timestamp()');

export const DELETE_PUBLICATION_RELATIONSHIPS = cypher(
  'curation unlink publication',
  'MATCH (p:Publication {id: $id})-[r]->() WHERE type(r) IN $types DELETE r',
);
export const PUBLICATION_RELATIONSHIP_TYPES = PUBLICATION_RELATIONSHIPS.map((r) => r.type);

/** Language nodes are derived from listings: one appears with its first listing and goes with its last. */
export const ENSURE_LANGUAGES = cypher('curation ensure languages', 'UNWIND $languages AS l MERGE (x:Language {id: l.code}) ON CREATE SET x.name = coalesce(l.name, l.code)');
export const DELETE_UNUSED_LANGUAGES = cypher(
  'curation prune languages',
  `MATCH (l:Language) WHERE l.id IN $codes AND NOT EXISTS { (l)<-[:${REL.AVAILABLE_IN}]-(:Publication) } DELETE l`,
);

export const CREATE_PUBLICATION_RELATIONSHIPS = new Map(
  PUBLICATION_RELATIONSHIPS.map(({ type, to }) => [
    type,
    cypher(
      `curation link ${type}`,
      `MATCH (p:Publication {id: $id})
       UNWIND $rows AS row
       MATCH (b:${to} {id: row.to})
       CREATE (p)-[r:${type}]->(b) SET r = row.props`,
    ),
  ]),
);

export const STORE_DEGREES = PUBLICATION_DEGREE_LABELS.map((label) => ({ label, query: storePublicationDegreeOf(label) }));

export const RECORD_AUDIT_EVENT = cypher(
  'curation audit',
  'CREATE (:AuditEvent { id: $id, at: $at, actor: $actor, actorVia: $via, action: $action, target: $target, details: $details })',
);
