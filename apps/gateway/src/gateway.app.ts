import type { INestApplication } from '@nestjs/common';
import { createServiceApp, DomainError, RequestValidationError } from '@poe/platform';
import type { NextFunction, Request, Response } from 'express';
import { setupApiDocs } from './api-docs';
import type { GatewayConfig } from './config';
import { configureEdge } from './cors';
import { GatewayModule } from './gateway.module';

/**
 * The JSON parser's refusals as problems: a body over the limit is 413 (the shared filter would make
 * it a 500), malformed JSON a 400 naming `body`. Registered right after the parser, before routes.
 */
export function bodyParserProblems(limit: string) {
  return (err: unknown, _req: Request, _res: Response, next: NextFunction) => {
    const type = (err as { type?: string } | undefined)?.type;
    if (type === 'entity.too.large') {
      return next(new DomainError('REQUEST.TOO_LARGE', 'too_large', `the JSON body is larger than ${limit}`));
    }
    if (type === 'entity.parse.failed') {
      const message = `the body is not well-formed JSON: ${(err as Error).message}`;
      return next(new RequestValidationError([{ field: 'body', rule: 'isJson', message }]));
    }
    if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return next(new DomainError('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'unsupported_media', (err as Error).message));
    }
    next(err);
  };
}

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
  app.use(bodyParserProblems(config.JSON_BODY_LIMIT));
  configureEdge(app, config);
  setupApiDocs(app);
  return app;
}
