import { getConnectionToken } from '@nestjs/mongoose';
import { KAFKA, OutboxRelay } from '@poe/platform';
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
