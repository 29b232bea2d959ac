import type { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@poe/platform';
import { setupApiDocs } from './api-docs';
import type { GatewayConfig } from './config';
import { configureEdge } from './cors';
import { GatewayModule } from './gateway.module';

/** The gateway as main.ts runs it and as the end-to-end tests boot it in-process. */
export async function createGatewayApp(
  config: GatewayConfig,
  logLevel: GatewayConfig['LOG_LEVEL'] = config.LOG_LEVEL,
): Promise<INestApplication> {
  const app = await createServiceApp(await GatewayModule.forRoot(config), {
    name: 'gateway',
    logLevel,
    bodyLimit: config.JSON_BODY_LIMIT,
  });
  configureEdge(app, config);
  setupApiDocs(app);
  return app;
}
