import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { type GraphQLNamedType, type GraphQLInputType, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLField } from 'graphql';
import type { GraphConnection } from '../../src/graph/connect';
import type { RunningServer } from '../../src/server/app';
import { buildSchema } from '../../src/server/schema';
import { graphFingerprint } from '../support/fingerprint';
import { connectTestGraph, seedRealCatalogue } from '../support/graph';
import { startTestServer } from '../support/http';

/**
 * Property-based fuzzing of the service over raw HTTP, against the test configuration and the production one
 * (introspection off, field suggestions blocked):
 *  - every root field, read from the schema itself (new fields are fuzzed without editing this file), with
 *    random and hostile values for every argument, sent as variables;
 *  - every anonymous mutation, which must be refused before it runs;
 *  - a grammar of broken requests: broken JSON, wrong types, truncated and mutated documents, deep and wide
 *    nesting, odd encodings and charsets, huge bodies, unknown paths and methods.
 * Every answer must be a 2xx or 4xx (never 5xx), JSON (application/json or application/graphql-response+json)
 * whenever it has a body, within REQUEST_BUDGET_MS, and without a leak (a stack, a file path, Cypher, a driver
 * code or HTML the request did not itself contain); the graph must not change. The counts are printed and
 * written to artifacts/fuzz-summary.txt.
 */

const RUNS_PER_FIELD = Number(process.env.FUZZ_RUNS ?? 25);
const HTTP_RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 200);
/** One transaction budget (NEO4J_TX_TIMEOUT_MS, 10 s) and some slack for a loaded machine. */
const REQUEST_BUDGET_MS = 15_000;
const CLIENT_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);
const JSON_TYPE = /^application\/(json|graphql-response\+json)\b/;
/** What a client must never see unless it sent it: HTML pages, stack frames, file paths, Cypher, driver codes. */
const LEAKS: [string, RegExp][] = [
  ['html', /<!doctype|<html/i],
  ['stack', /\n\s+at [\w.<>]+ \(|RangeError|TypeError: /],
  ['path', /\/work\/|node_modules|[\w-]+\.(ts|js):\d+/],
  ['cypher', /\bMATCH \(|\bRETURN [a-z]+[ .]|\bWHERE [a-z]+\.[a-z]|EXISTS \{/],
  ['driver', /Neo\.(Client|Transient|Database)Error|Neo4jError/],
];

interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}
interface RawResponse {
  status: number;
  type: string;
  text: string;
  ms: number;
}

const tally = new Map<string, { sent: number; client: number; server: number; leaks: number; slowestMs: number }>();

function send(server: RunningServer, request: RawRequest): Promise<RawResponse> {
  const url = new URL(request.path, server.url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: request.path, method: request.method, headers: { ...request.headers, ...(request.body ? { 'content-length': String(request.body.length) } : {}) }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      },
    );
    req.setTimeout(REQUEST_BUDGET_MS * 2, () => req.destroy(new Error(`no answer within ${REQUEST_BUDGET_MS * 2} ms`)));
    req.on('error', reject);
    if (request.body) req.write(request.body);
    req.end();
  });
}

