import 'reflect-metadata';
import { createServiceApp, runService } from '@poe/platform';
import { ClaimsModule } from './claims.module';
import { loadClaimsConfig } from './config';

void runService('claims', loadClaimsConfig, async (config) => ({
  app: await createServiceApp(ClaimsModule.forRoot(config), { name: 'claims', logLevel: config.LOG_LEVEL }),
  port: config.PORT,
  host: config.HOST,
}));
