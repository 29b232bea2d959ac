import { sendLogsTo } from '@poe/platform';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { format } from 'node:util';

// setupFilesAfterEnv of the int and e2e projects: the service logs of a test file (JSON lines of
// the in-process services, and what the test or a library prints on the console) go to a file
// of its own, so jest's output shows the results only. test-logs-reporter.js deletes the file
// when every test passed and names it in the failure message otherwise. TEST_LOGS=1: console.
const { logsToConsole, testLogFile } = require('./test-logs-path') as {
  logsToConsole: () => boolean;
  testLogFile: (testPath: string) => string;
};

if (!logsToConsole()) {
  const file = testLogFile(expect.getState().testPath!);
  mkdirSync(dirname(file), { recursive: true });
  rmSync(file, { force: true });
  const write = (line: string) => appendFileSync(file, line.endsWith('\n') ? line : line + '\n');
  sendLogsTo(write);
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    console[method] = (...args: unknown[]) => write(`[console.${method}] ${format(...args)}`);
  }
}
