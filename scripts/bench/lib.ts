/**
 * Shared by every benchmark: a figure's shape for the one table `npm run bench` prints, and a
 * fixed-concurrency load loop over HTTP keep-alive that reports throughput and latency percentiles.
 */
import { Agent, request } from 'node:http';

export interface Figure {
  /** e.g. "claims: create claim (direct)". */
  name: string;
  value: number;
  unit: string;
  /** The target, e.g. ">= 1500" or "<= 50"; absent for context figures. */
  aim?: string;
  note?: string;
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export const median = (xs: number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

export interface LoadResult {
  ok: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<number, number>;
}

export interface HttpCall {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * Runs `total` requests with `concurrency` in flight over keep-alive connections. `next(i)` builds
 * request i; a response with a status outside 2xx counts as failed.
 */
export async function httpLoad(
  baseUrl: string,
  total: number,
  concurrency: number,
  next: (i: number) => HttpCall,
): Promise<LoadResult> {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let issued = 0;
  let ok = 0;
  let failed = 0;
  const once = (call: HttpCall) =>
    new Promise<number>((resolve, reject) => {
      const body = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
      const req = request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: call.method,
          path: call.path,
          headers: {
            ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}),
            ...call.headers,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < total) {
        const i = issued++;
        const t0 = process.hrtime.bigint();
        const status = await once(next(i)).catch(() => 0);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status >= 200 && status < 300) ok++;
        else failed++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    ok,
    failed,
    seconds,
    perSecond: ok / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses,
  };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