/** Sends, counts, and checks what every answer must satisfy; returns the parsed body when it is JSON. */
async function check(label: string, server: RunningServer, request: RawRequest): Promise<{ response: RawResponse; body?: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] } }> {
  const response = await send(server, request);
  const counts = tally.get(label) ?? { sent: 0, client: 0, server: 0, leaks: 0, slowestMs: 0 };
  tally.set(label, counts);
  counts.sent += 1;
  if (response.status >= 400 && response.status < 500) counts.client += 1;
  if (response.status >= 500) counts.server += 1;
  counts.slowestMs = Math.max(counts.slowestMs, Math.round(response.ms));
  const sent = `${request.path}\n${request.body?.toString('utf8') ?? ''}`;
  const leaked = LEAKS.filter(([, pattern]) => pattern.test(response.text) && !pattern.test(sent)).map(([name]) => name);
  if (leaked.length > 0 || /html/i.test(response.type)) counts.leaks += 1;
  const what = `${request.method} ${request.path.slice(0, 120)} ${request.body?.toString('utf8').slice(0, 200) ?? ''} -> ${response.status} ${response.type} ${response.text.slice(0, 300)}`;

  expect({ what, status: response.status < 500 }).toEqual({ what, status: true });
  expect({ what, leaked }).toEqual({ what, leaked: [] });
  expect({ what, fast: response.ms <= REQUEST_BUDGET_MS }).toEqual({ what, fast: true });
  if (response.text.length === 0) return { response };
  expect({ what, type: response.type }).toEqual({ what, type: expect.stringMatching(JSON_TYPE) });
  return { response, body: JSON.parse(response.text) as never };
}

const post = (body: unknown, headers: Record<string, string> = {}): RawRequest => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});

// ---------------------------------------------------------------------------------------------------------------
// Values for arguments, from their GraphQL types.

const hostile = fc.constantFrom(
  "' OR 1=1 //",
  '"}) MATCH (n) DETACH DELETE n //',
  '`) CALL db.clearQueryCaches() //',
  'title:* OR summary:[a TO z]',
  '\u0000\u0001\u202e',
  '\ud800',
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

// ---------------------------------------------------------------------------------------------------------------
// A grammar of broken HTTP requests.

const VALID_DOCUMENTS = [
  '{ __typename }',
  '{ publications(first: 3) { totalCount nodes { title topics { label } } } }',
  'query Q($f: PublicationFilter) { publications(filter: $f) { totalCount } }',
  '{ search(query: "trafficking", first: 2) { totalCount edges { node { title } } } }',
  '{ publication(slug: "iom-reintegration-handbook") { title companions { relation publication { slug } } } }',
  'mutation { __typename }',
];
const document = fc.constantFrom(...VALID_DOCUMENTS);
const GRAPHQL_NOISE = ['{', '}', '(', ')', '[', ']', ':', '$', '!', '...', '@', '"', '"""', '#', '\\', '\u0000', '\ud800', '\u202e', 'query', 'fragment', 'on', '__schema', '1e999', '-', ','];

/** A document cut short, or with tokens and characters inserted or deleted at random places. */
const mutatedDocument = fc.oneof(
  fc.tuple(document, fc.nat()).map(([d, cut]) => d.slice(0, cut % (d.length + 1))),
  fc.tuple(document, fc.array(fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...GRAPHQL_NOISE), fc.string({ maxLength: 3 }))), { minLength: 1, maxLength: 6 })).map(([d, edits]) =>
    edits.reduce((text, [at, insert]) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1)), d),
  ),
  fc.tuple(document, fc.nat(), fc.nat({ max: 10 })).map(([d, at, n]) => d.slice(0, at % (d.length + 1)) + d.slice((at % (d.length + 1)) + n)),
);

const nested = (levels: number, open: string, close: string, inner: string) => open.repeat(levels) + inner + close.repeat(levels);
const FILTER_QUERY = 'query($f: PublicationFilter) { publications(filter: $f) { totalCount } }';
const IDS_QUERY = 'query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }';

const brokenJson = fc
  .tuple(document, fc.nat(), fc.constantFrom('', '}', '{', ',', '"', '\\', '\u0000', 'NaN', ']]]'))
  .map(([d, cut, tail]) => {
    const text = JSON.stringify({ query: d, variables: { f: { topics: ['a'] } } });
    return post(text.slice(0, cut % text.length) + tail);
  });

