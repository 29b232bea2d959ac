/**
 * The MongoDB-API server candidates, side by side on the same data (docs/database.md): each URL in
 * DB_BENCH_SERVERS ("name=mongodb://...,name=...") gets the same collection of claim-sized documents
 * at each size, then the operations the services make: find by _id, a partner's first page (equality
 * + sort + limit on a compound index), guarded update by {_id, revision}, insert, and the balance race
 * (20 guarded $inc on a balance of 5 from two OS processes at once). `explain` says whether an index
 * served each query. Figures are medians of the run; one table, saved as JSON.
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient, Collection, Document } from 'mongodb';

type Claim = ReturnType<typeof claimDoc>;
import { percentile, round } from './lib';

interface Row {
  server: string;
  docs: number;
  op: string;
  perSecond?: number;
  p50?: number;
  p99?: number;
  note?: string;
}

const CALLERS = Number(process.env.DB_BENCH_CALLERS ?? 16);
const SIZES = (process.env.DB_BENCH_SIZES ?? '2000,20000,100000').split(',').map(Number);
const PARTNERS = 50;
const STATUSES = ['EDITING', 'SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED'];
const filler = 'x'.repeat(1400);

const claimDoc = (i: number) => ({
  _id: `CLM-${String(i).padStart(8, '0')}`,
  partnerId: `partner-${i % PARTNERS}`,
  status: STATUSES[Math.floor(i / PARTNERS) % STATUSES.length],
  revision: 1,
  campaignId: `CMP-${i % 200}`,
  dueAt: new Date(Date.UTC(2026, 11, 1) + ((i * 7919) % 100_000) * 60_000),
  sha256: `sha-${i}`,
  amountMinor: 125000 + i,
  currency: 'EUR',
  history: [{ at: new Date(), actor: 'bob', kind: 'claim.created', note: filler }],
  outbox: [],
});

/** Bounded in count and in time (DB_BENCH_SECONDS per operation), so a slow server ends too. */
const SECONDS_PER_OP = Number(process.env.DB_BENCH_SECONDS ?? 10);

async function timed(total: number, concurrency: number, op: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  const deadline = Date.now() + SECONDS_PER_OP * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total && Date.now() < deadline; i = next++) {
        const s = process.hrtime.bigint();
        await op(i);
        latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: round(latencies.length / seconds),
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
  };
}

/** The plan's words that say an index served it (MongoDB: IXSCAN/IDHACK/EXPRESS; FerretDB: SQL). */
function planUsesIndex(plan: Document): string {
  const text = JSON.stringify(plan);
  if (
    /IXSCAN|IDHACK|EXPRESS_IXSCAN|Index Scan|Index Only Scan|USING INDEX|USING COVERING INDEX|Bitmap Index/i.test(text)
  )
    return 'index';
  if (/COLLSCAN|Seq Scan|SCAN /i.test(text)) return 'scan';
  return 'unknown';
}

async function load(c: Collection<Claim>, from: number, to: number) {
  for (let i = from; i < to; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(to, i + 1000); j++) batch.push(claimDoc(j));
    await c.insertMany(batch, { ordered: false });
  }
}

/** Child mode: one OS process racing on the balance document. */
async function raceChild(url: string, db: string, tries: number) {
  const client = await MongoClient.connect(url, { retryWrites: false });
  const c = client.db(db).collection<{ _id: string; remaining: number }>('balance');
  const results = await Promise.all(
    Array.from({ length: tries }, () =>
      c.updateOne({ _id: 'B', remaining: { $gte: 1 } }, { $inc: { remaining: -1 } }).then((r) => r.modifiedCount),
    ),
  );
  await client.close();
  process.send?.(results.reduce((a, b) => a + b, 0));
}

async function race(url: string, db: string): Promise<Row> {
  const client = await MongoClient.connect(url, { retryWrites: false });
  const c = client.db(db).collection<{ _id: string; remaining: number }>('balance');
  await c.deleteMany({});
  await c.insertOne({ _id: 'B', remaining: 5 });
  const child = () =>
    new Promise<number>((resolve, reject) => {
      const p = fork(__filename, ['race-child', url, db, '10'], { execArgv: process.execArgv });
      p.once('message', (n) => resolve(Number(n)));
      p.once('error', reject);
    });
  const [a, b] = await Promise.all([child(), child()]);
  const left = (await c.findOne({ _id: 'B' }))?.remaining;
  await client.close();
  return {
    server: '',
    docs: 1,
    op: 'balance race: successes / balance left (expect 5 / 0)',
    note: `${a + b} / ${left}`,
  };
}

