import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';

/**
 * An answer that failed only because the database is unavailable (or the replica shed it, see
 * src/graph/admission.ts) is an HTTP 503 with Retry-After, not a 200:
 * load balancers, proxies and clients' retry logic read the status, not the GraphQL error codes. An answer
 * with any data, or with any other error, keeps Apollo's status (a partial answer is still an answer).
 */

/** Neo4j is probed every second and a restarted embedded JVM is back within seconds. */
export const RETRY_AFTER_SECONDS = 5;

export function failedOnlyForUnavailability(result: { data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] }): boolean {
  const { data, errors } = result;
  if (!errors?.length || !errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) return false;
  return data == null || Object.values(data).every((value) => value === null);
}

/** The longest wait any of the errors asks for (a shed request asks for its own), else RETRY_AFTER_SECONDS. */
export function retryAfterOf(errors: readonly GraphQLFormattedError[]): number {
  const asked = errors.map((e) => e.extensions?.retryAfterSeconds).filter((s): s is number => typeof s === 'number');
  return asked.length === errors.length && asked.length > 0 ? Math.max(...asked) : RETRY_AFTER_SECONDS;
}

export function unavailableStatusPlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !failedOnlyForUnavailability(response.body.singleResult)) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(retryAfterOf(response.body.singleResult.errors ?? [])));
        },
      };
    },
  };
}
