import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';
import { AuthenticationRequiredError, DomainError, InvalidArgumentError, PermissionDeniedError, RateLimitedError } from '../errors';

/**
 * The one mapping from domain errors (src/errors.ts) to what a client sees: the GraphQL code with the extensions
 * that name the argument, and the HTTP status (with its headers) the answer carries. Every InvalidArgumentError,
 * NotFoundError and LimitExceededError is the client's input (BAD_USER_INPUT, HTTP 200 as graphql-over-http
 * answers execution errors); the subclasses are for the code and the logs. A write without credentials is
 * UNAUTHENTICATED (401), without the editor role FORBIDDEN (403); a spent rate budget RATE_LIMITED (429 with
 * Retry-After).
 */
export function domainErrorExtensions(error: DomainError): { code: string; [key: string]: unknown } {
  if (error instanceof InvalidArgumentError) {
    return { code: 'BAD_USER_INPUT', argumentName: error.argument, ...(error.detail.path === undefined ? {} : { path: error.detail.path }) };
  }
  if (error instanceof AuthenticationRequiredError) return { code: 'UNAUTHENTICATED' };
  if (error instanceof PermissionDeniedError) return { code: 'FORBIDDEN' };
  if (error instanceof RateLimitedError) return { code: 'RATE_LIMITED', cost: error.cost, retryAfterSeconds: error.retryAfterSeconds };
  // A DomainError subclass added without a mapping is a bug, not the client's fault.
  return { code: 'INTERNAL_SERVER_ERROR' };
}

/** The HTTP status (and headers) a domain error gives the whole answer; undefined keeps Apollo's status. */
export function domainErrorHttp(error: DomainError): { status: number; headers: Record<string, string> } | undefined {
  if (error instanceof AuthenticationRequiredError) return { status: 401, headers: {} };
  if (error instanceof PermissionDeniedError) return { status: 403, headers: {} };
  if (error instanceof RateLimitedError) return { status: 429, headers: { 'retry-after': String(error.retryAfterSeconds) } };
  return undefined;
}

/**
 * The domain error behind what Apollo hands formatError and plugins: a resolver's error is wrapped with its path,
 * one thrown by a plugin's hook (the rate limit, in didResolveOperation) without one.
 */
export function domainErrorOf(error: unknown): DomainError | undefined {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) return original;
  if (original instanceof GraphQLError && original.originalError instanceof DomainError) return original.originalError;
  return undefined;
}

/** Applies domainErrorHttp: the first error of the answer that has a status sets it. */
export function domainErrorStatusPlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, response }) {
          for (const error of errors) {
            const domain = domainErrorOf(error);
            const http = domain && domainErrorHttp(domain);
            if (!http) continue;
            response.http.status = http.status;
            for (const [name, value] of Object.entries(http.headers)) response.http.headers.set(name, value);
            return;
          }
        },
      };
    },
  };
}
