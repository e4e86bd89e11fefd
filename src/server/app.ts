import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from '../config';
import { type GraphExecutor, GraphOverloadedError, GraphQueryError, GraphTimeoutError, GraphUnavailableError } from '../graph/executor';
import { createContext, type GraphQLContext } from './context';
import { DomainError } from '../errors';
import { domainErrorExtensions, domainErrorOf, domainErrorStatusPlugin } from './error-codes';
import { HttpCache } from './http-cache';
import { listen } from './listen';
import { mountWebUi } from './static';
import { queryLimits } from './limits';
import { answerClientError, jsonErrors, limitJsonNesting, MAX_BODY, notFound } from './http-errors';
import { createRateLimiter, rateLimitPlugin } from './rate-limit';
import { openSharedState } from './shared-state';
import { Metrics } from './metrics';
import { unavailableStatusPlugin } from './unavailable-status';
import { buildSchema } from './schema';
import { createAuthenticator } from '../auth/verify';
import { warmRelatedPlans } from '../recommendations/related.cypher';
import { relatedFragmentRoute } from '../widget/related-fragment';
import { RELATED_QUERY, type RelatedAnswer } from '../widget/related-view';
import { mountPublicationPages } from '../citations/citation-http';
import { mountOai } from '../oai/oai.route';

/**
 * /readyz answers within this (plus a little): orchestrators' readiness probes time out at 1 to 2 s, and a
 * `RETURN 1` slower than this means Neo4j cannot serve requests well either.
 */
const READYZ_DEADLINE_MS = 1_000;
/** How long a browser may cache a CORS preflight's answer: 7200 s is the most Chromium honours. */
const PREFLIGHT_MAX_AGE_SECONDS = 7_200;

export interface RunningServer {
  url: string;
  port: number;
  /** Prometheus metrics, on their own port (undefined when METRICS_PORT=0). */
  metricsUrl?: string;
  /** Stops accepting requests, drains in-flight ones, then resolves. */
  stop(): Promise<void>;
}

/**
 * Errors reach clients with a stable code and a safe message: never Cypher, driver details or stacks. The
 * originals are logged with the request id by `errorLogging` below.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const domain = domainErrorOf(error);
  if (domain) {
    const extensions = domainErrorExtensions(domain);
    if (extensions.code !== 'INTERNAL_SERVER_ERROR') return { ...formatted, message: domain.message, extensions };
  }
  if (original instanceof GraphOverloadedError) {
    // Same code as an unavailable database: to a client both mean "not now, retry later", and the answer says when.
    return {
      message: `The service is busy; try again in ${original.retryAfterSeconds} s.`,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: original.retryAfterSeconds },
    };
  }
  if (original instanceof GraphUnavailableError) {
    return { message: 'The catalogue database is unavailable; try again shortly.', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  if (original instanceof GraphTimeoutError) {
    return { message: 'The query took too long and was stopped; ask for less (smaller pages, fewer nested fields).', path: formatted.path, extensions: { code: 'QUERY_TIMEOUT' } };
  }
  // graphql-js gives up coercing variables after 50 problems with a bare error; it is still the client's input.
  if (original instanceof GraphQLError && /^Too many errors processing variables/.test(original.message)) {
    return { message: original.message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (original instanceof GraphQLError || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') {
    // Validation, parsing and BAD_USER_INPUT errors are the client's and safe to show as they are.
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/** Logs every error of a request with its request id: client mistakes at debug, database trouble at warn,
 *  anything else (a bug) at error with the original error and stack. */
function errorLogging(logger: Logger): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            const original = domainErrorOf(error) ?? unwrapResolverError(error.originalError ?? error);
            const entry = { requestId: contextValue?.requestId, operationName, path: error.path, err: original };
            if (original instanceof GraphOverloadedError || original instanceof GraphUnavailableError || original instanceof GraphTimeoutError) logger.warn(entry, original.message);
            else if (original instanceof GraphQLError || original instanceof DomainError || !error.originalError) logger.debug(entry, error.message);
            else logger.error({ ...entry, queryName: original instanceof GraphQueryError ? original.queryName : undefined }, 'resolver failed');
          }
        },
      };
    },
  };
}

/** The client's X-Request-Id when it is a sane one, else a fresh UUID; every response echoes it. */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
}

