import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';

/**
 * One embedded database per store. Each embedded Neo4j this project starts leaves `<dataDir>/pubgraph-neo4j.json`
 * naming its pid, port and the store's id (Neo4j's own database id from `CALL db.info()`, random per store and
 * answered over Bolt). A second `npm start` or `npm run seed` that finds the port taken reuses the Neo4j there
 * only if that Neo4j answers with the id recorded in this data directory; otherwise it refuses, saying which
 * port and store are in use and which variables choose another, instead of serving another checkout's data.
 */

export const STORE_MARKER_FILE = 'pubgraph-neo4j.json';

export interface StoreMarker {
  storeId: string;
  pid: number;
  port: number;
  dataDir: string;
  startedAt: string;
}

/** What a Bolt server on a port says about itself; `problem` when it would not say (not Neo4j, auth, timeout). */
export interface BoltIdentity {
  storeId?: string;
  /** Its Neo4j home (for the embedded launcher, the data directory it was given). */
  home?: string;
  problem?: string;
}

/** The port of the embedded Neo4j is taken by a database that is not this data directory's. */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
}

export async function readStoreMarker(dataDir: string): Promise<StoreMarker | undefined> {
  try {
    const marker = JSON.parse(await fs.readFile(path.join(dataDir, STORE_MARKER_FILE), 'utf8')) as Partial<StoreMarker>;
    return typeof marker.storeId === 'string' && typeof marker.port === 'number' ? (marker as StoreMarker) : undefined;
  } catch {
    return undefined; // absent or unreadable: nothing is known to be running on this store
  }
}

/** Written whole and renamed into place, so a reader never sees half a marker. */
export async function writeStoreMarker(dataDir: string, marker: StoreMarker): Promise<void> {
  const file = path.join(dataDir, STORE_MARKER_FILE);
  const partial = `${file}.${process.pid}.tmp`;
  await fs.writeFile(partial, `${JSON.stringify(marker, null, 2)}\n`);
  await fs.rename(partial, file);
}

/** Removes the marker if it still names the JVM `pid` (a newer JVM may have replaced it). */
export async function removeStoreMarker(dataDir: string, pid: number): Promise<void> {
  const marker = await readStoreMarker(dataDir);
  if (marker?.pid === pid) await fs.rm(path.join(dataDir, STORE_MARKER_FILE), { force: true });
}

/**
 * Asks the Bolt server at `uri` for its store id and home, within `timeoutMs`, on a driver of its own. The first
 * queries a cold JVM answers take seconds on a busy machine, hence the default.
 */
export async function identifyBoltServer(uri: string, credentials: { user: string; password: string }, timeoutMs = 15_000): Promise<BoltIdentity> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(credentials.user, credentials.password), {
    connectionTimeout: timeoutMs,
    connectionAcquisitionTimeout: timeoutMs,
    maxConnectionPoolSize: 1,
    userAgent: 'pubgraph-store-check',
  });
  let timer: NodeJS.Timeout | undefined;
  const ask = async (): Promise<BoltIdentity> => {
    const info = await driver.executeQuery('CALL db.info() YIELD id RETURN id');
    const storeId = String(info.records[0]?.get('id'));
    // SHOW SETTINGS needs an admin; the embedded Neo4j has auth disabled, so everyone is one. Best effort.
    const home = await driver
      .executeQuery("SHOW SETTINGS YIELD name, value WHERE name = 'server.directories.neo4j_home' RETURN value", {}, { database: 'system' })
      .then((r) => r.records[0]?.get('value') as string | undefined)
      .catch(() => undefined);
    return { storeId, home };
  };
  try {
    return await Promise.race([
      ask(),
      new Promise<BoltIdentity>((resolve) => (timer = setTimeout(() => resolve({ problem: `it did not answer within ${timeoutMs} ms` }), timeoutMs))),
    ]);
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
    void driver.close().catch(() => undefined);
  }
}

/**
 * Whether the Neo4j on `port` is the one recorded for `dataDir`: the store id this directory's marker names,
 * and, when the server tells its home, this directory (a copied store keeps its id, so the id alone could
 * match another checkout's copy). Without a marker (a JVM started by an older pubgraph) the home alone decides.
 */
export function isThisStore(dataDir: string, port: number, marker: StoreMarker | undefined, found: BoltIdentity): boolean {
  const sameHome = found.home === undefined || samePath(found.home, dataDir);
  if (marker && found.storeId) return marker.port === port && marker.storeId === found.storeId && sameHome;
  return found.home !== undefined && sameHome;
}

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(a) === real(b);
}

export function storeConflict(dataDir: string, port: number, found: BoltIdentity): StoreConflictError {
  const who = found.problem
    ? `a process that is not an embedded Neo4j this checkout can use (${found.problem})`
    : `the Neo4j of another store${found.home ? ` (${found.home})` : ''}`;
  const useIt = found.home ? `, EMBEDDED_NEO4J_DATA_DIR=${found.home} to work on that store` : '';
  return new StoreConflictError(
    `Port ${port} is in use by ${who}, not by the embedded Neo4j of ${dataDir}. ` +
      `Set EMBEDDED_NEO4J_PORT to a free port (0 picks one) to start this store's own Neo4j${useIt}, ` +
      `or NEO4J_URI=bolt://127.0.0.1:${port} (with NEO4J_PASSWORD) to use that database deliberately.`,
  );
}
