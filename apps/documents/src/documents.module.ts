import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { backendServiceParts } from '@poe/platform';
import type { DocumentsConfig } from './config';
import { CsrController } from './csr/csr.controller';
import { CsrService } from './csr/csr.service';
import { DocumentStore } from './documents/document-store';
import { DOCUMENT_MODEL, DocumentSchema, CLAIM_FACT_MODEL, ClaimFactSchema } from './documents/document.schema';
import { DocumentsController } from './documents/documents.controller';
import { documentsOutboxProvider } from './documents/documents.outbox';
import { ClaimsFeedConsumer } from './claims-feed/claims-feed.consumer';
import { DocumentsRuntime } from './documents.runtime';
import { ReconcileJob } from './maintenance/reconcile.job';
import { RetentionJob } from './maintenance/retention.job';
import { DocumentsRepository } from './documents/documents.repository';
import { DocumentsService } from './documents/documents.service';
import { CLOCK, DOCUMENTS_CONFIG } from './documents/documents.tokens';
import { ObjectStore } from './storage/object-store';

@Module({})
export class DocumentsModule {
  static forRoot(config: DocumentsConfig): DynamicModule {
    const parts = backendServiceParts(config, [ObjectStore, DocumentsRuntime]);
    return {
      module: DocumentsModule,
      imports: [
        ...parts.imports,
        // Registers the schemas so their indexes are built; writes use the native collections.
        MongooseModule.forFeature([
          { name: DOCUMENT_MODEL, schema: DocumentSchema },
          { name: CLAIM_FACT_MODEL, schema: ClaimFactSchema },
        ]),
      ],
      // CSR first: its fixed path must win over the `:id` routes.
      controllers: [...parts.controllers, CsrController, DocumentsController],
      providers: [
        ...parts.providers,
        { provide: DOCUMENTS_CONFIG, useValue: config },
        { provide: CLOCK, useValue: { now: () => new Date() } },
        {
          provide: ObjectStore,
          useFactory: () =>
            new ObjectStore({
              endpoint: config.S3_ENDPOINT,
              publicEndpoint: config.S3_PUBLIC_ENDPOINT || undefined,
              region: config.S3_REGION,
              accessKey: config.S3_ACCESS_KEY,
              secretKey: config.S3_SECRET_KEY,
              bucket: config.S3_BUCKET,
              keyPrefix: config.S3_KEY_PREFIX,
              partSize: config.UPLOAD_PART_BYTES,
              maxPartBuffers: Math.max(1, Math.floor(config.UPLOAD_BUFFER_POOL_BYTES / config.UPLOAD_PART_BYTES)),
            }),
        },
        documentsOutboxProvider,
        DocumentsRepository,
        DocumentStore,
        DocumentsService,
        CsrService,
        ClaimsFeedConsumer,
        ReconcileJob,
        RetentionJob,
        DocumentsRuntime,
      ],
    };
  }
}