export async function startServer(options: {
  config: AppConfig;
  executor: GraphExecutor;
  logger: Logger;
  /** Overrides config.http.port (tests pass 0 for a free port). */
  port?: number;
  /**
   * Overrides config.metrics.port; 0 picks a free port. When `port` is 0 and this is not given, metrics get a
   * free port too (unless METRICS_PORT=0), so the several servers a test file starts do not contend for one.
   */
  metricsPort?: number;
  /** Called after every committed edit (src/main.ts schedules a related-index refresh). */
  onEdit?: () => void;
}): Promise<RunningServer> {
  const { config, executor, logger } = options;
  const authenticate = await createAuthenticator(config.auth);
  const app = express();
  app.disable('x-powered-by');
  // Behind N reverse proxies the client address is the Nth from the right of X-Forwarded-For.
  app.set('trust proxy', config.scaling.trustProxyHops);

  const limits = queryLimits({ production: config.env === 'production' });
  const shared = await openSharedState(config.scaling.redisUrl, logger);
  const rateLimits = config.scaling.rateLimitCostPerMinute > 0 ? [rateLimitPlugin(createRateLimiter(config.scaling.rateLimitCostPerMinute, shared), (ctx) => ctx.client)] : [];
  const metrics = new Metrics(executor, config.neo4j.maxPoolSize);
  // Every request's Cypher round-trips feed the metrics as well as the request's own log.
  const metered = executor.observed((event) => metrics.observeQuery(event));
  // Repeated anonymous public GETs are answered before Express: no routing, body parsing, Apollo pipeline, rate
  // limit (a hit costs Neo4j nothing) or per-request log line; they are counted in the metrics instead.
  const httpCache: HttpCache | undefined =
    config.scaling.httpCacheBytes > 0
      ? new HttpCache({ maxBytes: config.scaling.httpCacheBytes, requestId, onLookup: metrics.observeHttpCache(() => httpCache?.bytes ?? 0) })
      : undefined;
  // Bounded sockets: a client sending its headers or body slowly is cut off (408) instead of holding a socket for
  // Node's default 300 s, idle keep-alive sockets close, and at most maxConnections are open at once (beyond it
  // new connections are dropped). Node checks these timeouts every connectionsCheckingInterval (30 s by default,
  // far coarser than the timeouts themselves).
  const httpServer = http.createServer(
    {
      headersTimeout: config.http.headersTimeoutMs,
      requestTimeout: config.http.requestTimeoutMs,
      keepAliveTimeout: config.http.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, config.http.headersTimeoutMs),
    },
    httpCache ? httpCache.wrap(app) : app,
  );
  if (config.http.maxConnections > 0) httpServer.maxConnections = config.http.maxConnections;

  const apollo = new ApolloServer<GraphQLContext>({
    schema: buildSchema(),
    introspection: config.api.introspection,
    parseOptions: limits.parseOptions,
    includeStacktraceInErrorResponses: false,
    // src/main.ts owns SIGINT/SIGTERM: it drains this server, then closes Neo4j, then exits 0.
    stopOnTerminationSignals: false,
    formatError,
    validationRules: limits.validationRules,
    // Automatic persisted queries and the response cache share this store (Redis across replicas when configured).
    cache: shared.cache,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Apollo turns on federated inline tracing (ftv1) for a subgraph schema: any client sending its header would get
      // every resolver's timings in the response. Traces are OpenTelemetry's job here (src/telemetry.ts).
      ApolloServerPluginInlineTraceDisabled(),
      ...limits.plugins,
      ...rateLimits,
      // Whole responses of cacheable (all-PUBLIC, see schema/cache.graphql) queries, in memory or Redis.
      // Editors bypass it so they read their own writes at once; everyone else may see an edit up to max-age late.
      // The HTTP cache in front (http-cache.ts) follows the same rule and keeps an entry only for what is left of max-age.
      ...(config.scaling.responseCache
        ? [responseCachePlugin<GraphQLContext>({ shouldReadFromCache: async ({ contextValue }) => !contextValue.auth.viewer, shouldWriteToCache: async ({ contextValue }) => !contextValue.auth.viewer })]
        : []),
      // Editors read their own writes at once (the caches above skip them): nothing downstream may keep their answers
      // either, so a browser or CDN does not replay a page from before their edit. Set before the cache-control plugin
      // (Apollo's, which runs after these) reads the header: it keeps an uncacheable one as it is.
      {
        async requestDidStart({ contextValue, response }) {
          if (contextValue.auth.viewer) response.http.headers.set('cache-control', 'no-store');
        },
      },
      metrics.plugin(),
      errorLogging(logger),
      // An answer that failed only because Neo4j is unavailable or this replica sheds load: HTTP 503 with Retry-After.
      unavailableStatusPlugin<GraphQLContext>(),
      // 401, 403 and 429 (with Retry-After) for the domain errors that call for them.
      domainErrorStatusPlugin<GraphQLContext>(),
      // Clients and the benchmark can see how many Cypher round-trips a request cost (no data, only a count).
      {
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, response }) {
              response.http.headers.set('x-pubgraph-cypher-roundtrips', String(contextValue.queries.length));
            },
          };
        },
      },
      // Apollo's landing page loads from a CDN; the local GraphiQL (/graphiql/, src/server/static.ts) replaces it.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const id = requestId(req);
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      // One short line per request: id, method, path, status and time; no headers (they may carry tokens).
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      // Within READYZ_DEADLINE_MS whatever Neo4j does: a probe that waits on a hung database is itself down.
      await executor.ping(READYZ_DEADLINE_MS);
      res.json({ status: 'ready' });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: error instanceof Error ? error.name : 'unknown' });
    }
  });

  // The widget's list as server-rendered HTML (src/widget/related-fragment.ts): the widget's own query, run
  // through Apollo as an anonymous reader's (rate limits, response cache and cost limits apply alike).
  app.get(
    '/widget/related/:slug.html',
    cors(),
    relatedFragmentRoute(
      async (variables) => {
        const response = await apollo.executeOperation<NonNullable<RelatedAnswer['data']>>(
          { query: RELATED_QUERY, operationName: 'PubgraphRelated', variables },
          { contextValue: createContext(metered, config, randomUUID(), { log: logger, address: 'widget-fragment' }) },
        );
        if (response.body.kind !== 'single') throw new Error('the widget query answered incrementally');
        return response.body.singleResult as RelatedAnswer;
      },
      (req) => `${req.protocol}://${req.get('host') ?? 'localhost'}`,
    ),
  );

  mountWebUi(app, config);
  mountPublicationPages(app, metered);
  mountOai(app, metered, config.oai);

  app.use(
    '/graphql',
    // Browsers may reuse a preflight's answer for two hours (Chromium's ceiling), so the widget's GETs on a
    // third-party page cost one preflight per session, not one per page view.
    cors({ maxAge: PREFLIGHT_MAX_AGE_SECONDS }),
    express.json({ limit: MAX_BODY }),
    limitJsonNesting,
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(metered, config, String(req.id), { auth: await authenticate(req.headers.authorization), log: req.log, address: req.ip, onEdit: options.onEdit }),
    }),
  );

  app.use(notFound);
  app.use(jsonErrors(logger));

  const metricsPort = options.metricsPort ?? (config.metrics.port === undefined ? undefined : options.port === 0 ? 0 : config.metrics.port);
  const metricsServer = metricsPort === undefined ? undefined : await startMetricsServer(metrics, config.http.host, metricsPort);

  // The widget's scoring query is the largest Cypher the service runs; planning it on a cold Neo4j takes seconds,
  // so it is planned now rather than on the first reader's request.
  await warmRelatedPlans(executor).catch((error: unknown) => logger.warn({ err: error }, 'could not plan the related query ahead (Neo4j busy or down); the first widget request will'));

  // Requests Node's parser refuses (headers over 16 kB, malformed HTTP) get a JSON answer too.
  httpServer.on('clientError', answerClientError);
  const port = options.port ?? config.http.port;
  await listen(httpServer, port, config.http.host, 'PORT');
  const actualPort = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actualPort}/graphql`,
    port: actualPort,
    metricsUrl: metricsServer ? `http://localhost:${(metricsServer.address() as AddressInfo).port}/metrics` : undefined,
    stop: async () => {
      metricsServer?.closeAllConnections();
      await Promise.all([apollo.stop(), metricsServer ? new Promise<void>((resolve) => metricsServer.close(() => resolve())) : undefined]);
      await shared.close();
    },
  };
}

/**
 * /metrics on a port of its own, on the API's host: it names every operation and query the service runs and its
 * memory, which is for the operator's scraper, not for the public behind the proxy (deploy/nginx.conf refuses it
 * too).
 */
async function startMetricsServer(metrics: Metrics, host: string, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Only GET /metrics is served on this port.\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('The metrics could not be collected.\n'),
    );
  });
  await listen(server, port, host, 'METRICS_PORT', ' (0 turns /metrics off)');
  return server;
}
