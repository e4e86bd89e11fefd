import net from 'node:net';
import tls from 'node:tls';
import neo4j, { type Driver } from 'neo4j-driver';
import type { AppConfig, Neo4jConnectionConfig } from '../config';
import { AdmissionGate } from './admission';
import { superviseEmbeddedNeo4j, type SupervisedNeo4j } from './embedded-neo4j';
import { GraphExecutor } from './executor';
import { LivenessWatch } from './liveness';
import { identifyBoltServer, isThisStore, readStoreMarker, removeStoreMarker, storeConflict, writeStoreMarker } from './store-marker';

/** A live connection to Neo4j: the executor the app uses, and how to close everything it opened. */
export interface GraphConnection {
  executor: GraphExecutor;
  driver: Driver;
  /** Whether Neo4j answers, when the connection watches it (config.liveness); /readyz and the executor read it. */
  liveness?: LivenessWatch;
  /** Where the graph lives, for logs ("embedded bolt://127.0.0.1:7687" or the external URI). */
  description: string;
  close(): Promise<void>;
}

/**
 * neo4j-driver 5.28 leaves Nagle's algorithm on its sockets and writes each Bolt message in 1400-byte chunks,
 * so a statement longer than that (a folded publication list, the facets, related publications) leaves in
 * two writes and the second waits for the server to ACK the first, which Linux delays by up to 40 ms. On the
 * 10k bench store the folded list statement took 60 ms instead of 15. The driver has no socket option, so
 * every socket this process opens through net.connect / tls.connect gets TCP_NODELAY, which is what Node's
 * http client and the Redis client already use.
 */
let nagleDisabled = false;
export function disableNagle(): void {
  if (nagleDisabled) return;
  nagleDisabled = true;
  const netConnect = net.connect;
  const tlsConnect = tls.connect;
  net.connect = ((...args: Parameters<typeof net.connect>) => netConnect(...args).setNoDelay(true)) as typeof net.connect;
  tls.connect = ((...args: Parameters<typeof tls.connect>) => tlsConnect(...args).setNoDelay(true)) as typeof tls.connect;
}

export function createDriver(config: Neo4jConnectionConfig, userAgent = 'pubgraph'): Driver {
  disableNagle();
  return neo4j.driver(config.uri, neo4j.auth.basic(config.user, config.password), {
    maxConnectionPoolSize: config.maxPoolSize,
    // Fail rather than queue requests behind a dead or saturated pool. The acquisition timeout also bounds the
    // Bolt handshake: connectionTimeout covers the TCP connect alone, which a stopped JVM's kernel still completes.
    // A hung server is detected sooner by the liveness watch, which releases queued acquisitions too; shortening
    // these would only fail more requests under a burst (at 3 s, 14 of 1735 in a 64-connection soak on 2 cores).
    connectionAcquisitionTimeout: 5_000,
    connectionTimeout: 5_000,
    // Managed transactions retry transient faults for at most this long, then the request fails (SERVICE_UNAVAILABLE).
    maxTransactionRetryTime: 2_000,
    disableLosslessIntegers: false,
    userAgent,
  });
}

/**
 * The liveness probe's own driver: two connections (a probe stuck on a hung server holds one until the server
 * answers or dies), and acquisition bounded by the probe's timeout, so requests filling the main pool can never
 * make Neo4j look dead.
 */
function startLivenessWatch(config: Neo4jConnectionConfig, liveness: { intervalMs: number; timeoutMs: number }, log?: (line: string) => void): { watch: LivenessWatch; close: () => Promise<void> } {
  const probeDriver = createDriver({ ...config, maxPoolSize: 2 }, 'pubgraph-liveness');
  const probe = async () => {
    const session = probeDriver.session({ database: config.database, defaultAccessMode: neo4j.session.READ });
    try {
      await session.run('RETURN 1');
    } finally {
      // Not awaited by the watch: against a hung server closing waits for it.
      void session.close().catch(() => undefined);
    }
  };
  const watch = new LivenessWatch(probe, {
    ...liveness,
    onChange: (available, reason) => log?.(available ? `Neo4j at ${config.uri} answers again` : `Neo4j at ${config.uri} is unavailable: ${reason}`),
  });
  watch.start();
  return {
    watch,
    close: async () => {
      watch.stop();
      await probeDriver.close();
    },
  };
}

