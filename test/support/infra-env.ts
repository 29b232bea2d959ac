import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const INFRA_ENV_FILE = join(process.env.POE_LOCAL ?? join(REPO_ROOT, '.local'), 'infra.env');

/**
 * Reads `.local/infra.env` (written by scripts/infra/up.sh): where Kafka, FerretDB and MinIO listen.
 * `file`: another instance's, e.g. the fault suite's `.local/faults/infra.env`.
 */
export function readInfraEnv(file = INFRA_ENV_FILE): Record<string, string> {
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/**
 * The SASL settings for one of the principals up.sh made (`poe-<who>`, password `KAFKA_<WHO>_PASSWORD`
 * in infra.env). Nothing when that password is not set (e.g. TEST_INFRA=external without SASL).
 */
export function kafkaUserEnv(
  who: 'admin' | 'tests' | 'claims' | 'documents' | 'review',
  env: Record<string, string | undefined> = { ...readInfraEnv(), ...process.env },
): Record<string, string> {
  const password = env[`KAFKA_${who.toUpperCase()}_PASSWORD`];
  return password ? { KAFKA_SASL_USERNAME: `poe-${who}`, KAFKA_SASL_PASSWORD: password } : {};
}
