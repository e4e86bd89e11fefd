import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import neo4j, { type BookmarkManager, type Driver, type ManagedTransaction, Neo4jError } from 'neo4j-driver';
import { AdmissionGate, GraphOverloadedError } from './admission';
import type { LivenessSignal } from './liveness';
import { type NativeValue, toCypherParams, toNative } from './values';

/**
 * The only door to Neo4j. Every query runs in a managed transaction (executeRead / executeWrite, retried by the
 * driver on transient faults) on an explicitly named database, the session is closed in `finally`, records are
 * converted to plain values at one boundary, driver errors are translated into the three errors below, and each
 * round-trip is reported to an observer so a request can count its queries (see tests on N+1).
 *
 * No call waits on Neo4j unboundedly: the driver does not time out a reply from a hung server (see liveness.ts),
 * so each call races a deadline (its transaction budget plus DEADLINE_GRACE_MS, by which the server should have
 * enforced the budget itself) and the liveness signal, which releases every waiting call as soon as Neo4j stops
 * answering probes. A call released early gives up its session in the background: closing it waits for the
 * server, and the connection returns to the pool (or is discarded) when the server answers or the socket dies.
 *
 * Database work is admitted through one gate per process (admission.ts): past its bound, transactions wait
 * briefly in line and are then refused with GraphOverloadedError (HTTP 503 with Retry-After), so a burst never
 * piles unbounded work onto Neo4j or unbounded requests into this process's memory. `ping` is not gated: a
 * readiness probe must say whether Neo4j answers, not whether this replica is busy.
 */

/**
 * Each round-trip is a span (`cypher <query name>`) of the request's trace. Without a tracing SDK (src/telemetry.ts,
 * off unless OTEL_EXPORTER_OTLP_ENDPOINT is set) this tracer is @opentelemetry/api's no-op: no span is recorded.
 */
const tracer = trace.getTracer('pubgraph.graph');

/** How long past its transaction budget a call waits for the server's own timeout before giving up on it. */
export const DEADLINE_GRACE_MS = 2_000;

export type Params = Record<string, unknown>;

/** A named Cypher statement. `Row` is the shape of its map-projected RETURN clause. */
export interface CypherQuery<Row> {
  readonly name: string;
  readonly cypher: string;
  /** Phantom field: carries the row type; never set. */
  readonly __row?: Row;
}

export function cypher<Row>(name: string, text: string): CypherQuery<Row> {
  return { name, cypher: text };
}

export interface QueryEvent {
  name: string;
  mode: 'read' | 'write';
  ms: number;
  rows: number;
  ok: boolean;
}
export type QueryObserver = (event: QueryEvent) => void;

/** Neo4j cannot be reached (down, restarting, network). Clients should retry later. */
export class GraphUnavailableError extends Error {
  override readonly name = 'GraphUnavailableError';
}
/** The query ran out of its transaction time budget. */
export class GraphTimeoutError extends Error {
  override readonly name = 'GraphTimeoutError';
}
/** Any other database failure: a bug or a constraint violation. The message is for logs, not for clients. */
export class GraphQueryError extends Error {
  override readonly name = 'GraphQueryError';
  constructor(
    message: string,
    readonly queryName: string,
    readonly neo4jCode?: string,
  ) {
    super(message);
  }
}

export { GraphOverloadedError };

export function translateError(error: unknown, queryName: string): Error {
  if (error instanceof GraphOverloadedError || error instanceof GraphUnavailableError || error instanceof GraphTimeoutError || error instanceof GraphQueryError) return error;
  if (error instanceof Neo4jError) {
    const code = error.code ?? '';
    // Two pool errors carry no code ("N/A"), only a message: the acquisition timeout (every connection is busy with
    // a server that does not answer, or a new one cannot be opened) and a closed pool (requests still running
    // while the process shuts down).
    const poolUnusable = error.message.startsWith('Connection acquisition timed out') || error.message.startsWith('Pool is closed');
    if (
      poolUnusable ||
      code === neo4j.error.SERVICE_UNAVAILABLE ||
      code === neo4j.error.SESSION_EXPIRED ||
      code.startsWith('Neo.TransientError.General.DatabaseUnavailable') ||
      code.startsWith('Neo.TransientError.Database.DatabaseUnavailable')
    ) {
      return new GraphUnavailableError(`Neo4j is unavailable (${queryName}): ${error.message}`, { cause: error });
    }
    // A statement that runs out of its budget while waiting for a lock is stopped with LockClientStopped, not
    // TransactionTimedOut; for the client it is the same: the query took too long.
    if (code.includes('TransactionTimedOut') || code === 'Neo.ClientError.Transaction.LockClientStopped') {
      return new GraphTimeoutError(`Query ${queryName} exceeded its time budget`, { cause: error });
    }
    return new GraphQueryError(`Query ${queryName} failed: ${code} ${error.message}`, queryName, code);
  }
  return new GraphQueryError(`Query ${queryName} failed: ${error instanceof Error ? error.message : String(error)}`, queryName);
}

