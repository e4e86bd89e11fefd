import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { GraphExecutor, QueryEvent } from '../graph/executor';
import type { GraphQLContext } from './context';

/**
 * Label values that come from clients (operation names) are bounded in length and in number: every distinct
 * value is a time series held in memory and written out on every scrape, so a client inventing names (300
 * requests named `Op<20,000 letters>` grew /metrics from 75 kB to 90 MB) must not be able to add series.
 * Names of the shape a GraphQL client or persisted query uses are kept, up to `maxNames` distinct ones; after
 * that, and for any other name, the label is `other`.
 */
export class OperationLabels {
  static readonly SHAPE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
  private readonly known = new Set<string>();
  constructor(readonly maxNames = 200) {}

  label(operationName: string | null | undefined): string {
    if (operationName === null || operationName === undefined) return 'anonymous';
    if (this.known.has(operationName)) return operationName;
    if (!OperationLabels.SHAPE.test(operationName) || this.known.size >= this.maxNames) return 'other';
    this.known.add(operationName);
    return operationName;
  }
}

/** Error codes are ours, but an extension's code can be anything a plugin sets: keep the label to the shape. */
const errorCodeLabel = (code: unknown): string => (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,39}$/.test(code) ? code : code === undefined ? 'INTERNAL_SERVER_ERROR' : 'other');

/**
 * Prometheus metrics (prom-client) served at /metrics on their own port (METRICS_PORT): GraphQL requests, errors and latency per operation,
 * Cypher round-trips and their timings per named query, and the driver's connection pool. One registry per
 * server, so tests can start several.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'pubgraph_graphql_requests_total',
    help: 'GraphQL operations executed, by operation name and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'pubgraph_graphql_request_duration_seconds',
    help: 'GraphQL operation latency, by operation name',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'pubgraph_graphql_errors_total',
    help: 'GraphQL errors returned, by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly cypher = new Histogram({
    name: 'pubgraph_cypher_duration_seconds',
    help: 'Cypher round-trip time, by named query and access mode',
    labelNames: ['query', 'mode', 'ok'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  private readonly roundTrips = new Histogram({
    name: 'pubgraph_cypher_roundtrips_per_request',
    help: 'Cypher round-trips per GraphQL request',
    buckets: [0, 1, 2, 4, 8, 16, 32, 64],
    registers: [this.registry],
  });

  private readonly httpCacheLookups = new Counter({
    name: 'pubgraph_http_cache_requests_total',
    help: 'Anonymous public GETs looked up in the in-process HTTP cache, by result (hit, miss)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  private readonly operations: OperationLabels;

  constructor(graph?: GraphExecutor, maxPoolSize?: number, maxOperationNames?: number) {
    this.operations = new OperationLabels(maxOperationNames);
    collectDefaultMetrics({ register: this.registry, prefix: 'pubgraph_' });
    if (graph) {
      // The driver has no public pool statistics; sessions the executor holds open are the connections in use.
      new Gauge({
        name: 'pubgraph_neo4j_sessions_open',
        help: 'Neo4j sessions (pooled connections) held by requests right now',
        registers: [this.registry],
        collect() {
          this.set(graph.openSessions());
        },
      });
      new Gauge({ name: 'pubgraph_neo4j_pool_max', help: 'Configured maximum size of the Neo4j connection pool', registers: [this.registry] }).set(maxPoolSize ?? 0);
    }
  }

  /** Counts HTTP cache lookups and reports the bytes it holds (src/server/http-cache.ts). */
  observeHttpCache(bytesHeld: () => number): (hit: boolean) => void {
    new Gauge({
      name: 'pubgraph_http_cache_bytes',
      help: 'Bytes held by the in-process HTTP cache',
      registers: [this.registry],
      collect() {
        this.set(bytesHeld());
      },
    });
    const hits = this.httpCacheLookups.labels('hit');
    const misses = this.httpCacheLookups.labels('miss');
    return (hit) => (hit ? hits : misses).inc();
  }

  observeQuery(event: QueryEvent): void {
    this.cypher.observe({ query: event.name, mode: event.mode, ok: String(event.ok) }, event.ms / 1000);
  }

  plugin(): ApolloServerPlugin<GraphQLContext> {
    const { requests, latency, roundTrips, errors: errorCount, operations } = this;
    return {
      async requestDidStart() {
        const started = performance.now();
        return {
          async willSendResponse({ operationName, errors, contextValue }) {
            const operation = operations.label(operationName);
            requests.inc({ operation, outcome: errors?.length ? 'error' : 'ok' });
            latency.observe({ operation }, (performance.now() - started) / 1000);
            roundTrips.observe(contextValue.queries.length);
          },
          async didEncounterErrors({ errors }) {
            for (const e of errors) errorCount.inc({ code: errorCodeLabel(e.extensions?.code) });
          },
        };
      },
    };
  }
}
