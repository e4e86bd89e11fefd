import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from '../config';
import { type GraphExecutor, GraphQueryError, GraphTimeoutError, GraphUnavailableError } from '../graph/executor';
import { createContext, type GraphQLContext } from './context';
import { buildSchema } from './schema';

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting requests, drains in-flight ones, then resolves. */
  stop(): Promise<void>;
}

/**
 * Errors reach clients with a stable code and a safe message; the original (with Cypher, driver details and
 * stack) is logged server-side with the request id.
 */
export function formatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const requestId = (formatted.extensions?.requestId as string | undefined) ?? undefined;
    if (original instanceof GraphUnavailableError) {
      logger.warn({ err: original, requestId }, 'graph unavailable');
      return { message: 'The catalogue database is unavailable; try again shortly.', path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    if (original instanceof GraphTimeoutError) {
      logger.warn({ err: original, requestId }, 'graph query timed out');
      return { message: 'The query took too long and was stopped; ask for less (smaller pages, fewer nested fields).', path: formatted.path, extensions: { code: 'QUERY_TIMEOUT' } };
    }
    if (original instanceof GraphQLError || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') {
      // Validation, parsing and BAD_USER_INPUT errors are the client's and safe to show as they are.
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    logger.error({ err: original, requestId, queryName: original instanceof GraphQueryError ? original.queryName : undefined }, 'resolver failed');
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

export async function startServer(options: {
  config: AppConfig;
  executor: GraphExecutor;
  logger: Logger;
  /** Overrides config.http.port (tests pass 0 for a free port). */
  port?: number;
}): Promise<RunningServer> {
  const { config, executor, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const apollo = new ApolloServer<GraphQLContext>({
    schema: buildSchema(),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: formatError(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
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
      ...(config.env === 'production' ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
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
      await executor.ping();
      res.json({ status: 'ready' });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', reason: error instanceof Error ? error.name : 'unknown' });
    }
  });

  app.use(
    '/graphql',
    cors(),
    express.json({ limit: '100kb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(executor, config, String(req.id)),
    }),
  );

  const port = options.port ?? config.http.port;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use: stop the other process or set PORT to a free port.`) : error),
    );
    httpServer.listen(port, config.http.host, resolve);
  });
  const actualPort = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actualPort}/graphql`,
    port: actualPort,
    stop: () => apollo.stop(),
  };
}
