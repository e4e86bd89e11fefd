import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpCache, publicMaxAge } from '../../src/server/http-cache';

/** What the stand-in for Express + Apollo answers, per path + query; `calls` counts requests that reached it. */
interface Upstream {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Write the body in two pieces (as a multipart @defer answer is). */
  streamed?: boolean;
  /** End with a Buffer instead of a string. */
  buffer?: boolean;
}

const routes = new Map<string, Upstream>();
let calls = 0;
let server: http.Server;
let cache: HttpCache;
let base: string;
/** The cache's clock (ms): tests move it instead of sleeping. */
let clock = 1_700_000_000_000;

function app(req: IncomingMessage, res: ServerResponse): void {
  calls++;
  const route = routes.get(req.url!) ?? { status: 404, body: '{}' };
  res.statusCode = route.status ?? 200;
  for (const [name, value] of Object.entries({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'max-age=60, public', ...route.headers })) res.setHeader(name, value);
  const body = route.body ?? '{"data":{"ok":true}}';
  if (route.streamed) {
    res.write(body.slice(0, 5));
    res.end(body.slice(5));
  } else res.end(route.buffer ? Buffer.from(body) : body);
}

/** What onLookup was told, request by request. */
let lookups: boolean[] = [];

async function start(maxBytes = 1024 * 1024): Promise<void> {
  lookups = [];
  cache = new HttpCache({ maxBytes, requestId: () => 'test-id', now: () => clock, onLookup: (hit) => lookups.push(hit) });
  server = http.createServer(cache.wrap(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function get(path: string, headers: Record<string, string> = { 'apollo-require-preflight': 'true' }) {
  const before = calls;
  const res = await fetch(base + path, { headers });
  return { status: res.status, cache: res.headers.get('x-cache'), age: res.headers.get('age'), body: await res.text(), reachedApp: calls > before };
}

beforeEach(async () => {
  routes.clear();
  await start();
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('the HTTP cache', () => {
  it('reads Apollo’s public max-age and refuses anything else', () => {
    expect(publicMaxAge('max-age=300, public')).toBe(300);
    expect(publicMaxAge('public, max-age=5')).toBe(5);
    expect(publicMaxAge('max-age=0, public')).toBeUndefined();
    expect(publicMaxAge('max-age=300, private')).toBeUndefined();
    expect(publicMaxAge('no-store')).toBeUndefined();
    expect(publicMaxAge('max-age=300, public, no-cache')).toBeUndefined();
    expect(publicMaxAge(undefined)).toBeUndefined();
    // Both parts are needed, and max-age must be exactly that directive with a number.
    expect(publicMaxAge('max-age=300')).toBeUndefined();
    expect(publicMaxAge('public')).toBeUndefined();
    expect(publicMaxAge('max-age=abc, public')).toBeUndefined();
    expect(publicMaxAge('s-max-age=30, public')).toBeUndefined();
    expect(publicMaxAge('max-age=30s, public')).toBeUndefined();
  });

  it('serves a repeated public 200 from memory with the original headers', async () => {
    routes.set('/graphql?q=1', { headers: { etag: 'W/"x"', 'access-control-allow-origin': '*', 'x-ratelimit-remaining': '5' } });
    const first = await get('/graphql?q=1');
    const second = await get('/graphql?q=1');
    expect([first.cache, second.cache]).toEqual(['MISS', 'HIT']);
    expect(second.reachedApp).toBe(false);
    expect(second.body).toBe(first.body);
    const res = await fetch(`${base}/graphql?q=1`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.headers.get('cache-control')).toBe('max-age=60, public');
    expect(res.headers.get('etag')).toBe('W/"x"');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-request-id')).toBe('test-id');
    // Per-request headers are not replayed to other callers.
    expect(res.headers.get('x-ratelimit-remaining')).toBeNull();
  });

  it('answers a hit with its own request id, Date and zero round-trips, not the stored response\'s', async () => {
    routes.set('/graphql?q=headers', { headers: { 'x-request-id': 'upstream-id', 'x-pubgraph-cypher-roundtrips': '3', date: 'Wed, 01 Jan 2020 00:00:00 GMT' } });
    await get('/graphql?q=headers');
    const res = await fetch(`${base}/graphql?q=headers`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(res.headers.get('x-cache')).toBe('HIT');
    expect(res.headers.get('x-request-id')).toBe('test-id');
    expect(res.headers.get('x-pubgraph-cypher-roundtrips')).toBe('0');
    expect(res.headers.get('date')).not.toBe('Wed, 01 Jan 2020 00:00:00 GMT');
  });

  it('keys entries by Accept as well as the URL, and stores a body written as a Buffer', async () => {
    routes.set('/graphql?q=accept', { buffer: true });
    const as = (accept: string) => get('/graphql?q=accept', { 'apollo-require-preflight': 'true', accept });
    expect((await as('application/json')).cache).toBe('MISS');
    expect((await as('application/graphql-response+json')).cache).toBe('MISS');
    expect(await as('application/json')).toMatchObject({ cache: 'HIT', body: '{"data":{"ok":true}}' });
  });

  it('caches a response that varies on Accept only (the key holds it), in any case', async () => {
    routes.set('/graphql?q=vary', { headers: { vary: 'ACCEPT' } });
    await get('/graphql?q=vary');
    expect((await get('/graphql?q=vary')).cache).toBe('HIT');
  });

  it('takes x-apollo-operation-name as the preflight-forcing header too', async () => {
    routes.set('/graphql?q=op', {});
    const headers = { 'x-apollo-operation-name': 'Widget' };
    await get('/graphql?q=op', headers);
    expect((await get('/graphql?q=op', headers)).cache).toBe('HIT');
  });

  it('tells onLookup of each eligible request whether it hit, and nothing of the others', async () => {
    routes.set('/graphql?q=look', {});
    await get('/graphql?q=look');
    await get('/graphql?q=look');
    await get('/graphql?q=look', {});
    expect(lookups).toEqual([false, true]);
  });

  it('does not store a public response whose body carries errors', async () => {
    routes.set('/graphql?q=errors', { body: '{"errors":[{"message":"boom"}],"data":null}' });
    await get('/graphql?q=errors');
    expect((await get('/graphql?q=errors')).reachedApp).toBe(true);
  });

  it.each<[string, Upstream]>([
    ['its status is not 200', { status: 404 }],
    ['it is private', { headers: { 'cache-control': 'max-age=60, private' } }],
    ['it is no-store', { headers: { 'cache-control': 'no-store' } }],
    ['it sets a cookie', { headers: { 'set-cookie': 'a=b' } }],
    ['it varies on a header the key lacks', { headers: { vary: 'Accept-Language' } }],
    ['it is streamed in pieces', { streamed: true }],
    ['it is already older than its max-age', { headers: { age: '60' } }],
    ['it is content-encoded', { headers: { 'content-encoding': 'x-test' } }],
    ['its body is not a JSON object', { body: 'null' }],
    ['its body is a JSON string', { body: '"data"' }],
    ['it is larger than an eighth of the budget', { body: `{"data":{"pad":"${'x'.repeat(140 * 1024)}"}}` }],
  ])('does not store a response when %s', async (_why, upstream) => {
    routes.set('/graphql?q=x', upstream);
    await get('/graphql?q=x');
    const again = await get('/graphql?q=x');
    expect(again.reachedApp).toBe(true);
    expect(again.cache).toBe('MISS');
  });

  it('passes editors, unpreflighted GETs, conditional GETs and POSTs straight through', async () => {
    routes.set('/graphql?q=1', {});
    await get('/graphql?q=1');
    const passThrough: Record<string, string>[] = [
      { 'apollo-require-preflight': 'true', authorization: 'ApiKey abc' },
      {},
      { 'apollo-require-preflight': 'true', 'if-none-match': 'W/"x"' },
      { 'apollo-require-preflight': 'true', 'if-modified-since': 'Wed, 01 Jan 2020 00:00:00 GMT' },
    ];
    for (const headers of passThrough) {
      const res = await get('/graphql?q=1', headers);
      expect(res.reachedApp).toBe(true);
      expect(res.cache).toBeNull();
    }
    const post = await fetch(`${base}/graphql?q=1`, { method: 'POST', headers: { 'apollo-require-preflight': 'true' } });
    expect(post.headers.get('x-cache')).toBeNull();
    // Only /graphql GETs: another path is never cached, however cacheable its answer.
    routes.set('/other?q=1', {});
    await get('/other?q=1');
    expect(await get('/other?q=1')).toMatchObject({ reachedApp: true, cache: null });
  });

  it('keeps an entry only for what is left of max-age, and reports the Age it was given plus the time held', async () => {
    routes.set('/graphql?q=aged', { headers: { 'cache-control': 'max-age=2, public', age: '1' } });
    await get('/graphql?q=aged');
    const hit = await get('/graphql?q=aged');
    expect(hit).toMatchObject({ cache: 'HIT', age: '1', reachedApp: false });
    clock += 999; // 1 s of the 2 s max-age was already used upstream: 1 ms of life left
    expect(await get('/graphql?q=aged')).toMatchObject({ cache: 'HIT', age: '1' });
    clock += 2;
    expect(await get('/graphql?q=aged')).toMatchObject({ cache: 'MISS', reachedApp: true });
  });

  it('counts Age up in whole seconds while an entry is held', async () => {
    routes.set('/graphql?q=held', {});
    await get('/graphql?q=held');
    clock += 5_400;
    expect(await get('/graphql?q=held')).toMatchObject({ cache: 'HIT', age: '5' });
    clock += 54_599; // 59.999 s of max-age=60
    expect(await get('/graphql?q=held')).toMatchObject({ cache: 'HIT', age: '59' });
    clock += 2;
    expect((await get('/graphql?q=held')).cache).toBe('MISS');
  });

  it('stays within its byte budget, evicting the least recently used', async () => {
    await new Promise((resolve) => server.close(resolve));
    await start(8 * 1024);
    const body = `{"data":{"pad":"${'x'.repeat(600)}"}}`;
    for (let i = 0; i < 20; i++) {
      routes.set(`/graphql?q=${i}`, { body });
      await get(`/graphql?q=${i}`);
    }
    expect(cache.bytes).toBeLessThanOrEqual(8 * 1024);
    expect((await get('/graphql?q=19')).cache).toBe('HIT');
    expect((await get('/graphql?q=0')).cache).toBe('MISS');
  });
});