const wrongTypes = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => post(JSON.stringify(v))),
  fc.jsonValue({ maxDepth: 3 }).map((v) => post({ query: v })),
  fc.tuple(document, fc.jsonValue({ maxDepth: 3 })).map(([query, variables]) => post({ query, variables })),
  fc.tuple(document, fc.jsonValue({ maxDepth: 3 })).map(([query, operationName]) => post({ query, operationName })),
  fc.tuple(document, fc.jsonValue({ maxDepth: 3 })).map(([query, extensions]) => post({ query, extensions })),
  fc.constantFrom('null', '1', '"x"', 'true', '[]', '{}', '[{"query":"{ __typename }"}]').map((b) => post(b)),
);

const documents = mutatedDocument.map((query) => post({ query }));

const deepAndWide = fc.oneof(
  fc.integer({ min: 1, max: 6000 }).map((n) => post(`{"query":${JSON.stringify(IDS_QUERY)},"variables":{"ids":${nested(n, '[', ']', '"x"')}}}`)),
  fc.integer({ min: 1, max: 6000 }).map((n) => post(`{"query":${JSON.stringify(FILTER_QUERY)},"variables":{"f":${nested(n, '{"NOT":', '}', '{}')}}}`)),
  fc.integer({ min: 1, max: 700 }).map((n) => post({ query: `{ publications(filter: ${nested(n, '{ NOT: ', ' }', '{}')}) { totalCount } }` })),
  fc.integer({ min: 1, max: 1400 }).map((n) => post({ query: `{ ${nested(n, 'publications { nodes { ', ' } }', 'title')} }` })),
  fc.tuple(fc.constantFrom('OR', 'AND'), fc.integer({ min: 1, max: 30_000 })).map(([op, n]) => post({ query: FILTER_QUERY, variables: { f: { [op]: Array.from({ length: n }, () => ({})) } } })),
  fc.integer({ min: 1, max: 2000 }).map((n) => post({ query: FILTER_QUERY, variables: { f: { topics: Array.from({ length: n }, (_, i) => `t${i}`) } } })),
  fc.integer({ min: 1, max: 100 }).map((n) => post({ query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: publications(filter: { OR: [{ topics: ["a"] }, { places: ["b"] }] }) { totalCount }`).join(' ')} }` })),
);

