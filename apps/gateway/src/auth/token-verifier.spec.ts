import { importJWK, type KeyLike } from 'jose';
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
