import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { TOPICS, TOPICS_CONSUMED } from '@poe/contracts';
import {
  ensureServiceTopics,
  EventConsumer,
  jobLease,
  JobLease,
  KAFKA,
  OutboxRelay,
  ReadinessCheck,
} from '@poe/platform';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { ClaimsFeedConsumer } from './claims-feed/claims-feed.consumer';
import { DOCUMENTS_OUTBOX } from './documents/documents.outbox';
import { DOCUMENTS_CONFIG, DocumentsConfig } from './documents/documents.tokens';
import { ReconcileJob } from './maintenance/reconcile.job';
import { RetentionJob } from './maintenance/retention.job';
import { ObjectStore } from './storage/object-store';

/**
 * What runs beside HTTP, started in order once the app is up: topics, the outbox relay, the
 * claims-event consumer, and the maintenance jobs (reconcile, then retention) at start and on a timer,
 * in the one instance that holds the maintenance lease (docs/instances.md).
 */
@Injectable()
export class DocumentsRuntime implements OnApplicationBootstrap, OnApplicationShutdown, ReadinessCheck {
  /** Readiness (/ready): the consumer has joined its group. */
  readonly name = 'kafka consumer group';
  private readonly logger = new Logger(DocumentsRuntime.name);
  private consumer?: EventConsumer;
  private timer?: NodeJS.Timeout;
  private maintenance?: Promise<void>;
  private readonly lease: JobLease;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(DOCUMENTS_OUTBOX) private readonly relay: OutboxRelay,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
    private readonly objects: ObjectStore,
    private readonly claimsFeed: ClaimsFeedConsumer,
    private readonly reconcile: ReconcileJob,
    private readonly retention: RetentionJob,
    @InjectConnection() connection: Connection,
  ) {
    // Another instance takes over two passes after this one stopped renewing.
    this.lease = jobLease(connection, 'documents.maintenance', 2 * config.MAINTENANCE_INTERVAL_SECONDS * 1000);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.objects.ensureBucket();
    await ensureServiceTopics(this.kafka, this.config.KAFKA_TOPIC_PREFIX, [TOPICS.document, TOPICS.claim]);
    this.relay.start();
    this.consumer = new EventConsumer(this.kafka, {
      groupId: this.config.KAFKA_GROUP_ID,
      topics: [...TOPICS_CONSUMED.documents],
      topicPrefix: this.config.KAFKA_TOPIC_PREFIX,
      handle: (event) => this.claimsFeed.handle(event),
    });
    await this.consumer.start();
    const every = this.config.MAINTENANCE_INTERVAL_SECONDS;
    if (every > 0) {
      this.runMaintenance();
      this.timer = setInterval(() => this.runMaintenance(), every * 1000);
      this.timer.unref();
    }
  }

  /** One pass of both jobs if this instance holds the lease; a pass still running is not overlapped. */
  private runMaintenance(): void {
    if (this.maintenance) return;
    this.maintenance = (async () => {
      try {
        if (!(await this.lease.acquire())) return;
        const reconciled = await this.reconcile.run();
        const retained = await this.retention.run();
        this.logger.log({ msg: 'maintenance pass', ...reconciled, ...retained });
      } catch (e) {
        this.logger.warn({ msg: 'maintenance pass failed; next pass retries', error: (e as Error).message });
      } finally {
        this.maintenance = undefined;
      }
    })();
  }

  async check(): Promise<void> {
    await this.consumer?.checkJoined();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.maintenance;
    if (this.timer) await this.lease.release().catch(() => undefined);
    await this.consumer?.stop();
    await this.relay.stop();
  }
}
