import type { ReadinessCheck } from '@poe/platform';

/** Readiness of a backend service as the gateway sees it: the /health of one of its instances answers 200. */
export function upstreamReadiness(name: string, baseUrls: string[]): ReadinessCheck {
  return {
    name,
    async check() {
      const one = async (baseUrl: string) => {
        const res = await fetch(new URL('/health', baseUrl), { signal: AbortSignal.timeout(2000) });
        await res.body?.cancel();
        if (res.status !== 200) throw new Error(`${baseUrl}/health answered ${res.status}`);
      };
      try {
        await Promise.any(baseUrls.map(one));
      } catch (e) {
        throw new Error((e as AggregateError).errors.map((x: Error) => x.message).join('; '));
      }
    },
  };
}
