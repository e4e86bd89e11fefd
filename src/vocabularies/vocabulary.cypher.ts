import { cypher } from '../graph/executor';
import { hierarchyOf, publicationLinks, REL, type RelationshipType, RELATIONSHIPS, upwards } from '../model';
import { type InferenceItem, inferredLinks } from '../publications/inference.cypher';
import type { AudienceRecord, OrganisationRecord, PlaceRecord, ProgrammeRecord, TopicRecord } from './vocabulary.model';

/**
 * Batched lookups of vocabulary nodes and of the one-step hierarchies between them. Each query takes a list of
 * ids and returns one row per id found, so a DataLoader serves a whole request's worth in one round-trip.
 * The projections are shared with the queries that reach vocabulary nodes from publications.
 */

/** Map projections of a vocabulary node bound to `n`, matching the *Record types (without __typename). */
export const TOPIC_PROJECTION =
  "{ .id, .name, .labelEn, .labelEs, .labelFr, .description, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) }";
export const AUDIENCE_PROJECTION =
  '{ .id, .name, .labelEn, .labelEs, .labelFr, synonymsEn: coalesce(n.synonymsEn, []), synonymsEs: coalesce(n.synonymsEs, []), synonymsFr: coalesce(n.synonymsFr, []) }';
export const PLACE_PROJECTION = '{ .id, .name, .type, .iso2 }';
// `organisationType`, not `type`: rows of several labels are read through one intersection type (related.cypher.ts), where a place's `type` differs.
export const ORGANISATION_PROJECTION = "{ .id, .name, .acronym, organisationType: coalesce(n.type, 'other') }";
export const PROGRAMME_PROJECTION = '{ .id, .name, .acronym, .kind, .description, links: coalesce(n.links, []) }';

export type TopicRow = Omit<TopicRecord, '__typename'>;
export type AudienceRow = Omit<AudienceRecord, '__typename'>;
export type PlaceRow = Omit<PlaceRecord, '__typename'>;
export type OrganisationRow = Omit<OrganisationRecord, '__typename'>;
export type ProgrammeRow = Omit<ProgrammeRecord, '__typename'>;

export const toTopic = (row: TopicRow): TopicRecord => ({ __typename: 'Topic', ...row });
export const toAudience = (row: AudienceRow): AudienceRecord => ({ __typename: 'Audience', ...row });
export const toPlace = (row: PlaceRow): PlaceRecord => ({ __typename: 'Place', ...row });
export const toOrganisation = (row: OrganisationRow): OrganisationRecord => ({ __typename: 'Organisation', ...row });
export const toProgramme = (row: ProgrammeRow): ProgrammeRecord => ({ __typename: 'Programme', ...row });

export const TOPICS_BY_IDS = cypher<{ key: string; node: TopicRow }>(
  'topicsByIds',
  `UNWIND $ids AS key MATCH (n:Topic {id: key}) RETURN key, n ${TOPIC_PROJECTION} AS node`,
);
export const AUDIENCES_BY_IDS = cypher<{ key: string; node: AudienceRow }>(
  'audiencesByIds',
  `UNWIND $ids AS key MATCH (n:Audience {id: key}) RETURN key, n ${AUDIENCE_PROJECTION} AS node`,
);
export const PLACES_BY_IDS = cypher<{ key: string; node: PlaceRow }>(
  'placesByIds',
  `UNWIND $ids AS key MATCH (n:Place {id: key}) RETURN key, n ${PLACE_PROJECTION} AS node`,
);
export const ORGANISATIONS_BY_IDS = cypher<{ key: string; node: OrganisationRow }>(
  'organisationsByIds',
  `UNWIND $ids AS key MATCH (n:Organisation {id: key}) RETURN key, n ${ORGANISATION_PROJECTION} AS node`,
);

export const PROGRAMMES_BY_IDS = cypher<{ key: string; node: ProgrammeRow }>(
  'programmesByIds',
  `UNWIND $ids AS key MATCH (n:Programme {id: key}) RETURN key, n ${PROGRAMME_PROJECTION} AS node`,
);

