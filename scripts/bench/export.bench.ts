/**
 * The finance export's memory stays bounded however many claims it streams (docs/allocations.md):
 * claims and the gateway in-process (relay and consumer off), N claims cloned into the claims
 * collection, then GET /api/v1/exports/claims through the gateway read as a stream and discarded.
 * Heap and RSS are sampled every 20 ms during each export; the growth over the idle baseline is
 * compared across sizes. Run: `npm run bench:export` (EXPORT_BENCH_SIZES=2000,20000,50000 by default; the script caps the
 * heap at 128 MB, less than a 50,000-row file held in memory would need with its parsed rows).
 */
import { createServiceApp } from '@poe/platform';
import { listenOnFreePort, readInfraEnv, REPO_ROOT, serviceEnv, testNamespace } from '@poe/testing';
import { MongoClient } from 'mongodb';
import { ClaimsModule } from '../../apps/claims/src/claims.module';
import { loadClaimsConfig } from '../../apps/claims/src/config';
import { loadGatewayConfig } from '../../apps/gateway/src/config';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { DEMO } from '../demo/demo-data';

for (const [k, v] of Object.entries(readInfraEnv())) if (process.env[k] === undefined) process.env[k] = v;
const SIZES = (process.env.EXPORT_BENCH_SIZES ?? '2000,20000,50000').split(',').map(Number);
const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

async function main() {
  const ns = testNamespace('export.bench.ts');
  const claimsEnv = serviceEnv(ns, {
    LOG_LEVEL: 'error',
    MONGO_DB: `${ns.dbName}_claims`,
    CLAIMS_OUTBOX_RELAY: 'false',
    CLAIMS_CONSUMER: 'false',
    CLAIMS_RECOVERY_INTERVAL_MS: '0',
  });
  const claims = await createServiceApp(ClaimsModule.forRoot(loadClaimsConfig(claimsEnv)), {
    name: 'claims',
    logLevel: 'error',
  });
  const claimsUrl = await listenOnFreePort(claims);
  const gatewayApp = await createGatewayApp(
    loadGatewayConfig(
      serviceEnv(ns, {
        CLAIMS_URL: claimsUrl,
        DOCUMENTS_URL: 'http://127.0.0.1:9',
        REVIEW_URL: 'http://127.0.0.1:9',
        LOG_LEVEL: 'error',
        AUTH_MODE: 'dev',
        DEMO_USERS_FILE: `${REPO_ROOT}/demo/users.json`,
        RATE_LIMIT_RPS: '10000',
        RATE_LIMIT_BURST: '10000',
      }),
    ),
    'error',
  );
  const gateway = await listenOnFreePort(gatewayApp);
  const mongo = await MongoClient.connect(claimsEnv.MONGO_URL!);
  try {
    const token = async (username: string) =>
      (
        (await (
          await fetch(`${gateway}/api/v1/auth/dev-token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username }),
          })
        ).json()) as { access_token: string }
      ).access_token;
    const [svc, bob, rita] = await Promise.all([token('svc-payments'), token('bob'), token('rita')]);
    const post = async (as: string, path: string, body: unknown) => {
      const r = await fetch(`${gateway}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (r.status !== 201) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return (await r.json()) as { id: string };
    };
    await post(svc, '/programs', DEMO.program);
    await post(svc, `/programs/${DEMO.program.id}/plans`, DEMO.plan);
    for (const p of DEMO.partners) await post(svc, '/partners', p);
    await post(svc, '/campaigns', { ...DEMO.campaigns[0], planId: DEMO.plan.id });
    const first = await post(bob, '/claims', {
      campaignId: DEMO.campaigns[0].id,
      name: 'Export bench PoE with a name of ordinary length',
      executionDate: '2026-10-15',
      amount: { amount: '1250.00', currency: 'EUR' },
    });
    const collection = mongo.db(claimsEnv.MONGO_DB).collection<{ _id: string }>('claims');
    const template = (await collection.findOne({ _id: first.id }))!;
    let stored = 1;
    const results: Record<string, unknown>[] = [];
    for (const size of SIZES) {
      while (stored < size) {
        const batch = Array.from({ length: Math.min(1000, size - stored) }, (_, i) => ({
          ...template,
          _id: `CLM-${String(stored + i).padStart(9, '0')}bench`,
          outbox: [],
        }));
        await collection.insertMany(batch, { ordered: false });
        stored += batch.length;
      }
      gc?.();
      const baseline = process.memoryUsage();
      let peakHeap = baseline.heapUsed;
      let peakLive = baseline.heapUsed;
      let peakRss = baseline.rss;
      let ticks = 0;
      const sampler = setInterval(() => {
        // Every 10th sample after a full collection: what the export holds on to, not garbage waiting.
        if (gc && ++ticks % 10 === 0) {
          gc();
          peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
        }
        const m = process.memoryUsage();
        peakHeap = Math.max(peakHeap, m.heapUsed);
        peakRss = Math.max(peakRss, m.rss);
      }, 20);
      const started = Date.now();
      const res = await fetch(`${gateway}/api/v1/exports/claims`, { headers: { authorization: `Bearer ${rita}` } });
      let bytes = 0;
      let lines = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (const b of chunk) if (b === 0x0a) lines++;
      }
      clearInterval(sampler);
      const seconds = (Date.now() - started) / 1000;
      const rows = lines - 1;
      if (res.status !== 200 || rows !== size) throw new Error(`export of ${size}: status ${res.status}, ${rows} rows`);
      results.push({
        claims: size,
        rows,
        'MB sent': +(bytes / MB).toFixed(1),
        seconds: +seconds.toFixed(1),
        'rows/s': Math.round(rows / seconds),
        'peak heap growth MB': +((peakHeap - baseline.heapUsed) / MB).toFixed(1),
        'peak live heap growth MB': +((peakLive - baseline.heapUsed) / MB).toFixed(1),
        'peak RSS growth MB': +((peakRss - baseline.rss) / MB).toFixed(1),
        chunked: res.headers.get('transfer-encoding'),
      });
    }
    console.table(results);
  } finally {
    await mongo
      .db(claimsEnv.MONGO_DB)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
    await gatewayApp.close();
    await claims.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
