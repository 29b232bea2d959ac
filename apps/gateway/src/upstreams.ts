import type { ReadinessCheck } from '@poe/platform';

/** Readiness of a backend service as the gateway sees it: its /health answers 200. */
export function upstreamReadiness(name: string, baseUrl: string): ReadinessCheck {
  return {
    name,
    async check() {
      const res = await fetch(new URL('/health', baseUrl), { signal: AbortSignal.timeout(2000) });
      if (res.status !== 200) throw new Error(`${baseUrl}/health answered ${res.status}`);
    },
  };
}
