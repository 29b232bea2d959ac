import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AnyEventEnvelope, TOPICS_CONSUMED } from '@poe/contracts';
import { EventConsumer, KAFKA, ReadinessCheck } from '@poe/platform';
import type { Kafka } from 'kafkajs';
import { CLAIMS_CONFIG } from '../claims.tokens';
import type { ClaimsConfig } from '../config';
import { ClaimsOutbox } from '../outbox/claims-outbox';
import { ClaimsRepository } from './claims.repository';
import { ClaimsService } from './claims.service';

/**
 * Review decisions, pre-approvals and documents from the other services. Every handler is
 * idempotent: decisions by processed event id (in the claim's own write), read models by
 * first-write-wins upserts, so a redelivered event changes nothing.
 */
@Injectable()
export class ClaimsConsumer implements OnApplicationBootstrap, OnApplicationShutdown, ReadinessCheck {
  /** Readiness (/ready): the consumer has joined its group. */
  readonly name = 'kafka consumer group';
  private readonly logger = new Logger(ClaimsConsumer.name);
  readonly consumer: EventConsumer;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(CLAIMS_CONFIG) private readonly config: ClaimsConfig,
    private readonly outbox: ClaimsOutbox,
    private readonly claims: ClaimsService,
    private readonly repo: ClaimsRepository,
  ) {
    this.consumer = new EventConsumer(kafka, {
      groupId: config.KAFKA_GROUP_ID,
      topics: [...TOPICS_CONSUMED.claims],
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      handle: (event) => this.handle(event),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.CLAIMS_CONSUMER) return;
    await this.outbox.topicsReady();
    await this.consumer.start();
  }

  async check(): Promise<void> {
    await this.consumer.checkJoined();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }

  async handle(event: AnyEventEnvelope): Promise<void> {
    switch (event.type) {
      case 'poe.review.review.decision-made.v1':
        return this.claims.applyDecision(event);
      case 'poe.review.pre-approval.granted.v1':
        return this.repo.preApprovalGranted(event.data);
      case 'poe.review.pre-approval.revoked.v1':
        return this.repo.preApprovalRevoked(event.data);
      case 'poe.documents.document.uploaded.v1':
        return this.repo.documentUploaded(event.data);
      case 'poe.documents.document.csr-generated.v1':
        return this.repo.csrGenerated(event.data);
      case 'poe.documents.document.deleted.v1':
        return this.repo.documentDeleted(event.data);
      default:
        this.logger.debug({ msg: 'event not used by claims', type: event.type, eventId: event.id });
    }
  }
}
