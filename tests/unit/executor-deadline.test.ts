import { Neo4jError, type Driver } from 'neo4j-driver';
import { DEADLINE_GRACE_MS, GraphExecutor, GraphUnavailableError, cypher, translateError } from '../../src/graph/executor';
import type { LivenessSignal } from '../../src/graph/liveness';

/**
 * The executor never waits on Neo4j unboundedly. A fake driver whose transactions never answer stands in for a
 * hung server (what neo4j-driver 5.28 does against a SIGSTOPped JVM: the query waits for as long as the socket
 * is open, and closing the session waits too); time is jest's fake clock.
 */

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function hungDriver() {
  const sessions = { opened: 0, closeCalls: 0 };
  const never = () => new Promise<never>(() => undefined);
  const driver = {
    session: () => {
      sessions.opened += 1;
      return { executeRead: never, executeWrite: never, run: never, close: () => ((sessions.closeCalls += 1), never()) };
    },
  } as unknown as Driver;
  return { driver, sessions };
}

class FakeLiveness implements LivenessSignal {
  available = true;
  reason = '';
  private listeners = new Set<(reason: string) => void>();
  onLost(listener: (reason: string) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  lose(reason: string) {
    this.available = false;
    this.reason = reason;
    for (const l of this.listeners) l(reason);
  }
  listening() {
    return this.listeners.size;
  }
}

const QUERY = cypher<{ ok: number }>('test query', 'RETURN 1 AS ok');

describe('graph executor against a Neo4j that does not answer', () => {
  it('gives up on a query at its transaction budget plus the grace, as unavailable, and closes the session in the background', async () => {
    const { driver, sessions } = hungDriver();
    const executor = new GraphExecutor(driver, { database: 'neo4j', txTimeoutMs: 1_000 });
    let outcome: unknown;
    void executor.read(QUERY).catch((e: unknown) => (outcome = e));
    await jest.advanceTimersByTimeAsync(1_000 + DEADLINE_GRACE_MS - 1);
    expect(outcome).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(outcome).toBeInstanceOf(GraphUnavailableError);
    expect((outcome as Error).message).toBe(`Neo4j is unavailable (test query): no answer within ${1_000 + DEADLINE_GRACE_MS} ms`);
    expect(sessions.closeCalls).toBe(1);
    // The session is still held (its close waits for the server), and the metrics say so.
    expect(executor.openSessions()).toBe(1);
  });

  it('releases every waiting query the moment the liveness watch declares Neo4j lost', async () => {
    const { driver } = hungDriver();
    const liveness = new FakeLiveness();
    const executor = new GraphExecutor(driver, { database: 'neo4j', txTimeoutMs: 60_000, liveness });
    const outcomes: unknown[] = [];
    for (let i = 0; i < 3; i++) void executor.read(QUERY).catch((e: unknown) => outcomes.push(e));
    await jest.advanceTimersByTimeAsync(10);
    expect(liveness.listening()).toBe(3);
    liveness.lose('Neo4j did not answer a liveness probe within 3000 ms');
    await jest.advanceTimersByTimeAsync(0);
    expect(outcomes).toHaveLength(3);
    for (const e of outcomes) expect((e as Error).message).toBe('Neo4j is unavailable (test query): Neo4j did not answer a liveness probe within 3000 ms');
    expect(liveness.listening()).toBe(0);
  });

  it('fails at once, without opening a session, while Neo4j is declared unavailable', async () => {
    const { driver, sessions } = hungDriver();
    const liveness = new FakeLiveness();
    liveness.lose('connect ECONNREFUSED 127.0.0.1:7687');
    const executor = new GraphExecutor(driver, { database: 'neo4j', txTimeoutMs: 60_000, liveness });
    await expect(executor.read(QUERY)).rejects.toThrow(new GraphUnavailableError('Neo4j is unavailable (test query): connect ECONNREFUSED 127.0.0.1:7687'));
    expect(sessions.opened).toBe(0);
  });

  it('bounds a readiness ping by the deadline it is given', async () => {
    const { driver } = hungDriver();
    const executor = new GraphExecutor(driver, { database: 'neo4j', txTimeoutMs: 60_000 });
    let outcome: unknown;
    void executor.ping(1_500).catch((e: unknown) => (outcome = e));
    await jest.advanceTimersByTimeAsync(1_500);
    expect(outcome).toBeInstanceOf(GraphUnavailableError);
  });
});

describe('driver error translation', () => {
  it('treats an exhausted pool (the uncoded acquisition timeout) as the database being unavailable', () => {
    const error = new Neo4jError('Connection acquisition timed out in 3000 ms. Pool status: Active conn count = 50, Idle conn count = 0.', 'N/A', '50N42', 'error');
    expect(translateError(error, 'q')).toBeInstanceOf(GraphUnavailableError);
  });

  it('treats a closed pool (requests still running at shutdown) as unavailable, not as a bug', () => {
    const error = new Neo4jError('Pool is closed, it is no more able to serve requests.', 'N/A', '50N42', 'error');
    expect(translateError(error, 'q')).toBeInstanceOf(GraphUnavailableError);
  });

  it('treats a database that is not available on the server as unavailable', () => {
    const error = new Neo4jError('Database neo4j is unavailable', 'Neo.TransientError.Database.DatabaseUnavailable', '50N42', 'error');
    expect(translateError(error, 'q')).toBeInstanceOf(GraphUnavailableError);
  });

  it('keeps other uncoded driver errors as query errors (bugs), not as unavailability', () => {
    const error = new Neo4jError('Cannot coerce parameter', 'N/A', '50N42', 'error');
    expect(translateError(error, 'q')).not.toBeInstanceOf(GraphUnavailableError);
  });
});
