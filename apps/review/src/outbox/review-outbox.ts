import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { KAFKA, OutboxRelay } from '@poe/platform';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { REVIEW_CONFIG } from '../review.tokens';
import type { ReviewConfig } from '../config';
import { PRE_APPROVALS_COLLECTION } from '../pre-approvals/pre-approval.schema';
import { REVIEW_ITEMS_COLLECTION } from '../queue/review-item.schema';

/** Publishes the events waiting in pre-approval and review item documents. */
@Injectable()
export class ReviewOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @InjectConnection() connection: Connection,
    @Inject(REVIEW_CONFIG) config: ReviewConfig,
  ) {
    this.relay = new OutboxRelay(kafka, {
      collections: [connection.collection(PRE_APPROVALS_COLLECTION), connection.collection(REVIEW_ITEMS_COLLECTION)],
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      pollIntervalMs: config.REVIEW_OUTBOX_POLL_MS,
    });
  }

  /** After a write that pushed events: publish now rather than at the next poll. */
  nudge(): void {
    this.relay.nudge();
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
