import type { GraphExecutor } from '../graph/executor';
import { keyedListLoader, keyedLoader } from '../graph/loaders';
import {
  AUDIENCES_BY_IDS,
  BROADER_TOPICS,
  NARROWER_TOPICS,
  ORGANISATIONS_BY_IDS,
  PLACES_BY_IDS,
  PLACES_WITHIN,
  PROGRAMME_INFERENCES,
  PROGRAMMES_BY_IDS,
  TOPICS_BY_IDS,
  toAudience,
  toOrganisation,
  toPlace,
  toProgramme,
  toTopic,
} from './vocabulary.cypher';
import { toInferences } from '../publications/inference.cypher';

/**
 * Per-request loaders for vocabulary nodes and their hierarchies, one namespace per label (`ctx.loaders.topics`,
 * `ctx.loaders.places` ...); the entity pages' loaders (entity-page.loaders.ts) join the same namespaces.
 */
export function createVocabularyLoaders(executor: GraphExecutor) {
  return {
    topics: {
      byId: keyedLoader(executor, TOPICS_BY_IDS, (row) => toTopic(row.node)),
      broader: keyedListLoader(executor, BROADER_TOPICS, (row) => row.items.map(toTopic).sort(byLabel)),
      narrower: keyedListLoader(executor, NARROWER_TOPICS, (row) => row.items.map(toTopic).sort(byLabel)),
    },
    audiences: { byId: keyedLoader(executor, AUDIENCES_BY_IDS, (row) => toAudience(row.node)) },
    places: {
      byId: keyedLoader(executor, PLACES_BY_IDS, (row) => toPlace(row.node)),
      within: keyedListLoader(executor, PLACES_WITHIN, (row) => row.items.map(toPlace).sort(byName)),
    },
    organisations: { byId: keyedLoader(executor, ORGANISATIONS_BY_IDS, (row) => toOrganisation(row.node)) },
    programmes: {
      byId: keyedLoader(executor, PROGRAMMES_BY_IDS, (row) => toProgramme(row.node)),
      inferences: keyedListLoader(executor, PROGRAMME_INFERENCES, (row) => toInferences(row.items)),
    },
  };
}

export const byLabel = (a: { labelEn: string }, b: { labelEn: string }) => a.labelEn.localeCompare(b.labelEn);
export const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

export type VocabularyLoaders = ReturnType<typeof createVocabularyLoaders>;