const encodings = fc.oneof(
  fc.constantFrom('latin1', 'utf-16', 'utf-16le', 'utf-32', 'ascii', 'koi8-r', 'utf-7', 'x-unknown', 'UTF-8', '"utf-8"', '').map((charset) => ({
    ...post({ query: '{ __typename }' }),
    headers: { 'content-type': `application/json; charset=${charset}` },
  })),
  fc.tuple(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'zstd', 'gzip, br', 'x-unknown'), fc.uint8Array({ maxLength: 200 })).map(([encoding, bytes]) => ({
    ...post(Buffer.from(bytes).toString('latin1')),
    headers: { 'content-type': 'application/json', 'content-encoding': encoding },
    body: Buffer.from(bytes),
  })),
  fc.tuple(fc.constantFrom('gzip', 'deflate', 'br'), document, fc.nat()).map(([encoding, query, cut]) => {
    const whole = encoding === 'gzip' ? zlib.gzipSync(JSON.stringify({ query })) : encoding === 'deflate' ? zlib.deflateSync(JSON.stringify({ query })) : zlib.brotliCompressSync(JSON.stringify({ query }));
    return { ...post(''), headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: whole.subarray(0, 1 + (cut % whole.length)) };
  }),
  fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/graphql', 'application/json+x', '*/*').map((type) => ({
    ...post({ query: '{ __typename }' }),
    headers: { 'content-type': type, 'apollo-require-preflight': '1' },
  })),
);

const hugeBodies = fc.oneof(
  fc.integer({ min: 90_000, max: 300_000 }).map((n) => post({ query: `{ __typename } #${'x'.repeat(n)}` })),
  fc.integer({ min: 1, max: 8 }).map((mb) => ({ ...post(''), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: zlib.gzipSync(JSON.stringify({ query: `{ __typename } #${'x'.repeat(mb * 1_000_000)}` })) })),
);

const pathSegment = fc.string({ unit: fc.constantFrom(...'abcXYZ019-_.~%:@!$&*+,;=/'.split('')), minLength: 1, maxLength: 30 });
const unknownPaths = fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), pathSegment).map(([method, segment]): RawRequest => ({
  method,
  path: `/no-such-${segment}`,
  headers: { 'content-type': 'application/json' },
  body: method === 'GET' || method === 'HEAD' ? undefined : Buffer.from('{}'),
}));

const gets = fc.oneof(
  fc.tuple(mutatedDocument, fc.option(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)))).map(([query, variables]): RawRequest => ({
    method: 'GET',
    path: `/graphql?${new URLSearchParams({ query: query.replace(/[\ud800-\udfff]/g, '\ufffd'), ...(variables ? { variables } : {}) })}`,
    headers: { 'apollo-require-preflight': '1', accept: 'application/json' },
  })),
  fc.integer({ min: 1, max: 8000 }).map((n): RawRequest => ({
    method: 'GET',
    path: `/graphql?query=${encodeURIComponent(IDS_QUERY)}&variables=${encodeURIComponent(`{"ids":${nested(n, '[', ']', '"x"')}}`)}`,
    headers: { 'apollo-require-preflight': '1' },
  })),
  fc.constantFrom('%', '%E0%A4%A', '%00', '%ZZ', 'query=%7B&query=%7D', 'variables=%7B', 'extensions=%5B%5B%5B').map((q): RawRequest => ({ method: 'GET', path: `/graphql?${q}`, headers: { 'apollo-require-preflight': '1' } })),
  fc.integer({ min: 16_000, max: 40_000 }).map((n): RawRequest => ({ method: 'GET', path: `/graphql?query=${'x'.repeat(n)}`, headers: {} })),
);

const GRAMMAR: [string, fc.Arbitrary<RawRequest>][] = [
  ['broken JSON', brokenJson],
  ['wrong types', wrongTypes],
  ['truncated and mutated documents', documents],
  ['deep and wide nesting', deepAndWide],
  ['odd encodings and charsets', encodings],
  ['huge bodies', hugeBodies],
  ['unknown paths and methods', unknownPaths],
  ['GETs with odd query strings', gets],
];

// ---------------------------------------------------------------------------------------------------------------

let graph: GraphConnection;
const servers: Record<string, RunningServer> = {};
let before: string;

beforeAll(async () => {
  graph = await connectTestGraph();
  await seedRealCatalogue(graph);
  servers.test = await startTestServer(graph);
  // The production defaults (introspection off, suggestions blocked, response cache), without the rate limit:
  // a 429 would hide every other answer after the first minute's budget.
  servers.production = await startTestServer(graph, { NODE_ENV: 'production', RATE_LIMIT_COST_PER_MINUTE: '0', RESPONSE_CACHE: 'on' });
  before = await graphFingerprint(graph);
});

afterAll(async () => {
  const lines = [...tally.entries()].map(([label, c]) => `${label.padEnd(60)} sent ${String(c.sent).padStart(5)}  4xx ${String(c.client).padStart(5)}  5xx ${c.server}  leaks ${c.leaks}  slowest ${c.slowestMs} ms`);
  const total = [...tally.values()].reduce((t, c) => ({ sent: t.sent + c.sent, client: t.client + c.client, server: t.server + c.server, leaks: t.leaks + c.leaks }), { sent: 0, client: 0, server: 0, leaks: 0 });
  const summary = `fuzz summary (${new Date().toISOString()})\n${lines.join('\n')}\n${'total'.padEnd(60)} sent ${total.sent}  4xx ${total.client}  5xx ${total.server}  leaks ${total.leaks}\n`;
  process.stdout.write(summary);
  const dir = path.resolve(__dirname, '../../artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'fuzz-summary.txt'), summary);
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  await graph.close();
});

const schema = buildSchema();
const queryFields = Object.values(schema.getQueryType()!.getFields()).filter((f) => f.args.length > 0);
const mutationFields = Object.values(schema.getMutationType()?.getFields() ?? {});

describe.each(['test', 'production'])('fuzzing the service in its %s configuration', (configName) => {
  it.each(queryFields.map((f) => [f.name, f] as const))('query %s answers its field or a client error with a code, never a crash', async (_name, field) => {
    const operation = operationFor(field, 'query');
    await fc.assert(
      fc.asyncProperty(fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type, 0)]))), async (variables) => {
        const { response, body } = await check(`${configName}: root fields`, servers[configName]!, post({ query: operation, variables }));
        if (response.status === 413) return; // over the body limit: refused before GraphQL, by design
        expect(body).toBeDefined();
        for (const error of body!.errors ?? []) {
          if (!CLIENT_CODES.has(error.extensions?.code ?? '')) throw new Error(`unexpected error code ${error.extensions?.code}: ${error.message}`);
          expect(error.message.length).toBeGreaterThan(5);
        }
        // Without errors the field itself was answered (possibly null for a nullable field), not just `data`.
        if (!body!.errors) expect(Object.keys(body!.data ?? {})).toEqual([field.name]);
      }),
      { numRuns: RUNS_PER_FIELD, interruptAfterTimeLimit: 60_000 },
    );
  }, 120_000);

  it.each(mutationFields.map((f) => [f.name, f] as const))('anonymous mutation %s is refused before it runs, whatever its arguments', async (_name, field) => {
    const operation = operationFor(field, 'mutation');
    await fc.assert(
      fc.asyncProperty(fc.record(Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type, 0)]))), async (variables) => {
        const { response, body } = await check(`${configName}: anonymous mutations`, servers[configName]!, post({ query: operation, variables }));
        if (response.status === 413) return;
        expect(body?.errors?.length).toBeGreaterThan(0);
        expect(body!.data?.[field.name] ?? null).toBeNull();
        // UNAUTHENTICATED once the variables coerce; before that graphql-js refuses them (BAD_USER_INPUT).
        for (const error of body!.errors!) {
          const refusedInput = error.extensions?.code === 'BAD_USER_INPUT' && /^(Variable "\$|Too many errors processing variables)/.test(error.message);
          expect({ code: error.extensions?.code, refusedInput }).toEqual(refusedInput ? { code: 'BAD_USER_INPUT', refusedInput } : { code: 'UNAUTHENTICATED', refusedInput });
        }
      }),
      { numRuns: RUNS_PER_FIELD, interruptAfterTimeLimit: 60_000 },
    );
  }, 120_000);

  it.each(GRAMMAR.map(([name, arbitrary]) => [name, arbitrary] as const))('%s: no 5xx, JSON only, no leak, within the request budget', async (name, arbitrary) => {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (request) => {
        const { response, body } = await check(`${configName}: ${name}`, servers[configName]!, request);
        // A refusal says what went wrong in the GraphQL shape, with a code.
        if (response.status >= 400 && body) {
          expect(body.errors?.[0]?.message).toEqual(expect.any(String));
          expect(body.errors![0]!.extensions?.code).toEqual(expect.stringMatching(/^[A-Z_]+$/));
        }
      }),
      { numRuns: Math.ceil(HTTP_RUNS / GRAMMAR.length) * 2, interruptAfterTimeLimit: 90_000 },
    );
  }, 180_000);
});

describe('after fuzzing', () => {
  it('left the graph exactly as it was', async () => {
    expect(await graphFingerprint(graph)).toBe(before);
  });

  it('sent requests to both configurations and none got a 5xx or leaked', () => {
    const totals = [...tally.entries()];
    for (const configName of ['test', 'production']) expect(totals.filter(([label]) => label.startsWith(`${configName}:`)).reduce((n, [, c]) => n + c.sent, 0)).toBeGreaterThan(100);
    expect(totals.filter(([, c]) => c.server > 0 || c.leaks > 0).map(([label]) => label)).toEqual([]);
  });
});
