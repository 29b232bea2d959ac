// Where a test file's service logs go: .local/test-logs/<path of the test file, '/' -> '__'>.log.
// Plain JS: the jest reporter (test-logs-reporter.js) needs it outside the TypeScript transform.
const { join, relative } = require('node:path');

const REPO_ROOT = join(__dirname, '..', '..');
const LOG_DIR = join(process.env.POE_LOCAL || join(REPO_ROOT, '.local'), 'test-logs');

/** TEST_LOGS=1: service logs stay on the console, as before. */
const logsToConsole = () => process.env.TEST_LOGS === '1';

function testLogFile(testPath) {
  return join(LOG_DIR, `${relative(REPO_ROOT, testPath).replace(/[\\/]/g, '__')}.log`);
}

module.exports = { LOG_DIR, logsToConsole, testLogFile };
