/**
 * The fault suite (`npm run test:faults`): with two instances of each backend service
 * (FAULTS_INSTANCES) under a steady, bounded load of claim submissions it restarts Kafka, kills one
 * instance of each service with SIGKILL and counts what the other one served while it was down,
 * kills the gateway, restarts the database, kills it with SIGKILL, and stops
 * MinIO during uploads; then it checks that nothing acknowledged was lost or counted twice and
 * that every refusal a client met was clear and retryable. Prints a report, saves it as JSON and
 * exits 1 if a check fails. Loopback only; its own servers under `.local/faults`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentile } from '../bench/lib';
import { kafkaClientFromEnv } from '@poe/platform';
import { kafkaUserEnv } from '../../test/support/infra-env';
import { provision } from '../provision';
import { Check, runChecks, waitForConvergence } from './checks';
import { LoadClient, runLoad, runReviewer, Scenario, User } from './load';
import { BACKENDS, Infra, ROOT, ServerName, Services } from './system';

const KEY_PREFIX = 'documents/';
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface FaultStep {
  name: string;
  /** Milliseconds from the fault until every service answered /ready again. */
  recoveryMs: number;
  /**
   * While one instance was down: requests the clients got answered (accepted answers, all
   * services), answers the killed instance's service gave (its other instance: successes and its
   * own refusals), and the retryable refusals the clients met, by kind.
   */
  whileDown?: {
    service: string;
    answered: number;
    answeredByService: number;
    refused: number;
    refusedByKind: Record<string, number>;
    /** `UPSTREAM.UNAVAILABLE` answers to requests sent after the kill (in-flight ones may fail). */
    unavailableSentAfterKill: number;
  };
}

