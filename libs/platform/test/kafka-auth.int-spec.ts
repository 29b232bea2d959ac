import {
  createEvent,
  dlqTopic,
  EVENT_SOURCES,
  getEventDefinition,
  parseEvent,
  toKafkaMessage,
  TOPICS,
} from '@poe/contracts';
import { createKafka, ensureServiceTopics, EventConsumer, KafkaAuth, kafkaClientFromEnv } from '@poe/platform';
import { kafkaUserEnv, requireEnv, testNamespace } from '@poe/testing';
import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage, logLevel } from 'kafkajs';

/**
 * The broker's authentication and ACLs (scripts/infra/up.sh, libs/platform/src/kafka-acls.ts) and
 * the consumers' source check, against the real broker. The ACL cases use the services' own
 * principals on the real topic names; nothing is written to a topic a service consumes.
 */
const ns = testNamespace(__filename);
const brokers = requireEnv('KAFKA_BROKERS').split(',');
const quiet = (auth: KafkaAuth): Kafka =>
  new Kafka({
    clientId: `${ns.id}-probe`,
    brokers,
    ...(auth.sasl ? { sasl: auth.sasl as never } : {}),
    connectionTimeout: 2_000,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
const as = (who: 'claims' | 'documents' | 'review') => {
  const env = kafkaUserEnv(who);
  if (!env.KAFKA_SASL_PASSWORD)
    throw new Error(`KAFKA_${who.toUpperCase()}_PASSWORD is not set: run scripts/infra/up.sh`);
  return quiet(kafkaClientFromEnv(`kafka-auth test as ${who}`, { ...process.env, ...env }).auth);
};
/** A record only for DLQ topics (nobody consumes them) or for a write the broker must refuse. */
const probe = () => ({ key: 'acl-probe', value: JSON.stringify({ probe: ns.id }) });

async function sendAs(kafka: Kafka, topic: string): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [probe()] });
  } finally {
    await producer.disconnect();
  }
}

test('aClientWithoutCredentials_isRefusedByTheBroker', async () => {
  const admin = quiet({}).admin();
  await expect(admin.connect().then(() => admin.listTopics())).rejects.toThrow();
  await admin.disconnect();
});

test('aClientWithAWrongPassword_failsSaslAuthentication', async () => {
  const admin = quiet({
    sasl: { mechanism: 'scram-sha-512', username: 'poe-review', password: 'not-the-password' },
  }).admin();
  await expect(admin.connect()).rejects.toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
  await admin.disconnect();
});

test('theReviewPrincipal_cannotWriteTheClaimsTopic_TOPIC_AUTHORIZATION_FAILED', async () => {
  await expect(sendAs(as('review'), TOPICS.claim)).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
  await expect(sendAs(as('documents'), TOPICS.review)).rejects.toMatchObject({ type: 'TOPIC_AUTHORIZATION_FAILED' });
  // Nor the DLQ of a topic it does not consume.
  await expect(sendAs(as('review'), dlqTopic(TOPICS.review))).rejects.toMatchObject({
    type: 'TOPIC_AUTHORIZATION_FAILED',
  });
});

test('aService_writesTheDlqOfWhatItConsumes_andReadsWhatItConsumes_inItsOwnGroups', async () => {
  await sendAs(as('review'), dlqTopic(TOPICS.claim));
  await sendAs(as('claims'), dlqTopic(TOPICS.review));

  // review reads claims.claim.v1 in a group named after it: it joins and gets partitions.
  const reader = as('review').consumer({ groupId: `poe-review.${ns.id}`, retry: { retries: 0 } });
  await reader.connect();
  const joined = new Promise<void>((resolve) => reader.on(reader.events.GROUP_JOIN, () => resolve()));
  await reader.subscribe({ topic: TOPICS.claim, fromBeginning: false });
  await reader.run({ eachMessage: async () => undefined });
  await joined;
  await reader.disconnect();
});

