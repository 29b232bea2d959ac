/**
 * SecantusDB alone at the scale benchmark's sizes (docs/database.md, "At 100,000 claims"): fills one
 * server with claim-sized documents in the collections and indexes the services declare, about ten
 * documents per claim as the scale bench's clones, then times the hot operations at each size at
 * 16 in flight and prints p50 / p99 beside the server's resident memory. No services, no Kafka:
 * what it measures is the database.
 *
 * DB_SCALE_URL (mongodb://127.0.0.1:23027/), DB_SCALE_SIZES (1000,10000,100000: cumulative claims),
 * DB_SCALE_SECONDS (5 per operation), DB_SCALE_PID (the server's pid, for its RSS),
 * DB_SCALE_KEEP=1 leaves the data for a rerun (DB_SCALE_MEASURE_ONLY=1 then measures what is there,
 * so the same data can be measured on two server builds).
 */
import { readFileSync } from 'node:fs';
import { Db, Document, MongoClient } from 'mongodb';
import { percentile, round } from './lib';

const URL = process.env.DB_SCALE_URL ?? 'mongodb://127.0.0.1:23027/';
const SIZES = (process.env.DB_SCALE_SIZES ?? '1000,10000,100000').split(',').map(Number);
const SECONDS = Number(process.env.DB_SCALE_SECONDS ?? 5);
const CONCURRENCY = 16;
const BATCH = 1000;
const PARTNERS = 12;
const BIG = 'partner-northwind';
const pad = (n: number) => String(n).padStart(8, '0');
const claimId = (i: number) => `CLM-${pad(i)}`;
const partnerOf = (i: number) => (i % 3 === 0 ? BIG : `partner-${i % (PARTNERS - 1)}`);
const STATUSES = ['ready', 'submitted', 'approved', 'rejected'];
const day = 86_400_000;
const since = Date.UTC(2026, 9, 1);
const note = 'n'.repeat(300);

/** About 1.7 KB: the fields a claim of the scale bench's templates holds, a short history. */
const claim = (i: number): Document => ({
  _id: claimId(i),
  version: 3,
  partnerId: partnerOf(i),
  campaignId: `CMP-${partnerOf(i)}`,
  programId: 'PRG-1',
  status: STATUSES[i % 4],
  title: `Spring promotion ${i}`,
  amount: { minor: 125_000 + i, currency: 'EUR' },
  documents: [{ id: `DOC-${pad(i)}`, kind: 'invoice', sha256: `sha-${i}` }],
  duplicateFlags: [],
  processedEventIds: [`EVT-${i}-a`, `EVT-${i}-b`],
  history: [
    { at: new Date(since + (i % 60) * day).toISOString(), actor: 'bob', kind: 'claim.created', note },
    { at: new Date(since + (i % 60) * day).toISOString(), actor: 'bob', kind: 'claim.details', note },
    { at: new Date(since + (i % 60) * day).toISOString(), actor: 'bob', kind: 'claim.evidence', note },
  ],
  outbox: [],
  reviewDueAt: new Date(since + (i % 60) * day).toISOString(),
  createdAt: new Date(since + (i % 60) * day).toISOString(),
  createdBy: 'bob',
  updatedAt: new Date(since + (i % 60) * day).toISOString(),
});

const reviewItem = (i: number): Document => ({
  _id: claimId(i),
  claimId: claimId(i),
  partnerId: partnerOf(i),
  programId: 'PRG-1',
  campaignId: `CMP-${partnerOf(i)}`,
  status: i % 4 === 1 ? 'queued' : i % 4 === 2 ? 'approved' : 'rejected',
  dueAt: new Date(since + ((i * 7919) % 60) * day + (i % 1000) * 1000),
  assigneeId: null,
  overdueNotified: false,
  decidedAt: i % 4 === 1 ? null : new Date(since + (i % 60) * day),
  history: [{ at: new Date(), actor: 'system', kind: 'queued', note }],
  lastEventIds: [`EVT-${i}-a`],
  outbox: [],
});

