import {
  createKafka,
  ensureServiceTopics,
  kafkaClientFromEnv,
  EventConsumer,
  OutboxRelay,
  pushToOutbox,
  toOutboxEntry,
} from '@poe/platform';
import { createEvent, dlqTopic, EVENT_SOURCES, getEventDefinition, parseEvent, TOPICS } from '@poe/contracts';
import { requireEnv, testNamespace } from '@poe/testing';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';

const ns = testNamespace(__filename);
let kafka: Kafka;
let conn: mongoose.Connection;

beforeAll(async () => {
  const { brokers, auth } = kafkaClientFromEnv('kafka test', process.env);
  kafka = createKafka(ns.id, brokers, auth);
  conn = await mongoose
    .createConnection(requireEnv('MONGO_URL'), { dbName: ns.dbName, retryWrites: false })
    .asPromise();
  await ensureServiceTopics(kafka, ns.topic(''), [TOPICS.claim]);
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
});

/** Collects messages of a topic until `count` arrived (or the test times out). */
async function collect(topic: string, count: number): Promise<{ consumer: Consumer; done: Promise<KafkaMessage[]> }> {
  const consumer = kafka.consumer({ groupId: ns.group(`collect-${randomUUID()}`) });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: KafkaMessage[] = [];
  const done = new Promise<KafkaMessage[]>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        got.push(message);
        if (got.length === count) resolve(got);
      },
    });
  });
  return { consumer, done };
}

const claimCreated = (claimId: string, revision: number) => {
  const def = getEventDefinition('poe.claims.claim.created.v1')!;
  return createEvent('poe.claims.claim.created.v1', { ...(def.example as object), claimId, revision } as never, {
    source: EVENT_SOURCES.claims,
    correlationId: randomUUID(),
  });
};

