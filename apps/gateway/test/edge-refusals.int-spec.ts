import type { INestApplication } from '@nestjs/common';
import { listenOnFreePort, REPO_ROOT, TEST_INTERNAL_SECRET } from '@poe/testing';
import { mkdtempSync } from 'node:fs';
import { createServer, IncomingMessage, request, Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGatewayConfig } from '../src/config';
import { createGatewayApp } from '../src/gateway.app';

/**
 * Issue #13: hostile input is refused at the gateway, as problem+json naming the rule, before any
 * service sees it. The gateway runs for real (HTTP server, dev tokens, its Nest app); behind it a
 * stand-in service records every request that reaches it, so "refused at the edge" is observed,
 * and a well-formed request of the same kind does reach it (the refusals are not vacuous).
 */

const reached: { method: string; url: string; body: string }[] = [];
let upstream: Server;
const apps: INestApplication[] = [];

async function gateway(extra: Record<string, string> = {}): Promise<string> {
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
  const config = loadGatewayConfig({
    CLAIMS_URL: upstreamUrl,
    DOCUMENTS_URL: upstreamUrl,
    REVIEW_URL: upstreamUrl,
    INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET,
    AUTH_MODE: 'dev',
    DEMO_USERS_FILE: `${REPO_ROOT}/demo/users.json`,
    LOG_LEVEL: 'error',
    ...extra,
  });
  const app = await createGatewayApp(config, 'error');
  apps.push(app);
  return listenOnFreePort(app);
}

let base: string;
let bobToken: string;

beforeAll(async () => {
  upstream = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      reached.push({ method: req.method!, url: req.url!, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  base = await gateway();
  bobToken = await tokenOf(base, 'bob');
});

afterAll(async () => {
  for (const app of apps) await app.close();
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
});

beforeEach(() => {
  reached.length = 0;
});

async function tokenOf(at: string, username: string): Promise<string> {
  const res = await fetch(`${at}/api/v1/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

const patchClaim = (body: string | Buffer, token = bobToken) =>
  fetch(`${base}/api/v1/claims/CLM-edge0001`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });

async function expectRefused(res: Response, status: number, rule?: string, field?: string) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = (await res.json()) as { status: number; code: string; errors?: { field: string; rule: string }[] };
  expect({ status: res.status, problemStatus: problem.status }).toEqual({ status, problemStatus: status });
  if (rule) expect(problem.errors).toEqual([expect.objectContaining({ rule, ...(field ? { field } : {}) })]);
  expect(reached).toEqual([]);
  return problem;
}

test('patch_wellFormedBody_reachesTheService', async () => {
  const res = await patchClaim('{"estimatedImpressions":1200}');
  expect(res.status).toBe(200);
  expect(reached).toEqual([expect.objectContaining({ method: 'PATCH', body: '{"estimatedImpressions":1200}' })]);
});

test('devToken_jsonNested2000Deep_is400MaxDepth_not500', async () => {
  const res = await fetch(`${base}/api/v1/auth/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `{"x":${'['.repeat(2000)}${']'.repeat(2000)}}`,
  });
  await expectRefused(res, 400, 'maxDepth');
});

test('patch_nestedDeeperThan32_is400MaxDepth_32IsRelayed', async () => {
  await expectRefused(await patchClaim(`{"x":${'['.repeat(32)}${']'.repeat(32)}}`), 400, 'maxDepth');
  expect((await patchClaim(`{"x":${'['.repeat(31)}${']'.repeat(31)}}`)).status).toBe(200);
});

test('patch_estimatedImpressions1e309_is400IsFinite_andNothingIsSentThatCouldClearTheField', async () => {
  await expectRefused(await patchClaim('{"estimatedImpressions":1e309}'), 400, 'isFinite', 'estimatedImpressions');
  await expectRefused(await patchClaim('{"amount":{"amount":"1.00","x":-1e400}}'), 400, 'isFinite', 'amount.x');
});

test.each(['__proto__', 'constructor', 'prototype'])('patch_key_%s_is400ForbiddenKey', async (key) => {
  await expectRefused(await patchClaim(`{"${key}":{"status":"APPROVED"}}`), 400, 'forbiddenKey', key);
  await expectRefused(await patchClaim(`{"details":{"${key}":1}}`), 400, 'forbiddenKey', `details.${key}`);
});

