/**
 * Claims service figures, direct on the service over HTTP at a fixed concurrency: creates/s and
 * submits/s with p50/p99, the outbox relay's events/s to Kafka, and beside them what FerretDB itself
 * does at the same concurrency (raw insertOne/s and guarded updateOne/s through the driver), so a
 * bottleneck in the database shows as such. Boots the service in-process in its own namespace.
 */
import type { INestApplication } from '@nestjs/common';
import { ALL_TOPICS } from '@poe/contracts';
import {
  CallerIdentity,
  createKafka,
  createServiceApp,
  ensureServiceTopics,
  kafkaAuthOf,
  OutboxRelay,
} from '@poe/platform';
import { asCaller, listenOnFreePort, kafkaUserEnv, readInfraEnv, serviceEnv, testNamespace } from '@poe/testing';
import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { getConnectionToken } from '@nestjs/mongoose';
import { CatalogRepository } from '../../apps/claims/src/catalog/catalog.repository';
import { ClaimsModule } from '../../apps/claims/src/claims.module';
import { ClaimsRepository } from '../../apps/claims/src/claims/claims.repository';
import { loadClaimsConfig } from '../../apps/claims/src/config';
import { Figure, httpLoad, percentile, round } from './lib';

const CONCURRENCY = 32;
// Upper bounds; each phase is sized from a short probe so that it lasts about PHASE_SECONDS on
// whatever this machine and FerretDB deliver right now, which keeps the whole run under 2 minutes.
const CREATES = Number(process.env.CLAIMS_BENCH_CREATES ?? 1000);
const SUBMITS = Number(process.env.CLAIMS_BENCH_SUBMITS ?? 64);
const PHASE_SECONDS = Number(process.env.CLAIMS_BENCH_PHASE_SECONDS ?? 8);
/** Later phases are skipped (and say so) once the run has used this much. */
const BUDGET_SECONDS = 105;
const CAMPAIGNS = 32;
const RELAY_SECONDS = Number(process.env.CLAIMS_BENCH_RELAY_SECONDS ?? 10);
const BASELINE_OPS = 3000;

