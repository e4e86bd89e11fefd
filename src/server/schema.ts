import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import type { Resolvers } from '../__generated__/resolvers-types';
import { projectRoot } from '../config/project-root';
import { nodeResolvers } from '../node/node.resolvers';
import { publicationResolvers } from '../publications/publication.resolvers';
import { searchResolvers } from '../search/search.resolvers';
import { recommendationResolvers } from '../recommendations/related.resolvers';
import { vocabularyResolvers } from '../vocabularies/vocabulary.resolvers';
import { entityPageResolvers } from '../vocabularies/entity-page.resolvers';
import { vocabularyListResolvers } from '../vocabularies/vocabulary-list.resolvers';
import { exploreResolvers } from '../explore/explore.resolvers';
import { curationResolvers } from '../curation/curation.resolvers';
import { localisationResolvers } from '../localisation/localisation.resolvers';
import { citationResolvers } from '../citations/citation.resolvers';

/** The SDL in schema/ (one file per domain) and the resolver map of every domain, merged into one schema. */
export const SCHEMA_DIR = path.join(projectRoot(), 'schema');

export function loadTypeDefs(dir: string = SCHEMA_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

export const resolvers: Resolvers[] = [nodeResolvers, publicationResolvers, searchResolvers, vocabularyResolvers, recommendationResolvers, entityPageResolvers, vocabularyListResolvers, exploreResolvers, curationResolvers, localisationResolvers, citationResolvers];

export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as never, resolverValidationOptions: { requireResolversToMatchSchema: 'error' } });
}
