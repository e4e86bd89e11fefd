import { Neo4jError } from 'neo4j-driver';
import { GraphQLError } from 'graphql';
import { GraphTimeoutError, translateError } from '../../src/graph/executor';
import { formatError } from '../../src/server/app';

/**
 * QUERY_TIMEOUT, the code the API gives a query that outlived NEO4J_TX_TIMEOUT_MS: Neo4j's timeout error becomes
 * a GraphTimeoutError at the data layer, and that reaches the client as QUERY_TIMEOUT with advice, never as an
 * internal error or with driver details.
 */
describe('a query past its time budget', () => {
  const serverTimeout = () =>
    new Neo4jError(
      'The transaction has been terminated. Retry your operation in a new transaction, and you should see a successful result. The transaction has not completed within the timeout specified at its start by the client.',
      'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration',
      '50N00',
      'error: general processing exception',
    );

  it("is a GraphTimeoutError once the data layer has translated Neo4j's error", () => {
    const translated = translateError(serverTimeout(), 'publicationList TITLE');
    expect(translated).toBeInstanceOf(GraphTimeoutError);
    expect(translated.message).toBe('Query publicationList TITLE exceeded its time budget');
  });

  // Apollo hands formatError the resolver's GraphQLError, which carries the path and the original error.
  it('reaches the client as QUERY_TIMEOUT with advice, the path kept and no driver text', () => {
    const error = translateError(serverTimeout(), 'publicationList TITLE');
    const formatted = formatError({ message: error.message, path: ['publications'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, new GraphQLError(error.message, { originalError: error, path: ['publications'] }));
    expect(formatted).toEqual({
      message: 'The query took too long and was stopped; ask for less (smaller pages, fewer nested fields).',
      path: ['publications'],
      extensions: { code: 'QUERY_TIMEOUT' },
    });
  });

  it('is not confused with other database failures, which stay internal errors', () => {
    const other = translateError(new Neo4jError('boom', 'Neo.DatabaseError.General.UnknownError', '50N00', 'error'), 'q');
    expect(other).not.toBeInstanceOf(GraphTimeoutError);
    expect(formatError({ message: 'boom', path: ['publications'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, new GraphQLError('boom', { originalError: other, path: ['publications'] }))).toEqual({
      message: 'Internal server error',
      path: ['publications'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});
