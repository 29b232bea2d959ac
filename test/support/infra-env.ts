import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
export const INFRA_ENV_FILE = join(process.env.POE_LOCAL ?? join(REPO_ROOT, '.local'), 'infra.env');

/** Reads `.local/infra.env` (written by scripts/infra/up.sh): where Kafka, FerretDB and MinIO listen. */
export function readInfraEnv(): Record<string, string> {
  if (!existsSync(INFRA_ENV_FILE)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(INFRA_ENV_FILE, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}