test('ensureServiceTopics_createsTopicWithThreePartitionsAndItsDlq', async () => {
  const admin = kafka.admin();
  await admin.connect();
  const meta = await admin.fetchTopicMetadata({ topics: [ns.topic(TOPICS.claim), dlqTopic(ns.topic(TOPICS.claim))] });
  await admin.disconnect();
  expect(meta.topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual(
    [
      [ns.topic(TOPICS.claim), 3],
      [dlqTopic(ns.topic(TOPICS.claim)), 1],
    ].sort(),
  );
});

test('outboxRelay_publishesEachAggregatesEventsInOrder_andEmptiesTheOutbox', async () => {
  const claims = conn.collection('claims');
  const ids = ['c-1', 'c-2', 'c-3', 'c-4'];
  for (const id of ids) {
    await claims.insertOne({ _id: id as never, revision: 0, outbox: [] });
    for (let r = 1; r <= 5; r++) {
      await claims.updateOne({ _id: id as never }, {
        $set: { revision: r },
        ...pushToOutbox([toOutboxEntry(TOPICS.claim, claimCreated(id, r))]),
      } as never);
    }
  }
  const { consumer, done } = await collect(ns.topic(TOPICS.claim), 20);
  const relay = new OutboxRelay(kafka, { collections: [claims], topicPrefix: ns.topic('') });
  expect(await relay.drainOnce()).toBe(20);
  const messages = await done;
  await consumer.disconnect();
  await relay.stop();

  const perClaim = new Map<string, number[]>();
  for (const m of messages) {
    const e = parseEvent(m.value!);
    expect(m.key!.toString()).toBe(e.subject);
    perClaim.set(e.subject, [...(perClaim.get(e.subject) ?? []), (e.data as { revision: number }).revision]);
  }
  for (const id of ids) expect(perClaim.get(id)).toEqual([1, 2, 3, 4, 5]);
  expect(await claims.countDocuments({ 'outbox.0': { $exists: true } })).toBe(0);
});

test('outboxRelay_twoInstancesOnOneCollection_loseNothing_andPublishEachAggregatesEventsFirstInOrder', async () => {
  // Two service instances: two relays polling the same outboxes while writers keep appending.
  const claims = conn.collection('claims_two_relays');
  const ids = ['m-1', 'm-2', 'm-3', 'm-4', 'm-5', 'm-6'];
  const REVISIONS = 15;
  const seen = new Map<string, number[]>();
  let distinct = 0;
  const consumer = kafka.consumer({ groupId: ns.group(`collect-${randomUUID()}`) });
  await consumer.connect();
  await consumer.subscribe({ topic: ns.topic(TOPICS.claim), fromBeginning: true });
  const allArrived = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        const e = parseEvent(message.value!);
        if (!ids.includes(e.subject)) return;
        const list = seen.get(e.subject) ?? [];
        const revision = (e.data as { revision: number }).revision;
        if (!list.includes(revision)) distinct++;
        list.push(revision);
        seen.set(e.subject, list);
        if (distinct === ids.length * REVISIONS) resolve();
      },
    });
  });
  const relays = [1, 2].map(
    () =>
      new OutboxRelay(kafka, { collections: [claims], topicPrefix: ns.topic(''), pollIntervalMs: 10, batchSize: 3 }),
  );
  relays.forEach((r) => r.start());
  for (const id of ids) await claims.insertOne({ _id: id as never, revision: 0, outbox: [] });
  await Promise.all(
    ids.map(async (id) => {
      for (let r = 1; r <= REVISIONS; r++) {
        await claims.updateOne({ _id: id as never }, {
          $set: { revision: r },
          ...pushToOutbox([toOutboxEntry(TOPICS.claim, claimCreated(id, r))]),
        } as never);
        relays[r % 2].nudge();
      }
    }),
  );
  await allArrived;
  await Promise.all(relays.map((r) => r.stop()));
  await consumer.disconnect();

  expect(await claims.countDocuments({ 'outbox.0': { $exists: true } })).toBe(0);
  const everyRevision = Array.from({ length: REVISIONS }, (_, i) => i + 1);
  for (const id of ids) {
    const received = seen.get(id)!;
    // A duplicate may come late (at least once), but each event's first copy comes in order.
    const firstCopies = received.filter((r, i) => received.indexOf(r) === i);
    expect(firstCopies).toEqual(everyRevision);
  }
}, 60000);

test('outboxRelay_whileBrokerUnreachable_keepsEventsThenDeliversThem', async () => {
  const claims = conn.collection('claims_outage');
  await claims.insertOne({ _id: 'c-9' as never, outbox: [toOutboxEntry(TOPICS.claim, claimCreated('c-9', 1))] });
  const down = new OutboxRelay(createKafka(`${ns.id}-down`, ['127.0.0.1:1']), {
    collections: [claims],
    topicPrefix: ns.topic(''),
  });
  await expect(down.drainOnce()).rejects.toThrow();
  await down.stop();
  expect(await claims.countDocuments({ 'outbox.0': { $exists: true } })).toBe(1);

  const relay = new OutboxRelay(kafka, { collections: [claims], topicPrefix: ns.topic('') });
  expect(await relay.drainOnce()).toBe(1);
  await relay.stop();
  expect(await claims.countDocuments({ 'outbox.0': { $exists: true } })).toBe(0);
}, 90000);