/** One batch of claims, every collection the scale bench's clones fill, per service database. */
function batch(from: number, to: number): Record<string, Record<string, Document[]>> {
  const ids = Array.from({ length: to - from }, (_, k) => from + k);
  return {
    claims: {
      claims: ids.map(claim),
      idempotency_keys: ids.map((i) => ({
        _id: `create:bob:key-${i}`,
        scopeId: claimId(i),
        status: 'done',
        response: { status: 201, body: { id: claimId(i), note } },
        expiresAt: new Date(Date.now() + day),
      })),
      known_documents: ids.map((i) => ({
        _id: `DOC-${pad(i)}`,
        partnerId: partnerOf(i),
        kind: 'invoice',
        sha256: `sha-${i}`,
        claimId: claimId(i),
        totalMinor: 125_000 + i,
        currency: 'EUR',
      })),
      evidence_fingerprints: ids.flatMap((i) => [
        { _id: `sha256:sha-${i}`, claimId: claimId(i) },
        { _id: `invoice:vendor|inv-${i}`, claimId: claimId(i) },
      ]),
    },
    documents: {
      documents: ids.map((i) => ({
        _id: `DOC-${pad(i)}`,
        partnerId: partnerOf(i),
        claimId: claimId(i),
        status: 'attached',
        sha256: `sha-${i}`,
        objectKey: `documents/DOC-${pad(i)}`,
        createdAt: new Date(since + (i % 60) * day),
        extracted: { vendor: 'vendor', invoiceNumber: `inv-${i}`, totalMinor: 125_000 + i, note },
        outbox: [],
      })),
      claim_facts: ids.map((i) => ({ _id: claimId(i), claimId: claimId(i), partnerId: partnerOf(i), revision: 3 })),
    },
    review: {
      review_items: ids.filter((i) => i % 4 !== 0).map(reviewItem),
      claim_facts: ids.flatMap((i) =>
        [1, 2, 3].map((r) => ({ _id: `${claimId(i)}:${r}`, claimId: claimId(i), revision: r, title: `claim ${i}` })),
      ),
    },
  };
}

/** The indexes the services declare on these collections (the *.schema.ts files, the outbox relay). */
async function createIndexes(dbs: Record<string, Db>) {
  const c = dbs.claims;
  for (const key of [
    { partnerId: 1, _id: -1 },
    { partnerId: 1, status: 1, _id: -1 },
    { campaignId: 1, _id: -1 },
    { 'pending.startedAt': 1 },
    { 'outbox.id': 1 },
  ])
    await c.collection('claims').createIndex(key as Document);
  await c.collection('idempotency_keys').createIndex({ expiresAt: 1 });
  await c.collection('known_documents').createIndex({ sha256: 1 });
  const d = dbs.documents.collection('documents');
  for (const key of [{ sha256: 1 }, { partnerId: 1, createdAt: -1 }, { status: 1, createdAt: 1 }, { claimId: 1 }])
    await d.createIndex(key as Document);
  await d.createIndex({ objectKey: 1 }, { unique: true });
  await d.createIndex({ 'outbox.id': 1 });
  const r = dbs.review.collection('review_items');
  for (const key of [
    { status: 1, dueAt: 1, _id: 1 },
    { programId: 1, status: 1, dueAt: 1 },
    { partnerId: 1, status: 1, dueAt: 1 },
    { assigneeId: 1, status: 1, dueAt: 1 },
    { overdueNotified: 1, dueAt: 1 },
    { decidedAt: 1 },
    { 'outbox.id': 1 },
  ])
    await r.createIndex(key as Document);
  await dbs.review.collection('claim_facts').createIndex({ claimId: 1, revision: 1 });
}

async function load(dbs: Record<string, Db>, from: number, to: number) {
  for (let i = from; i < to; i += BATCH) {
    const b = batch(i, Math.min(to, i + BATCH));
    for (const [service, collections] of Object.entries(b))
      for (const [name, docs] of Object.entries(collections))
        if (docs.length > 0) await dbs[service].collection<Document>(name).insertMany(docs, { ordered: false });
  }
}

