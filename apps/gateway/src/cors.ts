import type { INestApplication } from '@nestjs/common';

/** CORS for the configured origins only, exposing the headers clients need (ETag, correlation id). */
export function configureEdge(app: INestApplication, config: { CORS_ORIGINS: string }): void {
  const origins = config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length === 0) return;
  app.enableCors({
    origin: origins,
    credentials: false,
    allowedHeaders: [
      'authorization',
      'content-type',
      'if-match',
      'if-none-match',
      'idempotency-key',
      'x-correlation-id',
    ],
    exposedHeaders: ['etag', 'location', 'x-correlation-id', 'retry-after', 'content-disposition'],
    maxAge: 600,
  });
}
