/**
 * Gateway figures: claim creates/s and reads/s with p50/p99 through the gateway and directly against
 * the claims service in the same run, and the gateway's overhead. The claims service and the
 * gateway run as child processes (as in production: one process each), the load comes from this
 * one; isolated database and topic prefix, removed after. Only 127.0.0.1 is contacted.
 */
import { kafkaClientFromEnv, signIdentity } from '@poe/platform';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, Server } from 'node:http';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import { kafkaUserEnv, readInfraEnv } from '../../test/support/infra-env';
import { Figure, freePort, httpLoad, LoadResult, median, round, startServiceProcess, waitReady } from './lib';

const CONCURRENCY = 32;
const ROUNDS = 3;
/** After this long the database-backed rounds stop (at least one is run); the whole bench stays < 2 min. */
const BUDGET_MS = 40_000;
/** Each measured run lasts about this long, whatever the machine manages: the bench stays bounded. */
const RUN_SECONDS = Number(process.env.BENCH_GATEWAY_RUN_SECONDS ?? 3);
const progress = (msg: string) => process.env.BENCH_VERBOSE && process.stderr.write(`[gateway bench] ${msg}\n`);

const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
};

/** Median of each figure over the rounds, so one noisy round on the shared machine does not decide. */
const summary = (runs: LoadResult[]) => ({
  perSecond: median(runs.map((r) => r.perSecond)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  failed: runs.reduce((n, r) => n + r.failed, 0),
});

/**
 * A stand-in for the claims service that answers at once with a claim-sized JSON body: through it
 * the gateway's own cost (token, roles, signing, relaying) shows without the database's.
 */
async function startEcho(): Promise<{ url: string; server: Server }> {
  const claim = Buffer.from(
    JSON.stringify({ id: 'CLM-echo', status: 'EDITING', version: 1, ...claimBody(0), history: [] }),
  );
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(req.method === 'POST' ? 201 : 200, {
        'content-type': 'application/json',
        'content-length': claim.length,
        etag: '"1"',
      });
      res.end(claim);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

interface Target {
  name: string;
  base: string;
  prefix: string;
  headers: Record<string, string>;
}

const claimBody = (i: number) => ({
  campaignId: 'CMP-BENCH',
  name: `Bench claim ${i}`,
  executionDate: '2026-10-15',
  amount: { amount: '125.00', currency: 'EUR' },
});

/**
 * One load run of creates or reads lasting about RUN_SECONDS: a short probe finds the rate, the
 * run is sized from it.
 */
async function measure(t: Target, kind: 'create' | 'read', ids: string[], seconds = RUN_SECONDS): Promise<LoadResult> {
  const call = (i: number) =>
    kind === 'create'
      ? { method: 'POST', path: `${t.prefix}/claims`, headers: t.headers, body: claimBody(i) }
      : { method: 'GET', path: `${t.prefix}/claims/${ids[(i * 7919) % ids.length]}`, headers: t.headers };
  const probe = await httpLoad(t.base, CONCURRENCY, CONCURRENCY, call);
  const total = Math.max(CONCURRENCY, Math.min(20_000, Math.round(probe.perSecond * seconds)));
  const r = await httpLoad(t.base, total, CONCURRENCY, call);
  progress(
    `${kind} ${t.name}: ${total} in ${round(r.seconds, 1)} s, ${round(r.perSecond)}/s p50 ${round(r.p50, 2)} p99 ${round(r.p99, 2)} ${JSON.stringify(r.statuses)}`,
  );
  return r;
}

export async function run(): Promise<Figure[]> {
  const env = { ...readInfraEnv(), ...process.env } as Record<string, string>;
  // Benchmarks use the tests' Kafka principal, which may use `t.*` topics and groups only.
  Object.assign(env, kafkaUserEnv('tests', env));
  const id = `bench_gateway_${Date.now().toString(36)}`;
  const secret = randomBytes(32).toString('hex');
  const [claimsPort, gatewayPort] = [await freePort(), await freePort()];
  const claimsUrl = `http://127.0.0.1:${claimsPort}`;
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const claims = startServiceProcess('claims', {
    ...env,
    PORT: String(claimsPort),
    LOG_LEVEL: 'error',
    MONGO_DB: `t_${id}`,
    KAFKA_TOPIC_PREFIX: `t.${id}.`,
    KAFKA_GROUP_ID: `t.${id}.claims`,
    INTERNAL_AUTH_SECRET: secret,
  });
  const gateway = startServiceProcess('gateway', {
    ...env,
    PORT: String(gatewayPort),
    LOG_LEVEL: 'error',
    INTERNAL_AUTH_SECRET: secret,
    CLAIMS_URL: claimsUrl,
    // Only claims routes are measured; the other two point at a live /health so the gateway is ready.
    DOCUMENTS_URL: claimsUrl,
    REVIEW_URL: claimsUrl,
    AUTH_MODE: 'dev',
    DEMO_USERS_FILE: 'demo/users.json',
    // The measurement is the forwarding path, not the per-client limit.
    RATE_LIMIT_RPS: '1000000',
    RATE_LIMIT_BURST: '1000000',
  });
  const echo = await startEcho();
  const echoGatewayPort = await freePort();
  const echoGatewayUrl = `http://127.0.0.1:${echoGatewayPort}`;
  const echoGateway = startServiceProcess('gateway', {
    ...env,
    PORT: String(echoGatewayPort),
    LOG_LEVEL: 'error',
    INTERNAL_AUTH_SECRET: secret,
    CLAIMS_URL: echo.url,
    DOCUMENTS_URL: echo.url,
    REVIEW_URL: echo.url,
    AUTH_MODE: 'dev',
    DEMO_USERS_FILE: 'demo/users.json',
    RATE_LIMIT_RPS: '1000000',
    RATE_LIMIT_BURST: '1000000',
  });
  const figures: Figure[] = [];
  const started = Date.now();
  try {
    await waitReady(claimsUrl, claims, 'claims');
    await waitReady(gatewayUrl, gateway, 'gateway');
    await waitReady(echoGatewayUrl, echoGateway, 'gateway (echo upstream)');

    // Catalog straight into the claims service, as the vendor side.
    const service = { 'x-poe-identity': signIdentity({ subject: 'bench', roles: ['service'] }, secret, 600) };
    const setup = async (path: string, body: unknown) => {
      const res = await fetch(`${claimsUrl}${path}`, {
        method: 'POST',
        headers: { ...service, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (res.status !== 201) throw new Error(`setup ${path}: ${res.status} ${await res.text()}`);
    };
    await setup('/programs', { id: 'PRG-BENCH', name: 'Bench program' });
    await setup('/programs/PRG-BENCH/plans', { id: 'PLN-BENCH', name: 'Bench plan' });
    await setup('/partners', { id: 'partner-northwind', name: 'Northwind Traders' });
    await setup('/campaigns', {
      id: 'CMP-BENCH',
      planId: 'PLN-BENCH',
      partnerId: 'partner-northwind',
      name: 'Bench campaign',
      activityType: 'webinar',
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      allocated: { amount: '1000000000.00', currency: 'EUR' },
    });

    // The same caller both ways: bob, partner-northwind.
    const tokenRes = await fetch(`${gatewayUrl}/api/v1/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob' }),
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const bearer: Record<string, string> = { authorization: `Bearer ${access_token}` };
    const identity: Record<string, string> = {
      'x-poe-identity': signIdentity(
        { subject: 'bob', roles: ['incentives-user'], partnerId: 'partner-northwind' },
        secret,
        600,
      ),
    };
    const viaGateway: Target = { name: 'gateway', base: gatewayUrl, prefix: '/api/v1', headers: bearer };
    const direct: Target = { name: 'direct', base: claimsUrl, prefix: '', headers: identity };
    const created: string[] = [];

    // Warm up both paths (JIT, connection pools), and keep claim ids to read.
    progress('warming up');
    await measure(direct, 'create', created, 1);
    await measure(viaGateway, 'create', created, 1);
    const list = await fetch(`${claimsUrl}/claims?limit=100`, { headers: identity });
    created.push(...((await list.json()) as { items: { id: string }[] }).items.map((c) => c.id));
    if (created.length === 0) throw new Error('no claims were created during warm-up');
    await measure(direct, 'read', created, 1);
    await measure(viaGateway, 'read', created, 1);

    const runs = {
      createDirect: [] as LoadResult[],
      createGateway: [] as LoadResult[],
      readDirect: [] as LoadResult[],
      readGateway: [] as LoadResult[],
    };
    // Alternated rounds: a slow spell of the shared machine hits both sides alike.
    // Bounded: further rounds only while the time budget allows (the shared database can be slow).
    for (let r = 0; r < ROUNDS && (r === 0 || Date.now() - started < BUDGET_MS); r++) {
      runs.createDirect.push(await measure(direct, 'create', created));
      runs.createGateway.push(await measure(viaGateway, 'create', created));
      runs.readDirect.push(await measure(direct, 'read', created));
      runs.readGateway.push(await measure(viaGateway, 'read', created));
    }

    // The gateway's own cost: the same requests against the stand-in, through a second gateway and directly.
    const echoToken = await fetch(`${echoGatewayUrl}/api/v1/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob' }),
    });
    const echoBearer = {
      authorization: `Bearer ${((await echoToken.json()) as { access_token: string }).access_token}`,
    };
    const echoVia: Target = { name: 'gateway->echo', base: echoGatewayUrl, prefix: '/api/v1', headers: echoBearer };
    const echoDirect: Target = { name: 'echo', base: echo.url, prefix: '', headers: identity };
    await measure(echoVia, 'create', created, 1);
    await measure(echoDirect, 'create', created, 1);
    const echoRuns = { createVia: [] as LoadResult[], readVia: [] as LoadResult[], createDirect: [] as LoadResult[] };
    for (let r = 0; r < 3; r++) {
      echoRuns.createDirect.push(await measure(echoDirect, 'create', created, 1.5));
      echoRuns.createVia.push(await measure(echoVia, 'create', created, 1.5));
      echoRuns.readVia.push(await measure(echoVia, 'read', created, 1.5));
    }
    const ec = summary(echoRuns.createVia);
    const er = summary(echoRuns.readVia);
    const ed = summary(echoRuns.createDirect);

    const cd = summary(runs.createDirect);
    const cg = summary(runs.createGateway);
    const rd = summary(runs.readDirect);
    const rg = summary(runs.readGateway);
    const note = `${CONCURRENCY} in flight, median of ${runs.createDirect.length} rounds of ~${RUN_SECONDS} s`;
    const failedNote = (s: { failed: number }) => (s.failed ? `${s.failed} failed requests! ` : '');
    figures.push(
      {
        name: 'gateway: claim creates via gateway',
        value: round(cg.perSecond),
        unit: '/s',
        aim: '>= 1000',
        note: failedNote(cg) + note,
      },
      { name: 'gateway: claim create p50 via gateway', value: round(cg.p50, 2), unit: 'ms' },
      { name: 'gateway: claim create p99 via gateway', value: round(cg.p99, 2), unit: 'ms', aim: '<= 50' },
      { name: 'gateway: claim creates direct', value: round(cd.perSecond), unit: '/s', note: failedNote(cd) + note },
      { name: 'gateway: claim create p50 direct', value: round(cd.p50, 2), unit: 'ms' },
      { name: 'gateway: claim create p99 direct', value: round(cd.p99, 2), unit: 'ms' },
      {
        name: 'gateway: create overhead (1 - gw/direct)',
        value: round((1 - cg.perSecond / cd.perSecond) * 100),
        unit: '%',
        aim: '<= 25',
        note: `p50 +${round(cg.p50 - cd.p50, 2)} ms`,
      },
      {
        name: 'gateway: claim reads via gateway',
        value: round(rg.perSecond),
        unit: '/s',
        aim: '>= 3000',
        note: failedNote(rg) + note,
      },
      { name: 'gateway: claim read p50 via gateway', value: round(rg.p50, 2), unit: 'ms' },
      { name: 'gateway: claim read p99 via gateway', value: round(rg.p99, 2), unit: 'ms', aim: '<= 20' },
      { name: 'gateway: claim reads direct', value: round(rd.perSecond), unit: '/s', note: failedNote(rd) + note },
      { name: 'gateway: claim read p50 direct', value: round(rd.p50, 2), unit: 'ms' },
      { name: 'gateway: claim read p99 direct', value: round(rd.p99, 2), unit: 'ms' },
      {
        name: 'gateway: read overhead (1 - gw/direct)',
        value: round((1 - rg.perSecond / rd.perSecond) * 100),
        unit: '%',
        aim: '<= 25',
        note: `p50 +${round(rg.p50 - rd.p50, 2)} ms`,
      },
      {
        name: 'gateway: creates via gateway, instant upstream',
        value: round(ec.perSecond),
        unit: '/s',
        note: `gateway's own capacity; p50 ${round(ec.p50, 2)} ms, p99 ${round(ec.p99, 2)} ms; upstream alone ${round(ed.perSecond)}/s`,
      },
      {
        name: 'gateway: reads via gateway, instant upstream',
        value: round(er.perSecond),
        unit: '/s',
        note: `gateway's own capacity; p50 ${round(er.p50, 2)} ms, p99 ${round(er.p99, 2)} ms`,
      },
    );
  } finally {
    await Promise.all([stop(gateway), stop(claims), stop(echoGateway)]);
    echo.server.close();
    const mongo = new MongoClient(env.MONGO_URL);
    await mongo.connect();
    await mongo
      .db(`t_${id}`)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
    const { brokers, auth } = kafkaClientFromEnv('bench:gateway', env);
    const admin = new Kafka({ clientId: id, brokers, ...auth, logLevel: logLevel.NOTHING } as KafkaConfig).admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`t.${id}.`));
    if (topics.length) await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
  return figures;
}

if (require.main === module) {
  run().then(
    (figures) => {
      for (const f of figures)
        console.log(
          `${f.name.padEnd(44)} ${String(f.value).padStart(9)} ${f.unit.padEnd(3)} ${f.aim ?? ''} ${f.note ? `(${f.note})` : ''}`,
        );
    },
    (e: Error) => {
      console.error(e);
      process.exit(1);
    },
  );
}