const rssMb = () => {
  const pid = process.env.DB_SCALE_PID;
  if (!pid) return NaN;
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? round(Number(m[1]) / 1024) : NaN;
};

/** The services' documents: string ids throughout. */
type Stored = Document & { _id: string };

interface Row {
  claims: number;
  op: string;
  ops: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  rssMb: number;
}

/** `op(i)` at 16 in flight for SECONDS (at most `total` calls). */
async function timed(total: number, op: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = Date.now();
  const deadline = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < total && Date.now() < deadline; i = next++) {
        const s = process.hrtime.bigint();
        await op(i);
        latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    ops: latencies.length,
    perSecond: round(latencies.length / ((Date.now() - t0) / 1000)),
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
    max: round(latencies[latencies.length - 1] ?? NaN),
  };
}

async function measure(dbs: Record<string, Db>, size: number): Promise<Row[]> {
  const claims = dbs.claims.collection<Stored>('claims');
  const items = dbs.review.collection<Stored>('review_items');
  const rows: Row[] = [];
  const run = async (op: string, call: (i: number) => Promise<unknown>, total = 1_000_000) => {
    const r = await timed(total, call);
    const row = { claims: size, op, ...r, rssMb: rssMb() };
    console.error(`[db-scale] ${JSON.stringify(row)}`);
    rows.push(row);
    return r;
  };
  // A big partner's claims, spread over the whole collection.
  const big = (i: number) => claimId((((i * 7919) % Math.floor(size / 3)) * 3) % size);
  await run('findOne({_id})', (i) => claims.findOne({ _id: big(i) }));
  await run("partner's first page", () =>
    claims
      .find({ partnerId: BIG }, { projection: { outbox: 0, history: 0, processedEventIds: 0 } })
      .sort({ _id: -1 })
      .limit(21)
      .toArray(),
  );
  await run('review queue first page', () =>
    items
      .find({ status: { $in: ['queued', 'in_review'] } }, { projection: { outbox: 0, history: 0, lastEventIds: 0 } })
      .sort({ dueAt: 1, _id: 1 })
      .limit(21)
      .toArray(),
  );
  const raw = `RAW-${size}-${Date.now().toString(36)}`;
  const inserted = await run('insertOne claim', (i) => claims.insertOne({ ...claim(i), _id: `${raw}-${i}` }));
  await run(
    'guarded updateOne({_id, version})',
    (i) =>
      claims.updateOne({ _id: `${raw}-${i}`, version: 3 }, {
        $set: { updatedAt: new Date().toISOString() },
        $inc: { version: 1 },
        $push: { history: { at: new Date().toISOString(), actor: 'bob', kind: 'bench.touched' } },
      } as Document),
    inserted.ops,
  );
  await claims.deleteMany({ _id: { $regex: `^${raw}-` } });
  return rows;
}

async function main() {
  const client = await MongoClient.connect(URL, { retryWrites: false, maxPoolSize: CONCURRENCY * 2 });
  const dbs = {
    claims: client.db('dbscale_claims'),
    documents: client.db('dbscale_documents'),
    review: client.db('dbscale_review'),
  };
  const measureOnly = process.env.DB_SCALE_MEASURE_ONLY === '1';
  if (!measureOnly) {
    for (const db of Object.values(dbs)) await db.dropDatabase();
    await createIndexes(dbs);
  }
  const rows: Row[] = [];
  let loaded = measureOnly ? await dbs.claims.collection('claims').countDocuments() : 0;
  for (const size of SIZES) {
    if (size > loaded) {
      const t0 = Date.now();
      await load(dbs, loaded, size);
      console.error(
        `[db-scale] ${size} claims loaded (${size - loaded} in ${round((Date.now() - t0) / 1000)} s), rss ${rssMb()} MB`,
      );
      loaded = size;
    }
    rows.push(...(await measure(dbs, size)));
  }
  console.table(rows);
  if (process.env.DB_SCALE_KEEP !== '1') for (const db of Object.values(dbs)) await db.dropDatabase();
  await client.close();
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
