// Two tiers. `unit` needs no database. `integration` (*.int.test.ts) talks to one real Neo4j started once for
// the run by tests/support/global-setup.ts: the embedded Neo4j 5.26 on a fresh store, never NEO4J_URI (an
// external test database only with PUBGRAPH_TEST_NEO4J_URI + PUBGRAPH_TEST_NEO4J_WIPE=yes-wipe-it, see
// tests/support/test-database.ts). Its suites share that single database, so files run one at a time:
// `maxWorkers: 1` here (jest has no per-project worker count), so `npx jest` and IDE runners are serial too.
const transform = { '^.+\\.ts$': 'ts-jest' };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  projects: [
    { displayName: 'unit', testEnvironment: 'node', transform, roots: ['<rootDir>/tests'], testMatch: ['**/unit/**/*.test.ts'] },
    // The Cypher and parameters the query builders produce, as inline snapshots; no database (as neo4j/graphql's tck).
    { displayName: 'tck', testEnvironment: 'node', transform, roots: ['<rootDir>/tests'], testMatch: ['**/tck/**/*.test.ts'] },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/tests'],
      testMatch: ['**/*.int.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
    // Headless Chromium (the build npm install brings, see tests/support/chromium.ts) against the real service; the same
    // Neo4j as integration (jest runs one globalSetup per distinct module). Fails, never skips, without Chromium.
    {
      displayName: 'browser',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/tests'],
      testMatch: ['**/browser/**/*.browser.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
  ],
};
