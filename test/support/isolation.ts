import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

/**
 * Names that keep one test file's data apart from every other file and every earlier run, so files
 * run in parallel and re-run without cleanup: its own database, topic names, consumer groups and
 * object-key prefix.
 */
export interface TestNamespace {
  id: string;
  dbName: string;
  topic(name: string): string;
  group(name: string): string;
  keyPrefix: string;
}

export function testNamespace(testFile: string): TestNamespace {
  const stem = basename(testFile)
    .replace(/\.(int|e2e)-spec\.ts$/, '')
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase();
  const id = `${stem.slice(0, 24)}_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return {
    id,
    dbName: `t_${id}`,
    topic: (name) => `t.${id}.${name}`,
    group: (name) => `t.${id}.${name}`,
    keyPrefix: `t/${id}/`,
  };
}

export function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run scripts/infra/up.sh or set it for TEST_INFRA=external`);
  return v;
}