/** The error a consumer meets subscribing to and fetching `topic`: at subscribe or as its crash. */
async function consumeError(kafka: Kafka, groupId: string, topic: string): Promise<Error> {
  const consumer = kafka.consumer({ groupId, retry: { retries: 0 } });
  await consumer.connect();
  try {
    const crashed = new Promise<Error>((resolve) =>
      consumer.on(consumer.events.CRASH, (e) => resolve(e.payload.error)),
    );
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async () => undefined });
    return await crashed;
  } catch (e) {
    return e as Error;
  } finally {
    await consumer.disconnect();
  }
}

test('aService_cannotReadWhatItDoesNotConsume_norUseAnotherServicesGroup', async () => {
  // documents.document.v1 is consumed by claims only.
  expect((await consumeError(as('review'), `poe-review.${ns.id}-x`, TOPICS.document)).message).toMatch(
    /Not authorized to access topics/,
  );
  // The broker answers FindCoordinator with GROUP_AUTHORIZATION_FAILED, which kafkajs reports as
  // "coordinator not found"; the same principal in its own group joins (test above).
  expect(await consumeError(as('review'), `poe-claims.${ns.id}`, TOPICS.claim)).toMatchObject({
    name: 'KafkaJSGroupCoordinatorNotFound',
  });
});

test('anEventWhoseSourceIsNotTheTopicsOwner_isNotApplied_andGoesToTheDlqWithTheReason', async () => {
  const { brokers: b, auth } = kafkaClientFromEnv('kafka-auth test', process.env);
  const kafka = createKafka(`${ns.id}-source`, b, auth);
  await ensureServiceTopics(kafka, ns.topic(''), [TOPICS.claim]);
  const def = getEventDefinition('poe.claims.claim.created.v1')!;
  const event = (claimId: string, source: string) =>
    createEvent('poe.claims.claim.created.v1', { ...(def.example as object), claimId, revision: 1 } as never, {
      source,
      correlationId: randomUUID(),
    });
  const applied: string[] = [];
  const consumer = new EventConsumer(kafka, {
    groupId: 'source-check',
    topics: [TOPICS.claim],
    topicPrefix: ns.topic(''),
    fromBeginning: true,
    handle: async (e) => void applied.push(e.subject),
  });
  const parked: KafkaMessage[] = [];
  const dlq = kafka.consumer({ groupId: ns.group('dlq-reader') });
  await dlq.connect();
  await dlq.subscribe({ topic: dlqTopic(ns.topic(TOPICS.claim)), fromBeginning: true });
  const oneParked = new Promise<void>((resolve) =>
    dlq.run({ eachMessage: async ({ message }) => void (parked.push(message), resolve()) }),
  );
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await consumer.start();
    // A forged claim event "from" the review service, then a genuine one after it.
    await producer.send({
      topic: ns.topic(TOPICS.claim),
      acks: -1,
      messages: [
        toKafkaMessage(event('c-forged', EVENT_SOURCES.review)),
        toKafkaMessage(event('c-real', EVENT_SOURCES.claims)),
      ].map((m) => ({ ...m, key: 'same-partition' })),
    });
    await oneParked;
    for (let i = 0; i < 100 && !applied.includes('c-real'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(applied).toEqual(['c-real']);
    expect(parked).toHaveLength(1);
    expect(parseEvent(parked[0].value!).subject).toBe('c-forged');
    expect(parked[0].headers?.['dlq-error-code']?.toString()).toBe('CONTRACT.FOREIGN_SOURCE');
    expect(parked[0].headers?.['dlq-error']?.toString()).toContain(
      `has source "${EVENT_SOURCES.review}", but only claims (${EVENT_SOURCES.claims}) produces to ${TOPICS.claim}`,
    );
  } finally {
    await producer.disconnect();
    await consumer.stop();
    await dlq.disconnect();
  }
});
