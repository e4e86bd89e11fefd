import net from 'node:net';
import tls from 'node:tls';
import neo4j, { type Driver } from 'neo4j-driver';
import type { AppConfig, Neo4jConnectionConfig } from '../config';
import { startEmbeddedNeo4j, type EmbeddedNeo4j } from './embedded-neo4j';
import { GraphExecutor } from './executor';

/** A live connection to Neo4j: the executor the app uses, and how to close everything it opened. */
export interface GraphConnection {
  executor: GraphExecutor;
  driver: Driver;
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

export function createDriver(config: Neo4jConnectionConfig): Driver {
  disableNagle();
  return neo4j.driver(config.uri, neo4j.auth.basic(config.user, config.password), {
    maxConnectionPoolSize: config.maxPoolSize,
    // Fail fast when the database is away instead of queueing requests behind a dead pool.
    connectionAcquisitionTimeout: 5_000,
    connectionTimeout: 5_000,
    // Managed transactions retry transient faults for at most this long, then the request fails (SERVICE_UNAVAILABLE).
    maxTransactionRetryTime: 2_000,
    disableLosslessIntegers: false,
    userAgent: 'pubgraph',
  });
}

export async function connectDriver(config: Neo4jConnectionConfig, description: string, onClose?: () => Promise<void>): Promise<GraphConnection> {
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
  const executor = new GraphExecutor(driver, { database: config.database, txTimeoutMs: config.txTimeoutMs });
  return {
    executor,
    driver,
    description,
    async close() {
      await driver.close();
      await onClose?.();
    },
  };
}

/**
 * Connects to the Neo4j named by NEO4J_URI, or, when it is unset, starts the embedded Neo4j 5.26 on loopback
 * (built from Maven Central on first use) and connects to that.
 */
export async function openGraph(config: AppConfig, log: (line: string) => void): Promise<GraphConnection> {
  const { uri, ...rest } = config.neo4j;
  if (uri) return connectDriver({ ...rest, uri }, uri);

  // `npm run seed` while `npm start` runs: the embedded Neo4j already listening on its port is reused rather
  // than started twice on the same store (which its lock would refuse).
  if (config.embedded.port !== 0 && (await isListening(config.embedded.port))) {
    const running = `bolt://127.0.0.1:${config.embedded.port}`;
    log(`reusing the Neo4j already listening on ${running}`);
    return connectDriver({ ...rest, uri: running }, `embedded ${running} (already running)`);
  }

  const embedded: EmbeddedNeo4j = await startEmbeddedNeo4j({
    port: config.embedded.port,
    dataDir: config.embedded.dataDir,
    heap: config.embedded.heap,
    pageCache: config.embedded.pageCache,
    log,
  });
  // The embedded server runs with auth disabled on loopback only; the credentials are ignored by it.
  return connectDriver({ ...rest, uri: embedded.uri }, `embedded ${embedded.uri} (data in ${config.embedded.dataDir})`, () => embedded.stop());
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
