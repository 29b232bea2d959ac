import { ConfigError } from '@poe/platform';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadClaimsConfig } from '../apps/claims/src/config';
import { loadDocumentsConfig } from '../apps/documents/src/config';
import { loadGatewayConfig } from '../apps/gateway/src/config';
import { loadReviewConfig } from '../apps/review/src/config';

// docker-compose.yml cannot run here (no Docker engine); this keeps it in step with what the apps require.
interface ComposeService {
  build?: string;
  image?: string;
  environment?: Record<string, string | number>;
  ports?: string[];
  depends_on?: Record<string, unknown> | string[];
}
const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

/** The variables an app cannot start without, asked of its own config loader with an empty environment. */
function requiredVars(load: (env: NodeJS.ProcessEnv) => unknown, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    load(env);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => p.split(' ')[0]);
  }
}

const apps = {
  claims: loadClaimsConfig,
  documents: loadDocumentsConfig,
  review: loadReviewConfig,
  gateway: (env: NodeJS.ProcessEnv) => loadGatewayConfig({ ...env }),
};

test('compose_runsTheInfrastructureAndTheFourServices', () => {
  expect(Object.keys(compose.services).sort()).toEqual(
    ['claims', 'documents', 'gateway', 'kafka', 'minio', 'mongo', 'provision', 'review'].sort(),
  );
  expect(compose.services.mongo.image).toMatch(/^mongo:/);
  expect(compose.services.kafka.image).toMatch(/^apache\/kafka:/);
  expect(compose.services.minio.image).toMatch(/^minio\/minio:/);
});

test.each(Object.entries(apps))('compose_%s_isBuiltFromTheRepoAndGetsEveryRequiredVariable', (name, load) => {
  const service = compose.services[name];
  expect(service.build).toBe('.');
  const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
  expect(env.APP).toBe(name);
  const required = requiredVars(load, name === 'gateway' ? { AUTH_MODE: env.AUTH_MODE } : {});
  expect(required.length).toBeGreaterThan(0);
  for (const variable of required) expect(Object.keys(env)).toContain(variable);
});

test.each(Object.keys(apps))('compose_%s_publishesThePortItListensOn', (name) => {
  const service = compose.services[name];
  const port = String(service.environment!.PORT);
  expect(service.ports).toContain(`${port}:${port}`);
  expect(service.environment!.HOST).toBe('0.0.0.0');
});

test('compose_mongoRunsAsAReplicaSet_soTransactionsAndChangeStreamsWouldWork', () => {
  expect(compose.services.mongo as unknown as { command: string[] }).toMatchObject({
    command: expect.arrayContaining(['--replSet']),
  });
  expect(String(compose.services.claims.environment!.MONGO_URL)).toContain('replicaSet=rs0');
});

test('compose_gatewayPointsAtTheServicesByTheirComposeNames', () => {
  const env = compose.services.gateway.environment!;
  expect(env.CLAIMS_URL).toBe(`http://claims:${compose.services.claims.environment!.PORT}`);
  expect(env.DOCUMENTS_URL).toBe(`http://documents:${compose.services.documents.environment!.PORT}`);
  expect(env.REVIEW_URL).toBe(`http://review:${compose.services.review.environment!.PORT}`);
});

test('compose_holdsNoSecretValues', () => {
  for (const service of Object.values(compose.services)) {
    for (const [k, v] of Object.entries(service.environment ?? {})) {
      if (/SECRET|PASSWORD|ACCESS_KEY|ROOT_USER/.test(k)) expect(String(v)).toMatch(/^\$\{/);
    }
  }
});
