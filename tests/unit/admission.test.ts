import { AdmissionGate, GraphOverloadedError } from '../../src/graph/admission';
import { loadConfig } from '../../src/config';
import { retryAfterOf } from '../../src/server/unavailable-status';

/** A unit of database work that finishes when the test says so. */
function pending() {
  let finish!: () => void;
  const done = new Promise<string>((resolve) => (finish = () => resolve('done')));
  return { work: () => done, finish };
}

const limits = { maxConcurrent: 2, maxQueued: 2, maxWaitMs: 1_000, retryAfterSeconds: 3 };

describe('the admission gate in front of Neo4j', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs up to its bound at once and queues the next calls in arrival order', async () => {
    const gate = new AdmissionGate(limits);
    const [a, b, c, d] = [pending(), pending(), pending(), pending()];
    const started: string[] = [];
    const track = (name: string, p: ReturnType<typeof pending>) => gate.run(name, () => (started.push(name), p.work()));
    const runs = [track('a', a), track('b', b), track('c', c), track('d', d)];
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    expect(gate.load).toEqual({ running: 2, queued: 2 });
    b.finish();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual(['a', 'b', 'c']);
    a.finish();
    await runs[0];
    await Promise.resolve();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    c.finish();
    d.finish();
    await expect(Promise.all(runs)).resolves.toEqual(['done', 'done', 'done', 'done']);
    expect(gate.load).toEqual({ running: 0, queued: 0 });
  });

  it('refuses a call at once when the queue is full, saying when to retry', async () => {
    const gate = new AdmissionGate(limits);
    const busy = pending();
    const held = [1, 2, 3, 4].map(() => gate.run('held', busy.work));
    const refused = gate.run('fifth', busy.work);
    await expect(refused).rejects.toBeInstanceOf(GraphOverloadedError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 3, message: expect.stringMatching(/fifth.*2 running, 2 waiting/) });
    busy.finish();
    await Promise.all(held);
  });

  it('sheds a waiting call after its longest wait, and the slot it gave up goes to the next in line', async () => {
    const gate = new AdmissionGate({ ...limits, maxConcurrent: 1 });
    const first = pending();
    const running = gate.run('first', first.work);
    const waiting = gate.run('second', () => Promise.resolve('second ran'));
    const outcome = waiting.catch((error: unknown) => error);
    jest.advanceTimersByTime(999);
    expect(gate.load).toEqual({ running: 1, queued: 1 });
    jest.advanceTimersByTime(1);
    const shed = await outcome;
    expect(shed).toBeInstanceOf(GraphOverloadedError);
    expect((shed as Error).message).toMatch(/No database slot freed within 1000 ms \(second\)/);
    expect(gate.load).toEqual({ running: 1, queued: 0 });
    const third = gate.run('third', () => Promise.resolve('third ran'));
    first.finish();
    await expect(running).resolves.toBe('done');
    await expect(third).resolves.toBe('third ran');
    expect(gate.load).toEqual({ running: 0, queued: 0 });
  });

  it('releases a waiting call with the reason it is aborted for, and the line moves on without it', async () => {
    const gate = new AdmissionGate({ ...limits, maxConcurrent: 1 });
    const first = pending();
    const running = gate.run('first', first.work);
    const lost = new AbortController();
    const waiting = gate.run('second', () => Promise.resolve('second ran'), lost.signal);
    lost.abort(new Error('Neo4j did not answer a liveness probe'));
    await expect(waiting).rejects.toThrow('Neo4j did not answer a liveness probe');
    expect(gate.load).toEqual({ running: 1, queued: 0 });
    first.finish();
    await running;
    expect(gate.load).toEqual({ running: 0, queued: 0 });
  });

  it('frees the slot when the work fails', async () => {
    const gate = new AdmissionGate({ ...limits, maxConcurrent: 1 });
    await expect(gate.run('broken', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run('next', () => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(gate.load).toEqual({ running: 0, queued: 0 });
  });

  it('admits everything at once when its bound is 0', async () => {
    const gate = new AdmissionGate({ ...limits, maxConcurrent: 0, maxQueued: 0 });
    const busy = pending();
    const runs = [1, 2, 3, 4, 5].map(() => gate.run('any', busy.work));
    busy.finish();
    await expect(Promise.all(runs)).resolves.toHaveLength(5);
  });
});

describe('admission settings', () => {
  it('bound concurrent database work by default and can be turned off with 0', () => {
    expect(loadConfig({}).neo4j.admission).toEqual({ maxConcurrent: 4, maxQueued: 128, maxWaitMs: 4_000, retryAfterSeconds: 1 });
    expect(loadConfig({ NEO4J_MAX_CONCURRENT: '0' }).neo4j.admission).toBeUndefined();
    expect(loadConfig({ NEO4J_MAX_CONCURRENT: '2', NEO4J_MAX_QUEUED: '0', NEO4J_QUEUE_WAIT_MS: '50', OVERLOAD_RETRY_AFTER_SECONDS: '4' }).neo4j.admission).toEqual({
      maxConcurrent: 2,
      maxQueued: 0,
      maxWaitMs: 50,
      retryAfterSeconds: 4,
    });
  });

  it('refuse more slots than pooled connections', () => {
    expect(() => loadConfig({ NEO4J_MAX_CONCURRENT: '60', NEO4J_MAX_POOL_SIZE: '50' })).toThrow(/NEO4J_MAX_CONCURRENT: must not exceed NEO4J_MAX_POOL_SIZE/);
  });
});

describe('the Retry-After of a 503', () => {
  it('is what a shed request asks for, else the wait for an unavailable database', () => {
    const shed = { message: 'busy', extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 } };
    const down = { message: 'down', extensions: { code: 'SERVICE_UNAVAILABLE' } };
    expect(retryAfterOf([shed, shed])).toBe(1);
    expect(retryAfterOf([shed, down])).toBe(5);
    expect(retryAfterOf([down])).toBe(5);
  });
});
