import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';

/**
 * Static limits on every GraphQL document, checked at validation time before any resolver runs (GraphQL Armor):
 * a hostile query is refused with a BAD_USER_INPUT-style validation error, never reaches Neo4j. The numbers fit
 * the deepest real query (a page of publications -> companions -> publication -> topics -> broader -> label is
 * depth 7) with room to spare. Page sizes are capped separately (MAX_PAGE_SIZE) and every Cypher transaction has
 * a time budget (NEO4J_TX_TIMEOUT_MS).
 */
export const QUERY_LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 3000,
  // Armor multiplies by `first`: a full page of 100 publications with topics, places, audiences, companions,
  // languages and two facets costs about 11,000.
  maxCost: 20000,
} as const;

export function queryLimits(options: { production: boolean }): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    maxTokens: { n: QUERY_LIMITS.maxTokens },
    costLimit: { maxCost: QUERY_LIMITS.maxCost, ignoreIntrospection: true },
    // "Did you mean ...?" hints map the schema for an attacker; keep them for developers only.
    blockFieldSuggestion: { enabled: options.production },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins, validationRules };
}
