import path from 'node:path';
import { z } from 'zod';
import type { AdmissionLimits } from '../graph/admission';
import { projectRoot as findProjectRoot } from './project-root';

/**
 * The service's configuration, parsed once from the environment at boot. This is the only module that reads
 * process.env: everything else receives a typed `AppConfig`. Invalid values are refused with every problem
 * listed at once, so an operator fixes them in one go.
 */

const projectRoot = findProjectRoot();

const memorySize = z.string().regex(/^\d+[kmgKMG]$/, 'a size such as 512m or 1g');
const port = z.coerce.number().int().min(0).max(65535);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port.default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Node's defaults let a client hold a socket for 300 s by sending its body slowly, on unlimited sockets.
    HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
    /** Open client sockets at most; 0 = no cap. */
    HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(0).default(1_000),

    NEO4J_URI: z
      .string()
      .regex(/^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc):\/\/.+/, 'a Bolt or neo4j:// URI such as bolt://localhost:7687')
      .optional(),
    NEO4J_USER: z.string().default('neo4j'),
    NEO4J_PASSWORD: z.string().optional(),
    NEO4J_DATABASE: z.string().min(1).default('neo4j'),
    NEO4J_MAX_POOL_SIZE: z.coerce.number().int().positive().default(50),
    NEO4J_TX_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    /** How often the service checks that Neo4j answers (src/graph/liveness.ts); 0 turns the check off. */
    NEO4J_LIVENESS_INTERVAL_MS: z.coerce.number().int().min(0).default(1_000),
    /**
     * A check unanswered this long declares Neo4j unavailable: waiting requests get SERVICE_UNAVAILABLE. With the
     * interval, a hung Neo4j is detected within 3.5 s, so requests fail within the 5 s the service promises.
     */
    NEO4J_LIVENESS_TIMEOUT_MS: z.coerce.number().int().positive().default(2_500),
    /**
     * Admission control (src/graph/admission.ts): transactions this process runs on Neo4j at once (0 = no bound),
     * how many more may wait for a slot, and how long; beyond that a request is answered 503 with Retry-After.
     * Two cores run about as many queries at once as they have; more in flight only adds memory and latency (at
     * 100k, eight concurrent depth-2 neighbourhoods served 2.8 req/s where one at a time served 8: bench/RESULTS.md).
     */
    NEO4J_MAX_CONCURRENT: z.coerce.number().int().min(0).default(4),
    NEO4J_MAX_QUEUED: z.coerce.number().int().min(0).default(128),
    // Longer than a hang takes to detect (interval + timeout): a hung Neo4j is reported as unavailable, not busy.
    NEO4J_QUEUE_WAIT_MS: z.coerce.number().int().positive().default(4_000),
    OVERLOAD_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3_600).default(1),

    EMBEDDED_NEO4J_PORT: port.default(7687),
    EMBEDDED_NEO4J_DATA_DIR: z.string().min(1).default(path.join(projectRoot, '.neo4j-embedded')),
    EMBEDDED_NEO4J_HEAP: memorySize.default('768m'),
    EMBEDDED_NEO4J_PAGECACHE: memorySize.default('256m'),

    SEED_DIR: z.string().min(1).default(path.join(projectRoot, 'graph-seeds')),
    SEED_ON_START: z.enum(['if-empty', 'always', 'never']).default('if-empty'),

    RELATED_INDEX_REFRESH_SECONDS: z.coerce.number().int().min(0).max(86_400).default(30),
    MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
    // OAI-PMH (/oai): records per ListRecords/ListIdentifiers answer, how long a resumption token stays valid, and the
    // contact Identify names (the protocol requires one; set it to the catalogue's maintainers).
    OAI_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
    OAI_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(30 * 86_400).default(86_400),
    OAI_ADMIN_EMAIL: z.string().regex(/^\S+@(\S+\.)+\S+$/, 'an e-mail address').default('catalogue@pubgraph.example'),

    REDIS_URL: z.string().regex(/^rediss?:\/\/.+/, 'a redis:// or rediss:// URL').optional(),
    RESPONSE_CACHE: z.enum(['on', 'off']).default('on'),
    /** Byte budget of the in-process HTTP cache in front of Apollo (src/server/http-cache.ts); 0 turns it off. */
    HTTP_CACHE_SIZE: z.union([memorySize, z.literal('0')]).default('32m'),
    /** Query-cost budget per client per minute; 0 turns rate limiting off. */
    RATE_LIMIT_COST_PER_MINUTE: z.coerce.number().int().min(0).optional(),
    /** Express `trust proxy`: hops of reverse proxies whose X-Forwarded-For names the client (0 = none). */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),

    // Editors (curation mutations). None of these set = every mutation is refused.
    AUTH_JWT_SECRET: z.string().min(32, 'at least 32 characters (HS256 shared secret)').optional(),
    AUTH_JWT_PUBLIC_KEY: z.string().includes('BEGIN PUBLIC KEY', { message: 'an SPKI PEM public key (-----BEGIN PUBLIC KEY-----)' }).optional(),
    AUTH_JWT_ALGORITHM: z.enum(['RS256', 'ES256', 'EdDSA']).default('RS256'),
    AUTH_JWT_ISSUER: z.string().min(1).optional(),
    AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
    EDITOR_API_KEYS: z
      .string()
      .regex(/^[A-Za-z0-9][\w.@-]{0,63}:[^,:\s]{24,}(,[A-Za-z0-9][\w.@-]{0,63}:[^,:\s]{24,})*$/, 'comma-separated name:key pairs, each key at least 24 characters')
      .optional(),

    // The offline GraphQL explorer at /graphiql: on by default except in production.
    GRAPHIQL: z.enum(['on', 'off']).optional(),
    // Schema introspection, Apollo's convention: on by default except in production.
    INTROSPECTION: z.enum(['on', 'off']).optional(),
    /** Port of the Prometheus /metrics listener, on HOST beside the API's; 0 turns it off. */
    METRICS_PORT: port.default(9464),
    /**
     * OpenTelemetry traces (src/telemetry.ts): the OTLP/HTTP collector's base URL (spans go to <url>/v1/traces, as
     * the OTLP exporter convention has it). Unset: no tracing SDK is started and tracing costs nothing.
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.string().regex(/^https?:\/\/.+/, 'an http:// or https:// URL such as http://jaeger:4318').optional(),
    /** The service.name traces carry. */
    OTEL_SERVICE_NAME: z.string().min(1).default('pubgraph'),
  })
  // A slot that cannot get a pooled connection would wait in the driver instead, unbounded by the gate.
  .refine((env) => env.NEO4J_MAX_CONCURRENT <= env.NEO4J_MAX_POOL_SIZE, {
    message: 'must not exceed NEO4J_MAX_POOL_SIZE (each admitted transaction holds a pooled connection)',
    path: ['NEO4J_MAX_CONCURRENT'],
  })
  .refine((env) => !env.NEO4J_URI || env.NEO4J_PASSWORD !== undefined, {
    message: 'NEO4J_PASSWORD is required when NEO4J_URI is set',
    path: ['NEO4J_PASSWORD'],
  })
  // Node refuses a headers timeout longer than the whole request's.
  .refine((env) => env.HTTP_HEADERS_TIMEOUT_MS <= env.HTTP_REQUEST_TIMEOUT_MS, {
    message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS (the headers are part of the request)',
    path: ['HTTP_HEADERS_TIMEOUT_MS'],
  });

