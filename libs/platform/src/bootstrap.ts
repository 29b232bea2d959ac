import { INestApplication, Logger, ModuleMetadata, Type, DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError } from './config';
import { correlationMiddleware } from './correlation';
import { accessLog, JsonLogger, LogThreshold } from './logging';
import { metricsMiddleware } from './metrics';
import { bodyParserProblems, createValidationPipe, ProblemDetailsFilter } from './problem';
import { StrictJsonOptions, strictJsonVerify } from './strict-json';

export interface ServiceOptions {
  name: string;
  port: number;
  host?: string;
  logLevel: LogThreshold;
  bodyLimit?: string;
  /** Refuse JSON bodies JSON.parse would take but this API does not (strict-json.ts): the gateway's edge. */
  strictJson?: StrictJsonOptions;
}

/** Builds a Nest HTTP app with the cross-cutting behaviour every service shares. */
export async function createServiceApp(
  module: Type<unknown> | DynamicModule,
  opts: Omit<ServiceOptions, 'port'>,
): Promise<INestApplication> {
  const logger = new JsonLogger(opts.name, opts.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(module, { logger, bodyParser: false });
  app.useBodyParser('json', {
    limit: opts.bodyLimit ?? '1mb',
    ...(opts.strictJson ? { verify: strictJsonVerify(opts.strictJson) } : {}),
  });
  app.use(bodyParserProblems(opts.bodyLimit ?? '1mb'));
  app.use(correlationMiddleware);
  app.use(accessLog(logger));
  app.use(metricsMiddleware);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  app.set('x-powered-by', false);
  return app;
}

/**
 * Entry point of every service's main.ts: parses configuration (an invalid one stops the process
 * with each bad variable named), then builds and starts the app.
 */
export async function runService<C>(
  name: string,
  loadConfig: () => C,
  build: (config: C) => Promise<{ app: INestApplication; port: number; host?: string }>,
): Promise<void> {
  let config: C;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  try {
    const { app, port, host } = await build(config);
    await app.listen(port, host ?? '127.0.0.1');
    new Logger(name).log({ msg: 'listening', url: await app.getUrl() });
  } catch (e) {
    new Logger(name).error(e instanceof Error ? e : String(e));
    process.exit(1);
  }
}

export type ModuleImports = ModuleMetadata['imports'];