test('eventConsumer_whenHandlerKeepsFailing_parksTheMessageInTheDlqWithTheError', async () => {
  const producer = kafka.producer();
  await producer.connect();
  const good = claimCreated('c-ok', 1);
  const bad = claimCreated('c-bad', 1);
  await producer.send({
    topic: ns.topic(TOPICS.claim),
    messages: [
      { key: 'c-bad', value: JSON.stringify(bad) },
      { key: 'c-ok', value: JSON.stringify(good) },
      { key: 'junk', value: 'not an event' },
    ],
  });
  await producer.disconnect();

  const handled: string[] = [];
  const attempts = new Map<string, number>();
  const consumer = new EventConsumer(kafka, {
    groupId: ns.group('dlq'),
    topics: [TOPICS.claim],
    topicPrefix: ns.topic(''),
    maxAttempts: 3,
    retryDelayMs: 10,
    handle: async (event) => {
      attempts.set(event.subject, (attempts.get(event.subject) ?? 0) + 1);
      if (event.subject === 'c-bad') throw new Error('cannot apply');
      handled.push(event.id);
    },
  });
  const dlq = await collect(dlqTopic(ns.topic(TOPICS.claim)), 2);
  await consumer.start();
  const parked = await dlq.done;
  await dlq.consumer.disconnect();
  await consumer.stop();

  expect(handled).toContain(good.id);
  expect(attempts.get('c-bad')).toBe(3);
  const headers = parked.map((m) =>
    Object.fromEntries(Object.entries(m.headers ?? {}).map(([k, v]) => [k, v?.toString()])),
  );
  expect(headers.map((h) => h['dlq-error-code']).sort()).toEqual(['CONTRACT.INVALID_ENVELOPE', 'Error']);
  expect(headers.find((h) => h['dlq-error-code'] === 'Error')!['dlq-error']).toBe('cannot apply');
  expect(headers.find((h) => h['dlq-error-code'] === 'Error')!['dlq-attempts']).toBe('3');
}, 90000);

test('eventConsumer_whileTheDatabaseIsDown_keepsRetrying_insteadOfParkingAGoodEvent', async () => {
  const producer = kafka.producer();
  await producer.connect();
  const event = claimCreated('c-outage', 1);
  const topic = ns.topic('outage.') + TOPICS.claim;
  await ensureServiceTopics(kafka, ns.topic('outage.'), [TOPICS.claim]);
  await producer.send({ topic, messages: [{ key: 'c-outage', value: JSON.stringify(event) }] });
  await producer.disconnect();

  let calls = 0;
  let done!: () => void;
  const handled = new Promise<void>((r) => (done = r));
  const consumer = new EventConsumer(kafka, {
    groupId: ns.group('outage'),
    topics: [TOPICS.claim],
    topicPrefix: ns.topic('outage.'),
    maxAttempts: 2,
    retryDelayMs: 10,
    handle: async () => {
      // Four outages in a row: more than maxAttempts, none of them the event's fault.
      if (++calls <= 4) throw Object.assign(new Error('connection 6 closed'), { name: 'MongoNetworkError' });
      done();
    },
  });
  await consumer.start();
  await handled;
  await consumer.stop();
  expect(calls).toBe(5);
  expect(consumer.deadLettered).toBe(0);
  expect(consumer.processed).toBe(1);
}, 90000);

test('eventConsumer_isReadyOnlyOnceItJoinedItsGroup_andANeverStartedOneDoesNotHoldReadinessUp', async () => {
  const consumer = new EventConsumer(kafka, {
    groupId: ns.group('ready'),
    topics: [TOPICS.claim],
    topicPrefix: ns.topic(''),
    handle: async () => undefined,
  });
  await expect(consumer.checkJoined()).resolves.toBeUndefined(); // not started: nothing to wait for
  await consumer.start();
  // start() returns before the group has formed: /ready says not yet until it has.
  const notYet = await consumer.checkJoined().then(
    () => 'ready',
    (e: Error) => e.message,
  );
  let joinedAfterMs = 0;
  const t0 = Date.now();
  for (;;) {
    if (
      await consumer.checkJoined().then(
        () => true,
        () => false,
      )
    )
      break;
    if (Date.now() - t0 > 30_000) throw new Error('never joined its group');
    await new Promise((r) => setTimeout(r, 50));
  }
  joinedAfterMs = Date.now() - t0;
  await consumer.stop();
  expect(notYet).toMatch(/not yet in consumer group/);
  expect(joinedAfterMs).toBeLessThan(30_000);
}, 60000);
