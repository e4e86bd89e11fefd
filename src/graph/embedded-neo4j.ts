/**
 * Embedded Neo4j for machines without Docker: builds (once) and runs the small Java launcher in
 * embedded-neo4j/, a real Neo4j 5.26 Community DBMS with Bolt on loopback and auth DISABLED
 * (dev/test only). Used by `npm start` and the tests when NEO4J_URI is not set.
 *
 * Protocol with the JVM (see EmbeddedNeo4j.java): it prints one `PUBGRAPH_NEO4J_READY bolt://…`
 * line on stdout once Bolt accepts connections, logs to stderr, and exits when its stdin reaches
 * EOF, so it dies with this process even on SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface EmbeddedNeo4jOptions {
  /** Bolt port; 0 or undefined = a free port chosen by the OS (reported back in `uri`/`port`). */
  port?: number;
  /** Neo4j home: store in `<dataDir>/data`, debug log in `<dataDir>/logs/debug.log`. */
  dataDir: string;
  /** JVM heap (-Xms = -Xmx), default '768m'. */
  heap?: string;
  /** Neo4j page cache, default '256m'. */
  pageCache?: string;
  /** Default 120 s (a cold JVM on a busy 2-core CI box can be slow). */
  startupTimeoutMs?: number;
  /** Receives progress lines and the JVM's stderr lines. */
  log?: (line: string) => void;
}

export interface EmbeddedNeo4j {
  uri: string;
  port: number;
  pid: number;
  /** SIGTERM, then SIGKILL after a grace period; resolves when the JVM has exited. Idempotent. */
  stop(): Promise<void>;
}

/** The JVM this process started, which can be watched (a supervisor restarts it when it dies). */
export interface StartedNeo4j extends EmbeddedNeo4j {
  /** Resolves when the JVM exits, for whatever reason (stop(), a crash, a kill). */
  exited: Promise<ExitStatus>;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A tool needed to build or run the launcher is missing; the message says what to install. */
export class PrerequisiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrerequisiteError';
  }
}

const READY_PREFIX = 'PUBGRAPH_NEO4J_READY ';
const ERROR_PREFIX = 'PUBGRAPH_NEO4J_ERROR ';
const MAIN_CLASS = 'org.pubgraph.embedded.EmbeddedNeo4j';
const STOP_GRACE_MS = 20_000;
const BUILD_LOCK_STALE_MS = 20 * 60_000; // longer than any sane first build

const defaultLog = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Works from src/graph (ts-node, tsx, ts-jest) and from dist/src/graph (compiled). */
function launcherDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'embedded-neo4j');
    if (existsSync(path.join(candidate, 'pom.xml'))) return candidate;
    if (path.dirname(dir) === dir) {
      throw new Error(`embedded-neo4j/pom.xml not found in ${__dirname} or any parent directory`);
    }
  }
}

// The JVM on PATH (src/config owns the environment, so no JAVA_HOME lookup here).
const JAVA = 'java';

