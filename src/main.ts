import pino from 'pino';
import { describeCliFailure } from './cli-failure';
import { loadConfig } from './config';
import { openGraph } from './graph/connect';
import { ensureGraphSchema } from './graph/graph-schema';
import { isGraphEmpty, loadSeeds } from './seed/load-seeds';
import { readSeeds } from './seed/read-seeds';
import { startTelemetry } from './telemetry';

/**
 * `npm start`: connect to Neo4j (NEO4J_URI, or the embedded one), apply constraints and indexes, load
 * graph-seeds/ when the graph is empty, and serve GraphQL. SIGINT/SIGTERM drain requests and stop everything.
 */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  // Tracing starts before the server's modules load: its instrumentations patch http, express and graphql as they
  // are required, so those are imported only below.
  const telemetry = startTelemetry(config.telemetry);
  const { startServer } = await import('./server/app');
  const { RelatedIndexRefresher } = await import('./recommendations/related-index.refresher');
  const logger = pino({ level: config.logLevel, base: { service: 'pubgraph' } });
  if (telemetry) logger.info({ traces: config.telemetry.otlpTracesUrl }, 'exporting traces over OTLP');
  const log = (line: string) => logger.info(line);

  // Database trouble (the embedded JVM dying and restarting, Neo4j not answering) is a warning, not progress.
  const graph = await openGraph(config, log, (line) => logger.warn(line));
  logger.info({ graph: graph.description }, 'connected to Neo4j');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      relatedIndex?.stop();
      await server?.stop();
    } finally {
      await graph.close();
      await telemetry?.shutdown();
      logger.info('stopped');
      process.exit(0);
    }
  };
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let relatedIndex: InstanceType<typeof RelatedIndexRefresher> | undefined;
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await ensureGraphSchema(graph.executor);
    const seed = config.seed.onStart === 'always' || (config.seed.onStart === 'if-empty' && (await isGraphEmpty(graph.executor)));
    if (seed) {
      logger.info({ dir: config.seed.dir }, 'loading graph-seeds');
      const summary = await loadSeeds(graph.executor, await readSeeds(config.seed.dir));
      logger.info({ nodes: summary.nodes, relationships: summary.relationships, ms: summary.ms }, 'graph seeded');
    }
    if (config.relatedIndex.refreshSeconds > 0) {
      relatedIndex = new RelatedIndexRefresher(graph.executor, logger, config.relatedIndex.refreshSeconds * 1000);
      await relatedIndex.start();
    }
    server = await startServer({ config, executor: graph.executor, logger, onEdit: () => relatedIndex?.schedule() });
    logger.info({ url: server.url, startupMs: Math.round(performance.now() - startedAt) }, `pubgraph ready at ${server.url}`);
  } catch (error) {
    await graph.close();
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${describeCliFailure('pubgraph', error)}\n`);
  process.exit(1);
});
