import neo4j, { type Record as Neo4jRecord } from 'neo4j-driver';

/**
 * Which Neo4j the tests may wipe, decided once per run by global-setup.ts.
 *
 * The suite deletes everything in its database many times over, so it never takes a database from the service's
 * own variables: a shell with NEO4J_URI pointing at production must not lose the graph to `npm test`. By default
 * the tests start the embedded Neo4j on a fresh store. An external database is used only when the caller names it
 * in the suite's own variable AND confirms the wipe, and only if the database is the suite's own: empty (it is then
 * marked) or already carrying the marker. A non-empty database without the marker is refused before anything is
 * written to it.
 *
 * The marker is a named uniqueness constraint, not a node: wiping (`MATCH (n) DETACH DELETE n`) leaves schema in
 * place, and an empty graph stays empty for the tests that need one (bulk load refuses a non-empty graph).
 */

export const EXTERNAL_URI = 'PUBGRAPH_TEST_NEO4J_URI';
export const EXTERNAL_USER = 'PUBGRAPH_TEST_NEO4J_USER';
export const EXTERNAL_PASSWORD = 'PUBGRAPH_TEST_NEO4J_PASSWORD';
export const WIPE_CONFIRMATION = 'PUBGRAPH_TEST_NEO4J_WIPE';
export const WIPE_CONFIRMATION_VALUE = 'yes-wipe-it';
/** Set by global-setup for the workers: the URI that passed the checks (tests refuse any other). */
export const CLAIMED_URI = 'PUBGRAPH_TEST_NEO4J_CLAIMED';
export const MARKER_CONSTRAINT = 'pubgraph_test_database_marker';
const MARKER_DDL = `CREATE CONSTRAINT ${MARKER_CONSTRAINT} IF NOT EXISTS FOR (m:PubgraphTestDatabaseMarker) REQUIRE m.id IS UNIQUE`;

export type Env = Record<string, string | undefined>;

export type TestDatabaseChoice =
  | { kind: 'embedded' }
  | { kind: 'external'; uri: string; user: string; password: string; database: string };

export class TestDatabaseRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestDatabaseRefused';
  }
}

/** Reads only the suite's own variables: NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD are never consulted. */
export function chooseTestDatabase(env: Env): TestDatabaseChoice {
  const uri = env[EXTERNAL_URI];
  if (!uri) return { kind: 'embedded' };
  if (env[WIPE_CONFIRMATION] !== WIPE_CONFIRMATION_VALUE) {
    throw new TestDatabaseRefused(
      `${EXTERNAL_URI} is set (${uri}) but ${WIPE_CONFIRMATION} is not "${WIPE_CONFIRMATION_VALUE}": the tests delete everything in their database. ` +
        `Set ${WIPE_CONFIRMATION}=${WIPE_CONFIRMATION_VALUE} to confirm that ${uri} may be wiped, or unset ${EXTERNAL_URI} to use the embedded Neo4j.`,
    );
  }
  const password = env[EXTERNAL_PASSWORD];
  if (password === undefined) throw new TestDatabaseRefused(`${EXTERNAL_URI} is set but ${EXTERNAL_PASSWORD} is not: give the password of the test database.`);
  return { kind: 'external', uri, user: env[EXTERNAL_USER] ?? 'neo4j', password, database: 'neo4j' };
}

interface Target {
  uri: string;
  user: string;
  password: string;
  database?: string;
}

async function withSession<T>(target: Target, work: (run: (text: string) => Promise<Neo4jRecord[]>) => Promise<T>): Promise<T> {
  const driver = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), { connectionTimeout: 5_000, userAgent: 'pubgraph-test-guard' });
  const session = driver.session({ database: target.database ?? 'neo4j' });
  try {
    return await work(async (text) => (await session.run(text)).records);
  } finally {
    await session.close();
    await driver.close();
  }
}

/** Whether the database carries the suite's marker. */
export function isMarked(target: Target): Promise<boolean> {
  return withSession(target, async (run) => (await run(`SHOW CONSTRAINTS YIELD name WHERE name = '${MARKER_CONSTRAINT}' RETURN name`)).length === 1);
}

/**
 * Makes `target` the suite's database: accepted if marked; marked if empty; refused otherwise (nothing written).
 * The embedded store is empty on first use, so it is marked like any other.
 */
export async function claimTestDatabase(target: Target): Promise<void> {
  await withSession(target, async (run) => {
    if ((await run(`SHOW CONSTRAINTS YIELD name WHERE name = '${MARKER_CONSTRAINT}' RETURN name`)).length === 1) return;
    const [row] = await run('MATCH (n) RETURN count(n) AS n');
    const nodes = row!.get('n').toNumber();
    if (nodes > 0) {
      throw new TestDatabaseRefused(
        `refusing to use ${target.uri} for tests: it holds ${nodes} nodes and no ${MARKER_CONSTRAINT} constraint, so the test suite did not create it and would wipe someone's data. ` +
          `Point ${EXTERNAL_URI} at an empty database (the suite marks it on first use), or unset ${EXTERNAL_URI} to use the embedded Neo4j.`,
      );
    }
    await run(MARKER_DDL);
  });
}
