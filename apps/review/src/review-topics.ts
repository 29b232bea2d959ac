import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { TOPICS } from '@poe/contracts';
import { ensureServiceTopics, KAFKA } from '@poe/platform';
import type { Kafka } from 'kafkajs';
import type { ReviewConfig } from './config';
import { REVIEW_CONFIG } from './review.tokens';

/** Topics this service produces to and consumes from, created before the relay and consumer start. */
@Injectable()
export class ReviewTopics implements OnModuleInit {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(REVIEW_CONFIG) private readonly config: ReviewConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const topics = [TOPICS.review, TOPICS.claim, TOPICS.campaign];
    try {
      await ensureServiceTopics(this.kafka, this.config.KAFKA_TOPIC_PREFIX, topics);
    } catch {
      // The claims service may create the shared topics at the same moment: one more look settles it.
      await ensureServiceTopics(this.kafka, this.config.KAFKA_TOPIC_PREFIX, topics);
    }
  }
}
