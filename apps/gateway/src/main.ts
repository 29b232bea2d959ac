import 'reflect-metadata';
import { createServiceApp, runService } from '@poe/platform';
import { setupApiDocs } from './api-docs';
import { configureEdge } from './cors';
import { loadGatewayConfig } from './config';
import { GatewayModule } from './gateway.module';

void runService('gateway', loadGatewayConfig, async (config) => {
  const app = await createServiceApp(await GatewayModule.forRoot(config), {
    name: 'gateway',
    logLevel: config.LOG_LEVEL,
  });
  setupApiDocs(app);
  return { app, port: config.PORT, host: config.HOST };
});