export async function connectDriver(
  config: Neo4jConnectionConfig,
  description: string,
  onClose?: () => Promise<void>,
  /** Told when Neo4j stops answering and when it answers again (only with config.liveness). */
  warn?: (line: string) => void,
): Promise<GraphConnection> {
  const driver = createDriver(config);
  try {
    await driver.verifyConnectivity({ database: config.database });
  } catch (error) {
    await driver.close();
    await onClose?.();
    throw new Error(
      `Cannot reach Neo4j at ${config.uri} (database "${config.database}"): ${error instanceof Error ? error.message : String(error)}. ` +
        'Check NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD, or unset NEO4J_URI to use the embedded Neo4j.',
      { cause: error },
    );
  }
  const liveness = config.liveness ? startLivenessWatch(config, config.liveness, warn) : undefined;
  const executor = new GraphExecutor(driver, {
    database: config.database,
    txTimeoutMs: config.txTimeoutMs,
    liveness: liveness?.watch,
    admission: config.admission && new AdmissionGate(config.admission),
  });
  return {
    executor,
    driver,
    liveness: liveness?.watch,
    description,
    async close() {
      await liveness?.close();
      await driver.close();
      await onClose?.();
    },
  };
}

/**
 * Connects to the Neo4j named by NEO4J_URI, or, when it is unset, starts the embedded Neo4j 5.26 on loopback
 * (built from Maven Central on first use) and connects to that.
 */
export async function openGraph(config: AppConfig, log: (line: string) => void, warn: (line: string) => void = log): Promise<GraphConnection> {
  const { uri, ...rest } = config.neo4j;
  if (uri) return connectDriver({ ...rest, uri }, uri, undefined, warn);
  const { port, dataDir } = config.embedded;

  // `npm run seed` while `npm start` runs: the embedded Neo4j already serving this store is reused rather than
  // started twice on it (which its lock would refuse). Anything else on the port is refused (store-marker.ts).
  if (port !== 0 && (await isListening(port))) {
    const running = `bolt://127.0.0.1:${port}`;
    const [marker, found] = await Promise.all([readStoreMarker(dataDir), identifyBoltServer(running, rest)]);
    if (!isThisStore(dataDir, port, marker, found)) throw storeConflict(dataDir, port, found);
    log(`reusing the embedded Neo4j of ${dataDir} already running on ${running}${marker ? ` (pid ${marker.pid})` : ''}`);
    return connectDriver({ ...rest, uri: running }, `embedded ${running} (already running)`, undefined, warn);
  }

  const recordStore = async (neo: { pid: number; port: number; uri: string }) => {
    // Just started, so it is ours; only a cold JVM's slowness can delay the answer.
    const { storeId, problem } = await identifyBoltServer(neo.uri, rest, 120_000);
    if (!storeId) throw new Error(`the embedded Neo4j on ${neo.uri} did not tell its store id: ${problem}`);
    await writeStoreMarker(dataDir, { storeId, pid: neo.pid, port: neo.port, dataDir, startedAt: new Date().toISOString() });
  };
  const embedded: SupervisedNeo4j = await superviseEmbeddedNeo4j({
    port,
    dataDir,
    heap: config.embedded.heap,
    pageCache: config.embedded.pageCache,
    log,
    warn,
    onRestart: recordStore,
  });
  const stop = async () => {
    const pid = embedded.pid;
    await embedded.stop();
    await removeStoreMarker(dataDir, pid);
  };
  try {
    await recordStore(embedded);
  } catch (error) {
    await stop();
    throw error;
  }
  // The embedded server runs with auth disabled on loopback only; the credentials are ignored by it.
  return connectDriver({ ...rest, uri: embedded.uri }, `embedded ${embedded.uri} (data in ${dataDir})`, stop, warn);
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
