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
  entrypoint?: string[];
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
    ['claims', 'documents', 'gateway', 'kafka', 'minio', 'minio-init', 'mongo', 'provision', 'review'].sort(),
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

const envOf = (name: string) =>
  Object.fromEntries(Object.entries(compose.services[name].environment ?? {}).map(([k, v]) => [k, String(v)]));

test('compose_documentsUsesItsOwnMinioUser_limitedToItsBucketAndPrefix_notTheRoot', () => {
  const minio = envOf('minio');
  const documents = envOf('documents');
  expect(documents.S3_ACCESS_KEY).not.toBe(minio.MINIO_ROOT_USER);
  expect(documents.S3_SECRET_KEY).not.toBe(minio.MINIO_ROOT_PASSWORD);
  // Only MinIO and the one-shot init container hold the root key.
  for (const [name, service] of Object.entries(compose.services)) {
    const keys = Object.keys(service.environment ?? {}).filter((k) => k.startsWith('MINIO_ROOT_'));
    expect([name, keys.length > 0]).toEqual([name, ['minio', 'minio-init'].includes(name)]);
  }
  const init = compose.services['minio-init'];
  expect(init.image).toMatch(/^minio\/mc:/);
  const script = init.entrypoint!.join('\n');
  expect(script).toContain('mc admin user add root "$$S3_ACCESS_KEY"');
  expect(script).toContain('mc admin policy attach root poe-documents --user "$$S3_ACCESS_KEY"');
  const policy = JSON.parse(/<<'POLICY'\n([\s\S]*?)\nPOLICY/.exec(script)![1]) as {
    Statement: { Action: string[]; Resource: string[] }[];
  };
  const resources = policy.Statement.flatMap((st) => st.Resource);
  expect(resources.sort()).toEqual(['arn:aws:s3:::poe-documents', 'arn:aws:s3:::poe-documents/documents/*']);
  expect(policy.Statement.flatMap((st) => st.Action).every((a) => !a.includes('*') && a.startsWith('s3:'))).toBe(true);
  expect(Object.keys(compose.services.provision.depends_on as object)).toContain('minio-init');
});

test('compose_kafkaAuthenticatesEveryListener_andDeniesWithoutAnAcl', () => {
  const kafka = envOf('kafka');
  const protocols = kafka.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP.split(',').map((l) => l.split(':')[1]);
  expect(protocols.every((p) => p === 'SASL_PLAINTEXT' || p === 'SASL_SSL')).toBe(true);
  expect(kafka.KAFKA_AUTHORIZER_CLASS_NAME).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
  expect(kafka.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND).toBe('false');
  expect(kafka.KAFKA_SUPER_USERS).toBe('User:poe-admin');
  const users = kafka.KAFKA_LISTENER_NAME_CLIENT_PLAIN_SASL_JAAS_CONFIG;
  for (const name of ['claims', 'documents', 'review']) {
    const env = envOf(name);
    // Each service its own principal and its own password variable, which the broker knows.
    expect(env.KAFKA_SASL_USERNAME).toBe(`poe-${name}`);
    expect(env.KAFKA_SASL_PASSWORD).toBe(`\${KAFKA_${name.toUpperCase()}_PASSWORD}`);
    expect(users).toContain(`user_poe-${name}="\${KAFKA_${name.toUpperCase()}_PASSWORD`);
    expect(env.KAFKA_SASL_MECHANISM).toBe('plain');
  }
  expect(envOf('gateway').KAFKA_SASL_USERNAME).toBeUndefined();
  expect(envOf('provision')).toMatchObject({
    KAFKA_SASL_USERNAME: 'poe-admin',
    KAFKA_SASL_PASSWORD: '${KAFKA_ADMIN_PASSWORD}',
  });
});
