import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ALL_TOPICS } from '@poe/contracts';
import { ensureServiceTopics, KAFKA, OutboxRelay } from '@poe/platform';
import type { Kafka } from 'kafkajs';
import { CatalogRepository } from '../catalog/catalog.repository';
import { ClaimsRepository } from '../claims/claims.repository';
import { CLAIMS_CONFIG } from '../claims.tokens';
import type { ClaimsConfig } from '../config';

/**
 * The claims service's outbox relay over the aggregates that carry an outbox (claims,
 * campaigns and programs), and the topics it produces to and consumes from.
 */
@Injectable()
export class ClaimsOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;
  private topics?: Promise<void>;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(CLAIMS_CONFIG) private readonly config: ClaimsConfig,
    claims: ClaimsRepository,
    catalog: CatalogRepository,
  ) {
    this.relay = new OutboxRelay(kafka, {
      collections: [claims.claimCollection, catalog.campaignCollection, catalog.programCollection],
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
    });
  }

  /** Creates the service's topics and DLQs once (auto-create is off on the broker). */
  topicsReady(): Promise<void> {
    this.topics ??= ensureServiceTopics(this.kafka, this.config.KAFKA_TOPIC_PREFIX, ALL_TOPICS);
    return this.topics;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.CLAIMS_OUTBOX_RELAY) return;
    await this.topicsReady();
    this.relay.start();
  }

  nudge(): void {
    this.relay.nudge();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
