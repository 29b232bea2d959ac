// Global setup runs outside jest's module map, so the @poe/* aliases come from tsconfig paths.
import 'tsconfig-paths/register';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { provision } from '../../scripts/provision';
import { kafkaUserEnv, readInfraEnv, REPO_ROOT } from './infra-env';

/**
 * Starts the local servers unless they already run (up.sh is idempotent and returns at once then),
 * then creates the shared topics and bucket. TEST_INFRA=external skips the start for servers
 * managed elsewhere (the variables must then be set); see docs/testing.md.
 */
export default async function globalSetup(): Promise<void> {
  const mode = process.env.TEST_INFRA ?? 'local';
  if (mode === 'local') {
    execFileSync('bash', [join(REPO_ROOT, 'scripts/infra/up.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  } else if (mode !== 'external') {
    throw new Error(`TEST_INFRA=${mode} is not supported; use local (default) or external`);
  }
  // Provisioning (topics, ACLs) signs in as the admin principal, the only one that may alter ACLs.
  const env = { ...readInfraEnv(), ...process.env };
  await provision({ ...env, ...kafkaUserEnv('admin', env) });
}
