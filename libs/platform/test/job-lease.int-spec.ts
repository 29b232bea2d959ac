import { JOBS_COLLECTION, JobLease, JobLeaseDocument } from '@poe/platform';
import { requireEnv, testNamespace } from '@poe/testing';
import { Collection, MongoClient } from 'mongodb';

/** Two (or more) instances of a service with one scheduled job, against the real database. */

const ns = testNamespace(__filename);
let client: MongoClient;
let jobs: Collection<JobLeaseDocument>;

beforeAll(async () => {
  client = await new MongoClient(requireEnv('MONGO_URL'), { retryWrites: false }).connect();
  jobs = client.db(ns.dbName).collection<JobLeaseDocument>(JOBS_COLLECTION);
});
afterAll(async () => {
  await client.db(ns.dbName).dropDatabase();
  await client.close();
});

/** A holder whose clock the test moves, so "the lease expired" needs no waiting. */
function holder(job: string, name: string, clock: { now: number }, ttlMs = 3000) {
  return new JobLease(jobs, job, ttlMs, name, () => clock.now);
}

test('acquire_twoHoldersEveryTick_onlyOneRunsPerTick_andTheOtherTakesOverWhenTheFirstStopsRenewing', async () => {
  const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
  const a = holder('review.overdue-check', 'instance-a', clock);
  const b = holder('review.overdue-check', 'instance-b', clock);
  const ran: string[] = [];
  const tick = async (...holders: JobLease[]) => {
    const winners = await Promise.all(holders.map((h) => h.runIfHeld(async () => h.holder)));
    const ticked = winners.filter((w): w is string => w !== undefined);
    expect(ticked).toHaveLength(1);
    ran.push(ticked[0]);
  };

  // Ticks every second, both instances up: one of them runs each tick, always the same one.
  for (let i = 0; i < 5; i++) {
    await tick(a, b);
    clock.now += 1000;
  }
  expect(new Set(ran).size).toBe(1);
  const first = ran[0] === 'instance-a' ? a : b;
  const second = first === a ? b : a;

  // The first stops renewing (killed) after its last tick 1 s ago: the second is refused until the
  // 3 s lease runs out, then runs.
  expect(await second.acquire()).toBe(false);
  clock.now += 1500;
  expect(await second.acquire()).toBe(false);
  clock.now += 600;
  await tick(second);
  expect(ran.at(-1)).toBe(second.holder);
  // The first comes back: the second keeps the job while it renews.
  clock.now += 1000;
  await tick(first, second);
  expect(ran.at(-1)).toBe(second.holder);
  expect(await jobs.findOne({ _id: 'review.overdue-check' })).toMatchObject({ holder: second.holder });
});

test('acquire_manyInstancesAtTheSameInstant_exactlyOneGetsTheLease', async () => {
  const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
  const holders = Array.from({ length: 8 }, (_, i) => holder('documents.maintenance', `instance-${i}`, clock));
  for (let round = 0; round < 3; round++) {
    const got = await Promise.all(holders.map((h) => h.acquire()));
    expect(got.filter(Boolean)).toHaveLength(1);
    // Past the lease: a free-for-all again, still one winner.
    clock.now += 5000;
  }
});

test('release_onACleanShutdown_letsAnotherInstanceTakeOverAtOnce', async () => {
  const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
  const a = holder('claims.recovery', 'instance-a', clock);
  const b = holder('claims.recovery', 'instance-b', clock);
  expect(await a.acquire()).toBe(true);
  expect(await b.acquire()).toBe(false);
  await a.release();
  expect(await b.acquire()).toBe(true);
  expect(await a.acquire()).toBe(false);
});

test('acquire_leasesOfDifferentJobs_areIndependent', async () => {
  const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
  expect(await holder('job-x', 'instance-a', clock).acquire()).toBe(true);
  expect(await holder('job-y', 'instance-b', clock).acquire()).toBe(true);
});