/** A transaction handed to multi-statement work (the seed loader). Same conversion and reporting. */
export interface GraphTransaction {
  run<Row>(query: CypherQuery<Row>, params?: Params): Promise<Row[]>;
  /** Runs and returns the driver's update counters (nodes/relationships created and deleted). */
  update(query: CypherQuery<unknown>, params?: Params): Promise<UpdateCounts>;
}

export interface UpdateCounts {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  propertiesSet: number;
}

export interface ExecutorOptions {
  database: string;
  txTimeoutMs: number;
  /** When given, calls fail fast while Neo4j is declared unavailable, and waiting calls are released when it is. */
  liveness?: LivenessSignal;
  /** The bound on transactions in flight (admission.ts); unset admits everything. */
  admission?: AdmissionGate;
}

export class GraphExecutor {
  constructor(
    private readonly driver: Driver,
    private readonly options: ExecutorOptions,
    private readonly observer?: QueryObserver,
    /** Shared by every observed view of one executor. */
    private readonly sessions: { open: number } = { open: 0 },
    /**
     * One bookmark manager for the process: every session starts after the last transaction this process
     * committed, so on a cluster an editor's next read (routed to any member) sees their own write.
     */
    private readonly bookmarks: BookmarkManager = neo4j.bookmarkManager(),
  ) {
    this.gate = options.admission ?? new AdmissionGate({ maxConcurrent: 0, maxQueued: 0, maxWaitMs: 0, retryAfterSeconds: 1 });
  }

  private readonly gate: AdmissionGate;

  /** A view of this executor that also reports every round-trip to `observer` (one per request). */
  observed(observer: QueryObserver): GraphExecutor {
    const parent = this.observer;
    return new GraphExecutor(
      this.driver,
      this.options,
      (e) => {
        parent?.(e);
        observer(e);
      },
      this.sessions,
      this.bookmarks,
    );
  }

  /** Sessions (pooled connections) held right now, for metrics. */
  openSessions(): number {
    return this.sessions.open;
  }

  /** Transactions running and waiting at the admission gate, for metrics. */
  admissionLoad(): { running: number; queued: number } {
    return this.gate.load;
  }

  read<Row>(query: CypherQuery<Row>, params: Params = {}): Promise<Row[]> {
    return this.transaction('read', query.name, (tx) => tx.run(query, params));
  }

  write<Row>(query: CypherQuery<Row>, params: Params = {}): Promise<Row[]> {
    return this.transaction('write', query.name, (tx) => tx.run(query, params));
  }

  /**
   * Several statements in one managed transaction: all commit or none does. `work` may be retried by the
   * driver on a transient fault, so it must not have side effects outside the transaction.
   */
  transaction<T>(mode: 'read' | 'write', name: string, work: (tx: GraphTransaction) => Promise<T>, timeoutMs?: number): Promise<T> {
    const timeout = timeoutMs ?? this.options.txTimeoutMs;
    return this.admitted(name, () =>
      this.withSession(mode, name, timeout + DEADLINE_GRACE_MS, (session) => {
        const config = { timeout, metadata: { app: 'pubgraph', query: name } };
        const body = (tx: ManagedTransaction) => work(this.wrap(tx, mode));
        return mode === 'read' ? session.executeRead(body, config) : session.executeWrite(body, config);
      }),
    );
  }

  /** Schema statements (constraints, indexes) must run outside data transactions. */
  async schema(query: CypherQuery<unknown>): Promise<void> {
    await this.admitted(query.name, () =>
      this.withSession('write', query.name, this.options.txTimeoutMs + DEADLINE_GRACE_MS, (session) => session.run(query.cypher).then(() => undefined)),
    );
  }

  /** `RETURN 1` within `deadlineMs` (readiness checks must answer quickly, whatever the database does). */
  async ping(deadlineMs = this.options.txTimeoutMs + DEADLINE_GRACE_MS): Promise<void> {
    await this.withSession('read', 'ping', deadlineMs, (session) => session.executeRead((tx) => tx.run('RETURN 1 AS ok')).then(() => undefined));
  }

