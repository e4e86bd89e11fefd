const fs = require('node:fs');
const path = require('node:path');

// Prints the plain closing line CI reads ("N passed, N failed[, N skipped]") after Jest's own summary.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    // Suites that failed to run (e.g. a syntax error or a failed globalSetup) count as failures too.
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.stdout.write(`\n${line}\n`);
    // .ci/run repeats it as its very last line, after Jest's own summary.
    fs.mkdirSync('artifacts', { recursive: true });
    fs.writeFileSync(path.join('artifacts', 'test-summary.txt'), `${line}\n`);
  }
}
module.exports = SummaryReporter;
