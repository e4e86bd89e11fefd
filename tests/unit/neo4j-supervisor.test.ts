import { type ExitStatus, type StartedNeo4j, superviseEmbeddedNeo4j } from '../../src/graph/embedded-neo4j';

/**
 * The supervisor against fake JVMs the test kills and whose starts it makes fail; backoff is measured on jest's
 * fake clock. (tests/integration/faults.int.test.ts kills a real one.)
 */

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

function fakeJvms(failingStarts = 0) {
  const started: { port: number | undefined; at: number; die: (status: ExitStatus) => void; stopped: boolean }[] = [];
  let toFail = failingStarts;
  const start = async (opts: { port?: number }): Promise<StartedNeo4j> => {
    if (toFail > 0) {
      toFail -= 1;
      throw new Error('embedded Neo4j exited during startup (exit code 3): store locked');
    }
    let die!: (status: ExitStatus) => void;
    const exited = new Promise<ExitStatus>((r) => (die = r));
    const port = opts.port || 40_001; // port 0 is resolved by the JVM
    const jvm = { port: opts.port, at: Date.now(), die, stopped: false };
    started.push(jvm);
    return {
      uri: `bolt://127.0.0.1:${port}`,
      port,
      pid: 1000 + started.length,
      exited,
      stop: async () => {
        jvm.stopped = true;
        die({ code: 0, signal: null });
      },
    };
  };
  return { start, started, failNext: (n: number) => (toFail = n) };
}

describe('embedded Neo4j supervisor', () => {
  it('logs an unexpected exit and restarts the JVM on the port it first bound and the same store', async () => {
    const jvms = fakeJvms();
    const warnings: string[] = [];
    const restarted: number[] = [];
    const neo = await superviseEmbeddedNeo4j({ port: 0, dataDir: '/tmp/store-a', warn: (l) => warnings.push(l), onRestart: (n) => void restarted.push(n.pid) }, jvms.start);
    expect(neo.pid).toBe(1001);

    jvms.started[0]!.die({ code: null, signal: 'SIGKILL' });
    await jest.advanceTimersByTimeAsync(0);
    expect(warnings[0]).toBe('embedded Neo4j (pid 1001) exited unexpectedly (SIGKILL); restarting it on port 40001 with the store in /tmp/store-a');
    await jest.advanceTimersByTimeAsync(999);
    expect(jvms.started).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(jvms.started).toHaveLength(2);
    expect(jvms.started[1]!.port).toBe(40_001);
    expect(neo.pid).toBe(1002);
    expect(neo.restarts).toBe(1);
    expect(restarted).toEqual([1002]);
    expect(neo.uri).toBe('bolt://127.0.0.1:40001');
    await neo.stop();
  });

  it('backs off while restarts fail: 1 s, 2 s, 4 s between attempts', async () => {
    const jvms = fakeJvms();
    const warnings: string[] = [];
    const neo = await superviseEmbeddedNeo4j({ port: 7700, dataDir: '/tmp/store-b', warn: (l) => warnings.push(l) }, jvms.start);
    jvms.failNext(2);
    const t0 = Date.now();
    jvms.started[0]!.die({ code: 137, signal: null });
    await jest.advanceTimersByTimeAsync(1_000 + 2_000 + 4_000 - 1);
    expect(jvms.started).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(jvms.started).toHaveLength(2);
    expect(jvms.started[1]!.at - t0).toBe(7_000);
    expect(warnings.filter((w) => w.startsWith('embedded Neo4j did not restart'))).toHaveLength(2);
    await neo.stop();
  });

  it('a JVM that dies soon after a restart waits longer before the next; one that ran stably starts over at 1 s', async () => {
    const jvms = fakeJvms();
    const neo = await superviseEmbeddedNeo4j({ port: 7701, dataDir: '/tmp/store-c', warn: () => undefined, stableAfterMs: 60_000 }, jvms.start);
    jvms.started[0]!.die({ code: 1, signal: null }); // died young: first failure, 1 s
    await jest.advanceTimersByTimeAsync(1_000);
    expect(jvms.started).toHaveLength(2);
    jvms.started[1]!.die({ code: 1, signal: null }); // died young again: 2 s
    await jest.advanceTimersByTimeAsync(1_999);
    expect(jvms.started).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(jvms.started).toHaveLength(3);
    await jest.advanceTimersByTimeAsync(60_000); // runs stably
    jvms.started[2]!.die({ code: 1, signal: null });
    await jest.advanceTimersByTimeAsync(1_000);
    expect(jvms.started).toHaveLength(4);
    await neo.stop();
  });

  it('stop() during a pending restart cancels it and starts nothing more', async () => {
    const jvms = fakeJvms();
    const warnings: string[] = [];
    const neo = await superviseEmbeddedNeo4j({ port: 7702, dataDir: '/tmp/store-d', warn: (l) => warnings.push(l) }, jvms.start);
    jvms.started[0]!.die({ code: null, signal: 'SIGKILL' });
    await jest.advanceTimersByTimeAsync(500);
    await neo.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(jvms.started).toHaveLength(1);
    expect(warnings).toHaveLength(1);
  });

  it('a deliberate stop() is not reported as a crash', async () => {
    const jvms = fakeJvms();
    const warnings: string[] = [];
    const neo = await superviseEmbeddedNeo4j({ port: 7703, dataDir: '/tmp/store-e', warn: (l) => warnings.push(l) }, jvms.start);
    await neo.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(jvms.started[0]!.stopped).toBe(true);
    expect(jvms.started).toHaveLength(1);
    expect(warnings).toEqual([]);
  });
});
