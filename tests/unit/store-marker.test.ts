import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isThisStore, readStoreMarker, removeStoreMarker, STORE_MARKER_FILE, storeConflict, writeStoreMarker } from '../../src/graph/store-marker';

/** Whose Neo4j is on the port: the decision and the refusal, without a database (faults.int.test.ts has one). */

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'pubgraph-marker-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const marker = (over: Partial<Parameters<typeof writeStoreMarker>[1]> = {}) => ({ storeId: 'A1B2', pid: 4242, port: 7687, dataDir: dir, startedAt: '2026-01-01T00:00:00Z', ...over });

describe('store marker', () => {
  it('round-trips through the data directory, leaving no partial file behind', async () => {
    await writeStoreMarker(dir, marker());
    expect(await readStoreMarker(dir)).toEqual(marker());
    expect(readdirSync(dir)).toEqual([STORE_MARKER_FILE]);
  });

  it('is removed only by the JVM it names', async () => {
    await writeStoreMarker(dir, marker({ pid: 1 }));
    await removeStoreMarker(dir, 2);
    expect(await readStoreMarker(dir)).toBeDefined();
    await removeStoreMarker(dir, 1);
    expect(await readStoreMarker(dir)).toBeUndefined();
  });

  it('reads as absent when missing or not a marker', async () => {
    expect(await readStoreMarker(dir)).toBeUndefined();
  });
});

describe('is the Neo4j on the port this store’s', () => {
  it('yes: it answers with the recorded store id from this directory', () => {
    expect(isThisStore(dir, 7687, marker(), { storeId: 'A1B2', home: dir })).toBe(true);
    expect(isThisStore(dir, 7687, marker(), { storeId: 'A1B2' })).toBe(true);
  });

  it('no: another store id, or the id recorded for another port', () => {
    expect(isThisStore(dir, 7687, marker(), { storeId: 'FFFF', home: '/elsewhere' })).toBe(false);
    expect(isThisStore(dir, 7688, marker(), { storeId: 'A1B2', home: dir })).toBe(false);
  });

  it('no: a copy of this store served from another directory (same id, other home)', () => {
    expect(isThisStore(dir, 7687, marker(), { storeId: 'A1B2', home: '/other-checkout/.neo4j-embedded' })).toBe(false);
  });

  it('without a marker, only a server whose home is this directory', () => {
    expect(isThisStore(dir, 7687, undefined, { storeId: 'A1B2', home: dir })).toBe(true);
    expect(isThisStore(dir, 7687, undefined, { storeId: 'A1B2' })).toBe(false);
    expect(isThisStore(dir, 7687, undefined, { problem: 'not Bolt' })).toBe(false);
  });

  it('the refusal names the port, both stores and the variables that choose another', () => {
    const error = storeConflict('/checkout-b/.neo4j-embedded', 7687, { storeId: 'X', home: '/checkout-a/.neo4j-embedded' });
    expect(error.message).toBe(
      'Port 7687 is in use by the Neo4j of another store (/checkout-a/.neo4j-embedded), not by the embedded Neo4j of /checkout-b/.neo4j-embedded. ' +
        "Set EMBEDDED_NEO4J_PORT to a free port (0 picks one) to start this store's own Neo4j, EMBEDDED_NEO4J_DATA_DIR=/checkout-a/.neo4j-embedded to work on that store, " +
        'or NEO4J_URI=bolt://127.0.0.1:7687 (with NEO4J_PASSWORD) to use that database deliberately.',
    );
  });
});
