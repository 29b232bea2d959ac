import { signIdentity } from '@poe/platform';
import { TEST_INTERNAL_SECRET } from '@poe/testing';
import { bootClaims, Harness, REVIEWER } from './harness';

/**
 * Issue #13: INTERNAL_AUTH_SECRET rotates with no request refused. The service accepts identities
 * signed with its current key and, while INTERNAL_AUTH_PREVIOUS_SECRET is set, with the previous
 * one (the gateway may still sign with it); a key it does not hold is refused.
 */
jest.setTimeout(60_000);

const NEXT = 'n'.repeat(20) + TEST_INTERNAL_SECRET.slice(0, 20);
const RETIRED = 'r'.repeat(40);
const harnesses: Harness[] = [];

afterAll(async () => {
  for (const h of harnesses) await h.close();
});

const programsAs = (h: Harness, secret: string) =>
  fetch(`${h.url}/programs`, { headers: { 'x-poe-identity': signIdentity(REVIEWER, secret) } });

test('rotation_midway_acceptsTheNewAndThePreviousKey_refusesOthers_thenTheRetiredPreviousKeyIsRefused', async () => {
  const midway = await bootClaims(__filename, {
    INTERNAL_AUTH_SECRET: NEXT,
    INTERNAL_AUTH_PREVIOUS_SECRET: TEST_INTERNAL_SECRET,
  });
  harnesses.push(midway);
  expect((await programsAs(midway, TEST_INTERNAL_SECRET)).status).toBe(200);
  expect((await programsAs(midway, NEXT)).status).toBe(200);
  const stranger = await programsAs(midway, RETIRED);
  expect(stranger.status).toBe(401);
  expect(await stranger.json()).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });

  // The rotation is over: the previous key is removed from the configuration.
  const done = await bootClaims(__filename, { INTERNAL_AUTH_SECRET: NEXT });
  harnesses.push(done);
  expect((await programsAs(done, NEXT)).status).toBe(200);
  expect((await programsAs(done, TEST_INTERNAL_SECRET)).status).toBe(401);
});

test('config_previousSecretShorterThan32_stopsTheServiceAtBoot', async () => {
  await expect(bootClaims(__filename, { INTERNAL_AUTH_PREVIOUS_SECRET: 'short' })).rejects.toThrow(
    /INTERNAL_AUTH_PREVIOUS_SECRET must be at least 32 characters/,
  );
});
