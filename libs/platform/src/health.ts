import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from './public';

/** One dependency whose answer decides readiness (MongoDB API, Kafka, object store, ...). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
const CHECK_TIMEOUT_MS = 3000;

async function runCheck(c: ReadinessCheck): Promise<{ name: string; ok: boolean; error?: string; ms: number }> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      c.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name: c.name, ok: true, ms: Date.now() - started };
  } catch (e) {
    return { name: c.name, ok: false, error: (e as Error).message, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
  }
}

/** `/health`: the process is alive. `/ready`: every dependency answers (503 naming the ones that do not). */
@Public()
@Controller()
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Get('health')
  @HttpCode(200)
  health() {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const results = await Promise.all(this.checks.map(runCheck));
    const ok = results.every((r) => r.ok);
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ready' : 'not_ready', checks: results };
  }
}
