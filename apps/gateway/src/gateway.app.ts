import type { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@poe/platform';
import { setupApiDocs } from './api-docs';
import { answerClientErrors } from './api/client-errors';
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
    strictJson: { maxDepth: config.JSON_MAX_DEPTH },
  });
  answerClientErrors(app.getHttpServer(), config.MAX_HEADER_BYTES);
  configureEdge(app, config);
  setupApiDocs(app);
  return app;
}
