import { Logger } from '@nestjs/common';
import { CloudEvent, toKafkaMessage } from '@poe/contracts';
import type { Kafka, Producer } from 'kafkajs';
import type { Collection } from 'mongodb';

/**
 * An event waiting in its aggregate's document. The state change and its events are one document
 * write (`$push` next to `$set`), so no multi-document transaction is needed.
 */
export interface OutboxEntry {
  id: string;
  topic: string;
  key: string;
  value: string;
  contentType: string;
}

export function toOutboxEntry(topic: string, event: CloudEvent): OutboxEntry {
  const m = toKafkaMessage(event);
  return { id: event.id, topic, key: m.key, value: m.value, contentType: m.headers['content-type'] };
}

/** The update fragment that appends events to an aggregate's outbox. */
export const pushToOutbox = (entries: OutboxEntry[]) => ({ $push: { outbox: { $each: entries } } });

export interface OutboxRelayOptions {
  /** Collections whose documents carry an `outbox` array. */
  collections: Collection[];
  /** Documents read per pass; each document's events are sent in order in one request. */
  batchSize?: number;
  /** How often to look when nothing nudged the relay. */
  pollIntervalMs?: number;
  /** Prepended to each entry's topic (KAFKA_TOPIC_PREFIX). */
  topicPrefix?: string;
}

/**
 * Publishes outbox entries to Kafka and removes exactly the entries it published (`$pullAll` of the
 * entries as read). A crash between the two re-publishes on restart: delivery is at-least-once and
 * consumers dedupe by event id or revision. While Kafka is down, entries wait and flow afterwards.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private producer?: Producer;
  private running = false;
  private wake?: () => void;
  private loop?: Promise<void>;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  published = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly opts: OutboxRelayOptions,
  ) {
    this.batchSize = opts.batchSize ?? 200;
    this.pollIntervalMs = opts.pollIntervalMs ?? 200;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Called after a local write so its events leave now instead of at the next poll. */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  /** Publishes everything pending now; returns how many events were published. */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (const collection of this.opts.collections) {
      for (;;) {
        const n = await this.publishBatch(collection);
        total += n;
        if (n === 0) break;
      }
    }
    return total;
  }

  private async run(): Promise<void> {
    let backoffMs = this.pollIntervalMs;
    while (this.running) {
      let nudged = false;
      const sleep = new Promise<void>((resolve) => {
        this.wake = () => {
          nudged = true;
          resolve();
        };
      });
      try {
        await this.drainOnce();
        backoffMs = this.pollIntervalMs;
      } catch (e) {
        this.logger.warn({ msg: 'outbox relay pass failed; events stay in the outbox', error: (e as Error).message });
        await this.producer?.disconnect().catch(() => undefined);
        this.producer = undefined;
        backoffMs = Math.min(backoffMs * 2, 5000);
      }
      if (!this.running) break;
      // A nudge during the pass means new events: go again at once.
      if (!nudged) await Promise.race([sleep, new Promise((r) => setTimeout(r, backoffMs))]);
    }
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  /** Documents with events waiting, found through an index on the entries' ids (see ensureIndexes). */
  private static readonly WAITING = { 'outbox.id': { $gt: '' } };
  private indexed = new WeakSet<Collection>();

  private async publishBatch(collection: Collection): Promise<number> {
    if (!this.indexed.has(collection)) {
      await collection.createIndex({ 'outbox.id': 1 });
      this.indexed.add(collection);
    }
    const docs = await collection
      .find(OutboxRelay.WAITING, { projection: { outbox: 1 } })
      .limit(this.batchSize)
      .toArray();
    if (docs.length === 0) return 0;
    const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
    for (const doc of docs) {
      for (const e of doc.outbox as OutboxEntry[]) {
        const topic = (this.opts.topicPrefix ?? '') + e.topic;
        const list = byTopic.get(topic) ?? [];
        list.push({ key: e.key, value: e.value, headers: { 'content-type': e.contentType, 'ce-id': e.id } });
        byTopic.set(topic, list);
      }
    }
    const producer = await this.connectedProducer();
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    // One round trip marks the whole batch: each document loses exactly the entries published.
    await collection.bulkWrite(
      docs.map((doc) => ({ updateOne: { filter: { _id: doc._id }, update: { $pullAll: { outbox: doc.outbox } } } })),
      { ordered: false },
    );
    const count = docs.reduce((n, d) => n + (d.outbox as OutboxEntry[]).length, 0);
    this.published += count;
    return count;
  }
}