async function benchServer(name: string, url: string): Promise<Row[]> {
  const rows: Row[] = [];
  const client = await MongoClient.connect(url, { retryWrites: false, maxPoolSize: CALLERS * 2 });
  const dbName = `bench_db_${Date.now()}`;
  const db = client.db(dbName);
  const c = db.collection<Claim>('claims');
  // The indexes the services declare for these queries (claim.schema.ts, review-item.schema.ts, document.schema.ts).
  await c.createIndex({ partnerId: 1, status: 1, _id: -1 });
  await c.createIndex({ status: 1, dueAt: 1, _id: 1 });
  await c.createIndex({ sha256: 1 });
  let loaded = 0;
  for (const size of SIZES) {
    const t0 = Date.now();
    await load(c, loaded, size);
    loaded = size;
    console.error(`[bench:db] ${name}: ${size} docs loaded in ${Date.now() - t0} ms`);
    const id = (i: number) => `CLM-${String((i * 7919) % size).padStart(8, '0')}`;
    const n = Math.min(2000, size);
    const push = (op: string, r: object, note?: string) => rows.push({ server: name, docs: size, op, ...r, note });
    push('find({_id})', await timed(n, CALLERS, (i) => c.findOne({ _id: id(i) })));
    const page = (i: number) =>
      c
        .find({ partnerId: `partner-${i % PARTNERS}`, status: 'SUBMITTED' })
        .sort({ _id: -1 })
        .limit(20)
        .toArray();
    push(
      'partner page: find({partnerId, status}).sort({_id:-1}).limit(20)',
      await timed(Math.min(500, n), CALLERS, page),
    );
    const queue = () =>
      c
        .find({ status: { $in: ['SUBMITTED', 'UNDER_REVIEW'] } })
        .sort({ dueAt: 1, _id: 1 })
        .limit(20)
        .toArray();
    push(
      'queue page: find({status: {$in}}).sort({dueAt, _id}).limit(20)',
      await timed(Math.min(500, n), CALLERS, queue),
    );
    push('find({sha256})', await timed(n, CALLERS, (i) => c.find({ sha256: `sha-${(i * 7919) % size}` }).toArray()));
    push(
      'guarded updateOne({_id, revision})',
      await timed(n, CALLERS, async (i) => {
        const doc = await c.findOne({ _id: id(i) }, { projection: { revision: 1 } });
        await c.updateOne({ _id: id(i), revision: doc?.revision }, { $inc: { revision: 1 }, $set: { touched: i } });
      }),
      'read + guarded write',
    );
    push('insertOne', await timed(n, CALLERS, (i) => c.insertOne({ ...claimDoc(0), _id: `INS-${size}-${i}` })));
    await c.deleteMany({ _id: { $regex: `^INS-${size}-` } });
    const explainId = await c.find({ _id: id(1), revision: { $gte: 0 } }).explain();
    const explainPage = await c
      .find({ partnerId: 'partner-1', status: 'SUBMITTED' })
      .sort({ _id: -1 })
      .limit(20)
      .explain();
    const explainQueue = await c
      .find({ status: { $in: ['SUBMITTED', 'UNDER_REVIEW'] } })
      .sort({ dueAt: 1, _id: 1 })
      .limit(20)
      .explain();
    const explainHash = await c.find({ sha256: 'sha-1' }).explain();
    push(
      'explain',
      {},
      `{_id, revision}: ${planUsesIndex(explainId)}; partner page: ${planUsesIndex(explainPage)}; queue: ${planUsesIndex(explainQueue)}; sha256: ${planUsesIndex(explainHash)}`,
    );
  }
  const r = await race(url, dbName);
  rows.push({ ...r, server: name });
  await db.dropDatabase().catch(() => undefined);
  await client.close();
  return rows;
}

async function main() {
  if (process.argv[2] === 'race-child') return raceChild(process.argv[3], process.argv[4], Number(process.argv[5]));
  const servers = (process.env.DB_BENCH_SERVERS ?? '')
    .split(',')
    .filter(Boolean)
    .map((s) => s.split(/=(.*)/s));
  if (servers.length === 0) throw new Error('DB_BENCH_SERVERS="name=mongodb://...,..." names the servers to compare');
  const rows: Row[] = [];
  // Each server's rows are printed as soon as it is done, so a long run shows its figures as it goes.
  for (const [name, url] of servers) {
    const mine = await benchServer(name, url);
    console.table(mine);
    rows.push(...mine);
  }
  console.table(rows);
  const dir = join(__dirname, '../../bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `database-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ callers: CALLERS, sizes: SIZES, rows }, null, 2));
  console.log(`saved ${file}`);
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
