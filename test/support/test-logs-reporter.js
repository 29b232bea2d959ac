// A jest reporter, listed before the default one: a test file's service log (test-logs.ts) is
// deleted when the file passed, and named in its failure message when it did not; the kept logs
// are listed again at the end of the run.
const { existsSync, rmSync } = require('node:fs');
const { logsToConsole, testLogFile } = require('./test-logs-path');

class TestLogsReporter {
  constructor() {
    this.kept = [];
  }

  onTestResult(_test, result) {
    if (logsToConsole()) return;
    const file = testLogFile(result.testFilePath);
    if (!existsSync(file)) return;
    if (result.numFailingTests === 0 && !result.testExecError) {
      rmSync(file, { force: true });
      return;
    }
    this.kept.push(file);
    result.failureMessage = `${result.failureMessage ?? ''}\n  Service logs of this test file: ${file}\n`;
  }

  onRunComplete() {
    if (this.kept.length) process.stderr.write(`\nService logs of failed test files:\n  ${this.kept.join('\n  ')}\n`);
  }
}

module.exports = TestLogsReporter;
