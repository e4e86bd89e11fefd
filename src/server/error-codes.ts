import { DomainError, InvalidArgumentError } from '../errors';

/**
 * The one mapping from domain errors (src/errors.ts) to what a GraphQL client sees: the code and the extensions
 * that name the argument. Every InvalidArgumentError, NotFoundError and LimitExceededError is the client's input
 * (BAD_USER_INPUT), as the API has always answered them; the subclasses are for the code and the logs.
 */
export function domainErrorExtensions(error: DomainError): { code: string; [key: string]: unknown } {
  if (error instanceof InvalidArgumentError) {
    return { code: 'BAD_USER_INPUT', argumentName: error.argument, ...(error.detail.path === undefined ? {} : { path: error.detail.path }) };
  }
  // A DomainError subclass added without a mapping is a bug, not the client's fault.
  return { code: 'INTERNAL_SERVER_ERROR' };
}
