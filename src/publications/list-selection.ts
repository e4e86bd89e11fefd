import type { GraphQLResolveInfo } from 'graphql';
import type { PublicationResolvers } from '../__generated__/resolvers-types';
import { readSelection } from '../node/selection';
import type { PublicationRelationName } from './publication.cypher';

/**
 * The relation loaders each Publication field loads its own publication's key from (publication.resolvers.ts).
 * Folding those relations into a list query primes exactly the keys the fields then load. A field with
 * arguments is listed only when they stay out of the loader key (`companions(relations:)` filters the loaded
 * list); fields whose loaders take other keys (related, jsonLd, the editions' own languages) are not folded.
 */
const FIELD_RELATIONS: Partial<Record<keyof PublicationResolvers, readonly PublicationRelationName[]>> = {
  topics: ['topicTags'],
  primaryTopic: ['topicTags'],
  audiences: ['audiences'],
  places: ['places'],
  publishers: ['publishers'],
  partners: ['partners'],
  funders: ['funders'],
  programmes: ['programmes'],
  series: ['series'],
  languages: ['languages'],
  sources: ['sources'],
  companions: ['companions'],
  editions: ['companions'],
  workLanguages: ['companions', 'languages'],
};

/** Edge fields that read a relation of their node: SearchEdge.matchedTopics picks from its topic tags. */
const EDGE_FIELD_RELATIONS: Partial<Record<string, readonly PublicationRelationName[]>> = {
  matchedTopics: ['topicTags'],
};

export interface ListFetchPlan {
  /** Relations to fetch with each publication of the page. */
  fold: PublicationRelationName[];
  /** Whether to count the whole set with the page. */
  count: boolean;
}

/** What a publication list should fetch with its page, read from the selection of its connection field. */
export function listFetchPlan(info: GraphQLResolveInfo): ListFetchPlan {
  const selected = readSelection(info);
  const nodeFields = new Set([...selected(['nodes']), ...selected(['edges', 'node'])]);
  const fold = new Set<PublicationRelationName>();
  for (const field of nodeFields) for (const relation of FIELD_RELATIONS[field as keyof PublicationResolvers] ?? []) fold.add(relation);
  for (const field of selected(['edges'])) for (const relation of EDGE_FIELD_RELATIONS[field] ?? []) fold.add(relation);
  return { fold: [...fold], count: selected().has('totalCount') };
}
