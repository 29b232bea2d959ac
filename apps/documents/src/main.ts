import 'reflect-metadata';
import { createServiceApp, runService } from '@poe/platform';
import { DocumentsModule } from './documents.module';
import { loadDocumentsConfig } from './config';

void runService('documents', loadDocumentsConfig, async (config) => ({
  app: await createServiceApp(DocumentsModule.forRoot(config), { name: 'documents', logLevel: config.LOG_LEVEL }),
  port: config.PORT,
  host: config.HOST,
}));
