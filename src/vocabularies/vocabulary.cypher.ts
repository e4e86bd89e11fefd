import { cypher } from '../graph/executor';
import { REL } from '../model';
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
export const ORGANISATION_PROJECTION = '{ .id, .name, .acronym }';
export const PROGRAMME_PROJECTION = '{ .id, .name, .acronym, .kind, .description }';

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
