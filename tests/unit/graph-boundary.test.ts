import neo4j, { Neo4jError } from 'neo4j-driver';
import { GraphQueryError, GraphTimeoutError, GraphUnavailableError, translateError } from '../../src/graph/executor';
import { toCypherParams, toNative } from '../../src/graph/values';

/** The executor's two boundaries with the driver: values in both directions, and the errors it may throw. */

describe('parameters sent to Neo4j', () => {
  it('sends whole numbers as Cypher INTEGERs and fractions as FLOATs, however deep they sit', () => {
    const sent = toCypherParams({ limit: 21, share: 0.02, weights: { relation: 6, place: 0.6 }, ids: ['a'], years: [2019, 2020] }) as Record<string, unknown>;
    expect(neo4j.isInt(sent.limit)).toBe(true);
    expect(neo4j.integer.toNumber(sent.limit as never)).toBe(21);
    expect(sent.share).toBe(0.02);
    const weights = sent.weights as Record<string, unknown>;
    expect(neo4j.isInt(weights.relation)).toBe(true);
    expect(weights.place).toBe(0.6);
    expect(sent.ids).toEqual(['a']);
    expect((sent.years as unknown[]).every((y) => neo4j.isInt(y))).toBe(true);
  });

  it('leaves numbers beyond the safe range, strings, booleans and null as they are', () => {
    expect(toCypherParams(2 ** 53)).toBe(2 ** 53);
    expect(toCypherParams('12')).toBe('12');
    expect(toCypherParams(true)).toBe(true);
    expect(toCypherParams(null)).toBeNull();
  });

  it('reads INTEGERs back as the same numbers (a round trip changes nothing)', () => {
    expect(toNative(toCypherParams({ first: 20, nested: [1, 2.5] }))).toEqual({ first: 20, nested: [1, 2.5] });
  });

  it('refuses a Neo4j integer JavaScript cannot hold exactly, rather than truncating it', () => {
    expect(() => toNative(neo4j.int('9007199254740993'))).toThrow(/exceeds the JavaScript safe range/);
  });
});

describe('translateError', () => {
  const neo4jError = (message: string, code: string) => new Neo4jError(message, code, '50N00', 'error');

  it.each([
    ['the service is unavailable', neo4jError('no server', neo4j.error.SERVICE_UNAVAILABLE)],
    ['the session expired', neo4jError('expired', neo4j.error.SESSION_EXPIRED)],
    ['the database is unavailable', neo4jError('starting', 'Neo.TransientError.General.DatabaseUnavailable')],
    ['no pooled connection came free in time', neo4jError('Connection acquisition timed out in 5000 ms.', 'N/A')],
    ['the pool is closed (shutdown)', neo4jError('Pool is closed, it is no more able to serve requests.', 'N/A')],
  ])('makes a GraphUnavailableError when %s, naming the query', (_why, error) => {
    const translated = translateError(error, 'publicationList TITLE');
    expect(translated).toBeInstanceOf(GraphUnavailableError);
    expect(translated.message).toBe(`Neo4j is unavailable (publicationList TITLE): ${error.message}`);
    expect(translated.cause).toBe(error);
  });

  it.each([
    ['its own budget ran out', neo4jError('terminated: timeout', 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration')],
    ['the server-wide budget ran out', neo4jError('terminated: timeout', 'Neo.ClientError.Transaction.TransactionTimedOut')],
    ['its budget ran out while it waited for a lock', neo4jError('The transaction has been terminated', 'Neo.ClientError.Transaction.LockClientStopped')],
  ])('makes a GraphTimeoutError when %s', (_why, error) => {
    const translated = translateError(error, 'addTag');
    expect(translated).toBeInstanceOf(GraphTimeoutError);
    expect(translated.message).toBe('Query addTag exceeded its time budget');
    expect(translated.cause).toBe(error);
  });

  it('makes a GraphQueryError carrying the Neo4j code of any other database failure', () => {
    const translated = translateError(neo4jError('Variable `x` not defined', 'Neo.ClientError.Statement.SyntaxError'), 'facets');
    expect(translated).toBeInstanceOf(GraphQueryError);
    expect(translated).toMatchObject({ queryName: 'facets', neo4jCode: 'Neo.ClientError.Statement.SyntaxError', message: 'Query facets failed: Neo.ClientError.Statement.SyntaxError Variable `x` not defined' });
  });

  it('makes a GraphQueryError of an error that is not the driver\'s, and passes its own errors through unchanged', () => {
    expect(translateError(new TypeError('bad row'), 'q')).toMatchObject({ name: 'GraphQueryError', queryName: 'q', message: 'Query q failed: bad row' });
    const already = [new GraphUnavailableError('down'), new GraphTimeoutError('slow'), new GraphQueryError('broken', 'q')];
    for (const error of already) expect(translateError(error, 'other')).toBe(error);
  });
});
