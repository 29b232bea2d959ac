import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AnyEventEnvelope, TOPICS_CONSUMED } from '@poe/contracts';
import { EventConsumer, KAFKA, ReadinessCheck } from '@poe/platform';
import type { Kafka } from 'kafkajs';
import { EventEmitter } from 'node:events';
import type { ReviewConfig } from '../config';
import { CampaignFundsRepository } from '../funds/campaign-funds.repository';
import { REVIEW_CONFIG } from '../review.tokens';
import { ClaimFactsRepository } from './claim-facts.repository';
import { applyClaimEvent, ClaimItemEvent, isFactEvent, isItemEvent } from './review-item';
import { ReviewItemsRepository } from './review-items.repository';

const SAVE_ATTEMPTS = 5;

/**
 * Builds the review queue from the claims service's events. Idempotent: an event whose claim
 * revision was already applied (or whose id was seen) changes nothing, so redelivery is harmless.
 */
@Injectable()
export class ClaimEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown, ReadinessCheck {
  /** Readiness (/ready): the consumer has joined its group. */
  readonly name = 'kafka consumer group';
  private readonly logger = new Logger(ClaimEventsConsumer.name);
  private readonly consumer: EventConsumer;
  /** Emits `applied` (claimId, eventType) after a claim event is stored; the benchmark listens. */
  readonly events = new EventEmitter();

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(REVIEW_CONFIG) private readonly config: ReviewConfig,
    private readonly items: ReviewItemsRepository,
    private readonly funds: CampaignFundsRepository,
    private readonly facts: ClaimFactsRepository,
  ) {
    this.consumer = new EventConsumer(kafka, {
      groupId: config.KAFKA_GROUP_ID,
      topics: [...TOPICS_CONSUMED.review],
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      handle: (event) => this.handle(event),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.REVIEW_CONSUMER) return;
    await this.consumer.start();
  }

  async check(): Promise<void> {
    await this.consumer.checkJoined();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }

  async handle(event: AnyEventEnvelope): Promise<void> {
    if (event.type === 'poe.claims.campaign.funds-changed.v1') {
      await this.funds.apply(event.data);
      return;
    }
    if (isFactEvent(event)) {
      await this.facts.record(event);
      this.events.emit('applied', event.data.claimId, event.type);
    }
    if (isItemEvent(event)) await this.applyClaimEvent(event);
    // Other types on these topics are not the review team's business.
  }

  private async applyClaimEvent(event: ClaimItemEvent): Promise<void> {
    // A first submission creates the item: insert straight away. Looking first would cost a full
    // scan on FerretDB v1 for an id that is not there; a unique-key clash sends us the long way.
    if (event.type === 'poe.claims.claim.submitted.v1') {
      const created = applyClaimEvent(undefined, event)!;
      if (await this.items.save(created.item, created.history, [], event.id)) {
        this.events.emit('applied', event.data.claimId, event.type);
        return;
      }
    }
    for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
      const current = await this.items.find(event.data.claimId);
      const change = applyClaimEvent(current, event);
      if (!change) {
        this.logger.debug({ msg: 'claim event already applied', eventId: event.id, claimId: event.data.claimId });
        return;
      }
      if (await this.items.save(change.item, change.history, [], event.id)) {
        this.events.emit('applied', event.data.claimId, event.type);
        return;
      }
    }
    // The consumer retries the message, then parks it in the DLQ.
    throw new Error(`claim ${event.data.claimId} kept changing while applying ${event.type}`);
  }
}
