import type { INestApplication } from '@nestjs/common';
import { backendServiceParts, createServiceApp } from '@poe/platform';
import { listenOnFreePort, REPO_ROOT, serviceEnv, testNamespace } from '@poe/testing';
import { spawnSync } from 'node:child_process';
import { ClaimsModule } from '../apps/claims/src/claims.module';
import { loadClaimsConfig } from '../apps/claims/src/config';
import { loadDocumentsConfig } from '../apps/documents/src/config';
import { DocumentsModule } from '../apps/documents/src/documents.module';
import { setupApiDocs } from '../apps/gateway/src/api-docs';
import { loadGatewayConfig } from '../apps/gateway/src/config';
import { GatewayModule } from '../apps/gateway/src/gateway.module';
import { loadReviewConfig } from '../apps/review/src/config';
import { ReviewModule } from '../apps/review/src/review.module';

const ns = testNamespace(__filename);
const apps: INestApplication[] = [];
const urls: Record<string, string> = {};

async function boot(name: string, app: Promise<INestApplication>) {
  const started = await app;
  apps.push(started);
  urls[name] = await listenOnFreePort(started);
}

beforeAll(async () => {
  const opts = { logLevel: 'warn' as const };
  await boot(
    'claims',
    createServiceApp(ClaimsModule.forRoot(loadClaimsConfig(serviceEnv(ns, { MONGO_DB: `${ns.dbName}_claims` }))), {
      name: 'claims',
      ...opts,
    }),
  );
  await boot(
    'review',
    createServiceApp(ReviewModule.forRoot(loadReviewConfig(serviceEnv(ns, { MONGO_DB: `${ns.dbName}_review` }))), {
      name: 'review',
      ...opts,
    }),
  );
  await boot(
    'documents',
    createServiceApp(
      DocumentsModule.forRoot(loadDocumentsConfig(serviceEnv(ns, { MONGO_DB: `${ns.dbName}_documents` }))),
      { name: 'documents', ...opts },
    ),
  );
  const gatewayEnv = serviceEnv(ns, {
    CLAIMS_URL: urls.claims,
    DOCUMENTS_URL: urls.documents,
    REVIEW_URL: urls.review,
    AUTH_MODE: 'dev',
    DEMO_USERS_FILE: `${REPO_ROOT}/demo/users.json`,
  });
  const gateway = await createServiceApp(await GatewayModule.forRoot(loadGatewayConfig(gatewayEnv)), {
    name: 'gateway',
    ...opts,
  });
  setupApiDocs(gateway);
  await boot('gateway', Promise.resolve(gateway));
}, 120000);

afterAll(async () => {
  for (const app of apps.reverse()) await app.close();
});

test.each(['claims', 'documents', 'review', 'gateway'])('health_of_%s_answersWithoutAToken', async (name) => {
  const res = await fetch(`${urls[name]}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

test.each([
  ['claims', ['mongodb', 'kafka', 'kafka consumer group']],
  ['review', ['mongodb', 'kafka', 'kafka consumer group']],
  ['documents', ['mongodb', 'kafka', 'object-store', 'kafka consumer group']],
  ['gateway', ['claims', 'documents', 'review']],
])('ready_of_%s_checksEachDependency', async (name, deps) => {
  const res = await fetch(`${urls[name]}/ready`);
  const body = (await res.json()) as { status: string; checks: { name: string; ok: boolean }[] };
  expect(body.checks.map((c) => c.name)).toEqual(deps);
  expect(res.status).toBe(200);
  expect(body.checks.every((c) => c.ok)).toBe(true);
});

test('ready_whenKafkaIsUnreachable_answers503NamingKafka', async () => {
  // Only the shared parts (no consumers), so nothing keeps retrying the dead broker after the test.
  class ProbeModule {}
  const config = loadReviewConfig(serviceEnv(ns, { KAFKA_BROKERS: '127.0.0.1:1' }));
  const app = await createServiceApp(
    { module: ProbeModule, ...backendServiceParts(config) },
    { name: 'probe', logLevel: 'error' },
  );
  try {
    const url = await listenOnFreePort(app);
    const res = await fetch(`${url}/ready`);
    const body = (await res.json()) as { checks: { name: string; ok: boolean }[] };
    expect(res.status).toBe(503);
    expect(body.checks.find((c) => c.name === 'kafka')?.ok).toBe(false);
    expect(body.checks.find((c) => c.name === 'mongodb')?.ok).toBe(true);
  } finally {
    await app.close();
  }
}, 60000);

test.each(['claims', 'documents', 'review', 'gateway'])('metrics_of_%s_countRequestsByRouteTemplate', async (name) => {
  await fetch(`${urls[name]}/health`);
  const res = await fetch(`${urls[name]}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  expect(text).toMatch(/http_requests_total\{method="GET",route="\/health",status="200"\} \d+/);
  expect(text).toContain('http_request_duration_seconds_bucket');
});

test('responses_carryTheCallersCorrelationId_orANewOne', async () => {
  const given = await fetch(`${urls.gateway}/health`, { headers: { 'x-correlation-id': 'abc-123' } });
  expect(given.headers.get('x-correlation-id')).toBe('abc-123');
  const made = await fetch(`${urls.gateway}/health`, { headers: { 'x-correlation-id': 'bad id with spaces' } });
  expect(made.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
});

test('gateway_withoutToken_answers401AsProblemJson_andWithDemoToken_knowsTheCaller', async () => {
  const anonymous = await fetch(`${urls.gateway}/api/v1/me`);
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
  const token = (await (
    await fetch(`${urls.gateway}/api/v1/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob' }),
    })
  ).json()) as { access_token: string };
  const me = await fetch(`${urls.gateway}/api/v1/me`, { headers: { authorization: `Bearer ${token.access_token}` } });
  expect(await me.json()).toEqual({ subject: 'bob', roles: ['incentives-user'], partnerId: 'partner-northwind' });
});

test('gateway_servesOpenApiAndAsyncApiWithoutAToken', async () => {
  const openapi = (await (await fetch(`${urls.gateway}/docs-json`)).json()) as { openapi: string; paths: object };
  expect(openapi.openapi).toMatch(/^3\./);
  expect(Object.keys(openapi.paths)).toContain('/api/v1/me');
  const asyncapi = await fetch(`${urls.gateway}/docs/asyncapi.yaml`);
  expect(asyncapi.status).toBe(200);
  expect(await asyncapi.text()).toMatch(/^asyncapi: 3\.0\.0/m);
});

describe('configuration at boot', () => {
  const start = (app: string, env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 60000 },
    );

  test('missingAndInvalidVariables_stopTheServiceWithEachNamed', () => {
    const run = start('claims', { KAFKA_BROKERS: 'not-a-broker', PORT: '99999' });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('MONGO_URL is required');
    expect(run.stderr).toContain('KAFKA_BROKERS "not-a-broker" is not host:port');
    expect(run.stderr).toContain('PORT must be <= 65535');
    expect(run.stderr).toContain('INTERNAL_AUTH_SECRET is required');
  });

  test('gatewayInJwksMode_withoutIssuer_stopsNamingIt', () => {
    const run = start('gateway', {
      CLAIMS_URL: 'http://127.0.0.1:1',
      DOCUMENTS_URL: 'http://127.0.0.1:2',
      REVIEW_URL: 'ftp://127.0.0.1:3',
      INTERNAL_AUTH_SECRET: 'x'.repeat(32),
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('REVIEW_URL must use http or https');
    expect(run.stderr).toContain('AUTH_ISSUER is required');
  });
});
