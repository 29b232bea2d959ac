import type { INestApplication } from '@nestjs/common';
import { CallerIdentity, IDENTITY_HEADER, signIdentity } from '@poe/platform';
import { randomBytes } from 'node:crypto';
import type { TestNamespace } from './isolation';

/** One signing key per test process, as the gateway and services would share in production. */
export const TEST_INTERNAL_SECRET = randomBytes(32).toString('hex');

/**
 * Environment for booting a backend service in-process against the real servers, isolated to the
 * test file: its own database, topic prefix and (through the prefix) consumer groups, any free port.
 * Each service keeps its own default group, so several services booted together do not share one;
 * give each its own `MONGO_DB` too (`${ns.dbName}_<service>`): services never share a database.
 */
export const serviceEnv = (ns: TestNamespace, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  PORT: '0',
  LOG_LEVEL: 'warn',
  MONGO_DB: ns.dbName,
  KAFKA_TOPIC_PREFIX: ns.topic(''),
  INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET,
  S3_KEY_PREFIX: ns.keyPrefix,
  ...extra,
});

/** The header a service expects from the gateway, for a caller of the test's choosing. */
export const asCaller = (identity: CallerIdentity): Record<string, string> => ({
  [IDENTITY_HEADER]: signIdentity(identity, TEST_INTERNAL_SECRET, 300),
});

export async function listenOnFreePort(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}
