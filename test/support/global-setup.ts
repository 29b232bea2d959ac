import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './infra-env';

/**
 * Starts the local servers unless they already run (up.sh is idempotent and returns at once then).
 * TEST_INFRA=external skips this for servers managed elsewhere; the variables must then be set.
 * TEST_INFRA=containers is reserved for machines with a Docker engine (see docs/testing.md).
 */
export default async function globalSetup(): Promise<void> {
  const mode = process.env.TEST_INFRA ?? 'local';
  if (mode === 'external') return;
  if (mode !== 'local') throw new Error(`TEST_INFRA=${mode} is not supported here; use local or external`);
  execFileSync('bash', [join(REPO_ROOT, 'scripts/infra/up.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
}