export type Env = z.infer<typeof EnvSchema>;

/** Every environment variable the service reads: deployment files are checked against it (tests/integration/deploy-config). */
export const ENV_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export interface Neo4jConnectionConfig {
  uri: string;
  user: string;
  password: string;
  database: string;
  maxPoolSize: number;
  txTimeoutMs: number;
  /** Probe Neo4j every `intervalMs`, declare it unavailable after `timeoutMs` unanswered (unset: no probe). */
  liveness?: { intervalMs: number; timeoutMs: number };
  /** The bound on transactions in flight and the queue before it (unset: no bound). */
  admission?: AdmissionLimits;
}

export interface OaiConfig {
  pageSize: number;
  tokenTtlSeconds: number;
  adminEmail: string;
}

export interface AppConfig {
  env: Env['NODE_ENV'];
  http: { port: number; host: string; headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number };
  logLevel: Env['LOG_LEVEL'];
  /** An external Neo4j, or undefined to run the embedded one. */
  neo4j: Omit<Neo4jConnectionConfig, 'uri'> & { uri?: string };
  embedded: { port: number; dataDir: string; heap: string; pageCache: string };
  seed: { dir: string; onStart: Env['SEED_ON_START'] };
  api: { maxPageSize: number; introspection: boolean };
  /** The OAI-PMH endpoint (src/oai/). */
  oai: OaiConfig;
  /** Where /metrics is served: its own port, never the API's (undefined: not served). */
  metrics: { port?: number };
  /** Seconds after the last edit before the related index is recomputed; 0: never in the service (`npm run seed` still builds it). */
  relatedIndex: { refreshSeconds: number };
  /** Shared state for replicas: when `redisUrl` is set, the response/APQ cache and rate limits live in Redis. */
  scaling: { redisUrl?: string; responseCache: boolean; httpCacheBytes: number; rateLimitCostPerMinute: number; trustProxyHops: number };
  /** Who may edit the catalogue (src/auth/). */
  auth: AuthConfig;
  /** Whether the local GraphiQL is served at /graphiql. */
  web: { graphiql: boolean };
  /** OpenTelemetry traces: exported over OTLP/HTTP to `otlpTracesUrl` when set, not recorded at all otherwise. */
  telemetry: TelemetryConfig;
}

