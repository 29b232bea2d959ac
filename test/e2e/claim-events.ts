import { AnyEventEnvelope, parseEvent, TOPICS } from '@poe/contracts';
import type { TestNamespace } from '@poe/testing';
import { Consumer, Kafka, logLevel } from 'kafkajs';

/**
 * A separate subscriber of the claim topic, as payments or CRM would be: it records every event and
 * every message that fails envelope validation.
 */
export class ClaimEventSubscriber {
  readonly events: AnyEventEnvelope[] = [];
  readonly invalid: { offset: string; error: string }[] = [];
  private consumer?: Consumer;

  constructor(
    private readonly ns: TestNamespace,
    /** The claim topic by default; the payments topic for payment events. */
    private readonly topic: string = TOPICS.claim,
  ) {}

  async start(): Promise<void> {
    const kafka = new Kafka({
      clientId: this.ns.group('e2e-subscriber'),
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092').split(','),
      logLevel: logLevel.NOTHING,
    });
    this.consumer = kafka.consumer({ groupId: this.ns.group(`e2e-subscriber-${this.topic}`) });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.ns.topic(this.topic), fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        try {
          this.events.push(parseEvent(message.value ?? Buffer.alloc(0)));
        } catch (e) {
          this.invalid.push({ offset: message.offset, error: (e as Error).message });
        }
      },
    });
  }

  typesFor(claimId: string): string[] {
    return this.events.filter((e) => e.subject === claimId).map((e) => e.type);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
