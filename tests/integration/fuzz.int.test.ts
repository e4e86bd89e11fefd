import fc from 'fast-check';
import { type GraphQLNamedType, type GraphQLInputType, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLField } from 'graphql';
import type { GraphConnection } from '../../src/graph/connect';
import type { RunningServer } from '../../src/server/app';
import { buildSchema } from '../../src/server/schema';
import { graphFingerprint } from '../support/fingerprint';
import { connectTestGraph, seedRealCatalogue } from '../support/graph';
import { startTestServer } from '../support/http';

/**
 * Property-based fuzzing of every root query field, read from the schema itself (new fields are fuzzed without
 * editing this file): random and hostile values for every argument, sent as variables. Every answer must be a
 * clear client error or data — never a 5xx, never INTERNAL_SERVER_ERROR — and the graph must not change.
 */

const RUNS_PER_FIELD = Number(process.env.FUZZ_RUNS ?? 25);
const CLIENT_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN']);

const hostile = fc.constantFrom(
  "' OR 1=1 //",
  '"}) MATCH (n) DETACH DELETE n //',
  '`) CALL db.clearQueryCaches() //',
  'title:* OR summary:[a TO z]',
  '\u0000\u0001\u202e',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{"$ne": null}',
  '🙂'.repeat(300),
  'x'.repeat(20_000),
  'UHVibGljYXRpb246Li4v',
  'VG9waWM6Y291bnRlci10cmFmZmlja2luZw',
  'counter-trafficking',
  'nigeria',
  '',
);
const anyString = fc.oneof(hostile, fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 60 }));
const anyInt = fc.oneof(fc.integer(), fc.constantFrom(0, -1, 1, 5, 100, 101, 2_147_483_647, -2_147_483_648));

function valueFor(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueFor(type.ofType, depth);
  const nullable = (a: fc.Arbitrary<unknown>) => fc.oneof({ weight: 6, arbitrary: a }, { weight: 1, arbitrary: fc.constant(null) });
  if (isListType(type)) return nullable(fc.array(valueFor(type.ofType, depth), { maxLength: depth > 1 ? 2 : 5 }));
  const named: GraphQLNamedType = getNamedType(type);
  if (isEnumType(named)) return nullable(fc.oneof(fc.constantFrom(...named.getValues().map((v) => v.name)), anyString));
  if (isInputObjectType(named)) {
    if (depth > 2) return fc.constant(null);
    const fields = Object.values(named.getFields());
    return nullable(fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, depth + 1)])), { requiredKeys: [] }));
  }
  if (isScalarType(named)) {
    switch (named.name) {
      case 'Int':
        return nullable(anyInt);
      case 'Float':
        return nullable(fc.oneof(fc.double({ noNaN: true }), anyInt));
      case 'Boolean':
        return nullable(fc.boolean());
      default:
        return nullable(anyString);
    }
  }
  return fc.constant(null);
}

function operationFor(field: GraphQLField<unknown, unknown>, kind: 'query' | 'mutation'): string {
  const variables = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const leaf = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type));
  return `${kind} Fuzz${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${leaf ? '' : ' { __typename }'} }`;
}

let graph: GraphConnection;
let server: RunningServer;
let before: string;

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  server = await startTestServer(graph);
  before = await graphFingerprint(graph);
});
afterAll(async () => {
  await server.stop();
  await graph.close();
});

const schema = buildSchema();
const rootFields = [
  ...Object.values(schema.getQueryType()!.getFields()).map((f) => ({ field: f, kind: 'query' as const })),
  // Anonymous mutations must all be refused (UNAUTHENTICATED) whatever their arguments.
  ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((f) => ({ field: f, kind: 'mutation' as const })),
].filter(({ field }) => field.args.length > 0);

describe('fuzzing every root field with random and hostile arguments', () => {
  it.each(rootFields.map((r) => [`${r.kind} ${r.field.name}`, r] as const))('%s answers data or a clear client error, never a crash', async (_name, { field, kind }) => {
    const operation = operationFor(field, kind);
    const tried: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type, 0)]))), async (variables) => {
        const response = await fetch(server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
          body: JSON.stringify({ query: operation, variables }),
        });
        tried.push(JSON.stringify(variables).slice(0, 80));
        expect(response.status).toBeLessThan(500);
        if (response.status === 413) return; // over the body limit: refused before GraphQL, by design
        const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
        for (const error of body.errors ?? []) {
          if (!CLIENT_CODES.has(error.extensions?.code ?? '')) throw new Error(`unexpected error code ${error.extensions?.code}: ${error.message}`);
          expect(error.message.length).toBeGreaterThan(5);
        }
        if (!body.errors) expect(body.data).toBeDefined();
      }),
      { numRuns: RUNS_PER_FIELD, interruptAfterTimeLimit: 60_000 },
    );
    expect(tried.length).toBeGreaterThan(0);
  }, 120_000);

  it('left the graph exactly as it was', async () => {
    expect(await graphFingerprint(graph)).toBe(before);
  });
});
