import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_HEADER = 'x-correlation-id';

interface RequestContext {
  correlationId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const currentCorrelationId = (): string | undefined => storage.getStore()?.correlationId;

/** Runs `fn` with a correlation id in scope, e.g. while handling one Kafka message. */
export const withCorrelationId = <T>(correlationId: string, fn: () => T): T => storage.run({ correlationId }, fn);

// Accept a caller's id only if it is short and plain: it ends up in logs and response headers.
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header(CORRELATION_HEADER);
  const correlationId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(CORRELATION_HEADER, correlationId);
  storage.run({ correlationId }, next);
}
