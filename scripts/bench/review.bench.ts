/**
 * Review service figures: how long a submitted claim takes to reach the review queue (produced on
 * Kafka -> stored in the read model, at a steady 200 submissions/s for 20 s), and how many decisions
 * per second reviewers can make over HTTP. Boots the service in-process in its own namespace.
 */
import { toKafkaMessage, TOPICS } from '@poe/contracts';
import { createKafka, createServiceApp, kafkaAuthOf } from '@poe/platform';
import type { INestApplication } from '@nestjs/common';
import mongoose from 'mongoose';
import { asCaller, listenOnFreePort, kafkaUserEnv, readInfraEnv, serviceEnv, testNamespace } from '@poe/testing';
import { loadReviewConfig } from '../../apps/review/src/config';
import { ReviewOutbox } from '../../apps/review/src/outbox/review-outbox';
import { ClaimEventsConsumer } from '../../apps/review/src/queue/claim-events.consumer';
import { ReviewModule } from '../../apps/review/src/review.module';
import { claimEvents, ClaimFixture } from '../../apps/review/test/claim-events';
import { Figure, httpLoad, percentile, round } from './lib';

const RATE_PER_SECOND = 200;
const SECONDS = 20;
const DECISIONS = 100;
const DECISION_CONCURRENCY = 4;
const DRAIN_MS = 15_000;

for (const [k, v] of Object.entries(readInfraEnv())) if (process.env[k] === undefined) process.env[k] = v;
// Benchmarks use the tests' Kafka principal, which may use `t.*` topics and groups only.
for (const [k, v] of Object.entries(kafkaUserEnv('tests'))) if (process.env[k] === undefined) process.env[k] = v;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const progress = (msg: string) => process.env.BENCH_VERBOSE && process.stderr.write(`review bench: ${msg}\n`);

/** Resolves once `claimIds` have all been applied (or the time is up), using the consumer's hook. */
function waitApplied(
  consumer: ClaimEventsConsumer,
  type: string,
  claimIds: string[],
  timeoutMs: number,
): Promise<number> {
  const pending = new Set(claimIds);
  return new Promise((resolve) => {
    const onApplied = (claimId: string, eventType: string) => {
      if (eventType === type && pending.delete(claimId) && pending.size === 0) done();
    };
    const timer = setTimeout(() => done(), timeoutMs);
    const done = () => {
      clearTimeout(timer);
      consumer.events.off('applied', onApplied);
      resolve(claimIds.length - pending.size);
    };
    consumer.events.on('applied', onApplied);
  });
}

