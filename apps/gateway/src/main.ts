import 'reflect-metadata';
import { runService } from '@poe/platform';
import { loadGatewayConfig } from './config';
import { createGatewayApp } from './gateway.app';

void runService('gateway', loadGatewayConfig, async (config) => {
  const app = await createGatewayApp(config);
  return { app, port: config.PORT, host: config.HOST };
});
