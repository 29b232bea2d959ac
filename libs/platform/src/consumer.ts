import { Logger } from '@nestjs/common';
import { AnyEventEnvelope, ContractError, dlqTopic, parseEvent } from '@poe/contracts';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { withCorrelationId } from './correlation';

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

  constructor(
    private readonly kafka: Kafka,
    private readonly opts: EventConsumerOptions,
  ) {
    this.logger = new Logger(`EventConsumer:${opts.groupId}`);
  }

  async start(): Promise<void> {
    const groupId = (this.opts.topicPrefix ?? '') + this.opts.groupId;
    const consumer = this.kafka.consumer({ groupId, allowAutoTopicCreation: false });
    this.dlqProducer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await Promise.all([consumer.connect(), this.dlqProducer.connect()]);
    await consumer.subscribe({
      topics: this.opts.topics.map((t) => (this.opts.topicPrefix ?? '') + t),
      fromBeginning: this.opts.fromBeginning ?? true,
    });
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ topic, partition, message }) => this.onMessage(topic, partition, message),
    });
    this.consumer = consumer;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    this.consumer = undefined;
  }

  private async onMessage(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    let event: AnyEventEnvelope;
    try {
      event = parseEvent(message.value ?? '');
    } catch (e) {
      if (e instanceof ContractError) return this.deadLetter(topic, partition, message, e, 1);
      throw e;
    }
    const maxAttempts = this.opts.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await withCorrelationId(event.correlationid, () => this.opts.handle(event, message));
        this.processed++;
        return;
      } catch (e) {
        if (attempt >= maxAttempts) return this.deadLetter(topic, partition, message, e as Error, attempt);
        this.logger.warn({
          msg: 'handler failed; retrying',
          eventId: event.id,
          type: event.type,
          attempt,
          error: (e as Error).message,
        });
        await new Promise((r) => setTimeout(r, (this.opts.retryDelayMs ?? 200) * attempt));
      }
    }
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