/** Runs a command to completion, capturing stdout+stderr; rejects only if it cannot be spawned. */
function run(cmd: string, args: string[], cwd?: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

const JAVA_HINT =
  'install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless) or set NEO4J_URI to a running Neo4j 5';

let javaChecked: Promise<void> | undefined;
function checkJava(): Promise<void> {
  javaChecked ??= (async () => {
    let res;
    try {
      res = await run(JAVA, ['-version']);
    } catch {
      throw new PrerequisiteError(`Java 17+ not found on PATH: ${JAVA_HINT}`);
    }
    // e.g. `openjdk version "17.0.15" 2025-04-15` or, for Java 8, `java version "1.8.0_392"`.
    const m = /version "(\d+)(?:\.(\d+))?/.exec(res.output);
    const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : NaN;
    if (!(major >= 17)) {
      const found = m ? `Java ${major}` : 'an unrecognised Java';
      throw new PrerequisiteError(`Java 17+ required but ${found} is on PATH: ${JAVA_HINT}`);
    }
  })();
  // Let a later call retry if the check failed (e.g. the user installs Java and retries in a REPL).
  javaChecked.catch(() => (javaChecked = undefined));
  return javaChecked;
}

async function newestMtime(p: string): Promise<number> {
  const st = await fs.stat(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of await fs.readdir(p)) newest = Math.max(newest, await newestMtime(path.join(p, entry)));
  return newest;
}

/** The marker is written only after a successful `mvn package`, so a half-done build is never "fresh". */
async function isBuildFresh(dir: string): Promise<boolean> {
  try {
    const marker = await fs.stat(path.join(dir, 'target', '.pubgraph-build-ok'));
    const inputs = Math.max(await newestMtime(path.join(dir, 'pom.xml')), await newestMtime(path.join(dir, 'src')));
    return marker.mtimeMs >= inputs && existsSync(path.join(dir, 'target', 'lib'));
  } catch {
    return false;
  }
}

/**
 * Cross-process lock (two jest workers, or `npm start` + tests): mkdir is atomic. A lock whose
 * owner is dead, or which is older than any sane build, is broken.
 */
async function withBuildLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, 'target', '.build.lock');
  await fs.mkdir(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      await fs.mkdir(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (await isStaleLock(lock)) {
      await fs.rm(lock, { recursive: true, force: true });
      continue;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  try {
    await fs.writeFile(path.join(lock, 'pid'), String(process.pid));
    return await fn();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

async function isStaleLock(lock: string): Promise<boolean> {
  try {
    const st = await fs.stat(lock);
    if (Date.now() - st.mtimeMs > BUILD_LOCK_STALE_MS) return true;
    const pid = Number(await fs.readFile(path.join(lock, 'pid'), 'utf8'));
    if (!pid) return false; // owner has not written its pid yet
    try {
      process.kill(pid, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  } catch {
    return false; // vanished or pid not written yet: retry
  }
}

/**
 * Checks Java 17+ and, if the launcher's build output is missing or older than its sources,
 * builds it with Maven (first run downloads ~170 MB of Neo4j jars and Maven plugins).
 */
export async function ensureEmbeddedNeo4jBuilt(opts: { log?: (line: string) => void } = {}): Promise<void> {
  const log = opts.log ?? defaultLog;
  await checkJava();
  const dir = launcherDir();
  if (await isBuildFresh(dir)) return;

  await withBuildLock(dir, async () => {
    if (await isBuildFresh(dir)) return; // another process built it while we waited
    let mvnOk = false;
    try {
      mvnOk = (await run('mvn', ['-v'])).code === 0;
    } catch {
      /* not installed */
    }
    if (!mvnOk) {
      throw new PrerequisiteError(
        'Maven not found on PATH (needed once to build the embedded Neo4j launcher): ' +
          'install Maven 3.8+ (Debian: apt-get install maven) or set NEO4J_URI to a running Neo4j 5',
      );
    }
    log('building the embedded Neo4j launcher (first run downloads ~170 MB from Maven Central, about a minute)...');
    const started = Date.now();
    await fs.rm(path.join(dir, 'target', '.pubgraph-build-ok'), { force: true });
    // copy-dependencies never deletes: after a Neo4j version bump old jars would stay on the
    // classpath next to the new ones. Re-copying from ~/.m2 is quick.
    await fs.rm(path.join(dir, 'target', 'lib'), { recursive: true, force: true });
    const res = await run('mvn', ['-q', '-B', '-DskipTests', 'package'], dir);
    if (res.code !== 0) {
      const tail = res.output.trim().split('\n').slice(-30).join('\n');
      throw new Error(`building embedded-neo4j failed (mvn exit ${res.code}):\n${tail}`);
    }
    await fs.writeFile(path.join(dir, 'target', '.pubgraph-build-ok'), new Date().toISOString());
    log(`embedded Neo4j launcher built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

/** Starts a Neo4j DBMS in a child JVM and resolves once Bolt accepts connections. */
export async function startEmbeddedNeo4j(opts: EmbeddedNeo4jOptions): Promise<StartedNeo4j> {
  const log = opts.log;
  await ensureEmbeddedNeo4jBuilt({ log });
  const dir = launcherDir();
  const dataDir = path.resolve(opts.dataDir);
  await fs.mkdir(dataDir, { recursive: true });
  const heap = opts.heap ?? '768m';

  const args = [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    // Low footprint on small machines; Neo4j keeps its page cache off-heap.
    '-XX:+UseSerialGC',
    '-XX:+ExitOnOutOfMemoryError',
    // What the Neo4j server scripts pass: avoids the page cache's slower fallback paths.
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-Dfile.encoding=UTF-8',
    '-cp',
    [path.join(dir, 'target', 'classes'), path.join(dir, 'target', 'lib', '*')].join(path.delimiter),
    MAIN_CLASS,
    `--home=${dataDir}`,
    // Port 0 is resolved by the JVM itself when binding, and reported on the ready line: unlike
    // probing a free port here and passing it on, no other process can grab it in between.
    `--port=${opts.port ?? 0}`,
    '--address=127.0.0.1',
    `--page-cache=${opts.pageCache ?? '256m'}`,
  ];
  const child = spawn(JAVA, args, { cwd: dataDir, stdio: ['pipe', 'pipe', 'pipe'] });

  const stderrTail: string[] = [];
  let errorLine: string | undefined;
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.startsWith(ERROR_PREFIX)) errorLine = line.slice(ERROR_PREFIX.length);
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
    log?.(`[neo4j] ${line}`);
  });
  const exited = new Promise<ExitStatus>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const uri = await new Promise<string>((resolve, reject) => {
    const fail = (why: string): void => {
      const details = errorLine ?? stderrTail.join('\n');
      reject(new Error(`embedded Neo4j ${why}${details ? `: ${details}` : ''}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`did not become ready within ${opts.startupTimeoutMs ?? 120_000} ms (see ${dataDir}/logs/debug.log)`);
    }, opts.startupTimeoutMs ?? 120_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(READY_PREFIX)) return;
      clearTimeout(timer);
      resolve(line.slice(READY_PREFIX.length).trim());
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new PrerequisiteError(`cannot run ${JAVA} (${e.message}): ${JAVA_HINT}`));
    });
    // 'close' (unlike 'exit') fires after stderr is drained, so the error line has been seen.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      fail(`exited during startup (${signal ?? `exit code ${code}`})`);
    });
  });

  // Don't let the JVM keep this process alive: if the caller forgets stop() and Node exits,
  // the stdin pipe closes and the JVM shuts itself down cleanly.
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) (s as Readable & { unref?: () => void }).unref?.();

  let stopping: Promise<void> | undefined;
  return {
    uri,
    port: Number(new URL(uri).port),
    pid: child.pid as number,
    exited,
    stop: () => (stopping ??= stopChild(child, exited)),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<ExitStatus>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM'); // the JVM's shutdown hook checkpoints and releases the store lock
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(true), STOP_GRACE_MS))),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

