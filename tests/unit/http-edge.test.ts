import { loadConfig } from '../../src/config';
import type { DomainError } from '../../src/errors';
import { domainErrorExtensions } from '../../src/server/error-codes';
import { compilePublicationFilter, countFilterClauses, MAX_FILTER_CLAUSES } from '../../src/publications/publication-filter';
import { jsonDepth, jsonNestingProblem, QUERY_LIMITS } from '../../src/server/limits';
import { OperationLabels } from '../../src/server/metrics';

/** The pure parts of the HTTP edge's limits: JSON depth, filter clauses, metric labels, and their settings. */

const nestedArrays = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('JSON depth', () => {
  it('counts every object and array level, scalars as none', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth(null)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: 'x' }] })).toBe(3);
    expect(jsonDepth(nestedArrays(20))).toBe(20);
  });

  it('measures 200,000 levels without recursion, stopping just past the limit', () => {
    expect(jsonDepth(nestedArrays(200_000), 32)).toBe(33);
  });

  it('names the body or the GET parameter that nests too deeply, and passes what is within the limit', () => {
    const limit = QUERY_LIMITS.maxJsonDepth;
    expect(jsonNestingProblem({ variables: { ids: nestedArrays(limit - 2) } }, {})).toBeUndefined();
    expect(jsonNestingProblem({ variables: { ids: nestedArrays(limit) } }, {})).toMatch(new RegExp(`^The request body nests .* more than ${limit} levels`));
    expect(jsonNestingProblem(undefined, { variables: `{"ids":${'['.repeat(5000)}${']'.repeat(5000)}}` })).toMatch(/^The "variables" parameter nests/);
    expect(jsonNestingProblem(undefined, { extensions: JSON.stringify(nestedArrays(100)) })).toMatch(/^The "extensions" parameter nests/);
    // Not JSON: left for Apollo to refuse with its own message.
    expect(jsonNestingProblem(undefined, { variables: '[[[[' })).toBeUndefined();
  });
});

describe('filter clauses', () => {
  it('counts each condition, each list value and each nested filter once', () => {
    expect(countFilterClauses(undefined)).toBe(0);
    expect(countFilterClauses({})).toBe(0);
    expect(countFilterClauses({ topics: ['a', 'b'], yearFrom: 2000 })).toBe(4);
    expect(countFilterClauses({ OR: [{}, {}, { kinds: ['REPORT'] }], NOT: { incomplete: true } })).toBe(3 + 2 + 1 + 1);
  });

  it('stops counting a hostile filter just past its limit', () => {
    const wide = { OR: Array.from({ length: 20_000 }, () => ({ topics: ['a'] })) };
    expect(countFilterClauses(wide)).toBe(20_000 * 3);
    // Past the limit it answers without visiting the 20,000 members.
    const early = countFilterClauses(wide, 50);
    expect(early).toBeGreaterThan(50);
    expect(early).toBeLessThan(20_000 * 3);
  });

  it('compiles a filter of exactly MAX_FILTER_CLAUSES clauses and refuses one more with BAD_USER_INPUT naming the limit', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `topic-${i}`);
    expect(() => compilePublicationFilter({ topics: values(MAX_FILTER_CLAUSES - 1) })).not.toThrow();
    const refuse = () => compilePublicationFilter({ topics: values(MAX_FILTER_CLAUSES) });
    expect(refuse).toThrow(new RegExp(`more than ${MAX_FILTER_CLAUSES} clauses \\(MAX_FILTER_CLAUSES`));
    try {
      refuse();
    } catch (error) {
      // The filter compiler throws a domain error; its GraphQL extensions come from the one mapping.
      expect(domainErrorExtensions(error as DomainError)).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'filter' });
    }
  });

  it('refuses the 20,000-wide OR that kept Neo4j busy for minutes, before compiling any of it', () => {
    const started = performance.now();
    expect(() => compilePublicationFilter({ OR: Array.from({ length: 20_000 }, () => ({})) })).toThrow(/MAX_FILTER_CLAUSES/);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('operation-name metric labels', () => {
  it('keeps names of a GraphQL client’s shape, up to 64 characters', () => {
    const labels = new OperationLabels(10);
    expect(labels.label('PubgraphRelated')).toBe('PubgraphRelated');
    expect(labels.label('_private_1')).toBe('_private_1');
    expect(labels.label(`Op${'x'.repeat(62)}`)).toBe(`Op${'x'.repeat(62)}`);
    expect(labels.label(undefined)).toBe('anonymous');
    expect(labels.label(null)).toBe('anonymous');
  });

  it('puts longer or odd names in "other"', () => {
    const labels = new OperationLabels(10);
    expect(labels.label(`Op${'x'.repeat(20_000)}`)).toBe('other');
    expect(labels.label(`Op${'x'.repeat(63)}`)).toBe('other');
    expect(labels.label('1abc')).toBe('other');
    expect(labels.label('a-b')).toBe('other');
    expect(labels.label('')).toBe('other');
  });

  it('after N distinct names, labels every new name "other" and keeps the known ones', () => {
    const labels = new OperationLabels(3);
    expect(['A', 'B', 'C', 'D', 'E'].map((n) => labels.label(n))).toEqual(['A', 'B', 'C', 'other', 'other']);
    expect(labels.label('B')).toBe('B');
  });
});

describe('settings', () => {
  const base = { NODE_ENV: 'production' } as const;

  it('turns introspection off in production unless INTROSPECTION=on, on elsewhere unless off', () => {
    expect(loadConfig(base).api.introspection).toBe(false);
    expect(loadConfig({ ...base, INTROSPECTION: 'on' }).api.introspection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).api.introspection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', INTROSPECTION: 'off' }).api.introspection).toBe(false);
  });

  it('serves metrics on port 9464 by default, on METRICS_PORT if set, nowhere when it is 0', () => {
    expect(loadConfig(base).metrics.port).toBe(9464);
    expect(loadConfig({ ...base, METRICS_PORT: '9100' }).metrics.port).toBe(9100);
    expect(loadConfig({ ...base, METRICS_PORT: '0' }).metrics.port).toBeUndefined();
    expect(() => loadConfig({ ...base, METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });
});
