import { Logger } from '@nestjs/common';
import {
  AnyEventEnvelope,
  ContractError,
  dlqTopic,
  EVENT_SOURCES,
  parseEvent,
  Topic,
  TOPIC_OWNERS,
} from '@poe/contracts';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { withCorrelationId } from './correlation';
import { outageOf } from './outage';

export interface EventConsumerOptions {
  /** The service's group; `topicPrefix` is prepended, so each prefixed deployment has its own groups. */
  groupId: string;
  /** Topic names as in the contracts; `topicPrefix` is prepended to each (and to its DLQ). */
  topics: string[];
  topicPrefix?: string;
  handle(event: AnyEventEnvelope, message: KafkaMessage): Promise<void>;
  /** Attempts before a message is parked in `<topic>.dlq` with its error. */
  maxAttempts?: number;
  retryDelayMs?: number;
  fromBeginning?: boolean;
}

/**
 * Runs a handler for each event, one partition at a time so one aggregate's events stay in order.
 * A failing handler is retried in place; after `maxAttempts` the message goes to the DLQ and the
 * consumer moves on. A message that breaks its contract goes there at once: retrying cannot help.
 * A crash mid-handler leaves the offset uncommitted, so the message comes again (at-least-once):
 * handlers must be idempotent.
 */
export class EventConsumer {
  private readonly logger: Logger;
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  processed = 0;
  deadLettered = 0;
  private started = false;
  private joined = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly opts: EventConsumerOptions,
  ) {
    this.logger = new Logger(`EventConsumer:${opts.groupId}`);
  }

  async start(): Promise<void> {
    const groupId = (this.opts.topicPrefix ?? '') + this.opts.groupId;
    // A member killed without leaving holds its partitions until its session times out; 10 s
    // (kafkajs' default is 30 s) bounds how long a restarted service waits to get them back.
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 2_000,
    });
    // Ready (see readiness) once the group has given this member its partitions the first time.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.joined = true;
    });
    this.started = true;
    this.dlqProducer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await Promise.all([consumer.connect(), this.dlqProducer.connect()]);
    await consumer.subscribe({
      topics: this.opts.topics.map((t) => (this.opts.topicPrefix ?? '') + t),
      fromBeginning: this.opts.fromBeginning ?? true,
    });
    this.consumer = consumer;
    // run() resolves only once the group has formed, which after a crash takes up to the session
    // timeout: the service starts answering requests meanwhile and the events follow when it joins.
    consumer
      .run({
        partitionsConsumedConcurrently: 3,
        eachMessage: async ({ topic, partition, message, heartbeat }) =>
          this.onMessage(topic, partition, message, heartbeat),
      })
      .catch((e: Error) => this.logger.error(`consumer ${groupId} stopped: ${e.message}`));
  }

  /**
   * For /ready: a started consumer that has not yet joined its group would leave the events of
   * what the service just accepted waiting; a consumer that was never started does not hold it up.
   */
  async checkJoined(): Promise<void> {
    if (this.started && !this.joined) throw new Error(`not yet in consumer group ${this.opts.groupId}`);
  }

  async stop(): Promise<void> {
    this.started = false;
    this.joined = false;
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    this.consumer = undefined;
  }

  private async onMessage(
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void> = async () => undefined,
  ): Promise<void> {
    let event: AnyEventEnvelope;
    try {
      event = parseEvent(message.value ?? '');
      this.checkSource(topic, event);
    } catch (e) {
      if (e instanceof ContractError) return this.deadLetter(topic, partition, message, e, 1);
      throw e;
    }
    const maxAttempts = this.opts.maxAttempts ?? 5;
    let outageWaits = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await withCorrelationId(event.correlationid, () => this.opts.handle(event, message));
        this.processed++;
        return;
      } catch (e) {
        // The database or another dependency being down says nothing about the message: wait for
        // it (the partition waits too, keeping order) instead of parking a good event in the DLQ.
        const outage = outageOf(e);
        if (outage) attempt--;
        else if (attempt >= maxAttempts) return this.deadLetter(topic, partition, message, e as Error, attempt);
        this.logger.warn({
          msg: outage ? `${outage} did not answer; retrying` : 'handler failed; retrying',
          eventId: event.id,
          type: event.type,
          attempt,
          error: (e as Error).message,
        });
        const delay = outage
          ? Math.min(500 * 2 ** outageWaits++, 5000)
          : (this.opts.retryDelayMs ?? 200) * Math.max(attempt, 1);
        await new Promise((r) => setTimeout(r, delay));
        // Waiting inside a handler: tell the group this member is alive (session timeout 10 s).
        await heartbeat();
      }
    }
  }

  /**
   * Only a topic's owner produces to it (the broker's ACLs say so too): an event whose `source` is
   * another service's, or no service's, is refused even if the ACLs were misconfigured.
   */
  private checkSource(topic: string, event: AnyEventEnvelope): void {
    const prefix = this.opts.topicPrefix ?? '';
    const contractTopic = (topic.startsWith(prefix) ? topic.slice(prefix.length) : topic) as Topic;
    const owner = TOPIC_OWNERS[contractTopic];
    if (owner === undefined || event.source === EVENT_SOURCES[owner]) return;
    throw new ContractError(
      'CONTRACT.FOREIGN_SOURCE',
      `event ${event.id} (${event.type}) has source "${event.source}", but only ${owner} (${EVENT_SOURCES[owner]}) produces to ${contractTopic}`,
    );
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, error: Error, attempts: number) {
    this.logger.error({
      msg: 'message parked in DLQ',
      topic,
      partition,
      offset: message.offset,
      error: error.message,
      attempts,
    });
    await this.dlqProducer!.send({
      topic: dlqTopic(topic),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'dlq-error': error.message.slice(0, 2000),
            'dlq-error-code': (error as { code?: string }).code ?? error.name,
            'dlq-source': `${topic}/${partition}/${message.offset}`,
            'dlq-attempts': String(attempts),
            'dlq-consumer-group': this.opts.groupId,
          },
        },
      ],
    });
    this.deadLettered++;
  }
}
