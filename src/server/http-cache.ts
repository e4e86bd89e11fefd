import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';

/**
 * An in-process, URL-keyed cache of whole HTTP responses in front of Express and Apollo (the "L1"): a repeated
 * anonymous GET /graphql that Apollo marked `Cache-Control: max-age=N, public` is answered from memory without
 * Express, body parsing, Apollo's pipeline or per-request logging. Apollo's response cache (RESPONSE_CACHE,
 * shared through Redis across replicas) stays behind it and fills it.
 *
 * It follows the same rule as that cache: edits do not invalidate it (curation mutations clear neither), so an
 * anonymous reader may see an edit up to max-age late, and never later, because an entry lives for what is left
 * of the response's max-age (max-age minus the Age Apollo's cache reported), on every replica. Editors never
 * touch it: any request with an Authorization header goes to Apollo.
 */

export interface HttpCacheOptions {
  /** Total bytes of bodies, headers and keys kept; least recently used entries are evicted first. */
  maxBytes: number;
  /** Called once per eligible request: true when served from the cache. */
  onLookup?: (hit: boolean) => void;
  /** The request id a response carries (the same one per-request logging would have given it). */
  requestId: (req: IncomingMessage) => string;
  /** The clock, in milliseconds, for entry lifetimes and Age (tests pass a fake one); Date.now by default. */
  now?: () => number;
}

interface Entry {
  /** Response headers as a flat [name, value, ...] list, without the per-request ones. */
  head: string[];
  body: Buffer;
  /** Date.now() when stored, and the Age (seconds) the response already had then. */
  storedAt: number;
  initialAge: number;
}

/** Headers that describe one request or connection, never replayed from the cache. */
const PER_REQUEST_HEADERS = new Set([
  'age',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'x-request-id',
  'x-cache',
  'x-pubgraph-cypher-roundtrips',
  // The caller's remaining rate-limit budget (src/server/rate-limit.ts).
  'x-ratelimit-remaining',
]);

/** Request headers the key includes: Apollo picks the content type from Accept, and nothing else varies. */
const KEYED_REQUEST_HEADERS = new Set(['accept']);

/** `max-age=N, public` (Apollo's form, any order) with N > 0 and no other directive; else undefined. */
export function publicMaxAge(cacheControl: string | undefined): number | undefined {
  if (!cacheControl) return undefined;
  let maxAge: number | undefined;
  let isPublic = false;
  for (const part of cacheControl.split(',')) {
    const directive = part.trim().toLowerCase();
    if (directive === 'public') isPublic = true;
    else if (/^max-age=\d+$/.test(directive)) maxAge = Number(directive.slice(8));
    else return undefined; // private, no-store, no-cache, s-maxage...: not ours to second-guess
  }
  return isPublic && maxAge !== undefined && maxAge > 0 ? maxAge : undefined;
}

