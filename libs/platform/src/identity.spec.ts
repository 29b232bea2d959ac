import { DomainError } from './errors';
import { keyIdOf, signIdentity, verifyIdentity } from './identity';

const secret = 'k'.repeat(32);
const partnerUser = { subject: 'bob', roles: ['incentives-user' as const], partnerId: 'partner-northwind' };

const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a failure');
};

test('verify_ofASignedIdentity_returnsTheSameCaller', () => {
  expect(verifyIdentity(signIdentity(partnerUser, secret), secret)).toEqual(partnerUser);
});

test('verify_whenPayloadIsEdited_isRefused', () => {
  const [payload, mac] = signIdentity(partnerUser, secret).split('.');
  const forged = Buffer.from(
    Buffer.from(payload, 'base64url').toString().replace('partner-northwind', 'partner-contoso'),
  ).toString('base64url');
  const e = failure(() => verifyIdentity(`${forged}.${mac}`, secret));
  expect(e.code).toBe('AUTH.UNAUTHENTICATED');
  expect(e.message).toContain('bad signature');
});

test('verify_whenSignedWithAnotherKey_isRefused', () => {
  expect(failure(() => verifyIdentity(signIdentity(partnerUser, 'x'.repeat(32)), secret)).message).toContain(
    'bad signature',
  );
});

test('verify_afterExpiry_isRefused', () => {
  const header = signIdentity(partnerUser, secret, 60, Date.now() - 120_000);
  expect(failure(() => verifyIdentity(header, secret)).message).toContain('expired');
});

test('verify_whenHeaderMissingOrMalformed_isRefused', () => {
  expect(failure(() => verifyIdentity(undefined, secret)).message).toContain('missing');
  expect(failure(() => verifyIdentity('a.b.c', secret)).message).toContain('malformed');
});

test('verify_dropsUnknownRoles_andRefusesACallerWithNone', () => {
  const header = signIdentity({ subject: 'eve', roles: ['root' as never] }, secret);
  expect(failure(() => verifyIdentity(header, secret)).message).toContain('no subject or role');
});

test('verify_duringARotation_acceptsTheCurrentAndThePreviousKey_andNoOther', () => {
  const [current, previous, retired] = ['n'.repeat(32), 'o'.repeat(32), 'r'.repeat(32)];
  const holds = [current, previous];
  expect(verifyIdentity(signIdentity(partnerUser, current), holds)).toEqual(partnerUser);
  expect(verifyIdentity(signIdentity(partnerUser, previous), holds)).toEqual(partnerUser);
  expect(failure(() => verifyIdentity(signIdentity(partnerUser, retired), holds)).message).toContain(
    'its key is not one this service holds',
  );
});

test('verify_whenTheKeyIdIsSwappedForAnotherHeldKey_isRefused', () => {
  const [current, previous] = ['n'.repeat(32), 'o'.repeat(32)];
  const [payload, mac] = signIdentity(partnerUser, previous).split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const relabelled = Buffer.from(JSON.stringify({ ...claims, kid: keyIdOf(current) })).toString('base64url');
  expect(failure(() => verifyIdentity(`${relabelled}.${mac}`, [current, previous])).message).toContain('bad signature');
});

test('keyId_isStablePerSecret_andDiffersBetweenSecrets', () => {
  expect(keyIdOf(secret)).toBe(keyIdOf('k'.repeat(32)));
  expect(keyIdOf(secret)).not.toBe(keyIdOf('x'.repeat(32)));
  expect(keyIdOf(secret)).not.toContain('k');
});
