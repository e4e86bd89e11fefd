import type { GraphExecutor } from '../graph/executor';
import { keyedListLoader, keyedLoader } from '../graph/loaders';
import {
  AUDIENCES_BY_IDS,
  BROADER_TOPICS,
  NARROWER_TOPICS,
  ORGANISATION_OFFICES,
  ORGANISATION_PARENTS,
  ORGANISATIONS_BY_IDS,
  PLACES_BY_IDS,
  PLACES_WITHIN,
  PROGRAMME_INFERENCES,
  PROGRAMME_ORGANISATIONS,
  PROGRAMME_PLACES,
  PROGRAMME_TOPICS,
  PROGRAMMES_BY_IDS,
  publicationCounts,
  TOPICS_BY_IDS,
  type VocabularyField,
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
  /** How many publications each node's entity page lists (0 for an unknown node). */
  const publicationCount = (field: VocabularyField) => keyedLoader(executor, publicationCounts(field), (row) => row.count);
  return {
    topics: {
      byId: keyedLoader(executor, TOPICS_BY_IDS, (row) => toTopic(row.node)),
      broader: keyedListLoader(executor, BROADER_TOPICS, (row) => row.items.map(toTopic).sort(byLabel)),
      narrower: keyedListLoader(executor, NARROWER_TOPICS, (row) => row.items.map(toTopic).sort(byLabel)),
      publicationCount: publicationCount('topics'),
    },
    audiences: { byId: keyedLoader(executor, AUDIENCES_BY_IDS, (row) => toAudience(row.node)), publicationCount: publicationCount('audiences') },
    places: {
      byId: keyedLoader(executor, PLACES_BY_IDS, (row) => toPlace(row.node)),
      within: keyedListLoader(executor, PLACES_WITHIN, (row) => row.items.map(toPlace).sort(byName)),
      publicationCount: publicationCount('places'),
    },
    organisations: {
      byId: keyedLoader(executor, ORGANISATIONS_BY_IDS, (row) => toOrganisation(row.node)),
      parents: keyedListLoader(executor, ORGANISATION_PARENTS, (row) => row.items.map(toOrganisation).sort(byName)),
      offices: keyedListLoader(executor, ORGANISATION_OFFICES, (row) => row.items.map(toOrganisation).sort(byName)),
      publicationCount: publicationCount('organisations'),
    },
    programmes: {
      byId: keyedLoader(executor, PROGRAMMES_BY_IDS, (row) => toProgramme(row.node)),
      organisations: keyedListLoader(executor, PROGRAMME_ORGANISATIONS, (row) => row.items.map(toOrganisation).sort(byName)),
      places: keyedListLoader(executor, PROGRAMME_PLACES, (row) => row.items.map(toPlace).sort(byName)),
      topics: keyedListLoader(executor, PROGRAMME_TOPICS, (row) => row.items.map(toTopic).sort(byLabel)),
      publicationCount: publicationCount('programmes'),
      inferences: keyedListLoader(executor, PROGRAMME_INFERENCES, (row) => toInferences(row.items)),
    },
  };
}

export const byLabel = (a: { labelEn: string }, b: { labelEn: string }) => a.labelEn.localeCompare(b.labelEn);
export const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

export type VocabularyLoaders = ReturnType<typeof createVocabularyLoaders>;
