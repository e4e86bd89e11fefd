import type { ApolloServerPlugin } from '@apollo/server';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { type DocumentNode, type GraphQLSchema, validate } from 'graphql';
import { RateLimitedError } from '../errors';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { GraphQLContext } from './context';
import type { SharedState } from './shared-state';

/**
 * Per-client rate limits measured in query cost, not request count: each operation spends its static cost (the
 * same model as the cost limit in limits.ts: objects, scalars, depth, `first` multipliers) from a budget per
 * minute. A widget query costs a few hundred, a page of 100 publications with nested fields about 11,000.
 * Clients are editors by identity, everyone else by address. Budgets live in Redis when configured, so every
 * replica enforces the same one.
 */

/** The static cost of an operation, computed with GraphQL Armor's cost model. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode): number {
  let cost = 0;
  validate(schema, document, [costLimitRule({ maxCost: Number.MAX_SAFE_INTEGER, ignoreIntrospection: true, onAccept: [(_ctx, details: { n: number }) => (cost += details.n)] })]);
  return Math.max(1, Math.ceil(cost));
}

export function createRateLimiter(costPerMinute: number, state: SharedState): RateLimiterAbstract {
  const options = { points: costPerMinute, duration: 60, keyPrefix: 'pubgraph-rl' };
  return state.redis ? new RateLimiterRedis({ ...options, storeClient: state.redis, useRedisPackage: true }) : new RateLimiterMemory(options);
}

export function rateLimitPlugin(limiter: RateLimiterAbstract, clientOf: (ctx: GraphQLContext) => string): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, contextValue, response }) {
          const cost = operationCost(schema, document);
          try {
            const res = await limiter.consume(clientOf(contextValue), cost);
            response.http.headers.set('x-ratelimit-remaining', String(res.remainingPoints));
          } catch (rejection) {
            if (!(rejection instanceof RateLimiterRes)) throw rejection; // the store failed: let the request fail loudly
            const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
            throw new RateLimitedError(`Rate limit exceeded: this query costs ${cost} and your budget for the minute is spent; retry in ${retryAfter} s or ask for less.`, cost, retryAfter);
          }
        },
      };
    },
  };
}