  /**
   * `work` once the gate admits it. A hung Neo4j is unavailable, not busy: a call fails fast while Neo4j is
   * declared unavailable, and one waiting in line is released as unavailable (Retry-After 5, not the shed's) the
   * moment the liveness watch declares it, as the calls ahead of it are. The default wait in line outlasts the
   * watch's detection time, so a hang is not first reported as overload.
   */
  private async admitted<T>(name: string, work: () => Promise<T>): Promise<T> {
    const liveness = this.options.liveness;
    if (liveness && !liveness.available) throw new GraphUnavailableError(`Neo4j is unavailable (${name}): ${liveness.reason}`);
    // Without a bound nobody waits in line: withSession alone listens for the loss.
    if (!this.options.admission) return work();
    const lost = new AbortController();
    const stopListening = liveness ? liveness.onLost((why) => lost.abort(new GraphUnavailableError(`Neo4j is unavailable (${name}): ${why}`))) : () => undefined;
    try {
      return await this.gate.run(name, work, lost.signal);
    } finally {
      stopListening();
    }
  }

  private async withSession<T>(mode: 'read' | 'write', name: string, deadlineMs: number, work: (session: ReturnType<Driver['session']>) => Promise<T>): Promise<T> {
    const liveness = this.options.liveness;
    if (liveness && !liveness.available) throw new GraphUnavailableError(`Neo4j is unavailable (${name}): ${liveness.reason}`);
    const session = this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'read' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
    });
    this.sessions.open += 1;
    let released = false;
    let timer: NodeJS.Timeout | undefined;
    let stopListening = (): void => undefined;
    const giveUp = new Promise<never>((_resolve, reject) => {
      const release = (why: string) => {
        released = true;
        reject(new GraphUnavailableError(`Neo4j is unavailable (${name}): ${why}`));
      };
      timer = setTimeout(() => release(`no answer within ${deadlineMs} ms`), deadlineMs);
      if (liveness) stopListening = liveness.onLost(release);
    });
    const running = work(session);
    // Once released, the driver's own outcome (a late answer, or an error when the socket dies) has nobody to
    // report to; it must not surface as an unhandled rejection.
    running.catch(() => undefined);
    try {
      return await Promise.race([running, giveUp]);
    } catch (error) {
      throw translateError(error, name);
    } finally {
      clearTimeout(timer);
      stopListening();
      const closed = session.close().finally(() => (this.sessions.open -= 1));
      if (released) closed.catch(() => undefined);
      else await closed;
    }
  }

  private wrap(tx: ManagedTransaction, mode: 'read' | 'write'): GraphTransaction {
    const database = this.options.database;
    const timed = <T>(name: string, run: () => Promise<{ rows: number; value: T; dbMs: number }>): Promise<T> =>
      tracer.startActiveSpan(`cypher ${name}`, { kind: SpanKind.CLIENT }, async (span: Span) => {
        const started = performance.now();
        try {
          const { rows, value, dbMs } = await run();
          this.observer?.({ name, mode, ms: performance.now() - started, rows, ok: true });
          if (span.isRecording()) {
            span.setAttributes({ 'db.system.name': 'neo4j', 'db.namespace': database, 'db.query.summary': name, 'pubgraph.query.mode': mode, 'db.response.returned_rows': rows, 'pubgraph.db.ms': dbMs });
          }
          return value;
        } catch (error) {
          this.observer?.({ name, mode, ms: performance.now() - started, rows: 0, ok: false });
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
          throw error;
        } finally {
          span.end();
        }
      });
    return {
      run: <Row>(query: CypherQuery<Row>, params: Params = {}) =>
        timed(query.name, async () => {
          const result = await tx.run(query.cypher, toCypherParams(params) as Params);
          // The map projection in each query's RETURN defines Row; this cast is the one place it is trusted.
          const value = result.records.map((r) => toNative(r.toObject()) as unknown as Row);
          return { rows: value.length, value, dbMs: serverMs(result.summary) };
        }),
      update: (query: CypherQuery<unknown>, params: Params = {}) =>
        timed(query.name, async () => {
          const result = await tx.run(query.cypher, toCypherParams(params) as Params);
          const c = result.summary.counters.updates();
          const value: UpdateCounts = {
            nodesCreated: c.nodesCreated,
            nodesDeleted: c.nodesDeleted,
            relationshipsCreated: c.relationshipsCreated,
            relationshipsDeleted: c.relationshipsDeleted,
            propertiesSet: c.propertiesSet,
          };
          return { rows: result.records.length, value, dbMs: serverMs(result.summary) };
        }),
    };
  }
}

/** The time Neo4j reports spending on a statement: until its first record was available, plus until the last was consumed. */
function serverMs(summary: { resultAvailableAfter: unknown; resultConsumedAfter: unknown }): number {
  return Number(summary.resultAvailableAfter) + Number(summary.resultConsumedAfter);
}

export type { NativeValue };
