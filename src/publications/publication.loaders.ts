import type { GraphExecutor } from '../graph/executor';
import { keyedListLoader, keyedLoader } from '../graph/loaders';
import { toAudience, toOrganisation, toPlace, toTopic } from '../vocabularies/vocabulary.cypher';
import { byLabel, byName } from '../vocabularies/vocabulary.loaders';
import {
  AUDIENCES_OF_PUBLICATIONS,
  COMPANIONS_OF_PUBLICATIONS,
  LANGUAGES_OF_PUBLICATIONS,
  PLACES_OF_PUBLICATIONS,
  PUBLICATIONS_BY_IDS,
  PUBLISHERS_OF_PUBLICATIONS,
  SOURCES_OF_PUBLICATIONS,
  TOPICS_OF_PUBLICATIONS,
  toCompanion,
  toPublication,
} from './publication.cypher';
import type { LanguageEditionRecord, TopicTagRecord } from './publication.model';

/** Per-request loaders for publications and every relationship a Publication field crosses. */
export function createPublicationLoaders(executor: GraphExecutor) {
  return {
    publicationById: keyedLoader(executor, PUBLICATIONS_BY_IDS, (row) => toPublication(row.publication)),
    topicTags: keyedListLoader(executor, TOPICS_OF_PUBLICATIONS, (row): TopicTagRecord[] =>
      row.items
        .map((item) => ({ primary: item.primary, topic: toTopic(item.topic) }))
        .sort((a, b) => Number(b.primary) - Number(a.primary) || byLabel(a.topic, b.topic)),
    ),
    audiences: keyedListLoader(executor, AUDIENCES_OF_PUBLICATIONS, (row) => row.items.map(toAudience).sort(byLabel)),
    places: keyedListLoader(executor, PLACES_OF_PUBLICATIONS, (row) => row.items.map(toPlace).sort(byName)),
    publishers: keyedListLoader(executor, PUBLISHERS_OF_PUBLICATIONS, (row) => row.items.map(toOrganisation).sort(byName)),
    languages: keyedListLoader(executor, LANGUAGES_OF_PUBLICATIONS, (row): LanguageEditionRecord[] =>
      [...row.items].sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).map(({ code, name, pdfUrl }) => ({ publicationId: row.key, code, name, pdfUrl })),
    ),
    sources: keyedListLoader(executor, SOURCES_OF_PUBLICATIONS, (row) => [...row.items].sort((a, b) => a.source.id.localeCompare(b.source.id))),
    companions: keyedListLoader(executor, COMPANIONS_OF_PUBLICATIONS, (row) => row.items.map(toCompanion)),
  };
}

export type PublicationLoaders = ReturnType<typeof createPublicationLoaders>;
