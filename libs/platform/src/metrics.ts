import { Controller, Get, Header } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { Public } from './public';

/** One registry per process: request rate, latency and errors by route, plus Node's own figures. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const requests = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests by method, route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});
const errors = new Counter({
  name: 'http_request_errors_total',
  help: 'HTTP requests answered with a 4xx or 5xx, by route template and status class',
  labelNames: ['method', 'route', 'class'] as const,
  registers: [metricsRegistry],
});
const latency = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by method and route template',
  labelNames: ['method', 'route'] as const,
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
  registers: [metricsRegistry],
});

/** Labels use the route template (`/claims/:id`), never the raw path, so cardinality stays bounded. */
export function metricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const end = latency.startTimer();
  res.on('finish', () => {
    const route = (req.route?.path as string | undefined) ? `${req.baseUrl}${req.route.path}` : 'unmatched';
    const labels = { method: req.method, route };
    end(labels);
    requests.inc({ ...labels, status: String(res.statusCode) });
    if (res.statusCode >= 400) errors.inc({ ...labels, class: `${Math.floor(res.statusCode / 100)}xx` });
  });
  next();
}

@Public()
@Controller()
export class MetricsController {
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
