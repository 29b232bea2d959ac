import 'reflect-metadata';
import { createServiceApp, runService } from '@poe/platform';
import { loadGatewayConfig } from './config';
import { GatewayModule } from './gateway.module';

void runService('gateway', loadGatewayConfig, async (config) => ({
  app: await createServiceApp(await GatewayModule.forRoot(config), { name: 'gateway', logLevel: config.LOG_LEVEL }),
  port: config.PORT,
  host: config.HOST,
}));