export interface SupervisedNeo4j {
  uri: string;
  port: number;
  /** The JVM running now (it changes with each restart). */
  readonly pid: number;
  /** How many times the JVM was restarted after dying. */
  readonly restarts: number;
  /** Stops supervising, then stops the JVM (and any restart in progress). Idempotent. */
  stop(): Promise<void>;
}

export interface SupervisionOptions {
  /** Wait before the first restart attempt; doubled after each failed attempt or short-lived JVM. Default 1 s. */
  restartDelayMs?: number;
  /** Cap of that wait. Default 30 s. */
  maxRestartDelayMs?: number;
  /** A JVM that ran at least this long before dying restarts after `restartDelayMs` again. Default 60 s. */
  stableAfterMs?: number;
  /** Told of every exit and restart (warnings: the database was gone). Defaults to the options' `log`. */
  warn?: (line: string) => void;
  /** Called after each successful restart, with the new JVM. */
  onRestart?: (neo4j: StartedNeo4j) => void | Promise<void>;
}

/**
 * Starts the embedded Neo4j and keeps it running: when the JVM dies (a crash, the OOM killer, a stray kill) the
 * exit is logged and it is started again, on the same port (the one first bound, even if `port` was 0) and the
 * same store, so the driver reconnects to the same URI without the service restarting. Neo4j's store lock is
 * an OS file lock, released when the JVM dies, so the new JVM can take the store at once. Attempts back off
 * (1 s, 2 s, 4 s ... 30 s) while the JVM keeps failing, so a store that cannot start does not spin the CPU.
 */