for (const [k, v] of Object.entries(readInfraEnv())) if (process.env[k] === undefined) process.env[k] = v;
// Benchmarks use the tests' Kafka principal, which may use `t.*` topics and groups only.
for (const [k, v] of Object.entries(kafkaUserEnv('tests'))) if (process.env[k] === undefined) process.env[k] = v;
const benchStart = Date.now();
const progress = (msg: string) =>
  process.env.BENCH_VERBOSE &&
  process.stderr.write(`claims bench [${Math.round((Date.now() - benchStart) / 1000)} s]: ${msg}\n`);

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** `concurrency` workers calling `op(i)` until `total` are done or `seconds` are up; latency percentiles in ms. */
async function driverLoad(
  total: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
  seconds = PHASE_SECONDS,
) {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total && Date.now() < deadline) {
        const i = next++;
        const t0 = process.hrtime.bigint();
        try {
          await op(i);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch {
          failed++; // e.g. SQLITE_BUSY from FerretDB: counted, not timed
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    done: latencies.length,
    failed,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

export async function run(): Promise<Figure[]> {
  const ns = testNamespace('claims.bench.ts');
  const startedAt = Date.now();
  const budgetLeft = () => BUDGET_SECONDS - (Date.now() - startedAt) / 1000;
  const config = loadClaimsConfig(
    serviceEnv(ns, {
      LOG_LEVEL: 'error',
      CLAIMS_OUTBOX_RELAY: 'false',
      CLAIMS_CONSUMER: 'false',
      CLAIMS_RECOVERY_INTERVAL_MS: '0',
    }),
  );
  let app: INestApplication | undefined;
  const kafka = createKafka(`${ns.id}-bench`, config.KAFKA_BROKERS, kafkaAuthOf(config));
  const figures: Figure[] = [];
  const push = figures.push.bind(figures);
  figures.push = (...f: Figure[]) => (f.forEach((x) => progress(`${x.name}: ${x.value} ${x.unit}`)), push(...f));
  try {
    app = await createServiceApp(ClaimsModule.forRoot(config), { name: 'claims', logLevel: 'error' });
    const url = await listenOnFreePort(app);
    const admin = asCaller({ subject: 'svc-bench', roles: ['service'] });
    const partnerId = 'PRT-BENCH';
    const partner: CallerIdentity = { subject: 'usr-bench', roles: ['incentives-user'], partnerId };
    const asPartner = asCaller(partner);
    const post = async (path: string, body: unknown, headers = admin) => {
      const res = await fetch(url + path, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };

    // Catalog: one partner with many campaigns, so submits spread like real traffic does.
    progress('seeding');
    await post('/programs', { id: 'PRG-BENCH', name: 'Bench program' });
    await post('/programs/PRG-BENCH/plans', { id: 'PLN-BENCH', name: 'Bench plan' });
    await post('/partners', { id: partnerId, name: 'Bench partner' });
    const campaignIds: string[] = [];
    for (let i = 0; i < CAMPAIGNS; i++) {
      const c = await post('/campaigns', {
        id: `CMP-BENCH-${i}`,
        planId: 'PLN-BENCH',
        partnerId,
        name: `Bench ${i}`,
        activityType: 'webinar',
        startDate: day(-10),
        endDate: day(30),
        allocated: { amount: '100000000.00', currency: 'EUR' },
      });
      campaignIds.push((c as { id: string }).id);
    }
    // Reference data the submit rules look up, written as the consumer would write it.
    const repo = app.get(ClaimsRepository);
    const now = new Date().toISOString();
    for (let i = 0; i < CAMPAIGNS; i++) {
      await repo.preApprovalGranted({
        preApprovalId: `PA-2026-${String(900000 + i)}`,
        partnerId,
        campaignId: campaignIds[i],
        validFrom: day(-10) + 'T00:00:00.000Z',
        validUntil: day(60) + 'T00:00:00.000Z',
        grantedBy: 'rev',
        grantedAt: now,
      });
    }

    const createCall = (i: number) => ({
      method: 'POST',
      path: '/claims',
      headers: asPartner,
      body: {
        campaignId: campaignIds[i % CAMPAIGNS],
        name: `Bench claim ${i}`,
        executionDate: day(0),
        amount: { amount: '125.50', currency: 'EUR' },
      },
    });
    const claimsCol = repo.claimCollection as Collection;

    // Submits first, on a small collection: FerretDB v1 (SQLite) updates slow down with collection
    // size (see the baseline figures), and the preparation alone would not fit the time budget later.
    progress(`preparing ${SUBMITS} submits`);
    await httpLoad(url, SUBMITS, CONCURRENCY, (i) => createCall(2_000_000 + i));
    const ids = (await claimsCol.find({}, { projection: { _id: 1, campaignId: 1 } }).toArray()).map((d) => ({
      id: String(d._id),
      campaign: Number(String(d.campaignId).split('-').pop()),
    }));
    // Each claim gets its own invoice file, as real claims do (a shared one would flag every submit).
    await driverLoad(
      ids.length,
      CONCURRENCY,
      (i) =>
        repo.documentUploaded({
          documentId: `DOC-BENCH-${i}`,
          partnerId,
          kind: 'invoice',
          fileName: 'i.pdf',
          sha256: createHash('sha256').update(`bench-${i}`).digest('hex'),
          size: 10,
          contentType: 'application/pdf',
          duplicateOf: [],
          uploadedBy: 'u',
          uploadedAt: now,
        }),
      60,
    );
    const patch = await httpLoad(url, ids.length, CONCURRENCY, (i) => ({
      method: 'PATCH',
      path: `/claims/${ids[i].id}`,
      headers: asPartner,
      body: { estimatedImpressions: 1000, preApprovalId: `PA-2026-${900000 + ids[i].campaign}` },
    }));
    await httpLoad(url, ids.length, CONCURRENCY, (i) => ({
      method: 'PUT',
      path: `/claims/${ids[i].id}/evidence`,
      headers: asPartner,
      body: {
        invoice: {
          documentId: `DOC-BENCH-${i}`,
          invoiceNumber: `B-${i}`,
          invoiceDate: day(0),
          vendor: 'Bench vendor',
          amount: { amount: '125.50', currency: 'EUR' },
        },
      },
    }));
    figures.push({
      name: 'claims: update details (direct, c=32)',
      value: round(patch.perSecond),
      unit: 'req/s',
      note: `p99 ${round(patch.p99)} ms, ${ids.length} claims`,
    });

    progress('submits');
    const submit = await httpLoad(url, ids.length, CONCURRENCY, (i) => ({
      method: 'POST',
      path: `/claims/${ids[i].id}/submit`,
      headers: { ...asPartner, 'idempotency-key': `bench-submit-${i}` },
    }));
    figures.push(
      {
        name: 'claims: submit claim (direct, c=32)',
        value: round(submit.perSecond),
        unit: 'req/s',
        note: `${submit.ok} ok, ${submit.failed} failed; ${CAMPAIGNS} campaigns; with Idempotency-Key`,
      },
      { name: 'claims: submit claim p50', value: round(submit.p50), unit: 'ms' },
      { name: 'claims: submit claim p99', value: round(submit.p99), unit: 'ms' },
    );

    progress('probe');
    const probe = await httpLoad(url, CONCURRENCY * 2, CONCURRENCY, (i) => createCall(1_000_000 + i));
    const createTotal = Math.max(CONCURRENCY * 2, Math.min(CREATES, Math.round(probe.perSecond * PHASE_SECONDS)));
    progress(`creates: ${createTotal} (probe ${round(probe.perSecond)}/s)`);
    const create = await httpLoad(url, createTotal, CONCURRENCY, createCall);
    figures.push(
      {
        name: 'claims: create claim (direct, c=32)',
        value: round(create.perSecond),
        unit: 'req/s',
        aim: '>= 1500',
        note: `${create.ok} ok, ${create.failed} failed; no Idempotency-Key`,
      },
      { name: 'claims: create claim p50', value: round(create.p50), unit: 'ms' },
      { name: 'claims: create claim p99', value: round(create.p99), unit: 'ms', aim: '<= 50' },
    );

    // Outbox relay: everything written above is waiting; publish it all and time it.
    if (budgetLeft() < 30) {
      figures.push({
        name: 'claims: outbox relay to Kafka',
        value: NaN,
        unit: 'events/s',
        aim: '>= 5000',
        note: 'skipped: time budget used up by slower phases',
      });
      await app.get<Connection>(getConnectionToken()).db!.dropDatabase();
      return figures;
    }
    progress('relay');
    await ensureServiceTopics(kafka, ns.topic(''), ALL_TOPICS);
    // Smaller batches than the default 200, so that passes complete (and count) inside the time box.
    const relay = new OutboxRelay(kafka, {
      collections: [claimsCol, app.get(CatalogRepository).campaignCollection as Collection],
      topicPrefix: ns.topic(''),
      batchSize: 20,
    });
    // Time-boxed: the relay's own loop runs for RELAY_SECONDS over the backlog the phases above left.
    const pending = async () =>
      (await claimsCol.find({ 'outbox.0': { $exists: true } }, { projection: { _id: 1 } }).toArray()).length;
    const backlogDocs = await pending();
    const t0 = process.hrtime.bigint();
    relay.start();
    const until = Date.now() + RELAY_SECONDS * 1000;
    while (Date.now() < until && relay.published < backlogDocs * 3) await new Promise((r) => setTimeout(r, 250));
    const published = relay.published;
    const relaySeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    // A pass still waiting on FerretDB is not waited for beyond a few seconds: the loop ends after it.
    await Promise.race([relay.stop(), new Promise((r) => setTimeout(r, 5000))]);
    // The Kafka half of the relay alone: the same kind of messages, sent in batches, acks=all.
    const sample = await claimsCol
      .find({ 'outbox.0': { $exists: true } }, { projection: { outbox: 1 } })
      .limit(1)
      .toArray();
    const entry = (sample[0]?.outbox as { key: string; value: string }[] | undefined)?.[0] ?? { key: 'k', value: '{}' };
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    const KAFKA_MESSAGES = 20_000;
    const k0 = process.hrtime.bigint();
    for (let sent = 0; sent < KAFKA_MESSAGES; sent += 1000) {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic: ns.topic('claims.claim.v1'),
            messages: Array.from({ length: 1000 }, (_, j) => ({
              key: `${entry.key}-${(sent + j) % 64}`,
              value: entry.value,
            })),
          },
        ],
      });
    }
    const kafkaSeconds = Number(process.hrtime.bigint() - k0) / 1e9;
    await producer.disconnect();
    figures.push({
      name: 'kafka: producer sendBatch alone',
      value: round(KAFKA_MESSAGES / kafkaSeconds),
      unit: 'events/s',
      note: 'relay-sized messages, batches of 1000, acks=all',
    });
    figures.push({
      name: 'claims: outbox relay to Kafka',
      value: round(published / relaySeconds),
      unit: 'events/s',
      aim: '>= 5000',
      note: `${published} events in ${round(relaySeconds)} s; backlog in ${backlogDocs} claim documents`,
    });

    // FerretDB alone at the same concurrency: the ceiling under the service's own figures.
    progress('ferretdb baseline');
    const db = app.get<Connection>(getConnectionToken()).db!;
    const scratch = db.collection('bench_raw');
    const sampleClaim = (await claimsCol.findOne({}, { projection: { _id: 0, outbox: 0 } }))!;
    const inserts = await driverLoad(
      BASELINE_OPS,
      CONCURRENCY,
      (i) => scratch.insertOne({ ...sampleClaim, _id: `RAW-${i}` } as never),
      5,
    );
    const updates = await driverLoad(
      inserts.done,
      CONCURRENCY,
      (i) =>
        scratch.updateOne({ _id: `RAW-${i}` as never, version: sampleClaim.version }, {
          $set: { name: 'x' },
          $inc: { version: 1 },
          $push: { outbox: { $each: [{ id: String(i) }] } },
        } as never),
      6,
    );
    // The same guarded update by _id on the claims collection at its size after the run.
    const claimCount = await claimsCol.countDocuments();
    const claimIds = (
      await claimsCol
        .find({}, { projection: { _id: 1 } })
        .limit(2000)
        .toArray()
    ).map((d) => d._id);
    const bigUpdates = await driverLoad(
      claimIds.length,
      CONCURRENCY,
      (i) => claimsCol.updateOne({ _id: claimIds[i], pending: null }, { $set: { benchTouched: true } }),
      4,
    );
    figures.push(
      {
        name: 'ferretdb: raw insertOne (driver, c=32)',
        value: round(inserts.perSecond),
        unit: 'ops/s',
        note: `p99 ${round(inserts.p99)} ms, claim-sized doc, ${inserts.failed} failed`,
      },
      {
        name: 'ferretdb: guarded updateOne by _id, small coll.',
        value: round(updates.perSecond),
        unit: 'ops/s',
        note: `p99 ${round(updates.p99)} ms, ${inserts.done} docs, ${updates.failed} failed`,
      },
      {
        name: 'ferretdb: guarded updateOne by _id, claims coll.',
        value: round(bigUpdates.perSecond),
        unit: 'ops/s',
        note: `p99 ${round(bigUpdates.p99)} ms, ${claimCount} docs, ${bigUpdates.failed} failed`,
      },
    );
    await db.dropDatabase();
  } finally {
    await app?.close();
    const admin = kafka.admin();
    await admin.connect().catch(() => undefined);
    const mine = (await admin.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(ns.topic('')));
    if (mine.length) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
  return figures;
}

if (require.main === module) {
  run()
    .then((figures) => {
      for (const f of figures)
        console.log(
          `${f.name.padEnd(46)} ${String(f.value).padStart(10)} ${f.unit.padEnd(9)} ${f.aim ?? ''}${f.note ? `  (${f.note})` : ''}`,
        );
      process.exit(0);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
