// Two tiers. `unit` needs no database. `integration` (*.int.test.ts) talks to one real Neo4j started once for
// the run by tests/support/global-setup.ts (the embedded Neo4j 5.26, or NEO4J_URI); its suites share that
// single database, so `npm test` runs files one at a time (--runInBand) and each suite seeds what it needs.
const transform = { '^.+\\.ts$': 'ts-jest' };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  reporters: ['default', '<rootDir>/tests/support/summary-reporter.js'],
  projects: [
    { displayName: 'unit', testEnvironment: 'node', transform, roots: ['<rootDir>/tests'], testMatch: ['**/unit/**/*.test.ts'] },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      roots: ['<rootDir>/tests'],
      testMatch: ['**/*.int.test.ts'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
    // Headless Chromium (Debian's /usr/bin/chromium via playwright-core) against the real service; the same
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
