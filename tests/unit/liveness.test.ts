import { LivenessWatch, withDeadline } from '../../src/graph/liveness';

/** The liveness watch against a probe whose answers the test controls, on jest's fake clock. */

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** A probe that answers only when the test says so. */
function controllableProbe() {
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  return {
    probe: () => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })),
    calls: () => pending.length,
    answer: (i: number) => pending[i]!.resolve(),
    fail: (i: number, message: string) => pending[i]!.reject(new Error(message)),
  };
}

describe('liveness watch', () => {
  it('declares Neo4j unavailable once a probe has gone unanswered for the timeout, and tells its listeners at once', async () => {
    const p = controllableProbe();
    const changes: [boolean, string | undefined][] = [];
    const watch = new LivenessWatch(p.probe, { intervalMs: 1_000, timeoutMs: 3_000, onChange: (a, r) => changes.push([a, r]) });
    const lost: string[] = [];
    watch.onLost((reason) => lost.push(reason));
    watch.start();

    await jest.advanceTimersByTimeAsync(1_000);
    expect(p.calls()).toBe(1);
    await jest.advanceTimersByTimeAsync(2_999);
    expect(watch.available).toBe(true);
    // The timeout fires at 3000 ms and gives its verdict on the next turn of the loop (setImmediate, which the
    // fake clock runs a millisecond later).
    await jest.advanceTimersByTimeAsync(2);
    expect(watch.available).toBe(false);
    expect(lost).toEqual(['Neo4j did not answer a liveness probe within 3000 ms']);
    expect(changes).toEqual([[false, 'Neo4j did not answer a liveness probe within 3000 ms']]);
    watch.stop();
  });

  it('declares it available again on the first probe that succeeds, and keeps probing while it is down', async () => {
    const p = controllableProbe();
    const watch = new LivenessWatch(p.probe, { intervalMs: 1_000, timeoutMs: 3_000 });
    watch.start();
    await jest.advanceTimersByTimeAsync(1_000);
    p.fail(0, 'connect ECONNREFUSED');
    await jest.advanceTimersByTimeAsync(0);
    expect(watch.available).toBe(false);
    expect(watch.reason).toMatch(/ECONNREFUSED/);

    await jest.advanceTimersByTimeAsync(1_000);
    expect(p.calls()).toBe(2);
    p.answer(1);
    await jest.advanceTimersByTimeAsync(0);
    expect(watch.available).toBe(true);
    expect(watch.reason).toBe('');
    watch.stop();
  });

  it('tells a listener only of a loss, not of every failed probe while Neo4j stays down', async () => {
    const p = controllableProbe();
    const watch = new LivenessWatch(p.probe, { intervalMs: 1_000, timeoutMs: 3_000 });
    let losses = 0;
    watch.onLost(() => (losses += 1));
    watch.start();
    for (let i = 0; i < 3; i++) {
      await jest.advanceTimersByTimeAsync(1_000);
      p.fail(i, 'down');
      await jest.advanceTimersByTimeAsync(0);
    }
    expect(p.calls()).toBe(3);
    expect(losses).toBe(1);
    watch.stop();
  });

  it('a listener that stopped listening is not told', async () => {
    const p = controllableProbe();
    const watch = new LivenessWatch(p.probe, { intervalMs: 1_000, timeoutMs: 3_000 });
    let told = false;
    const stopListening = watch.onLost(() => (told = true));
    stopListening();
    watch.start();
    await jest.advanceTimersByTimeAsync(1_000);
    p.fail(0, 'down');
    await jest.advanceTimersByTimeAsync(0);
    expect(watch.available).toBe(false);
    expect(told).toBe(false);
    watch.stop();
  });
});

describe('probe deadline', () => {
  it('takes an answer that arrived while the timer was due over the timeout', async () => {
    // The reply and the timer are both due: the answer is settled before the deferred timeout check runs.
    let answer!: () => void;
    const outcome = withDeadline(new Promise<void>((r) => (answer = r)), 100);
    jest.advanceTimersByTime(100); // the timer fires and defers its verdict to setImmediate
    answer();
    await jest.runAllTimersAsync();
    await expect(outcome).resolves.toEqual({ ok: true });
  });

  it('times out a probe that never answers', async () => {
    const outcome = withDeadline(new Promise<void>(() => undefined), 100);
    await jest.advanceTimersByTimeAsync(101); // the timeout, then its deferred verdict (setImmediate)
    await expect(outcome).resolves.toEqual({ ok: false, reason: 'Neo4j did not answer a liveness probe within 100 ms' });
  });
});
