import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ANONYMOUS, type AuthState } from '../auth/verify';
import type { AppConfig } from '../config';
import type { GraphExecutor, QueryEvent } from '../graph/executor';
import { createPublicationLoaders } from '../publications/publication.loaders';
import { createRecommendationLoaders } from '../recommendations/related.loaders';
import { createVocabularyLoaders } from '../vocabularies/vocabulary.loaders';
import { createEntityPageLoaders } from '../vocabularies/entity-page.loaders';
import { createExploreLoaders } from '../explore/explore.loaders';
import { createNodeReferenceLoaders } from '../node/node-references.cypher';

/** Everything a resolver may use, built fresh for each request: loaders are never shared between requests. */
export interface GraphQLContext {
  requestId: string;
  /** The executor, observed: every Cypher round-trip of this request is appended to `queries`. */
  graph: GraphExecutor;
  loaders: ReturnType<typeof createLoaders>;
  limits: { maxPageSize: number };
  queries: QueryEvent[];
  /** Who is calling, verified once per request (src/auth/); reads ignore it, mutations require an editor. */
  auth: AuthState;
  /** The request's logger (audit lines of mutations go here). */
  log?: Logger;
  /** Who spends the rate-limit budget: an editor by identity, anyone else by address. */
  client: string;
  /** Called after an edit commits (the related index schedules a refresh). */
  onEdit?: () => void;
}

/** One namespace per module (or, for vocabularies, per label): `ctx.loaders.publications.byId` says whose it is. */
export function createLoaders(graph: GraphExecutor) {
  const vocabularies = createVocabularyLoaders(graph);
  const pages = createEntityPageLoaders(graph);
  return {
    publications: createPublicationLoaders(graph),
    topics: { ...vocabularies.topics, ...pages.topics },
    audiences: vocabularies.audiences,
    places: { ...vocabularies.places, ...pages.places },
    organisations: vocabularies.organisations,
    programmes: vocabularies.programmes,
    recommendations: createRecommendationLoaders(graph),
    explore: createExploreLoaders(graph),
    nodes: createNodeReferenceLoaders(graph),
  };
}

export function createContext(
  executor: GraphExecutor,
  config: Pick<AppConfig, 'api'>,
  requestId: string = randomUUID(),
  caller: { auth?: AuthState; log?: Logger; address?: string; onEdit?: () => void } = {},
): GraphQLContext {
  const queries: QueryEvent[] = [];
  const graph = executor.observed((event) => queries.push(event));
  return { requestId, graph, loaders: createLoaders(graph), limits: { maxPageSize: config.api.maxPageSize }, queries, auth: caller.auth ?? ANONYMOUS, log: caller.log,
    client: caller.auth?.viewer ? `viewer:${caller.auth.viewer.id}` : `address:${caller.address ?? 'unknown'}`, onEdit: caller.onEdit };
}