async function main() {
  const settleMs = env('FAULTS_SETTLE_MS', 8000);
  const infra = new Infra({
    kafka: env('FAULTS_KAFKA_PORT', 29092),
    kafkaController: env('FAULTS_KAFKA_CONTROLLER_PORT', 29093),
    mongo: env('FAULTS_MONGO_PORT', 27027),
    minio: env('FAULTS_MINIO_PORT', 9010),
    minioConsole: env('FAULTS_MINIO_CONSOLE_PORT', 9011),
  });
  const log = (msg: string) => console.log(`[faults ${new Date().toISOString().slice(11, 19)}] ${msg}`);

  log(`starting fresh Kafka, database servers and MinIO under ${infra.local}`);
  await infra.fresh();
  const s = infra.settings();
  await provision({ ...process.env, ...s, ...kafkaUserEnv('admin', s) });

  const instances = env('FAULTS_INSTANCES', 2);
  const downMs = env('FAULTS_INSTANCE_DOWN_MS', 6000);
  const services = new Services(
    infra,
    {
      // Dead uploads (a documents process killed mid-stream) are cleaned within seconds, not an hour.
      documents: { PENDING_GRACE_SECONDS: '5', MAINTENANCE_INTERVAL_SECONDS: '5', S3_KEY_PREFIX: KEY_PREFIX },
      claims: { CLAIMS_PENDING_TAKEOVER_MS: '10000', CLAIMS_RECOVERY_INTERVAL_MS: '2000' },
    },
    instances,
  );
  await services.allocatePorts();
  process.on('exit', () => services.killAllNow());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
  for (const name of services.procs.keys()) services.start(name);
  await services.waitAllReady();
  log(`services ready (${instances} instance(s) of each backend): gateway ${services.get('gateway').url}`);

  // The demo catalog, loaded through the services' APIs like `npm run start:all` does.
  process.env.INTERNAL_AUTH_SECRET = services.secret;
  const { loadDemoData } = await import('../demo/load-demo-data');
  const [nwWebinar, , ctSearch] = await loadDemoData(services.get('claims').url, services.get('review').url);
  const scenario: Scenario = {
    campaignByUser: {
      bob: { campaignId: 'CMP-NW-WEBINAR', preApprovalId: nwWebinar, currency: 'EUR' },
      dave: { campaignId: 'CMP-CT-SEARCH', preApprovalId: ctSearch, currency: 'USD' },
    },
  };

  const client = new LoadClient(
    () => services.get('gateway').url,
    env('FAULTS_REQUEST_TIMEOUT_MS', 30_000),
    env('FAULTS_GIVE_UP_MS', 90_000),
  );
  let stopLoad = false;
  const t0 = Date.now();
  const load = runLoad(client, scenario, {
    workers: env('FAULTS_WORKERS', 3),
    max: env('FAULTS_MAX_CLAIMS', 400),
    stop: () => stopLoad,
  });
  const review = runReviewer(client, () => stopLoad);

  const steps: FaultStep[] = [];
  const fault = async (name: string, inject: () => Promise<FaultStep['whileDown'] | void>) => {
    await sleep(settleMs);
    log(name);
    const f0 = Date.now();
    const whileDown = (await inject()) ?? undefined;
    await services.waitAllReady();
    steps.push({ name, recoveryMs: Date.now() - f0, ...(whileDown ? { whileDown } : {}) });
    if (whileDown)
      log(
        `  while it was down: ${whileDown.answered} requests answered, ${whileDown.answeredByService} answers from ${whileDown.service}, ${whileDown.refused} refused ${JSON.stringify(whileDown.refusedByKind)}`,
      );
  };
  const restartServer = (server: ServerName, downMs: number) => async () => {
    await infra.stop(server);
    await sleep(downMs);
    await infra.up();
  };
  const killService = (name: string) => async () => {
    await services.kill9(name);
    services.start(name);
  };
  const refusals = () => [...client.outcome.retryable.values()].reduce((a, b) => a + b, 0);
  /** One instance killed and left down while the others serve: fail-over, then its restart. */
  const killInstance = (name: string) => async () => {
    const service = services.get(name).service;
    const byService = () => client.outcome.servedBy.get(service) ?? 0;
    await services.kill9(name);
    const killedAt = Date.now();
    const [answered, answeredByService, refused] = [client.outcome.answered, byService(), refusals()];
    const kindsBefore = new Map(client.outcome.retryable);
    await sleep(downMs);
    const refusedByKind: Record<string, number> = {};
    for (const [kind, n] of client.outcome.retryable) {
      if (n > (kindsBefore.get(kind) ?? 0)) refusedByKind[kind] = n - (kindsBefore.get(kind) ?? 0);
    }
    const whileDown = {
      service,
      answered: client.outcome.answered - answered,
      answeredByService: byService() - answeredByService,
      refused: refusals() - refused,
      refusedByKind,
      unavailableSentAfterKill: client.outcome.unavailableSentAt.filter((t) => t >= killedAt).length,
    };
    services.start(name);
    return whileDown;
  };

  try {
    await fault('restart Kafka (down 3 s)', restartServer('kafka', 3000));
    for (const service of BACKENDS) {
      if (instances > 1) {
        await fault(`kill -9 one ${service} (down ${downMs / 1000} s), start it again`, killInstance(service));
      } else {
        await fault(`kill -9 ${service}, start it again`, killService(service));
      }
    }
    await fault('kill -9 gateway, start it again', killService('gateway'));
    await fault('restart the database (down 3 s)', restartServer('mongo', 3000));
    await fault('kill -9 the database, start it again', async () => {
      infra.kill9('mongo');
      await infra.up();
    });
    await fault('stop MinIO during uploads (down 8 s)', restartServer('minio', 8000));
    await sleep(settleMs);
  } finally {
    stopLoad = true;
  }
  log('faults done; waiting for the load to finish its last claims');
  const [records, decisions] = await Promise.all([load, review]);
  const loadSeconds = (Date.now() - t0) / 1000;

  const acked = records.filter((r) => r.acknowledged).map((r) => r.claimId!);
  writeFileSync(join(infra.local, 'claims.json'), JSON.stringify(records, null, 1));
  log(
    `${records.length} claims started, ${acked.length} acknowledged; ${decisions.length} decisions; waiting for the system to catch up`,
  );
  const convergedMs = await waitForConvergence(client, records, decisions, 120_000);
  // Let the documents' reconcile pass (every 5 s, grace 5 s) see the last dead uploads.
  await sleep(12_000);

  const { checks, counts } = await runChecks(
    client,
    records,
    decisions,
    { bob: scenario.campaignByUser.bob.campaignId, dave: scenario.campaignByUser.dave.campaignId } as Record<
      User,
      string
    >,
    {
      mongoUrl: s.MONGO_URL,
      kafkaBrokers: s.KAFKA_BROKERS,
      kafkaAuth: kafkaClientFromEnv('fault checks', { ...s, ...kafkaUserEnv('admin', s) }).auth,
      s3: {
        endpoint: s.S3_ENDPOINT,
        accessKey: s.S3_ACCESS_KEY,
        secretKey: s.S3_SECRET_KEY,
        bucket: s.S3_BUCKET,
        keyPrefix: KEY_PREFIX,
      },
    },
  );
  const o = client.outcome;
  const abandoned = [...records, ...decisions].filter((r) => r.abandoned);
  checks.push({
    name: 'every client error was clear and retryable, none hung',
    ok: o.unclear.length === 0 && o.hangs === 0,
    detail:
      o.unclear.length === 0
        ? `${[...o.retryable.values()].reduce((a, b) => a + b, 0)} retryable refusals, 0 unclear, 0 hangs`
        : `${o.unclear.length} unclear (${o.hangs} hangs): ${o.unclear.slice(0, 5).join(' | ')}`,
  });

  const failovers = steps.filter((st) => st.whileDown);
  // A request in flight on the killed instance may fail (a body already streamed is not sent
  // twice; the client retries); every request sent after the kill must reach the other instance.
  const unavailableWhileDown = (st: FaultStep) => st.whileDown!.unavailableSentAfterKill;
  const unavailableInFlight = (st: FaultStep) =>
    Object.entries(st.whileDown!.refusedByKind)
      .filter(([kind]) => kind.includes('UPSTREAM.UNAVAILABLE'))
      .reduce((n, [, count]) => n + count, 0) - st.whileDown!.unavailableSentAfterKill;
  if (failovers.length > 0) {
    checks.push({
      name: 'while one instance of a service was down, the other answered its requests',
      ok: failovers.every((st) => st.whileDown!.answeredByService > 0 && !unavailableWhileDown(st)),
      detail: failovers
        .map(
          (st) =>
            `${st.whileDown!.service}: ${st.whileDown!.answeredByService} answers, ${unavailableWhileDown(st)} UPSTREAM.UNAVAILABLE to requests sent after the kill (${unavailableInFlight(st)} to requests in flight at it)`,
        )
        .join('; '),
    });
  }

  await services.stopAll();
  await infra.down();

  const sorted = [...o.latenciesMs].sort((a, b) => a - b);
  const report = {
    at: new Date().toISOString(),
    loadSeconds: Math.round(loadSeconds),
    steps,
    counts: {
      ...counts,
      started: records.length,
      abandoned: abandoned.length,
      requests: o.requests,
      latencyP50Ms: percentile(sorted, 50),
      latencyP99Ms: percentile(sorted, 99),
      latencyMaxMs: sorted[sorted.length - 1] ?? 0,
      queueConvergedMs: convergedMs,
      unplannedRestarts: services.unplannedExits.length,
      instancesPerService: instances,
    },
    unplannedExits: services.unplannedExits,
    retryable: Object.fromEntries([...o.retryable.entries()].sort((a, b) => b[1] - a[1])),
    abandonedReasons: abandoned.slice(0, 10).map((r) => `${r.claimId ?? '(no id)'}: ${r.abandoned}`),
    checks,
  };
  printReport(report);
  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `faults-${report.at.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  console.log(`report saved: ${file}`);
  process.exit(checks.every((c) => c.ok) ? 0 : 1);
}

function printReport(r: {
  loadSeconds: number;
  steps: FaultStep[];
  counts: Record<string, number>;
  retryable: Record<string, number>;
  abandonedReasons: string[];
  unplannedExits: string[];
  checks: Check[];
}) {
  console.log(`\nFault suite: ${r.loadSeconds} s of load`);
  console.log(
    '\nfault                                      | back ready after | while down: answered (answers from its service) / refused',
  );
  for (const st of r.steps) {
    const down = st.whileDown
      ? `${st.whileDown.answered} (${st.whileDown.answeredByService} ${st.whileDown.service}) / ${st.whileDown.refused}`
      : '';
    console.log(`${st.name.padEnd(43)}| ${`${(st.recoveryMs / 1000).toFixed(1)} s`.padEnd(17)}| ${down}`);
  }
  console.log('\ncounts');
  for (const [k, v] of Object.entries(r.counts)) console.log(`  ${k.padEnd(28)} ${v}`);
  console.log('\nretryable answers the clients met (and retried)');
  for (const [k, v] of Object.entries(r.retryable)) console.log(`  ${k.padEnd(40)} ${v}`);
  if (r.abandonedReasons.length) {
    console.log('\nabandoned claims (first 10)');
    for (const a of r.abandonedReasons) console.log(`  ${a}`);
  }
  if (r.unplannedExits.length) {
    console.log('\nservices that exited on their own and were started again (see their logs)');
    for (const e of r.unplannedExits) console.log(`  ${e}`);
  }
  console.log('\nchecks');
  for (const c of r.checks) console.log(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
  console.log('');
}

main().catch((e: Error) => {
  console.error(`[faults] ${e.stack ?? e.message}`);
  process.exit(1);
});