export interface TelemetryConfig {
  serviceName: string;
  otlpTracesUrl?: string;
}

export interface AuthConfig {
  jwt?: { secret?: string; publicKey?: { pem: string; algorithm: Env['AUTH_JWT_ALGORITHM'] }; issuer?: string; audience?: string };
  /** Editor API keys: the name audit records carry, and the key. */
  apiKeys: { name: string; key: string }[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** '512k', '32m', '1g' (or '0') in bytes. */
function bytes(size: string): number {
  const units: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
  return size === '0' ? 0 : Number(size.slice(0, -1)) * units[size.slice(-1).toLowerCase()]!;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings are treated as unset, as shells and compose files often export VAR= for "no value".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    http: {
      port: env.PORT,
      host: env.HOST,
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: env.HTTP_MAX_CONNECTIONS,
    },
    logLevel: env.LOG_LEVEL,
    neo4j: {
      uri: env.NEO4J_URI,
      user: env.NEO4J_USER,
      password: env.NEO4J_PASSWORD ?? '',
      database: env.NEO4J_DATABASE,
      maxPoolSize: env.NEO4J_MAX_POOL_SIZE,
      txTimeoutMs: env.NEO4J_TX_TIMEOUT_MS,
      liveness: env.NEO4J_LIVENESS_INTERVAL_MS > 0 ? { intervalMs: env.NEO4J_LIVENESS_INTERVAL_MS, timeoutMs: env.NEO4J_LIVENESS_TIMEOUT_MS } : undefined,
      admission:
        env.NEO4J_MAX_CONCURRENT > 0
          ? { maxConcurrent: env.NEO4J_MAX_CONCURRENT, maxQueued: env.NEO4J_MAX_QUEUED, maxWaitMs: env.NEO4J_QUEUE_WAIT_MS, retryAfterSeconds: env.OVERLOAD_RETRY_AFTER_SECONDS }
          : undefined,
    },
    embedded: {
      port: env.EMBEDDED_NEO4J_PORT,
      dataDir: path.resolve(env.EMBEDDED_NEO4J_DATA_DIR),
      heap: env.EMBEDDED_NEO4J_HEAP,
      pageCache: env.EMBEDDED_NEO4J_PAGECACHE,
    },
    seed: { dir: path.resolve(env.SEED_DIR), onStart: env.SEED_ON_START },
    api: { maxPageSize: env.MAX_PAGE_SIZE, introspection: env.INTROSPECTION ? env.INTROSPECTION === 'on' : env.NODE_ENV !== 'production' },
    oai: { pageSize: env.OAI_PAGE_SIZE, tokenTtlSeconds: env.OAI_TOKEN_TTL_SECONDS, adminEmail: env.OAI_ADMIN_EMAIL },
    metrics: { port: env.METRICS_PORT === 0 ? undefined : env.METRICS_PORT },
    relatedIndex: { refreshSeconds: env.RELATED_INDEX_REFRESH_SECONDS },
    scaling: {
      redisUrl: env.REDIS_URL,
      responseCache: env.RESPONSE_CACHE === 'on',
      // The HTTP cache only ever holds what the response cache would serve: off with it.
      httpCacheBytes: env.RESPONSE_CACHE === 'on' ? bytes(env.HTTP_CACHE_SIZE) : 0,
      // On by default in production only: development, tests and benchmarks hammer one client address.
      rateLimitCostPerMinute: env.RATE_LIMIT_COST_PER_MINUTE ?? (env.NODE_ENV === 'production' ? 1_000_000 : 0),
      trustProxyHops: env.TRUST_PROXY_HOPS,
    },
    auth: {
      jwt:
        env.AUTH_JWT_SECRET || env.AUTH_JWT_PUBLIC_KEY
          ? {
              secret: env.AUTH_JWT_SECRET,
              // A PEM in a one-line env var usually has its newlines escaped.
              publicKey: env.AUTH_JWT_PUBLIC_KEY ? { pem: env.AUTH_JWT_PUBLIC_KEY.replace(/\\n/g, '\n'), algorithm: env.AUTH_JWT_ALGORITHM } : undefined,
              issuer: env.AUTH_JWT_ISSUER,
              audience: env.AUTH_JWT_AUDIENCE,
            }
          : undefined,
      apiKeys: (env.EDITOR_API_KEYS ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => ({ name: pair.slice(0, pair.indexOf(':')), key: pair.slice(pair.indexOf(':') + 1) })),
    },
    web: { graphiql: env.GRAPHIQL ? env.GRAPHIQL === 'on' : env.NODE_ENV !== 'production' },
    telemetry: {
      serviceName: env.OTEL_SERVICE_NAME,
      otlpTracesUrl: env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces` : undefined,
    },
  };
}
