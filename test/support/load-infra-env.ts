import { Logger } from '@nestjs/common';
import { kafkaUserEnv, readInfraEnv } from './infra-env';

// Variables set by the caller win, so a run can point the tests at other servers.
for (const [k, v] of Object.entries(readInfraEnv())) {
  if (process.env[k] === undefined) process.env[k] = v;
}
// Tests (and the services they boot in-process, on `t.`-prefixed topics) sign in to Kafka as the
// tests' principal, which may use only `t.*` topics and groups (libs/platform/src/kafka-acls.ts).
for (const [k, v] of Object.entries(kafkaUserEnv('tests'))) {
  if (process.env[k] === undefined) process.env[k] = v;
}

// Real servers answer in milliseconds, but broker rebalances and first connections take seconds.
jest.setTimeout(120_000);

// Tests provoke failures on purpose (unreachable brokers, bad input); TEST_LOGS=1 shows the logs.
if (!process.env.TEST_LOGS) Logger.overrideLogger(false);
