import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { TOPICS } from '@poe/contracts';
import { ensureServiceTopics, KAFKA, OutboxRelay } from '@poe/platform';
import type { Kafka } from 'kafkajs';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { DOCUMENTS_CONFIG, DocumentsConfig } from './documents.tokens';

export const DOCUMENTS_OUTBOX = Symbol('DOCUMENTS_OUTBOX');

/** The relay that publishes the events waiting in documents' embedded outboxes. */
export const documentsOutboxProvider = {
  provide: DOCUMENTS_OUTBOX,
  inject: [KAFKA, getConnectionToken(), DOCUMENTS_CONFIG],
  useFactory: (kafka: Kafka, connection: Connection, config: DocumentsConfig) =>
    new OutboxRelay(kafka, {
      collections: [connection.collection('documents') as unknown as Collection],
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
    }),
};

/** Creates the topics the service produces and consumes, then starts the relay; stops it on shutdown. */
@Injectable()
export class DocumentsOutboxLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DOCUMENTS_OUTBOX) private readonly relay: OutboxRelay,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureServiceTopics(this.kafka, this.config.KAFKA_TOPIC_PREFIX, [TOPICS.document, TOPICS.claim]);
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
