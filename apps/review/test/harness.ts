import type { INestApplication } from '@nestjs/common';
import { AnyEventEnvelope, CloudEvent, parseEvent, toKafkaMessage, TOPICS } from '@poe/contracts';
import { CallerIdentity, createKafka, createServiceApp, kafkaClientFromEnv } from '@poe/platform';
import { asCaller, listenOnFreePort, requireEnv, serviceEnv, TestNamespace } from '@poe/testing';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import { loadReviewConfig, ReviewConfig } from '../src/config';
import { ReviewModule } from '../src/review.module';
import type { Clock } from '../src/shared/clock';

export const reviewer = (subject = 'rev-1'): CallerIdentity => ({ subject, roles: ['reviewer'] });
export const partnerUser = (partnerId: string): CallerIdentity => ({
  subject: `usr-${partnerId}`,
  roles: ['incentives-user'],
  partnerId,
});
export const serviceAccount: CallerIdentity = { subject: 'svc-reporting', roles: ['service'] };

export interface Booted {
  app: INestApplication;
  url: string;
  config: ReviewConfig;
}

/** Boots the review service in-process against the real servers, isolated to the test file. */
export async function bootReview(
  ns: TestNamespace,
  opts: { clock?: Clock; env?: Record<string, string> } = {},
): Promise<Booted> {
  const config = loadReviewConfig(
    serviceEnv(ns, { REVIEW_OVERDUE_CHECK_INTERVAL_MS: '0', REVIEW_OUTBOX_POLL_MS: '50', ...opts.env }),
  );
  const app = await createServiceApp(ReviewModule.forRoot(config, { clock: opts.clock }), {
    name: 'review',
    logLevel: 'warn',
  });
  const url = await listenOnFreePort(app);
  return { app, url, config };
}

export async function call(
  url: string,
  method: string,
  path: string,
  caller?: CallerIdentity,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url + path, {
    method,
    headers: {
      ...(caller ? asCaller(caller) : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Retries `probe` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Plays the claims service's part on the test's topics: publishes claim and campaign events, and
 * collects what the review service publishes on `review.review.v1`.
 */
export class FakeClaimsSide {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private consumer?: Consumer;
  readonly received: AnyEventEnvelope[] = [];

  constructor(private readonly ns: TestNamespace) {
    this.kafka = (({ brokers, auth }) => createKafka(`${ns.id}-claims-side`, brokers, auth))(
      kafkaClientFromEnv('review test harness', process.env),
    );
  }

  async start(): Promise<void> {
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    this.consumer = this.kafka.consumer({
      groupId: this.ns.group(`claims-side-${randomUUID()}`),
      allowAutoTopicCreation: false,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.ns.topic(TOPICS.review), fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        this.received.push(parseEvent(message.value!));
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  async publish(...events: CloudEvent[]): Promise<void> {
    for (const event of events) {
      const topic = event.type.startsWith('poe.claims.campaign.') ? TOPICS.campaign : TOPICS.claim;
      await this.producer!.send({ topic: this.ns.topic(topic), acks: -1, messages: [toKafkaMessage(event)] });
    }
  }

  /** Waits for an event the review service published that matches. */
  waitFor<T extends AnyEventEnvelope>(match: (e: AnyEventEnvelope) => e is T, timeoutMs?: number): Promise<T>;
  waitFor(match: (e: AnyEventEnvelope) => boolean, timeoutMs?: number): Promise<AnyEventEnvelope>;
  waitFor(match: (e: AnyEventEnvelope) => boolean, timeoutMs = 20_000): Promise<AnyEventEnvelope> {
    return eventually(async () => this.received.find(match), timeoutMs, 'a review event');
  }

  count(match: (e: AnyEventEnvelope) => boolean): number {
    return this.received.filter(match).length;
  }
}

export async function dropDatabase(ns: TestNamespace): Promise<void> {
  const conn = await mongoose
    .createConnection(requireEnv('MONGO_URL'), { dbName: ns.dbName, retryWrites: false })
    .asPromise();
  await conn.dropDatabase().catch(() => undefined);
  await conn.close();
}
