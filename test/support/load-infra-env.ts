import { Logger } from '@nestjs/common';
import { readInfraEnv } from './infra-env';

// Variables set by the caller win, so a run can point the tests at other servers.
for (const [k, v] of Object.entries(readInfraEnv())) {
  if (process.env[k] === undefined) process.env[k] = v;
}

// Real servers answer in milliseconds, but broker rebalances and first connections take seconds.
jest.setTimeout(120_000);

// Tests provoke failures on purpose (unreachable brokers, bad input); TEST_LOGS=1 shows the logs.
if (!process.env.TEST_LOGS) Logger.overrideLogger(false);
