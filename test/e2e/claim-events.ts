import { AnyEventEnvelope, parseEvent, TOPICS } from '@poe/contracts';
import type { TestNamespace } from '@poe/testing';
import { Consumer } from 'kafkajs';
import { createKafka, kafkaClientFromEnv } from '@poe/platform';

/**
 * A separate subscriber of the claim topic, as payments or CRM would be: it records every event and
 * every message that fails envelope validation.
 */
export class ClaimEventSubscriber {
  readonly events: AnyEventEnvelope[] = [];
  readonly invalid: { offset: string; error: string }[] = [];
  private consumer?: Consumer;

  /** `topic`: the claim topic by default; the campaign topic for funds events, the payments topic for payment events. */
  constructor(
    private readonly ns: TestNamespace,
    private readonly topic: string = TOPICS.claim,
  ) {}

  async start(): Promise<void> {
    const { brokers, auth } = kafkaClientFromEnv('e2e subscriber', process.env);
    const kafka = createKafka(this.ns.group('e2e-subscriber'), brokers, auth);
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