export class HttpCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly maxEntryBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: HttpCacheOptions) {
    // One response may take at most an eighth of the budget, so a few huge answers cannot flush the widget's.
    this.maxEntryBytes = Math.max(1, Math.floor(options.maxBytes / 8));
    this.now = options.now ?? Date.now;
    this.entries = new LRUCache<string, Entry>({
      maxSize: options.maxBytes,
      maxEntrySize: this.maxEntryBytes,
      sizeCalculation: (entry, key) => entrySize(key, entry),
      // Expiry reads the same clock as Age; ttlResolution 0 reads it on every lookup instead of caching it for 1 ms.
      perf: { now: this.now },
      ttlResolution: 0,
    });
  }

  /** Bytes held now (for the metrics gauge). */
  get bytes(): number {
    return this.entries.calculatedSize;
  }

  /** Wraps the app: eligible GETs are answered from the cache or pass through and may fill it. */
  wrap(app: RequestListener): RequestListener {
    return (req, res) => {
      const key = cacheKey(req);
      if (key === undefined) return app(req, res);
      const entry = this.entries.get(key);
      this.options.onLookup?.(entry !== undefined);
      if (entry) return this.serve(entry, req, res);
      this.capture(key, res);
      return app(req, res);
    };
  }

  private serve(entry: Entry, req: IncomingMessage, res: ServerResponse): void {
    const age = entry.initialAge + Math.floor((this.now() - entry.storedAt) / 1000);
    // One flat list and no setHeader before it: Node writes it as given, its fastest path.
    res.writeHead(200, [
      ...entry.head,
      'content-length', String(entry.body.length),
      'age', String(age),
      'x-cache', 'HIT',
      // The data layer was not asked: no Cypher round-trips.
      'x-pubgraph-cypher-roundtrips', '0',
      'x-request-id', this.options.requestId(req),
    ]);
    res.end(entry.body);
  }

  /** Watches the response Apollo writes and stores it when it is a public, error-free 200. */
  private capture(key: string, res: ServerResponse): void {
    res.setHeader('x-cache', 'MISS');
    let streamed = false;
    const write = res.write;
    const end = res.end;
    // Multipart (@defer) and other streamed answers are written in pieces: never cached.
    res.write = function (this: ServerResponse, ...args: Parameters<ServerResponse['write']>) {
      streamed = true;
      return write.apply(this, args);
    } as ServerResponse['write'];
    res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
      res.write = write;
      res.end = end;
      if (!streamed) {
        try {
          this.store(key, res, chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined);
        } catch {
          // A response we cannot read is simply not cached.
        }
      }
      return end.call(res, chunk as never, encoding as never, callback as never);
    }) as ServerResponse['end'];
  }

  private store(key: string, res: ServerResponse, chunk: unknown, encoding: BufferEncoding | undefined): void {
    if (res.statusCode !== 200 || (typeof chunk !== 'string' && !Buffer.isBuffer(chunk))) return;
    const headers = res.getHeaders();
    const maxAge = publicMaxAge(headerText(headers['cache-control']));
    if (maxAge === undefined || !cacheableHeaders(headers)) return;
    const initialAge = Number(headerText(headers.age) ?? 0) || 0;
    if (initialAge >= maxAge) return;
    const body = typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : chunk;
    if (body.length > this.maxEntryBytes || hasErrors(body)) return;
    const head: string[] = [];
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined || PER_REQUEST_HEADERS.has(name)) continue;
      for (const v of Array.isArray(value) ? value : [value]) head.push(name, String(v));
    }
    this.entries.set(key, { head, body, storedAt: this.now(), initialAge }, { ttl: (maxAge - initialAge) * 1000 });
  }
}

/** The key of an eligible request, or undefined when the request must go to Apollo. */
function cacheKey(req: IncomingMessage): string | undefined {
  const url = req.url;
  if (req.method !== 'GET' || url === undefined || !url.startsWith('/graphql?')) return undefined;
  const h = req.headers;
  // Editors (Bearer or ApiKey, src/auth/verify.ts) read their own writes: never served from or written to the cache.
  if (h.authorization !== undefined) return undefined;
  // Apollo's CSRF prevention wants one of these on a GET; without them Apollo answers (and refuses) itself.
  if (!h['apollo-require-preflight'] && !h['x-apollo-operation-name']) return undefined;
  // Conditional requests get Express's 304 handling.
  if (h['if-none-match'] !== undefined || h['if-modified-since'] !== undefined) return undefined;
  return `${h.accept ?? ''}\n${url}`;
}

function cacheableHeaders(headers: OutgoingHttpHeaders): boolean {
  if (headers['set-cookie'] !== undefined || headers['content-encoding'] !== undefined) return false;
  const vary = headerText(headers.vary);
  if (vary === undefined) return true;
  // The key holds the URL and the keyed request headers only; a response that varies on anything else is not ours.
  return vary.split(',').every((name) => KEYED_REQUEST_HEADERS.has(name.trim().toLowerCase()));
}

function hasErrors(body: Buffer): boolean {
  const parsed: unknown = JSON.parse(body.toString('utf8'));
  return typeof parsed !== 'object' || parsed === null || 'errors' in parsed;
}

function headerText(value: OutgoingHttpHeaders[string]): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function entrySize(key: string, entry: Entry): number {
  let size = key.length + entry.body.length + 64;
  for (const part of entry.head) size += part.length;
  return size;
}
