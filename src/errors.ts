/**
 * The errors the data layer and the services throw when the caller must change something. They know nothing of
 * GraphQL: src/server/error-codes.ts is the one place that turns them into codes and extensions for clients
 * (formatError in src/server/app.ts calls it). Database failures are the executor's own errors
 * (GraphUnavailableError, GraphTimeoutError, GraphQueryError in src/graph/executor.ts).
 *
 * Each message says what was wrong and how to put it right; it reaches clients as it is.
 */
export abstract class DomainError extends Error {}

/** An argument the caller has to change: which one, where inside it (a filter's path) and, for logs, its value. */
export class InvalidArgumentError extends DomainError {
  override readonly name: string = 'InvalidArgumentError';
  constructor(
    message: string,
    /** The argument as named in the schema (`filter`, `first`, `positive` ...). */
    readonly argument: string,
    readonly detail: { path?: string; value?: unknown } = {},
  ) {
    super(message);
  }
}

/** An argument that names something (by id or slug) the catalogue does not have. */
export class NotFoundError extends InvalidArgumentError {
  override readonly name = 'NotFoundError';
}

/** A number or a size outside the bounds the service allows (a page size, a depth, a filter's clause count). */
export class LimitExceededError extends InvalidArgumentError {
  override readonly name = 'LimitExceededError';
}

/** The request needs an authenticated caller and has none (no credentials, or credentials that were refused). */
export class AuthenticationRequiredError extends DomainError {
  override readonly name = 'AuthenticationRequiredError';
}

/** The caller is known but lacks the role the request needs. */
export class PermissionDeniedError extends DomainError {
  override readonly name = 'PermissionDeniedError';
}

/** The caller's budget is spent for now: what the request would have cost, and when to try again. */
export class RateLimitedError extends DomainError {
  override readonly name = 'RateLimitedError';
  constructor(
    message: string,
    readonly cost: number,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The caller's argument is wrong; the message says how. */
export const badInput = (message: string, argument: string, detail?: { path?: string; value?: unknown }): InvalidArgumentError =>
  new InvalidArgumentError(message, argument, detail);

/** The caller's number or size is outside what the service allows; the message names the bounds. */
export const limitExceeded = (message: string, argument: string, value?: unknown): LimitExceededError => new LimitExceededError(message, argument, { value });

/** The caller named something the catalogue does not have; `path` says where inside the argument (`filter.topics[0]`, `positive[1]`). */
export const notFound = (message: string, argument: string, value?: unknown, path?: string): NotFoundError =>
  new NotFoundError(message, argument, path === undefined ? { value } : { path, value });
