import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, getNamedType, type ParseOptions, TypeInfo, type ValidationRule, valueFromASTUntyped, visit, visitWithTypeInfo } from 'graphql';
import { countFilterClauses, MAX_FILTER_CLAUSES } from '../publications/publication-filter';

/**
 * Static limits on every GraphQL document, checked before any resolver runs: a hostile query is refused with a
 * client error and never reaches Neo4j. The numbers fit the deepest real query (a page of publications ->
 * companions -> publication -> topics -> broader -> label is depth 7) with room to spare. Page sizes are capped
 * separately (MAX_PAGE_SIZE), filters by MAX_FILTER_CLAUSES (src/publications/publication-filter.ts), and every
 * Cypher transaction has a time budget (NEO4J_TX_TIMEOUT_MS).
 */
export const QUERY_LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 3000,
  // Armor multiplies by `first`: a full page of 100 publications with topics, places, audiences, companions,
  // languages and two facets costs about 11,000.
  maxCost: 20000,
  /**
   * Nesting of the JSON a request carries (body, or a GET's `variables` / `extensions`), counting every object
   * and array. The deepest legitimate one, a PublicationFilter nested its 5 levels through AND/OR, is about 16.
   */
  maxJsonDepth: 32,
  /**
   * Filter clauses in one request, over every PublicationFilter argument (aliases repeat lists): two filters at
   * MAX_FILTER_CLAUSES. A filter's planning time is not bounded by the transaction timeout (see
   * publication-filter.ts), so the request's total is what bounds the Neo4j time one request can cost.
   */
  maxRequestFilterClauses: 2 * MAX_FILTER_CLAUSES,
} as const;

export interface QueryLimits {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  /** For Apollo's `parseOptions`: graphql-js stops lexing past the token limit and answers a syntax error (400). */
  parseOptions: ParseOptions;
}

export function queryLimits(options: { production: boolean }): QueryLimits {
  const armor = new ApolloArmor({
    maxDepth: { n: QUERY_LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: QUERY_LIMITS.maxAliases },
    maxDirectives: { n: QUERY_LIMITS.maxDirectives },
    // Armor's token limit re-parses the document in `parsingDidStart` and throws from there, which Apollo turns
    // into HTTP 500 for every syntax error; graphql-js's own limit (parseOptions below) answers 400.
    maxTokens: { enabled: false },
    costLimit: { maxCost: QUERY_LIMITS.maxCost, ignoreIntrospection: true },
    // "Did you mean ...?" hints map the schema for an attacker; keep them for developers only.
    blockFieldSuggestion: { enabled: options.production },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins: [...plugins, requestFilterBudget()], validationRules, parseOptions: { maxTokens: QUERY_LIMITS.maxTokens } };
}

/**
 * Sums the clauses of every PublicationFilter argument of the operation, inline or from variables, and refuses
 * the request above maxRequestFilterClauses before any resolver runs: fifteen aliases of a filter at its own
 * cap would otherwise plan fifteen times the Cypher.
 */
function requestFilterBudget(): ApolloServerPlugin {
  const limit = QUERY_LIMITS.maxRequestFilterClauses;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const typeInfo = new TypeInfo(schema);
          let clauses = 0;
          visit(
            document,
            visitWithTypeInfo(typeInfo, {
              Argument(node) {
                const type = typeInfo.getArgument()?.type;
                if (!type || getNamedType(type).name !== 'PublicationFilter') return;
                clauses += countFilterClauses(valueFromASTUntyped(node.value, request.variables ?? {}), limit);
              },
            }),
          );
          if (clauses > limit) {
            throw new GraphQLError(
              `The request's filters hold more than ${limit} clauses (each condition, list value and nested AND/OR/NOT filter counts one; each filter may hold ${MAX_FILTER_CLAUSES}): send fewer or smaller filters, or split the request.`,
              { extensions: { code: 'BAD_USER_INPUT', argumentName: 'filter', http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}

/**
 * How deeply `value` nests objects and arrays (a scalar is 0, `{}` is 1, `{"a":[1]}` is 2), counted without
 * recursion so that any depth JSON.parse accepts can be measured. Stops counting past `limit` and answers
 * `limit + 1`, so a hostile body costs no more than a legitimate one.
 */
export function jsonDepth(value: unknown, limit: number = QUERY_LIMITS.maxJsonDepth): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const here = depth + 1;
    if (here > limit) return limit + 1;
    if (here > deepest) deepest = here;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, here]);
    }
  }
  return deepest;
}

/**
 * The parts of an HTTP GraphQL request that graphql-js walks recursively (variable coercion, literal values),
 * measured before Apollo sees them: a POST body as body-parser left it, a GET's JSON-encoded `variables` and
 * `extensions`. Answers what is wrong, or undefined when the request is within the limit. A GET parameter that is
 * not JSON is left for Apollo to refuse with its own message.
 */
export function jsonNestingProblem(body: unknown, query: Record<string, unknown>): string | undefined {
  const limit = QUERY_LIMITS.maxJsonDepth;
  const tooDeep = (where: string) => `${where} nests objects and arrays more than ${limit} levels deep; the API never needs that many (a filter nests at most 5 levels): send a flatter value.`;
  if (jsonDepth(body, limit) > limit) return tooDeep('The request body');
  for (const name of ['variables', 'extensions']) {
    const text = query[name];
    if (typeof text !== 'string') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      continue;
    }
    if (jsonDepth(parsed, limit) > limit) return tooDeep(`The "${name}" parameter`);
  }
  return undefined;
}
