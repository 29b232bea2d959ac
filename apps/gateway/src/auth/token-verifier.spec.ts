import { importJWK, type KeyLike } from 'jose';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevIssuer, TokenVerifier } from './token-verifier';

const USERS = join(__dirname, '..', '..', '..', '..', 'demo', 'users.json');

async function setup() {
  const issuer = await DevIssuer.create(USERS, 'poe-claims');
  const key = (await importJWK(issuer.publicJwk as never, 'ES256')) as KeyLike;
  let now = Date.now();
  const verifier = new TokenVerifier(key, DevIssuer.ISSUER, 'poe-claims', () => now);
  return { issuer, verifier, advance: (ms: number) => (now += ms) };
}

test('verify_demoToken_givesTheCallersIdentity', async () => {
  const { issuer, verifier } = await setup();
  expect(await verifier.verify(await issuer.mint('carol'))).toEqual({
    subject: 'carol',
    roles: ['incentives-admin'],
    partnerId: 'partner-contoso',
  });
});

test('verify_aRememberedToken_isRefusedOnceItExpires', async () => {
  const { issuer, verifier, advance } = await setup();
  const token = await issuer.mint('bob', 60);
  await verifier.verify(token);
  advance(30_000);
  await expect(verifier.verify(token)).resolves.toMatchObject({ subject: 'bob' });
  advance(31_000);
  await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
});

test('verify_tamperedToken_isRefused', async () => {
  const { issuer, verifier } = await setup();
  const [h, p, s] = (await issuer.mint('bob')).split('.');
  const forged = Buffer.from(
    JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), partner_id: 'partner-contoso' }),
  ).toString('base64url');
  await expect(verifier.verify(`${h}.${forged}.${s}`)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
});

test('devIssuer_withAKeyFile_keepsItsKeyAcrossRestarts_andWritesItForTheOwnerOnly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'poe-dev-key-'));
  const file = join(dir, 'nested', 'dev-signing-key.json');
  const first = await DevIssuer.create(USERS, 'poe-claims', file);
  const token = await first.mint('bob');
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const restarted = await DevIssuer.create(USERS, 'poe-claims', file);
  expect(restarted.publicJwk).toEqual(first.publicJwk);
  await expect(restarted.verifier.verify(token)).resolves.toMatchObject({ subject: 'bob' });
  // Without a file each start has its own key: the earlier token is refused.
  const ephemeral = await DevIssuer.create(USERS, 'poe-claims');
  await expect(ephemeral.verifier.verify(token)).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  expect(JSON.stringify(first.publicJwk)).not.toContain('"d"');
});