/** A programme's links no catalogue file states (src/publications/inference.cypher.ts). */
export const PROGRAMME_INFERENCES = cypher<{ key: string; items: InferenceItem[] }>(
  'programmeInferences',
  `UNWIND $ids AS key MATCH (n:Programme {id: key}) RETURN key, ${inferredLinks('n')} AS items`,
);

export const BROADER_TOPICS = cypher<{ key: string; items: TopicRow[] }>(
  'broaderTopics',
  `UNWIND $ids AS key MATCH (t:Topic {id: key}) RETURN key, [(t)-[:${REL.BROADER}]->(n:Topic) | n ${TOPIC_PROJECTION}] AS items`,
);
export const NARROWER_TOPICS = cypher<{ key: string; items: TopicRow[] }>(
  'narrowerTopics',
  `UNWIND $ids AS key MATCH (t:Topic {id: key}) RETURN key, [(t)<-[:${REL.BROADER}]-(n:Topic) | n ${TOPIC_PROJECTION}] AS items`,
);
export const PLACES_WITHIN = cypher<{ key: string; items: PlaceRow[] }>(
  'placesWithin',
  `UNWIND $ids AS key MATCH (p:Place {id: key}) RETURN key, [(p)-[:${REL.WITHIN}]->(n:Place) | n ${PLACE_PROJECTION}] AS items`,
);

/**
 * The nodes one step along `type` from each node in `$ids`: read in the stored direction (`outgoing`, from the
 * model's `from` label to its `to`) or against it. `projection` must be the projection of the label reached.
 */
function along<Row>(name: string, type: RelationshipType, direction: 'outgoing' | 'incoming', projection: string) {
  const { from, to } = RELATIONSHIPS[type];
  const [start, end, arrow] = direction === 'outgoing' ? [from, to, `-[:${type}]->`] : [to, from, `<-[:${type}]-`];
  return cypher<{ key: string; items: Row[] }>(name, `UNWIND $ids AS key MATCH (x:${start} {id: key}) RETURN key, [(x)${arrow}(n:${end}) | n ${projection}] AS items`);
}

export const ORGANISATION_PARENTS = along<OrganisationRow>('organisationParents', REL.PART_OF_ORGANISATION, 'outgoing', ORGANISATION_PROJECTION);
export const ORGANISATION_OFFICES = along<OrganisationRow>('organisationOffices', REL.PART_OF_ORGANISATION, 'incoming', ORGANISATION_PROJECTION);
export const PROGRAMME_ORGANISATIONS = along<OrganisationRow>('programmeOrganisations', REL.RUN_BY, 'outgoing', ORGANISATION_PROJECTION);
export const PROGRAMME_PLACES = along<PlaceRow>('programmePlaces', REL.OPERATES_IN, 'outgoing', PLACE_PROJECTION);
export const PROGRAMME_TOPICS = along<TopicRow>('programmeTopics', REL.ADDRESSES, 'outgoing', TOPIC_PROJECTION);

/** The filter fields over vocabulary nodes, whose entity pages list publications. */
export type VocabularyField = 'topics' | 'audiences' | 'places' | 'organisations' | 'programmes';

/**
 * How many publications the entity page of each node in `$ids` lists (its `publications.totalCount` without a
 * filter): those linked to it, or to a node below it in its hierarchy, by the relationships its filter field tests,
 * as the filter widens (a topic counts its narrower topics, a place the places within it, an organisation its offices).
 */
export function publicationCounts(field: VocabularyField) {
  const { label, pattern } = publicationLinks(field);
  const reach = hierarchyOf(label) ? `(:${label})${upwards(label)}(n)` : '(n)';
  return cypher<{ key: string; count: number }>(
    `publicationCounts ${field}`,
    `UNWIND $ids AS key MATCH (n:${label} {id: key})
     RETURN key, size(COLLECT { MATCH (p:Publication)-[:${pattern}]->${reach} RETURN DISTINCT p }) AS count`,
  );
}
