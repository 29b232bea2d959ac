import { Logger } from '@nestjs/common';

/** One instance of a backend service as the gateway sees it. */
export interface Upstream {
  readonly url: URL;
  healthy: boolean;
}

const CHECK_TIMEOUT_MS = 1000;

/**
 * The instances of one service: round-robin over the healthy ones. An instance is taken out when
 * its `/health` fails or a connection to it is refused, and comes back when `/health` passes again.
 * A single instance is never polled: it is the only choice either way.
 */
export class UpstreamPool {
  private readonly logger = new Logger(UpstreamPool.name);
  readonly upstreams: Upstream[];
  private next = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    readonly service: string,
    urls: string[],
    private readonly checkEveryMs = 1000,
  ) {
    if (urls.length === 0) throw new Error(`no URL for the ${service} service`);
    this.upstreams = urls.map((u) => ({ url: new URL(u), healthy: true }));
  }

  start(): void {
    if (this.upstreams.length < 2 || this.timer) return;
    this.timer = setInterval(() => void this.checkAll(), this.checkEveryMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * The next healthy instance other than `except`; when none is healthy, the next one anyway (its
   * refusal is then the honest answer). `undefined` only when `except` is the one instance there is.
   */
  pick(except?: Upstream): Upstream | undefined {
    const candidates = this.upstreams.filter((u) => u !== except);
    if (candidates.length === 0) return undefined;
    const healthy = candidates.filter((u) => u.healthy);
    const from = healthy.length > 0 ? healthy : candidates;
    return from[this.next++ % from.length];
  }

  /** A connection to `upstream` was refused: out until its /health passes. */
  markDown(upstream: Upstream, reason: string): void {
    if (this.upstreams.length < 2) return;
    this.setHealthy(upstream, false, reason);
  }

  async checkAll(): Promise<void> {
    await Promise.all(
      this.upstreams.map(async (u) => {
        try {
          const res = await fetch(new URL('/health', u.url), { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
          await res.body?.cancel();
          if (res.status === 200) this.setHealthy(u, true);
          else this.setHealthy(u, false, `/health answered ${res.status}`);
        } catch (e) {
          this.setHealthy(u, false, (e as Error).message);
        }
      }),
    );
  }

  private setHealthy(u: Upstream, healthy: boolean, reason?: string): void {
    if (u.healthy === healthy) return;
    u.healthy = healthy;
    if (healthy) this.logger.log({ msg: 'upstream back in', service: this.service, url: u.url.origin });
    else this.logger.warn({ msg: 'upstream taken out', service: this.service, url: u.url.origin, reason });
  }
}