export async function superviseEmbeddedNeo4j(
  opts: EmbeddedNeo4jOptions & SupervisionOptions,
  start: (opts: EmbeddedNeo4jOptions) => Promise<StartedNeo4j> = startEmbeddedNeo4j,
): Promise<SupervisedNeo4j> {
  const warn = opts.warn ?? opts.log ?? defaultLog;
  const baseDelay = opts.restartDelayMs ?? 1_000;
  const maxDelay = opts.maxRestartDelayMs ?? 30_000;
  const stableAfter = opts.stableAfterMs ?? 60_000;
  let current = await start(opts);
  const port = current.port;
  let restarts = 0;
  let failures = 0;
  let stopping = false;
  let wake: (() => void) | undefined;
  let restarting: Promise<void> | undefined;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref(); // a pending restart must not keep a finished process alive
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const watch = (instance: StartedNeo4j) => {
    const startedAt = Date.now();
    void instance.exited.then(({ code, signal }) => {
      if (stopping) return;
      failures = Date.now() - startedAt >= stableAfter ? 0 : failures + 1;
      warn(
        `embedded Neo4j (pid ${instance.pid}) exited unexpectedly (${signal ?? `exit code ${code}`}); ` +
          `restarting it on port ${port} with the store in ${path.resolve(opts.dataDir)}`,
      );
      restarting = restartLoop();
    });
  };

  const restartLoop = async (): Promise<void> => {
    for (;;) {
      const delay = Math.min(baseDelay * 2 ** Math.max(0, failures - 1), maxDelay);
      await sleep(delay);
      if (stopping) return;
      let next: StartedNeo4j;
      try {
        next = await start({ ...opts, port });
      } catch (error) {
        failures += 1;
        warn(`embedded Neo4j did not restart (${error instanceof Error ? error.message : String(error)}); trying again`);
        continue;
      }
      if (stopping) {
        await next.stop();
        return;
      }
      current = next;
      restarts += 1;
      warn(`embedded Neo4j restarted (pid ${next.pid}, ${next.uri}) after waiting ${delay} ms`);
      watch(next);
      try {
        await opts.onRestart?.(next);
      } catch (error) {
        warn(`after restarting the embedded Neo4j: ${error instanceof Error ? error.message : String(error)}`);
      }
      return;
    }
  };

  watch(current);
  let stopped: Promise<void> | undefined;
  return {
    uri: current.uri,
    port,
    get pid() {
      return current.pid;
    },
    get restarts() {
      return restarts;
    },
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        wake?.();
        await restarting;
        await current.stop();
      })()),
  };
}

/** What Neo4j's own `Config` (strict validation) made of a neo4j.conf; see ValidateConfig.java. */
export type Neo4jConfigVerdict =
  | { valid: true; /** every setting the file set, as Neo4j parsed it */ explicit: Record<string, string>; warnings: string[] }
  | { valid: false; error: string };

/**
 * Reads a neo4j.conf with the launcher's Neo4j 5.26 jars, as the server would at startup, without starting a
 * database: lets tests check the configuration a deployment (docker-compose.yml) hands the Neo4j image.
 */
export async function validateNeo4jConfig(confFile: string, opts: { log?: (line: string) => void } = {}): Promise<Neo4jConfigVerdict> {
  await ensureEmbeddedNeo4jBuilt(opts);
  const dir = launcherDir();
  // The same classpath startEmbeddedNeo4j runs the server with.
  const classpath = [path.join(dir, 'target', 'classes'), path.join(dir, 'target', 'lib', '*')].join(path.delimiter);
  const child = spawn(JAVA, ['-XX:+UseSerialGC', '-cp', classpath, 'org.pubgraph.embedded.ValidateConfig', path.resolve(confFile)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (e) => reject(new PrerequisiteError(`cannot run ${JAVA} (${e.message}): ${JAVA_HINT}`)));
    child.once('close', resolve);
  });
  // Exit 0 and 1 carry a verdict on stdout; anything else is a usage error or a crash, explained on stderr.
  if ((code === 0 || code === 1) && stdout.trim().startsWith('{')) return JSON.parse(stdout) as Neo4jConfigVerdict;
  throw new Error(`validating ${confFile} with Neo4j's Config failed (exit ${code}): ${stderr.trim() || stdout.trim()}`);
}
