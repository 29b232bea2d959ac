import { MongoWatchdog, mongooseOptions } from '@poe/platform';
import { requireEnv, testNamespace } from '@poe/testing';
import mongoose, { Schema } from 'mongoose';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

const ns = testNamespace(__filename);
let conn: mongoose.Connection;

interface Campaign {
  _id: string;
  name: string;
  code: string;
  remainingMinor: number;
  version: number;
}
const CampaignSchema = new Schema<Campaign>({
  _id: String,
  name: { type: String, required: true },
  code: { type: String, required: true, unique: true },
  remainingMinor: { type: Number, required: true },
  version: { type: Number, required: true },
});

beforeAll(async () => {
  conn = await mongoose.createConnection(requireEnv('MONGO_URL'), mongooseOptions(ns.dbName)).asPromise();
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

test('mongoose_onTheMongoDbApi_writesAndReadsByIdAndFilter', async () => {
  const Campaigns = conn.model('Campaign', CampaignSchema);
  await Campaigns.init();
  await Campaigns.create({ _id: 'cmp-1', name: 'Spring webinar', code: 'SPRING', remainingMinor: 100_00, version: 1 });
  const found = await Campaigns.findById('cmp-1').lean();
  expect(found).toMatchObject({ name: 'Spring webinar', remainingMinor: 10000 });
  expect(await Campaigns.countDocuments({ code: 'SPRING' })).toBe(1);
});

test('uniqueIndex_rejectsASecondDocumentWithTheSameKey', async () => {
  const Campaigns = conn.model('Campaign', CampaignSchema);
  await Campaigns.init();
  await Campaigns.create({ _id: 'cmp-u1', name: 'A', code: 'DUP', remainingMinor: 1, version: 1 });
  await expect(
    Campaigns.create({ _id: 'cmp-u2', name: 'B', code: 'DUP', remainingMinor: 1, version: 1 }),
  ).rejects.toMatchObject({ code: 11000 });
});

test('conditionalUpdate_underConcurrency_neverTakesMoreThanIsLeft', async () => {
  const Campaigns = conn.model('Campaign', CampaignSchema);
  await Campaigns.create({ _id: 'cmp-race', name: 'Race', code: 'RACE', remainingMinor: 500, version: 1 });
  // Twenty takers of 100 against 500: exactly five may win, and the balance never goes negative.
  const results = await Promise.all(
    Array.from({ length: 20 }, () =>
      Campaigns.updateOne(
        { _id: 'cmp-race', remainingMinor: { $gte: 100 } },
        { $inc: { remainingMinor: -100, version: 1 } },
      ),
    ),
  );
  expect(results.filter((r) => r.modifiedCount === 1)).toHaveLength(5);
  expect((await Campaigns.findById('cmp-race').lean())!.remainingMinor).toBe(0);
});

describe('MongoWatchdog (the database answers, the service connection does not)', () => {
  const disconnected = { readyState: 0 } as mongoose.Connection;

  test('watchdog_connectionDownLongerThanTheLimit_whileTheServerAnswers_exitsWith70', async () => {
    const exits: number[] = [];
    const dog = new MongoWatchdog(disconnected, requireEnv('MONGO_URL'), 30_000, (c) => exits.push(c));
    await dog.check(1_000);
    await dog.check(20_000);
    expect(exits).toEqual([]); // down for 19 s: could be an ordinary reconnect
    await dog.check(31_000);
    expect(exits).toEqual([70]);
  });

  test('watchdog_serverItselfDown_waits', async () => {
    const exits: number[] = [];
    const dog = new MongoWatchdog(disconnected, 'mongodb://127.0.0.1:1/', 30_000, (c) => exits.push(c));
    await dog.check(1_000);
    await dog.check(60_000);
    expect(exits).toEqual([]);
  });

  test('watchdog_connected_neverExits', async () => {
    const exits: number[] = [];
    const dog = new MongoWatchdog(conn, requireEnv('MONGO_URL'), 0, (c) => exits.push(c));
    await dog.check(1_000);
    await dog.check(1_000_000);
    expect(exits).toEqual([]);
  });
});

test('conditionalUpdate_fromTwoOsProcessesAtOnce_takesExactlyWhatIsLeft', async () => {
  // Two processes, ten guarded takers of 1 each, against a balance of 5 (issue #11's probe): the
  // server itself must apply each update atomically, whatever client or connection sends it.
  const balances = conn.db!.collection<{ _id: string; remaining: number }>('balances');
  await balances.insertOne({ _id: 'B', remaining: 5 });
  const child = join(__dirname, 'balance-race-child.js');
  const run = () => execFileAsync(process.execPath, [child, requireEnv('MONGO_URL'), ns.dbName]);
  const [a, b] = await Promise.all([run(), run()]);
  expect(Number(a.stdout) + Number(b.stdout)).toBe(5);
  expect((await balances.findOne({ _id: 'B' }))!.remaining).toBe(0);
});

test('findOneAndUpdate_upsertsRacingOnANewId_eachGetTheDocumentAfterTheirIncrement', async () => {
  // A yearly counter's first callers (review's pre-approval ids): every one gets a distinct number.
  const counters = conn.db!.collection<{ _id: string; seq: number }>('counters');
  const results = await Promise.all(
    Array.from({ length: 8 }, () =>
      counters
        .findOneAndUpdate({ _id: 'PA-2026' }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' })
        .catch((e: { code?: number }) => (e.code === 11000 ? 'duplicate key' : Promise.reject(e))),
    ),
  );
  // MongoDB may answer a racing upsert with a duplicate key (the caller retries); never with nothing.
  const seqs = results.filter((r) => r !== 'duplicate key').map((r) => (r as { seq: number }).seq);
  expect(results).not.toContain(null);
  expect(new Set(seqs).size).toBe(seqs.length);
});