test('patch_invalidUtf8_is400IsUtf8_notSilentlyReplaced', async () => {
  const body = Buffer.concat([Buffer.from('{"claimName":"caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
  await expectRefused(await patchClaim(body), 400, 'isUtf8', 'body');
});

test('patch_utf16Body_is415_soTheChecksCannotBeSidesteppedByAnotherEncoding', async () => {
  const res = await fetch(`${base}/api/v1/claims/CLM-edge0001`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json; charset=utf-16le', authorization: `Bearer ${bobToken}` },
    body: Buffer.from('{"__proto__":{"a":1},"estimatedImpressions":1e309}', 'utf16le'),
  });
  expect(await expectRefused(res, 415)).toMatchObject({ code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' });
});

test('patch_duplicateKey_is400NoDuplicateKeys', async () => {
  await expectRefused(
    await patchClaim('{"estimatedImpressions":1,"estimatedImpressions":2}'),
    400,
    'noDuplicateKeys',
    'estimatedImpressions',
  );
});

test('request_headersOver16KiB_is431ProblemJson', async () => {
  const url = new URL(`${base}/api/v1/me`);
  const answer = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, headers: { 'x-filler': 'a'.repeat(17 * 1024) } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
  expect(answer.status).toBe(431);
  expect(answer.type).toBe('application/problem+json');
  expect(JSON.parse(answer.body)).toMatchObject({ status: 431, code: 'REQUEST.HEADERS_TOO_LARGE' });
  // Just under the limit is served as usual.
  const fine = await fetch(`${base}/api/v1/me`, {
    headers: { authorization: `Bearer ${bobToken}`, 'x-filler': 'a'.repeat(12 * 1024) },
  });
  expect(fine.status).toBe(200);
});

test('problem_instance_isThePathWithoutTheQueryString', async () => {
  const res = await fetch(`${base}/api/v1/claims?limit=999&access_token=secret-in-query`, {
    headers: { authorization: `Bearer ${bobToken}` },
  });
  const problem = await expectRefused(res, 400);
  expect((problem as unknown as { instance: string }).instance).toBe('/api/v1/claims');
  expect(JSON.stringify(problem)).not.toContain('secret-in-query');
});

test('failedAuthentications_overTheLimit_are429WithRetryAfter_perAddress_successesDoNotCount', async () => {
  const strict = await gateway({ AUTH_FAILURE_LIMIT: '5', AUTH_FAILURE_WINDOW_SECONDS: '60' });
  const token = await tokenOf(strict, 'bob');
  const me = (authorization?: string) =>
    fetch(`${strict}/api/v1/me`, { headers: authorization ? { authorization } : {} });
  for (let i = 0; i < 20; i++) expect((await me(`Bearer ${token}`)).status).toBe(200);
  const failures = [await me(), await me('Bearer not.a.token'), await me('Basic Ym9iOg=='), await me(), await me()];
  expect(failures.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
  const limited = await me('Bearer not.a.token');
  expect(limited.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
  expect(await expectRefused(limited, 429)).toMatchObject({ code: 'AUTH.TOO_MANY_FAILURES' });
  // While the address is over its limit, a valid token from it waits too: guessing stays slow.
  expect((await me(`Bearer ${token}`)).status).toBe(429);
  // The default limit (100 per 10 s) lets a test suite's worth of refusals through.
  const failuresAtDefault = await Promise.all(Array.from({ length: 60 }, () => fetch(`${base}/api/v1/me`)));
  expect(new Set(failuresAtDefault.map((r) => r.status))).toEqual(new Set([401]));
});

test('devTokens_outliveAGatewayRestart_whenTheSigningKeyIsKeptInAFile', async () => {
  const keyFile = join(mkdtempSync(join(tmpdir(), 'poe-gw-key-')), 'dev-signing-key.json');
  const first = await gateway({ DEV_SIGNING_KEY_FILE: keyFile });
  const token = await tokenOf(first, 'carol');
  await apps.pop()!.close();
  const restarted = await gateway({ DEV_SIGNING_KEY_FILE: keyFile });
  const me = await fetch(`${restarted}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(me.status).toBe(200);
  expect(await me.json()).toMatchObject({ subject: 'carol', partnerId: 'partner-contoso' });
  // Another key file is another issuer: the token is not valid there.
  const other = await gateway({ DEV_SIGNING_KEY_FILE: `${keyFile}.other` });
  expect((await fetch(`${other}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
});
