import 'reflect-metadata';
import { createServiceApp, runService } from '@poe/platform';
import { setupApiDocs } from './api-docs';
import { loadGatewayConfig } from './config';
import { configureEdge } from './cors';
import { GatewayModule } from './gateway.module';

void runService('gateway', loadGatewayConfig, async (config) => {
  const app = await createServiceApp(await GatewayModule.forRoot(config), {
    name: 'gateway',
    logLevel: config.LOG_LEVEL,
    bodyLimit: config.JSON_BODY_LIMIT,
  });
  configureEdge(app, config);
  setupApiDocs(app);
  return { app, port: config.PORT, host: config.HOST };
});
