import 'reflect-metadata';
import { createServiceApp, runService } from '@poe/platform';
import { ReviewModule } from './review.module';
import { loadReviewConfig } from './config';

void runService('review', loadReviewConfig, async (config) => ({
  app: await createServiceApp(ReviewModule.forRoot(config), { name: 'review', logLevel: config.LOG_LEVEL }),
  port: config.PORT,
  host: config.HOST,
}));
