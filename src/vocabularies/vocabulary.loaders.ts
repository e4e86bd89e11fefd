import type { GraphExecutor } from '../graph/executor';
import { keyedListLoader, keyedLoader } from '../graph/loaders';
import {
  AUDIENCES_BY_IDS,
  BROADER_TOPICS,
  NARROWER_TOPICS,
  ORGANISATIONS_BY_IDS,
  PLACES_BY_IDS,
  PLACES_WITHIN,
  PROGRAMMES_BY_IDS,
  TOPICS_BY_IDS,
  toAudience,
  toOrganisation,
  toPlace,
  toProgramme,
  toTopic,
} from './vocabulary.cypher';

/** Per-request loaders for vocabulary nodes and their hierarchies. Created fresh for every request. */
export function createVocabularyLoaders(executor: GraphExecutor) {
  return {
    topicById: keyedLoader(executor, TOPICS_BY_IDS, (row) => toTopic(row.node)),
    audienceById: keyedLoader(executor, AUDIENCES_BY_IDS, (row) => toAudience(row.node)),
    placeById: keyedLoader(executor, PLACES_BY_IDS, (row) => toPlace(row.node)),
    organisationById: keyedLoader(executor, ORGANISATIONS_BY_IDS, (row) => toOrganisation(row.node)),
    programmeById: keyedLoader(executor, PROGRAMMES_BY_IDS, (row) => toProgramme(row.node)),
    broaderTopics: keyedListLoader(executor, BROADER_TOPICS, (row) => row.items.map(toTopic).sort(byLabel)),
    narrowerTopics: keyedListLoader(executor, NARROWER_TOPICS, (row) => row.items.map(toTopic).sort(byLabel)),
    placesWithin: keyedListLoader(executor, PLACES_WITHIN, (row) => row.items.map(toPlace).sort(byName)),
  };
}

export const byLabel = (a: { labelEn: string }, b: { labelEn: string }) => a.labelEn.localeCompare(b.labelEn);
export const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

export type VocabularyLoaders = ReturnType<typeof createVocabularyLoaders>;
