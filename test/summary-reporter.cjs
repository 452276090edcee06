// Prints one closing line, "N passed, N failed, N skipped", after jest's own summary.
// A test file that fails to load counts as a failure.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    const failed = results.numFailedTests + (results.numRuntimeErrorTestSuites || 0)
    process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
module.exports = SummaryReporter
