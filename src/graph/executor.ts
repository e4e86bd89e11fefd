import neo4j, { type BookmarkManager, type Driver, type ManagedTransaction, Neo4jError } from 'neo4j-driver';
import { type NativeValue, toCypherWriteParams, toNative } from './values';

/**
 * The only door to Neo4j. Every query runs in a managed transaction (executeRead / executeWrite, retried by the
 * driver on transient faults) on an explicitly named database, the session is closed in `finally`, records are
 * converted to plain values at one boundary, driver errors are translated into the three errors below, and each
 * round-trip is reported to an observer so a request can count its queries (see tests on N+1).
 */

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

export function translateError(error: unknown, queryName: string): Error {
  if (error instanceof GraphUnavailableError || error instanceof GraphTimeoutError || error instanceof GraphQueryError) return error;
  if (error instanceof Neo4jError) {
    const code = error.code ?? '';
    if (code === neo4j.error.SERVICE_UNAVAILABLE || code === neo4j.error.SESSION_EXPIRED || code.startsWith('Neo.TransientError.General.DatabaseUnavailable')) {
      return new GraphUnavailableError(`Neo4j is unavailable (${queryName}): ${error.message}`, { cause: error });
    }
    if (code.includes('TransactionTimedOut') || code.includes('Transaction.TransactionTimedOutClientConfiguration')) {
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
  ) {}

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
    return this.withSession(mode, name, (session) => {
      const config = { timeout: timeoutMs ?? this.options.txTimeoutMs, metadata: { app: 'pubgraph', query: name } };
      const body = (tx: ManagedTransaction) => work(this.wrap(tx, mode));
      return mode === 'read' ? session.executeRead(body, config) : session.executeWrite(body, config);
    });
  }

  /** Schema statements (constraints, indexes) must run outside data transactions. */
  async schema(query: CypherQuery<unknown>): Promise<void> {
    await this.withSession('write', query.name, (session) => session.run(query.cypher).then(() => undefined));
  }

  async ping(): Promise<void> {
    await this.read(cypher<{ ok: number }>('ping', 'RETURN 1 AS ok'));
  }

  private async withSession<T>(mode: 'read' | 'write', name: string, work: (session: ReturnType<Driver['session']>) => Promise<T>): Promise<T> {
    const session = this.driver.session({
      database: this.options.database,
      defaultAccessMode: mode === 'read' ? neo4j.session.READ : neo4j.session.WRITE,
      bookmarkManager: this.bookmarks,
    });
    this.sessions.open += 1;
    try {
      return await work(session);
    } catch (error) {
      throw translateError(error, name);
    } finally {
      this.sessions.open -= 1;
      await session.close();
    }
  }

  private wrap(tx: ManagedTransaction, mode: 'read' | 'write'): GraphTransaction {
    const timed = async <T>(name: string, run: () => Promise<{ rows: number; value: T }>): Promise<T> => {
      const started = performance.now();
      try {
        const { rows, value } = await run();
        this.observer?.({ name, mode, ms: performance.now() - started, rows, ok: true });
        return value;
      } catch (error) {
        this.observer?.({ name, mode, ms: performance.now() - started, rows: 0, ok: false });
        throw error;
      }
    };
    return {
      run: <Row>(query: CypherQuery<Row>, params: Params = {}) =>
        timed(query.name, async () => {
          const result = await tx.run(query.cypher, params);
          // The map projection in each query's RETURN defines Row; this cast is the one place it is trusted.
          const value = result.records.map((r) => toNative(r.toObject()) as unknown as Row);
          return { rows: value.length, value };
        }),
      update: (query: CypherQuery<unknown>, params: Params = {}) =>
        timed(query.name, async () => {
          const result = await tx.run(query.cypher, toCypherWriteParams(params) as Params);
          const c = result.summary.counters.updates();
          const value: UpdateCounts = {
            nodesCreated: c.nodesCreated,
            nodesDeleted: c.nodesDeleted,
            relationshipsCreated: c.relationshipsCreated,
            relationshipsDeleted: c.relationshipsDeleted,
            propertiesSet: c.propertiesSet,
          };
          return { rows: result.records.length, value };
        }),
    };
  }
}

export type { NativeValue };
