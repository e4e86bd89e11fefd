// The unit tests of the modules stryker.config.json mutates. Type errors a mutant introduces are not test
// failures, so ts-jest only transpiles here (isolatedModules); `npm run typecheck` checks the real code.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  roots: ['<rootDir>/tests/unit'],
  testMatch: ['**/unit/http-cache.test.ts', '**/unit/search-text.test.ts', '**/unit/list-selection.test.ts'],
};