export async function run(): Promise<Figure[]> {
  const ns = testNamespace('review.bench.ts');
  const config = loadReviewConfig(serviceEnv(ns, { LOG_LEVEL: 'error', REVIEW_OVERDUE_CHECK_INTERVAL_MS: '0' }));
  let app: INestApplication | undefined;
  const kafka = createKafka(`${ns.id}-bench`, config.KAFKA_BROKERS, kafkaAuthOf(config));
  // Not idempotent: one in-flight request at a time could not keep a steady 200 single sends/s.
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  try {
    app = await createServiceApp(ReviewModule.forRoot(config), { name: 'review', logLevel: 'error' });
    const url = await listenOnFreePort(app);
    const consumer = app.get(ClaimEventsConsumer);
    const handleTimes: number[] = [];
    if (process.env.BENCH_VERBOSE) {
      const inner = consumer.handle.bind(consumer);
      consumer.handle = async (e) => {
        const t = performance.now();
        await inner(e);
        handleTimes.push(performance.now() - t);
      };
    }
    await producer.connect();
    const topic = ns.topic(TOPICS.claim);
    const fixture = (i: number): ClaimFixture => ({
      claimId: `CLM-B${String(i).padStart(6, '0')}`,
      partnerId: `PRT-${i % 50}`,
      programId: `PRG-${i % 4}`,
      campaignId: `CMP-${i % 200}`,
    });

    // Warm-up: the consumer group has joined and the first writes are done before timing anything.
    const warm = Array.from({ length: 20 }, (_, i) => fixture(900_000 + i));
    const warmed = waitApplied(
      consumer,
      'poe.claims.claim.submitted.v1',
      warm.map((c) => c.claimId),
      15_000,
    );
    await producer.send({ topic, acks: -1, messages: warm.map((c) => toKafkaMessage(claimEvents(c).submitted(1))) });
    progress(`warm-up: ${await warmed}/${warm.length} applied`);

    // Decisions first, on a queue of DECISIONS claims under review (as the claims service reports them).
    const deciding = Array.from({ length: DECISIONS }, (_, i) => fixture(800_000 + i));
    const started = waitApplied(
      consumer,
      'poe.claims.claim.review-started.v1',
      deciding.map((c) => c.claimId),
      20_000,
    );
    await producer.send({
      topic,
      acks: -1,
      messages: deciding
        .flatMap((c) => [claimEvents(c).submitted(1), claimEvents(c).reviewStarted(2, 'rev-bench')])
        .map(toKafkaMessage),
    });
    progress(`under review: ${await started}/${DECISIONS} applied`);
    progress(
      `handler so far: ${handleTimes.length} calls, p50 ${round(
        percentile(
          [...handleTimes].sort((a, b) => a - b),
          50,
        ),
      )} ms, p99 ${round(
        percentile(
          [...handleTimes].sort((a, b) => a - b),
          99,
        ),
      )} ms`,
    );
    const headers = asCaller({ subject: 'rev-bench', roles: ['reviewer'] });
    const load = await httpLoad(url, DECISIONS, DECISION_CONCURRENCY, (i) => ({
      method: 'POST',
      path: `/review/items/${deciding[i].claimId}/approve`,
      headers,
      body: { approvedAmount: { amount: '1250.00', currency: 'EUR' } },
    }));
    progress(`decisions: ${JSON.stringify(load.statuses)}`);
    // Let the relay publish the decisions before timing submissions, so the two phases do not overlap.
    const relay = app.get(ReviewOutbox).relay;
    const relayDeadline = performance.now() + 10_000;
    while (relay.published < load.ok && performance.now() < relayDeadline) await sleep(50);
    progress(`decision events published: ${relay.published}`);

    // Steady load: one submission every 5 ms, each timed from just before it is produced.
    const total = RATE_PER_SECOND * SECONDS;
    const producedAt = new Map<string, number>();
    const arrived = new Map<string, number>();
    const onApplied = (claimId: string, type: string) => {
      const t = producedAt.get(claimId);
      if (t !== undefined && type === 'poe.claims.claim.submitted.v1') arrived.set(claimId, performance.now() - t);
    };
    consumer.events.on('applied', onApplied);
    const claims = Array.from({ length: total }, (_, i) => fixture(i));
    const events = claims.map((c) => toKafkaMessage(claimEvents(c).submitted(1)));
    const sends: Promise<unknown>[] = [];
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      producedAt.set(claims[i].claimId, performance.now());
      sends.push(producer.send({ topic, acks: -1, messages: [events[i]] }));
    }
    await Promise.all(sends);
    const produceSeconds = (performance.now() - start) / 1000;
    progress(`produced ${total} in ${round(produceSeconds)} s; ${arrived.size} applied so far`);
    const deadline = performance.now() + DRAIN_MS;
    while (arrived.size < total && performance.now() < deadline) await sleep(50);
    consumer.events.off('applied', onApplied);
    const stoppedAt = performance.now();
    // A submission still missing has waited at least until now: counted with that lower bound.
    const latencies = claims
      .map((c) => arrived.get(c.claimId) ?? stoppedAt - producedAt.get(c.claimId)!)
      .sort((a, b) => a - b);
    const missing = total - arrived.size;
    const appliedPerSecond = arrived.size / ((stoppedAt - start) / 1000);
    progress(
      `handler: ${handleTimes.length} calls, p50 ${round(
        percentile(
          [...handleTimes].sort((a, b) => a - b),
          50,
        ),
      )} ms, p99 ${round(
        percentile(
          [...handleTimes].sort((a, b) => a - b),
          99,
        ),
      )} ms`,
    );

    return [
      {
        name: 'review: claim submitted -> in review queue, p50',
        value: round(percentile(latencies, 50)),
        unit: 'ms',
        note: `${RATE_PER_SECOND}/s for ${round(produceSeconds)} s; ${arrived.size}/${total} arrived${missing ? `, ${missing} still missing ${DRAIN_MS / 1000} s after the last send (counted as lower bounds)` : ''}`,
      },
      {
        name: 'review: claim submitted -> in review queue, p99',
        value: round(percentile(latencies, 99)),
        unit: 'ms',
        aim: '<= 250',
        ...(missing > total / 100 ? { note: 'lower bound: more than 1% had not arrived' } : {}),
      },
      {
        name: 'review: submissions applied to the queue',
        value: round(appliedPerSecond),
        unit: 'events/s',
        note: `offered ${RATE_PER_SECOND}/s`,
      },
      {
        name: 'review: decisions over HTTP (approve)',
        value: round(load.perSecond),
        unit: 'decisions/s',
        note: `${load.ok} ok, ${load.failed} failed, concurrency ${DECISION_CONCURRENCY}, queue of ${DECISIONS} items, p50 ${round(load.p50)} ms, p99 ${round(load.p99)} ms`,
      },
    ];
  } finally {
    await producer.disconnect().catch(() => undefined);
    await app?.close();
    const conn = await mongoose
      .createConnection(config.MONGO_URL, { dbName: ns.dbName, retryWrites: false })
      .asPromise();
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  }
}

if (require.main === module) {
  const timer = setTimeout(() => {
    process.stderr.write('review bench: gave up after 2 minutes\n');
    process.exit(1);
  }, 120_000);
  run()
    .then((figures) => {
      clearTimeout(timer);
      for (const f of figures) {
        process.stdout.write(
          `${f.name}: ${f.value} ${f.unit}${f.aim ? ` (aim ${f.aim})` : ''}${f.note ? ` - ${f.note}` : ''}\n`,
        );
      }
      process.exit(0);
    })
    .catch((e) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    });
}
