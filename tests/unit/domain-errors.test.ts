import { GraphQLError } from 'graphql';
import { AuthenticationRequiredError, badInput, DomainError, InvalidArgumentError, LimitExceededError, limitExceeded, NotFoundError, notFound, PermissionDeniedError, RateLimitedError } from '../../src/errors';
import { compilePublicationFilter } from '../../src/publications/publication-filter';
import { decodeListCursor } from '../../src/publications/publication-list.cypher';
import { formatError } from '../../src/server/app';
import { domainErrorExtensions, domainErrorHttp } from '../../src/server/error-codes';

/**
 * The data layer throws domain errors that know nothing of GraphQL; one mapping (src/server/error-codes.ts),
 * applied by formatError, gives clients the code and the argument they have always seen.
 */

/** What Apollo hands formatError for an error a resolver threw: its own wrapper and INTERNAL_SERVER_ERROR. */
function asClientSees(error: Error, path = ['publications']) {
  return formatError(
    { message: error.message, locations: [{ line: 1, column: 3 }], path, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } },
    new GraphQLError(error.message, { originalError: error, path }),
  );
}

describe('domain errors reaching a client', () => {
  it('an invalid argument is BAD_USER_INPUT naming the argument, with its message, location and path kept', () => {
    expect(asClientSees(badInput('"limit" must be between 1 and 200.', 'limit'))).toEqual({
      message: '"limit" must be between 1 and 200.',
      locations: [{ line: 1, column: 3 }],
      path: ['publications'],
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'limit' },
    });
  });

  it('a missing object and a number out of bounds are BAD_USER_INPUT too, as the API has always answered them', () => {
    const missing = notFound('"from": no Topic has the id "x".', 'from', 'x');
    const tooMany = limitExceeded('"first" must be between 1 and 50 (got 51).', 'first', 51);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(tooMany).toBeInstanceOf(LimitExceededError);
    expect(asClientSees(missing).extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'from' });
    expect(asClientSees(tooMany).extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'first' });
  });

  it("a filter's error names the filter argument and the path inside it", () => {
    let thrown: unknown;
    try {
      compilePublicationFilter({ AND: [{ topics: [] }] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    expect(thrown).not.toBeInstanceOf(GraphQLError);
    expect(asClientSees(thrown as Error)).toMatchObject({
      message: 'Invalid filter at filter.AND[0].topics: an empty list matches nothing; leave the field out instead',
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'filter', path: 'filter.AND[0].topics' },
    });
  });

  it('a broken cursor names "after"', () => {
    expect(() => decodeListCursor('not-a-cursor', 'TITLE')).toThrow(InvalidArgumentError);
    try {
      decodeListCursor('not-a-cursor', 'TITLE');
    } catch (error) {
      expect(domainErrorExtensions(error as DomainError)).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    }
  });

  it('a domain error without a mapping is an internal error whose message stays in the logs', () => {
    class Unmapped extends DomainError {}
    expect(asClientSees(new Unmapped('secret detail'))).toEqual({ message: 'Internal server error', path: ['publications'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});

describe('refusals of the caller rather than its arguments', () => {
  it('a write without credentials is UNAUTHENTICATED with HTTP 401, without the role FORBIDDEN with 403', () => {
    const anonymous = new AuthenticationRequiredError('addPublication needs an editor: no credentials were sent.');
    const reader = new PermissionDeniedError('addPublication needs the "editor" role; reader-1 has no roles.');
    expect(asClientSees(anonymous, ['addPublication'])).toMatchObject({ message: anonymous.message, extensions: { code: 'UNAUTHENTICATED' } });
    expect(asClientSees(reader, ['addPublication'])).toMatchObject({ message: reader.message, extensions: { code: 'FORBIDDEN' } });
    expect(domainErrorHttp(anonymous)).toEqual({ status: 401, headers: {} });
    expect(domainErrorHttp(reader)).toEqual({ status: 403, headers: {} });
  });

  it('a spent rate budget, thrown by a plugin (no path), is RATE_LIMITED with its cost and 429 with Retry-After', () => {
    const limited = new RateLimitedError('Rate limit exceeded: this query costs 40 ...', 40, 7);
    // Apollo wraps an error a plugin hook throws without a path (ensureGraphQLError).
    const formatted = formatError({ message: limited.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new GraphQLError(limited.message, { originalError: limited }));
    expect(formatted).toEqual({ message: limited.message, extensions: { code: 'RATE_LIMITED', cost: 40, retryAfterSeconds: 7 } });
    expect(domainErrorHttp(limited)).toEqual({ status: 429, headers: { 'retry-after': '7' } });
  });

  it('an argument error keeps the status graphql-over-http gives execution errors', () => {
    expect(domainErrorHttp(badInput('"first" must be positive.', 'first'))).toBeUndefined();
  });
});
