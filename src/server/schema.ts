import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { mergeResolvers } from '@graphql-tools/merge';
import { addResolversToSchema } from '@graphql-tools/schema';
import { type GraphQLSchema, parse } from 'graphql';
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
import { entityReferenceResolvers, representationScalar } from '../federation/entity-reference.resolvers';

/**
 * The SDL in schema/ (one file per domain) and the resolver map of every domain, merged into one schema: an Apollo
 * Federation 2 subgraph (schema/federation.graphql), so it also answers `_service` and `_entities`.
 */
export const SCHEMA_DIR = path.join(projectRoot(), 'schema');

export function loadTypeDefs(dir: string = SCHEMA_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

export const resolvers: Resolvers[] = [nodeResolvers, publicationResolvers, searchResolvers, vocabularyResolvers, recommendationResolvers, entityPageResolvers, vocabularyListResolvers, exploreResolvers, curationResolvers, localisationResolvers, citationResolvers, entityReferenceResolvers];

/**
 * `buildSubgraphSchema` adds the federation fields and puts each `__resolveReference` where `_entities` looks for
 * it, but attaches resolvers leniently: one whose type or field the SDL lacks is silently dropped. So the same map is
 * also given to graphql-tools' `addResolversToSchema` with `requireResolversToMatchSchema: 'error'` (the check
 * `makeExecutableSchema` made before), on a copy that is then dropped: a misnamed resolver still fails the boot.
 */
export function buildSchema(): GraphQLSchema {
  const typeDefs = parse(loadTypeDefs().join('\n'));
  // `_Any` is declared by buildSubgraphSchema, not in our SDL, so codegen's Resolvers type does not know it.
  const resolverMap = mergeResolvers([...resolvers, { _Any: representationScalar }] as never[]);
  const schema = buildSubgraphSchema({ typeDefs, resolvers: resolverMap as never });
  addResolversToSchema({ schema, resolvers: resolverMap, resolverValidationOptions: { requireResolversToMatchSchema: 'error' } });
  return schema;
}
