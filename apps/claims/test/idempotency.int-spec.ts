import { DomainError } from '@poe/platform';
import { IdempotencyService } from '../src/idempotency/idempotency.service';
import { bootClaims, Harness } from './harness';

/** The Idempotency-Key store against the real FerretDB: what a retry meets after each kind of failure. */

let h: Harness;
let keys: IdempotencyService;
let n = 0;
const scope = () => `test:${Date.now()}:${++n}`;
const ok = (body: unknown) => async () => ({ status: 200, body });

beforeAll(async () => {
  h = await bootClaims(__filename);
  keys = h.app.get(IdempotencyService);
}, 60000);
afterAll(async () => h?.close());

/**
 * A first attempt (resource RES-1) that fails with `failure`, then a retry with the same key (which
 * would make RES-2): the resource id the retry works on, and whether it took over.
 */
async function retryAfter(failure: Error): Promise<{ resourceId: string; takeover: boolean }> {
  const key = scope();
  await expect(
    keys.run(
      key,
      'h1',
      () => 'RES-1',
      () => Promise.reject(failure),
    ),
  ).rejects.toBe(failure);
  let takeover = false;
  const retried = await keys.run(
    key,
    'h1',
    () => 'RES-2',
    async (id, t) => {
      takeover = t;
      return { status: 200, body: id };
    },
  );
  return { resourceId: retried.body as string, takeover };
}

test('retry_afterTheWorkWasCutOffByAnOutage_takesOverAtOnce_withTheSameResourceId', async () => {
  const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), {
    name: 'MongoServerSelectionError',
  });
  // Not 409 IDEMPOTENCY.IN_PROGRESS for 30 s: nothing is running any more.
  expect(await retryAfter(outage)).toEqual({ resourceId: 'RES-1', takeover: true });
});

test('retry_whileTheFirstIsStillRunning_is409InProgress_withRetryAfter', async () => {
  const key = scope();
  let finish!: () => void;
  const first = keys.run(
    key,
    'h1',
    () => 'RES-1',
    () => new Promise((r) => (finish = () => r({ status: 200, body: 1 }))),
  );
  await new Promise((r) => setTimeout(r, 200));
  const second = await keys.run(key, 'h1', () => 'RES-2', ok(2)).catch((e: DomainError) => e);
  expect(second).toBeInstanceOf(DomainError);
  expect(second).toMatchObject({ code: 'IDEMPOTENCY.IN_PROGRESS', retryAfterSeconds: 1 });
  finish();
  expect((await first).body).toBe(1);
  // Once done, the retry gets the stored answer.
  expect((await keys.run(key, 'h1', () => 'RES-3', ok(3))).body).toBe(1);
});

test('retry_afterARefusal_runsAnew_becauseTheRefusalChangedNothing', async () => {
  const refusal = new DomainError('CLAIM.TEST', 'invalid', 'no');
  expect(await retryAfter(refusal)).toEqual({ resourceId: 'RES-2', takeover: false });
});

test('retry_afterARetryLaterAnswer_takesOverTheSameResource_insteadOfStartingAgain', async () => {
  // A takeover that met the claim's own submit still being completed (409 SUBMIT_IN_PROGRESS,
  // Retry-After): the submission under this key may go through meanwhile, so the key must stay.
  const later = new DomainError('CLAIM.SUBMIT_IN_PROGRESS', 'conflict', 'retry in a moment', [], 2);
  expect(await retryAfter(later)).toEqual({ resourceId: 'RES-1', takeover: true });
});

describe('expiry (no collection grows without bound)', () => {
  const ttlMs = 24 * 3_600_000; // CLAIMS_IDEMPOTENCY_KEY_TTL_HOURS' default
  const col = () => h.app.get(IdempotencyService)['col'];

  it('sweepExpired_deletesTheKeysPastTheirTtl_andKeepsTheOthers', async () => {
    const old = scope();
    const fresh = scope();
    await keys.run(old, 'h1', () => 'RES-OLD', ok('old'));
    await keys.run(fresh, 'h1', () => 'RES-NEW', ok('new'));
    const expiryOfOld = (await col().findOne({ _id: old }))!.expiresAt;
    // The old key was made a day and a minute ago.
    await col().updateOne({ _id: old }, { $set: { expiresAt: new Date(Date.now() - 60_000) } });
    expect(expiryOfOld.getTime()).toBeGreaterThan(Date.now() + ttlMs - 60_000);
    const deleted = await keys.sweepExpired();
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await col().findOne({ _id: old })).toBeNull();
    expect(await col().findOne({ _id: fresh })).not.toBeNull();
  });

  it('run_whenTheKeyExpiredButWasNotSweptYet_runsTheRequestAnew', async () => {
    const key = scope();
    await keys.run(key, 'h1', () => 'RES-A', ok('first'));
    await col().updateOne({ _id: key }, { $set: { expiresAt: new Date(Date.now() - 1) } });
    const again = await keys.run(key, 'other-body', () => 'RES-B', ok('second'));
    expect(again.body).toBe('second');
  });
});
