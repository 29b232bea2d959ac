/**
 * `npm run bench:scale`: the whole system at 1,000, 10,000 and 100,000 claims (cumulative), through
 * the gateway and direct to each service, with the raw database figures for the same operations
 * beside them (docs/scale-benchmark.md).
 *
 * Loading: a few complete flows go through the gateway (create with Idempotency-Key, details, invoice
 * upload, evidence, submit, some approved or rejected), so every service writes its real documents;
 * those documents are then read from each service's database and cloned with new ids (claim,
 * document, partner, campaign, pre-approval, sha256, due date, Idempotency-Key), in insertMany
 * batches, with no pending outbox entries. Campaign balances do not count the clones.
 *
 * Knobs: SCALE_BENCH_SIZES (1000,10000,100000), SCALE_BENCH_SECONDS (per phase, 5),
 * SCALE_BENCH_CONCURRENCY (16), SCALE_BENCH_MAX_OPS (per phase, 3000), SCALE_BENCH_SUBMITS (per
 * target and size, 200), SCALE_BENCH_RELAY_EVENTS (2000), SCALE_BENCH_PHASES (all; e.g. "submit"),
 * SCALE_BENCH_PROFILE (a service to run under `node --cpu-prof`: claims, documents, review, gateway).
 */
import { CallerIdentity, kafkaClientFromEnv, signIdentity } from '@poe/platform';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Kafka, KafkaConfig, logLevel } from 'kafkajs';
import * as Minio from 'minio';
import { BSON, Collection, Db, Document, MongoClient } from 'mongodb';
import { newId } from '../../apps/claims/src/shared/ids';
import { kafkaUserEnv, readInfraEnv } from '../../test/support/infra-env';
import { smallPdf } from '../../test/e2e/client';
import { Figure, freePort, percentile, round, startServiceProcess, waitReady } from './lib';

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const SIZES = (process.env.SCALE_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const PHASE_SECONDS = num('SCALE_BENCH_SECONDS', 5);
const CONCURRENCY = num('SCALE_BENCH_CONCURRENCY', 16);
const MAX_OPS = num('SCALE_BENCH_MAX_OPS', 3000);
const SUBMITS = num('SCALE_BENCH_SUBMITS', 200);
const RELAY_EVENTS = num('SCALE_BENCH_RELAY_EVENTS', 2000);
const PHASES = (process.env.SCALE_BENCH_PHASES ?? '').split(',').filter(Boolean);
const PROFILE = process.env.SCALE_BENCH_PROFILE;
const BATCH = 1000;
/** The big partner holds a third of the claims; the rest spread over the others. */
const OTHER_PARTNERS = 11;
const BIG = 'partner-northwind';
const { EJSON } = BSON;
const SERVICES = ['claims', 'documents', 'review'] as const;
type Service = (typeof SERVICES)[number];

const root = join(__dirname, '..', '..');
const benchStart = Date.now();
const log = (msg: string) => process.stderr.write(`[scale ${Math.round((Date.now() - benchStart) / 1000)} s] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const phaseOn = (p: string) => PHASES.length === 0 || PHASES.includes(p);

// ------------------------------------------------------------------ load loops

interface Result {
  /** Cores each process used during the run (CPU seconds / wall seconds), from /proc. */
  cpu?: Record<string, number>;
  ok: number;
  failed: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
}

/**
 * `concurrency` workers run `op(i)` until `total` are done or `seconds` are up. `op` answers the
 * outcome ('ok' or a label such as an HTTP status); only 'ok' counts, and is timed.
 */
async function timedLoad(
  total: number,
  op: (i: number) => Promise<string>,
  seconds = PHASE_SECONDS,
  concurrency = CONCURRENCY,
): Promise<Result> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const deadline = Date.now() + seconds * 1000;
  const cpu0 = cpuTicks();
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total && Date.now() < deadline) {
        const i = next++;
        const s = process.hrtime.bigint();
        const outcome = await op(i).catch((e: Error) => `error ${e.message.slice(0, 60)}`);
        statuses[outcome] = (statuses[outcome] ?? 0) + 1;
        if (outcome === 'ok') latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    ok: latencies.length,
    failed: Object.entries(statuses).reduce((n, [k, v]) => (k === 'ok' ? n : n + v), 0),
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses,
    cpu: coresSince(cpu0, elapsed),
  };
}

/** The processes whose CPU time each phase reports: the services, the database, Kafka, this one. */
const watched = new Map<string, number>([['bench', process.pid]]);
const TICKS_PER_SECOND = 100;
function cpuTicks(): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, pid] of watched) {
    try {
      // utime and stime: fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(name, Number(fields[11]) + Number(fields[12]));
    } catch {
      // gone
    }
  }
  return out;
}
function coresSince(before: Map<string, number>, seconds: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, ticks] of cpuTicks()) {
    const was = before.get(name);
    if (was !== undefined) out[name] = round((ticks - was) / TICKS_PER_SECOND / seconds, 2);
  }
  return out;
}
const cpuNote = (cpu?: Record<string, number>) =>
  cpu
    ? `cores: ${Object.entries(cpu)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`
    : '';

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY * 2 });

/** One HTTP call over the shared keep-alive agent; the body is parsed when it is JSON. */
function http(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const url = new URL(base);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const okIf = (status: number, want: number[]) => (want.includes(status) ? 'ok' : String(status));

// ------------------------------------------------------------------ the system under test

interface System {
  gateway: string;
  services: Record<Service, string>;
  secret: string;
  env: Record<string, string>;
  runId: string;
  dbs: Record<Service, Db>;
  mongo: MongoClient;
  kafka: Kafka;
  topicPrefix: string;
  children: { name: string; child: ChildProcess }[];
  profileDir?: string;
}

async function startSystem(): Promise<System> {
  const env = { ...readInfraEnv(), ...process.env } as Record<string, string>;
  // Benchmarks use the tests' Kafka principal, which may use `t.*` topics and groups only.
  Object.assign(env, kafkaUserEnv('tests', env));
  if (!env.MONGO_URL || !env.KAFKA_BROKERS)
    throw new Error('no infra.env: run scripts/infra/up.sh (or npm run bench:scale)');
  await dropStaleRuns(env.MONGO_URL);
  const runId = `scale_${Date.now().toString(36)}`;
  const secret = randomBytes(32).toString('hex');
  const topicPrefix = `t.${runId}.`;
  const port = async (name: string) => Number(env[`${name.toUpperCase()}_PORT`] ?? (await freePort()));
  const ports = {
    claims: await port('claims'),
    documents: await port('documents'),
    review: await port('review'),
    gateway: await port('gateway'),
  };
  const url = (p: number) => `http://127.0.0.1:${p}`;
  const profileDir = PROFILE ? join(root, 'bench-results', `profile-${runId}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const nodeArgs = (name: string) => (PROFILE === name ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
  const children: System['children'] = [];
  const common = { ...env, LOG_LEVEL: 'error', INTERNAL_AUTH_SECRET: secret };
  for (const name of SERVICES) {
    const child = startServiceProcess(
      name,
      {
        ...common,
        PORT: String(ports[name]),
        MONGO_DB: `${runId}_${name}`,
        KAFKA_TOPIC_PREFIX: topicPrefix,
        KAFKA_GROUP_ID: `${topicPrefix}${name}`,
        KAFKA_CLIENT_ID: `poe-${name}`,
        // Under bench/: the documents user may write there only (MINIO_DOCUMENTS_PREFIXES in up.sh).
        S3_KEY_PREFIX: `bench/${runId}/`,
      },
      nodeArgs(name),
    );
    children.push({ name, child });
  }
  const gatewayChild = startServiceProcess(
    'gateway',
    {
      ...common,
      PORT: String(ports.gateway),
      CLAIMS_URL: url(ports.claims),
      DOCUMENTS_URL: url(ports.documents),
      REVIEW_URL: url(ports.review),
      AUTH_MODE: 'dev',
      DEMO_USERS_FILE: 'demo/users.json',
      // The measurement is the forwarding path, not the per-client limit.
      RATE_LIMIT_RPS: '1000000',
      RATE_LIMIT_BURST: '1000000',
    },
    nodeArgs('gateway'),
  );
  children.push({ name: 'gateway', child: gatewayChild });
  const mongo = await MongoClient.connect(env.MONGO_URL, { retryWrites: false, maxPoolSize: CONCURRENCY * 2 });
  const { brokers, auth } = kafkaClientFromEnv('bench:scale', env);
  const kafka = new Kafka({ clientId: runId, brokers, ...auth, logLevel: logLevel.NOTHING } as KafkaConfig);
  const system: System = {
    gateway: url(ports.gateway),
    services: { claims: url(ports.claims), documents: url(ports.documents), review: url(ports.review) },
    secret,
    env,
    runId,
    mongo,
    kafka,
    topicPrefix,
    children,
    profileDir,
    dbs: {
      claims: mongo.db(`${runId}_claims`),
      documents: mongo.db(`${runId}_documents`),
      review: mongo.db(`${runId}_review`),
    },
  };
  for (const { name, child } of children) if (child.pid) watched.set(name, child.pid);
  const runDir = join(env.POE_LOCAL ?? join(root, '.local'), 'run');
  for (const server of ['mongo', 'kafka']) {
    const f = join(runDir, `${server}.pid`);
    if (existsSync(f)) watched.set(server === 'mongo' ? 'secantusdb' : server, Number(readFileSync(f, 'utf8').trim()));
  }
  try {
    for (const { name, child } of children)
      await waitReady(name === 'gateway' ? system.gateway : system.services[name as Service], child, name);
  } catch (e) {
    // Not left running on the ports for the next run.
    for (const { child } of children) child.kill('SIGTERM');
    await mongo.close();
    throw e;
  }
  return system;
}

/**
 * Drops the databases a killed run left behind (`scale_*`): they would sit beside this run's data in
 * the same server. Before any service starts, and not timed: on SecantusDB a drop takes time in
 * proportion to the data and holds every other client meanwhile (docs/database.md).
 */
async function dropStaleRuns(url: string): Promise<void> {
  const mongo = await MongoClient.connect(url, { retryWrites: false });
  try {
    const { databases } = await mongo.db().admin().listDatabases({ nameOnly: true });
    for (const { name } of databases.filter((d) => d.name.startsWith('scale_'))) {
      const t0 = Date.now();
      await mongo.db(name).dropDatabase();
      log(`dropped ${name}, left by an earlier run that did not finish, in ${round((Date.now() - t0) / 1000)} s`);
    }
  } finally {
    await mongo.close();
  }
}

/** Stops the services startSystem started (a profiled one writes its profile as it exits). */
async function stopServices(s: System): Promise<void> {
  await Promise.all(
    s.children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => (clearTimeout(timer), resolve()));
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** Removes the run's databases, topics and objects (after the report: the drops can take minutes). */
async function removeRunData(s: System): Promise<void> {
  for (const db of Object.values(s.dbs)) await db.dropDatabase().catch(() => undefined);
  await s.mongo.close().catch(() => undefined);
  const admin = s.kafka.admin();
  await admin.connect().catch(() => undefined);
  const topics = (await admin.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(s.topicPrefix));
  if (topics.length) await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect().catch(() => undefined);
  const endpoint = new URL(s.env.S3_ENDPOINT);
  const minio = new Minio.Client({
    endPoint: endpoint.hostname,
    port: Number(endpoint.port),
    useSSL: endpoint.protocol === 'https:',
    accessKey: s.env.S3_ACCESS_KEY,
    secretKey: s.env.S3_SECRET_KEY,
    region: s.env.S3_REGION,
  });
  const names: string[] = [];
  await new Promise<void>((resolve) => {
    const stream = minio.listObjectsV2(s.env.S3_BUCKET, `bench/${s.runId}/`, true);
    stream.on('data', (o) => o.name && names.push(o.name));
    stream.on('end', () => resolve());
    stream.on('error', () => resolve());
  });
  if (names.length) await minio.removeObjects(s.env.S3_BUCKET, names).catch(() => undefined);
}

// ------------------------------------------------------------------ callers

interface Target {
  name: 'gateway' | 'direct';
  claims: string;
  review: string;
  /** Path prefix: /api/v1 through the gateway, nothing direct. */
  prefix: string;
  partner: Record<string, string>;
  reviewer: Record<string, string>;
}

async function devToken(gateway: string, username: string): Promise<Record<string, string>> {
  const r = await http(gateway, 'POST', '/api/v1/auth/dev-token', {}, { username });
  if (r.status >= 300) throw new Error(`dev-token ${username}: ${r.status}`);
  return { authorization: `Bearer ${r.body.access_token}` };
}

async function targets(s: System): Promise<Target[]> {
  const identity = (id: CallerIdentity) => ({ 'x-poe-identity': signIdentity(id, s.secret, 6 * 3600) });
  return [
    {
      name: 'direct',
      claims: s.services.claims,
      review: s.services.review,
      prefix: '',
      partner: identity({ subject: 'bob', roles: ['incentives-user'], partnerId: BIG }),
      reviewer: identity({ subject: 'rita', roles: ['reviewer'] }),
    },
    {
      name: 'gateway',
      claims: s.gateway,
      review: s.gateway,
      prefix: '/api/v1',
      ...(await gatewayTokens(s)),
    },
  ];
}

/** Bearer tokens of bob (the big partner's user) and rita (the reviewer) for calls through the gateway. */
async function gatewayTokens(s: System): Promise<Pick<Target, 'partner' | 'reviewer'>> {
  return { partner: await devToken(s.gateway, 'bob'), reviewer: await devToken(s.gateway, 'rita') };
}

// ------------------------------------------------------------------ catalog and real flows

const CAMPAIGN_OF = (partnerId: string) => `CMP-SCALE-${partnerId.replace(/^partner-/, '').toUpperCase()}`;

interface Catalog {
  partners: string[];
  /** pre-approval id per campaign id. */
  preApprovals: Record<string, string>;
}

async function until<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await attempt();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** One program and plan, the big partner, Contoso and the other partners, a campaign each with a pre-approval. */
async function loadCatalog(s: System, t: Target): Promise<Catalog> {
  const svc = await devToken(s.gateway, 'svc-payments');
  const post = async (path: string, body: unknown, headers = svc) => {
    const r = await http(s.gateway, 'POST', `/api/v1${path}`, headers, body);
    if (r.status !== 201) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  await post('/programs', { id: 'PRG-SCALE', name: 'Scale program' });
  await post('/programs/PRG-SCALE/plans', { id: 'PLN-SCALE', name: 'Scale plan' });
  const partners = [
    BIG,
    'partner-contoso',
    ...Array.from({ length: OTHER_PARTNERS - 1 }, (_, i) => `partner-scale${i}`),
  ];
  const preApprovals: Record<string, string> = {};
  for (const p of partners) {
    await post('/partners', { id: p, name: `Partner ${p}` });
    const campaignId = CAMPAIGN_OF(p);
    await post('/campaigns', {
      id: campaignId,
      planId: 'PLN-SCALE',
      partnerId: p,
      name: `Scale campaign of ${p}`,
      activityType: 'webinar',
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      allocated: { amount: '900000000000.00', currency: 'EUR' },
    });
    const pa = await post(
      '/pre-approvals',
      {
        partnerId: p,
        campaignId,
        description: `Materials of ${p}`,
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: '2027-12-31T23:59:59.000Z',
      },
      t.reviewer,
    );
    preApprovals[campaignId] = pa.preApprovalId;
  }
  return { partners, preApprovals };
}

type SeedKind = 'draft' | 'submitted' | 'approved' | 'rejected';
interface Seed {
  kind: SeedKind;
  claimId: string;
  documentId: string;
  idempotencyKey: string;
}

/** A complete flow of bob's through the gateway, as far as `kind` says. */
async function realFlow(s: System, gw: Target, catalog: Catalog, kind: SeedKind, n: number): Promise<Seed> {
  const base = s.gateway;
  const bob = gw.partner;
  const campaignId = CAMPAIGN_OF(BIG);
  const idempotencyKey = `scale-seed-${s.runId}-${n}`;
  const created = await http(
    base,
    'POST',
    '/api/v1/claims',
    { ...bob, 'idempotency-key': idempotencyKey },
    {
      campaignId,
      name: `Scale webinar ${n}`,
      executionDate: '2026-10-15',
      amount: { amount: '1250.00', currency: 'EUR' },
    },
  );
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const claimId: string = created.body.id;
  await until(`details of ${claimId}`, async () => {
    const r = await http(base, 'PATCH', `/api/v1/claims/${claimId}`, bob, {
      claimName: `Scale webinar ${n}`,
      claimDate: '2026-10-15',
      estimatedImpressions: 1200,
      preApprovalId: catalog.preApprovals[campaignId],
    });
    if (r.status === 200) return true;
    if (r.status === 422 && /PRE_APPROVAL/.test(JSON.stringify(r.body))) return undefined;
    throw new Error(`details: ${r.status} ${JSON.stringify(r.body)}`);
  });
  const form = new FormData();
  form.append('kind', 'invoice');
  form.append('claimId', claimId);
  form.append(
    'file',
    new Blob([smallPdf(`Invoice for ${claimId}`)], { type: 'application/pdf' }),
    `inv-${claimId}.pdf`,
  );
  const up = await fetch(`${base}/api/v1/documents`, { method: 'POST', headers: bob, body: form });
  const doc = (await up.json()) as { id: string };
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${JSON.stringify(doc)}`);
  await until(`evidence of ${claimId}`, async () => {
    const r = await http(base, 'PUT', `/api/v1/claims/${claimId}/evidence`, bob, {
      invoice: {
        documentId: doc.id,
        invoiceNumber: `INV-${claimId}`,
        invoiceDate: '2026-10-16',
        vendor: 'Webinar Hosting GmbH',
        amount: { amount: '1250.00', currency: 'EUR' },
      },
    });
    if (r.status === 200) return true;
    if (r.status === 422 && JSON.stringify(r.body).includes('CLAIM.DOCUMENT_UNKNOWN')) return undefined;
    throw new Error(`evidence: ${r.status} ${JSON.stringify(r.body)}`);
  });
  const seed = { kind, claimId, documentId: doc.id, idempotencyKey };
  if (kind === 'draft') return seed;
  const submitted = await http(base, 'POST', `/api/v1/claims/${claimId}/submit`, bob);
  if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  if (kind === 'submitted') return seed;
  let last = '';
  decided.add(claimId);
  const decide = (action: string, body: object) =>
    until(`${action} on ${claimId}`, async () => {
      const r = await http(base, 'POST', `/api/v1/review/items/${claimId}/${action}`, gw.reviewer, body);
      if (r.status === 202) return true;
      // 503 REVIEW.ITEM_NOT_YET: the submitted claim's item is still on its way to the queue.
      if (r.status === 409 || r.status === 404 || r.status === 503)
        return ((last = `${r.status} ${JSON.stringify(r.body)}`), undefined);
      throw new Error(`${action}: ${r.status} ${JSON.stringify(r.body)}`);
    });
  await decide('start-review', {}).catch((e: Error) => Promise.reject(new Error(`${e.message}: ${last}`)));
  await (
    kind === 'approved'
      ? decide('approve', {
          approvedAmount: { amount: '1000.00', currency: 'EUR' },
          message: 'Catering is not eligible.',
        })
      : decide('reject', { reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'], message: 'Not eligible.' })
  ).catch((e: Error) => Promise.reject(new Error(`${e.message}: ${last}`)));
  const final = kind === 'approved' ? 'APPROVED' : 'REJECTED';
  await until(`${claimId} ${final}`, async () => {
    const r = await http(base, 'GET', `/api/v1/claims/${claimId}`, bob);
    return r.body?.status === final ? true : undefined;
  });
  return seed;
}

/** The review items the bench has decided on: the only ones that can have a decision unconfirmed. */
const decided = new Set<string>();

/**
 * Until no service has an event waiting, a funds step half done or a decision unconfirmed. Every
 * probe is served by an index (the relays' `outbox.id`, the recovery's `pending.startedAt`, `_id`):
 * at 100,000 claims a probe that scans (`outbox.0: {$exists}`, `pending: {$type}`), polled every
 * 100 ms, held the database for minutes between phases (py-spy on SecantusDB, 2026-12-02).
 */
async function settle(s: System): Promise<void> {
  const withOutbox: Collection[] = [];
  for (const db of Object.values(s.dbs))
    for (const c of await db.listCollections({}, { nameOnly: true }).toArray()) {
      const indexes = await db.collection(c.name).indexes();
      if (indexes.some((i) => 'outbox.id' in i.key)) withOutbox.push(db.collection(c.name));
    }
  const ids = [...decided];
  await until(
    'the services to settle',
    async () => {
      for (const c of withOutbox)
        if (await c.findOne({ 'outbox.id': { $gt: '' } }, { projection: { _id: 1 } })) return undefined;
      const halfDone = { 'pending.startedAt': { $lt: new Date('9999-12-31T00:00:00Z') } };
      if (await s.dbs.claims.collection('claims').findOne(halfDone, { projection: { _id: 1 } })) return undefined;
      for (let i = 0; i < ids.length; i += 500) {
        const unconfirmed = { _id: { $in: ids.slice(i, i + 500) }, pendingDecision: { $type: 'object' } };
        if (await s.dbs.review.collection<{ _id: string }>('review_items').findOne(unconfirmed)) return undefined;
      }
      return true;
    },
    60_000,
  );
}

// ------------------------------------------------------------------ the cloner

/** Collections of the catalog and its read models: one document per campaign or partner, not per claim. */
const SHARED = new Set(['programs', 'plans', 'partners', 'campaigns', 'campaign_funds', 'pre_approvals']);

interface Template {
  seed: Seed;
  /** Per service and collection, the seed's documents as relaxed EJSON text. */
  docs: { service: Service; collection: string; json: string }[];
  /** The seed's values a clone replaces. */
  sha256: string;
  dueAtIso?: string;
}

async function readTemplates(s: System, seeds: Seed[]): Promise<Template[]> {
  const templates: Template[] = seeds.map((seed) => ({ seed, docs: [], sha256: '' }));
  for (const service of SERVICES) {
    const db = s.dbs[service];
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      for (const doc of await db.collection(name).find({}).toArray()) {
        const json = EJSON.stringify(doc, { relaxed: true });
        const t = templates.find((x) => json.includes(x.seed.claimId));
        if (!t || SHARED.has(name)) continue; // catalog, pre-approvals, funds: shared, not cloned
        t.docs.push({ service, collection: name, json });
        if (service === 'documents' && name === 'documents') t.sha256 = String(doc.sha256);
        if (service === 'review' && name === 'review_items' && doc.dueAt instanceof Date)
          t.dueAtIso = doc.dueAt.toISOString();
      }
    }
  }
  for (const t of templates) {
    if (!t.sha256) throw new Error(`seed ${t.seed.claimId}: no document record with a sha256`);
    log(`template ${t.seed.kind} ${t.seed.claimId}: ${t.docs.map((d) => `${d.service}.${d.collection}`).join(', ')}`);
  }
  return templates;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const remint = (id: string, at: number) => newId(id.slice(0, id.indexOf('-')), at);

interface Clone {
  claimId: string;
  partnerId: string;
  kind: SeedKind;
}

/**
 * Clones templates into the services' databases: `count` claims with their records, partner and
 * template chosen by `pick(i)`. Every id, hash and due date of the template is replaced; outboxes
 * are left empty so the relay has nothing to send.
 */
async function cloneClaims(
  s: System,
  catalog: Catalog,
  count: number,
  pick: (i: number) => { template: Template; partnerId: string },
): Promise<Clone[]> {
  const clones: Clone[] = [];
  const big = CAMPAIGN_OF(BIG);
  let buffers = new Map<string, Document[]>();
  const flush = async () => {
    await Promise.all(
      [...buffers].map(async ([key, docs]) => {
        const [service, collection] = key.split('/');
        await s.dbs[service as Service]
          .collection(collection)
          .insertMany(docs, { ordered: false })
          .catch((e: Error & { code?: number }) => {
            // Fingerprints keyed by vendor + invoice number may meet: the first one stays, as in the service.
            if (e.code !== 11000 && !/E11000/.test(e.message)) throw e;
          });
      }),
    );
    buffers = new Map();
  };
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const { template, partnerId } = pick(i);
    const { seed } = template;
    // Ids as the services make them, created over the last 60 days, so pages interleave.
    const at = now - Math.floor(Math.random() * 60 * 86_400_000);
    const claimId = remint(seed.claimId, at);
    const campaignId = CAMPAIGN_OF(partnerId);
    const map = new Map<string, string>([
      [seed.claimId, claimId],
      [seed.documentId, remint(seed.documentId, at)],
      // Invoice fingerprints hold the invoice number lower-cased (invoiceKeyOf), and with it the claim id.
      [seed.claimId.toLowerCase(), claimId.toLowerCase()],
      [seed.idempotencyKey, `scale-${s.runId}-${claimId}`],
      [template.sha256, randomBytes(32).toString('hex')],
      [BIG, partnerId],
      [big, campaignId],
      [catalog.preApprovals[big], catalog.preApprovals[campaignId]],
    ]);
    if (template.dueAtIso) {
      const due = new Date(template.dueAtIso);
      due.setUTCDate(due.getUTCDate() + Math.floor(Math.random() * 60));
      map.set(template.dueAtIso, due.toISOString());
    }
    const re = new RegExp([...map.keys()].map(escapeRe).join('|'), 'g');
    for (const d of template.docs) {
      const doc = EJSON.parse(
        d.json.replace(re, (m) => map.get(m)!),
        { relaxed: true },
      ) as Document;
      if (Array.isArray(doc.outbox)) doc.outbox = [];
      const key = `${d.service}/${d.collection}`;
      const list = buffers.get(key) ?? [];
      list.push(doc);
      buffers.set(key, list);
    }
    clones.push({ claimId, partnerId, kind: seed.kind });
    if ((i + 1) % BATCH === 0) await flush();
  }
  await flush();
  return clones;
}

// ------------------------------------------------------------------ measurements

/** The services' documents: string ids throughout. */
type StoredDoc = Document & { _id: string };

interface Row {
  size: number;
  op: string;
  target: 'gateway' | 'direct' | 'database';
  r: Result;
  note?: string;
}

const sample = <T>(xs: T[], i: number) => xs[(i * 7919) % xs.length];

async function measureReads(t: Target, bigClaims: string[]): Promise<Omit<Row, 'size'>[]> {
  const rows: Omit<Row, 'size'>[] = [];
  const run = async (op: string, call: (i: number) => Promise<string>) => {
    await timedLoad(CONCURRENCY * 4, call, 2); // warm: JIT, connections, caches
    const r = await timedLoad(MAX_OPS, call);
    rows.push({ op, target: t.name, r });
    log(
      `${op} ${t.name}: ${round(r.perSecond)}/s p50 ${round(r.p50, 2)} p99 ${round(r.p99, 2)} ${JSON.stringify(r.statuses)}`,
    );
  };
  if (phaseOn('get'))
    await run('GET claim by id', async (i) =>
      okIf((await http(t.claims, 'GET', `${t.prefix}/claims/${sample(bigClaims, i)}`, t.partner)).status, [200]),
    );
  if (phaseOn('partner-page'))
    await run("partner's first page (20)", async () =>
      okIf((await http(t.claims, 'GET', `${t.prefix}/claims?limit=20`, t.partner)).status, [200]),
    );
  if (phaseOn('queue-page'))
    await run('review queue first page (20)', async () =>
      okIf((await http(t.review, 'GET', `${t.prefix}/review/items?limit=20`, t.reviewer)).status, [200]),
    );
  return rows;
}

async function measureCreates(t: Target, size: number): Promise<Omit<Row, 'size'>[]> {
  if (!phaseOn('create')) return [];
  const call = (tag: string) => async (i: number) =>
    okIf(
      (
        await http(
          t.claims,
          'POST',
          `${t.prefix}/claims`,
          { ...t.partner, 'idempotency-key': `scale-create-${size}-${t.name}-${tag}-${i}` },
          {
            campaignId: CAMPAIGN_OF(BIG),
            name: `Scale create ${i}`,
            executionDate: '2026-10-15',
            amount: { amount: '10.00', currency: 'EUR' },
          },
        )
      ).status,
      [201],
    );
  await timedLoad(CONCURRENCY * 2, call('warm'), 2);
  const r = await timedLoad(MAX_OPS, call('run'));
  log(
    `create ${t.name}: ${round(r.perSecond)}/s p50 ${round(r.p50, 2)} p99 ${round(r.p99, 2)} ${JSON.stringify(r.statuses)}`,
  );
  return [{ op: 'create claim (Idempotency-Key)', target: t.name, r }];
}

/**
 * Submits of ready drafts, and beside them how long each submitted claim takes to reach the review
 * queue: one query on the review service's database every 20 ms finds the items that arrived.
 */
async function measureSubmits(
  s: System,
  t: Target,
  drafts: string[],
): Promise<{ rows: Omit<Row, 'size'>[]; queued: string[] }> {
  if (!phaseOn('submit') && !phaseOn('decision')) return { rows: [], queued: [] };
  const items = s.dbs.review.collection<{ _id: string }>('review_items');
  const answeredAt = new Map<string, number>();
  const latencies: number[] = [];
  const queued: string[] = [];
  let polling = true;
  let drainUntil = Infinity;
  const poller = (async () => {
    while (polling || answeredAt.size > 0) {
      const waiting = [...answeredAt.keys()];
      if (waiting.length) {
        const found = await items.find({ _id: { $in: waiting } }, { projection: { _id: 1 } }).toArray();
        const at = performance.now();
        for (const f of found) {
          latencies.push(at - answeredAt.get(f._id)!);
          answeredAt.delete(f._id);
          queued.push(f._id);
        }
      }
      if (!polling && Date.now() > drainUntil) break;
      await sleep(20);
    }
  })();
  const r = await timedLoad(
    drafts.length,
    async (i) => {
      const res = await http(t.claims, 'POST', `${t.prefix}/claims/${drafts[i]}/submit`, {
        ...t.partner,
        'idempotency-key': `scale-submit-${drafts[i]}`,
      });
      if (res.status === 200) answeredAt.set(drafts[i], performance.now());
      return okIf(res.status, [200]);
    },
    PHASE_SECONDS * 2,
  );
  drainUntil = Date.now() + 15_000;
  polling = false;
  await poller;
  const missing = answeredAt.size;
  // One still missing has waited at least until now: counted with that lower bound.
  for (const at of answeredAt.values()) latencies.push(performance.now() - at);
  latencies.sort((a, b) => a - b);
  log(
    `submit ${t.name}: ${round(r.perSecond)}/s p50 ${round(r.p50, 2)} ${JSON.stringify(r.statuses)}; queue p99 ${round(percentile(latencies, 99))}`,
  );
  const q: Result = {
    ok: latencies.length - missing,
    failed: missing,
    perSecond: NaN,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statuses: {},
  };
  return {
    rows: [
      { op: 'submit claim', target: t.name, r },
      {
        op: 'submitted -> in review queue',
        target: t.name,
        r: q,
        note: missing ? `${missing} not queued 15 s after the last submit (counted as lower bounds)` : undefined,
      },
    ],
    queued,
  };
}

/** start-review, then approve, repeated while the claims service has not confirmed the start yet. */
async function measureDecisions(t: Target, queued: string[]): Promise<Omit<Row, 'size'>[]> {
  if (!phaseOn('decision') || queued.length === 0) return [];
  let retries = 0;
  const r = await timedLoad(
    queued.length,
    async (i) => {
      const id = queued[i];
      decided.add(id);
      const started = await http(t.review, 'POST', `${t.prefix}/review/items/${id}/start-review`, t.reviewer, {});
      if (started.status !== 202) return `start ${started.status}`;
      const until = Date.now() + 10_000;
      for (;;) {
        const a = await http(t.review, 'POST', `${t.prefix}/review/items/${id}/approve`, t.reviewer, {
          approvedAmount: { amount: '1000.00', currency: 'EUR' },
          message: 'Catering is not eligible.',
        });
        if (a.status === 202) return 'ok';
        if (a.status !== 409 || Date.now() > until) return `approve ${a.status}`;
        retries++;
        await sleep(20);
      }
    },
    PHASE_SECONDS * 2,
  );
  log(
    `decision ${t.name}: ${round(r.perSecond)}/s p50 ${round(r.p50, 2)} ${JSON.stringify(r.statuses)} retries ${retries}`,
  );
  return [
    {
      op: 'decision (start-review + approve)',
      target: t.name,
      r,
      note: `approve waits for the claims service to confirm the start (409 retried every 20 ms: ${retries} retries)`,
    },
  ];
}

/**
 * The claims outbox relay alone: a burst of claim documents, each with one real event waiting, is
 * inserted into the claims database; timed until the topic's end offsets moved by as many.
 */
async function measureRelay(
  s: System,
  template: Template,
  event: { key: string; value: string; type: string; contentType: string },
) {
  if (!phaseOn('relay')) return [];
  const topic = `${s.topicPrefix}claims.claim.v1`;
  const admin = s.kafka.admin();
  await admin.connect();
  const end = async () => (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  const claimDoc = template.docs.find((d) => d.service === 'claims' && d.collection === 'claims')!;
  const docs: Document[] = [];
  for (let i = 0; i < RELAY_EVENTS; i++) {
    const claimId = remint(template.seed.claimId, Date.now());
    const doc = EJSON.parse(claimDoc.json.split(template.seed.claimId).join(claimId), { relaxed: true }) as Document;
    const id = randomUUID();
    const value = JSON.parse(event.value) as Record<string, unknown>;
    doc.outbox = [
      {
        id,
        topic: 'claims.claim.v1',
        key: claimId,
        value: JSON.stringify({ ...value, id })
          .split(template.seed.claimId)
          .join(claimId),
        contentType: event.contentType,
      },
    ];
    docs.push(doc);
  }
  const before = await end();
  const claims = s.dbs.claims.collection<StoredDoc>('claims');
  const i0 = process.hrtime.bigint();
  for (let i = 0; i < docs.length; i += BATCH)
    await claims.insertMany(docs.slice(i, i + BATCH) as StoredDoc[], { ordered: false });
  const insertMs = Number(process.hrtime.bigint() - i0) / 1e6;
  const cpu0 = cpuTicks();
  const t0 = process.hrtime.bigint();
  let firstMs = NaN;
  let published = 0;
  // Bounded: at the end of the time the rate is what was published so far.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    published = (await end()) - before;
    if (published > 0 && Number.isNaN(firstMs)) firstMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (published >= RELAY_EVENTS) break;
    await sleep(25);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = coresSince(cpu0, seconds);
  await admin.disconnect();
  // The burst's claims have no records in the other services: removed, so sizes stay what they say.
  await claims.deleteMany({ _id: { $in: docs.map((d) => d._id as string) } });
  log(`relay: ${published} in ${round(seconds, 2)} s, first after ${round(firstMs)} ms, insert ${round(insertMs)} ms`);
  return [
    {
      op: 'outbox relay (claims) to Kafka',
      target: 'direct' as const,
      r: {
        ok: published,
        failed: RELAY_EVENTS - published,
        perSecond: published / seconds,
        p50: NaN,
        p99: NaN,
        statuses: {},
        cpu,
      },
      note: `${RELAY_EVENTS} ${event.type} events inserted in ${round(insertMs)} ms (not timed), first on the topic after ${round(firstMs)} ms`,
    },
  ];
}

/** The same operations straight through the driver, at the same concurrency, on the same collections. */
async function measureDatabase(s: System, bigClaims: string[], template: Template): Promise<Omit<Row, 'size'>[]> {
  const claims = s.dbs.claims.collection<StoredDoc>('claims');
  const items = s.dbs.review.collection<StoredDoc>('review_items');
  const rows: Omit<Row, 'size'>[] = [];
  if (!phaseOn('database')) return rows;
  const run = async (op: string, call: (i: number) => Promise<unknown>, total = MAX_OPS) => {
    const r = await timedLoad(total, async (i) => (await call(i), 'ok'));
    rows.push({ op, target: 'database', r });
    log(`${op} database: ${round(r.perSecond)}/s p50 ${round(r.p50, 2)} p99 ${round(r.p99, 2)}`);
    return r;
  };
  const listProjection = { outbox: 0, history: 0, processedEventIds: 0 };
  await run('GET claim by id', (i) => claims.findOne({ _id: sample(bigClaims, i) }));
  await run("partner's first page (20)", () =>
    claims.find({ partnerId: BIG }, { projection: listProjection }).sort({ _id: -1 }).limit(21).toArray(),
  );
  await run('review queue first page (20)', () =>
    items
      .find({ status: { $in: ['queued', 'in_review'] } }, { projection: { outbox: 0, history: 0, lastEventIds: 0 } })
      .sort({ dueAt: 1, _id: 1 })
      .limit(21)
      .toArray(),
  );
  const claimDoc = EJSON.parse(template.docs.find((d) => d.service === 'claims' && d.collection === 'claims')!.json, {
    relaxed: true,
  }) as Document;
  const raw = `RAW-${Date.now().toString(36)}`;
  const inserted = await run('insertOne claim', (i) => claims.insertOne({ ...claimDoc, _id: `${raw}-${i}` }));
  await run(
    'guarded updateOne by {_id, version}',
    (i) =>
      claims.updateOne(
        { _id: `${raw}-${i}`, version: claimDoc.version },
        // As the service writes a change: new fields, the revision, a history entry.
        {
          $set: { updatedAt: new Date().toISOString() },
          $inc: { version: 1 },
          $push: { history: { at: new Date().toISOString(), actor: 'bob', kind: 'bench.touched' } },
        } as never,
      ),
    inserted.ok,
  );
  await claims.deleteMany({ _id: { $regex: `^${raw}-` } });
  return rows;
}

// ------------------------------------------------------------------ figures and table

const rowNote = (r: Result) =>
  `p50 ${round(r.p50, 2)} ms, p99 ${round(r.p99, 2)} ms; ${r.ok} ok${r.failed ? `, ${r.failed} failed ${JSON.stringify(r.statuses)}` : ''}; ${cpuNote(r.cpu)}`;

const DIRECT_AIMS: Record<string, string> = {
  'GET claim by id': '>= 2000',
  'create claim (Idempotency-Key)': '>= 1000',
  'submit claim': '>= 200',
  'outbox relay (claims) to Kafka': '>= 5000',
};

function toFigures(rows: Row[], sizes: number[]): Figure[] {
  const figures: Figure[] = [];
  for (const size of sizes) {
    const at = rows.filter((r) => r.size === size);
    for (const row of at) {
      const name = `${size}: ${row.op}, ${row.target}`;
      if (row.op === 'submitted -> in review queue') {
        figures.push({
          name: `${name}, p99`,
          value: round(row.r.p99),
          unit: 'ms',
          aim: '<= 250',
          note: `p50 ${round(row.r.p50)} ms; ${row.r.ok} queued${row.note ? `; ${row.note}` : ''}`,
        });
        continue;
      }
      let aim = row.target === 'direct' ? DIRECT_AIMS[row.op] : undefined;
      if (row.target === 'gateway') {
        const direct = at.find((d) => d.op === row.op && d.target === 'direct');
        if (direct) aim = `>= ${round(direct.r.perSecond * 0.75)}`;
      }
      figures.push({
        name,
        value: round(row.r.perSecond),
        unit: 'ops/s',
        aim,
        note:
          (row.target === 'gateway' && aim ? 'within 25% of direct; ' : '') +
          (row.op.startsWith('outbox') ? cpuNote(row.r.cpu) : rowNote(row.r)) +
          (row.note ? `; ${row.note}` : ''),
      });
    }
  }
  // Flat cost: each latency at the largest size within 1.5x of the same at the smallest.
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  if (large !== small) {
    for (const row of rows.filter((r) => r.size === large)) {
      const base = rows.find((r) => r.size === small && r.op === row.op && r.target === row.target);
      if (!base || Number.isNaN(row.r.p50) || Number.isNaN(base.r.p50)) continue;
      figures.push({
        name: `flat: ${row.op}, ${row.target}, p50 at ${large} / at ${small}`,
        value: round(row.r.p50 / base.r.p50, 2),
        unit: 'x',
        aim: '<= 1.5',
        note: `${round(base.r.p50, 2)} -> ${round(row.r.p50, 2)} ms; p99 ${round(base.r.p99, 2)} -> ${round(row.r.p99, 2)} ms`,
      });
    }
  }
  return figures;
}

/** Whether a figure meets its aim ('>= n' or '<= n'); blank without one. */
function met(f: Figure): string {
  const m = /^(>=|<=)\s*([\d.]+)/.exec(f.aim ?? '');
  if (!m || Number.isNaN(f.value)) return '';
  return (m[1] === '>=' ? f.value >= Number(m[2]) : f.value <= Number(m[2])) ? 'yes' : 'MISSED';
}

function printTable(figures: Figure[]) {
  const width = Math.max(...figures.map((r) => r.name.length), 20);
  console.log(`\n${'figure'.padEnd(width)}  ${'value'.padStart(10)}  unit    aim          met     note`);
  console.log('-'.repeat(width + 60));
  for (const r of figures) {
    console.log(
      `${r.name.padEnd(width)}  ${String(r.value).padStart(10)}  ${r.unit.padEnd(6)}  ${(r.aim ?? '').padEnd(11)}  ${met(r).padEnd(6)}  ${r.note ?? ''}`,
    );
  }
}

/** Top self-time functions of the profile the service wrote at exit. */
function profileSummary(dir: string): string[] {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  const lines: string[] = [];
  for (const f of files) {
    const p = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
      nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
      samples: number[];
    };
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const self = new Map<string, number>();
    for (const id of p.samples) {
      const cf = byId.get(id)!.callFrame;
      const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*node_modules\//, '').replace(root, '')}:${cf.lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + 1);
    }
    const total = p.samples.length;
    lines.push(`${f}: ${total} samples`);
    for (const [k, n] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15))
      lines.push(`  ${round((n / total) * 100)}%  ${k}`);
  }
  return lines;
}

// ------------------------------------------------------------------ the run

const loadAtStart = loadavg().map((x) => round(x, 2));

async function main() {
  log(`sizes ${SIZES.join(', ')}; ${CONCURRENCY} in flight; phases of <= ${PHASE_SECONDS} s and <= ${MAX_OPS} ops`);
  const system = await startSystem();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log('stopping services');
    await stopServices(system);
    agent.destroy();
  };
  const removeData = async () => {
    log("removing the run's databases, topics and objects");
    await removeRunData(system);
  };
  const rows: Row[] = [];
  const loadNotes: string[] = [];
  const onSignal = (signal: string, code: number) => () =>
    void stop()
      .then(() => report(system, rows, loadNotes, signal))
      .then(removeData)
      .finally(() => process.exit(code));
  process.once('SIGINT', onSignal('SIGINT', 130));
  process.once('SIGTERM', onSignal('SIGTERM', 143));
  try {
    const [direct, gateway] = await targets(system);
    log('catalog and real flows through the gateway');
    const catalog = await loadCatalog(system, gateway);
    const kinds: SeedKind[] = [
      'draft',
      'draft',
      'submitted',
      'submitted',
      'approved',
      'approved',
      'rejected',
      'rejected',
    ];
    const seeds: Seed[] = [];
    // A claims consumer group needs a moment to join: the first flow waits on its events.
    for (const [n, kind] of kinds.entries()) seeds.push(await realFlow(system, gateway, catalog, kind, n));
    await settle(system);
    const templates = await readTemplates(system, seeds);
    const draftTemplate = templates.find((t) => t.seed.kind === 'draft')!;
    const event = await firstClaimEvent(system, draftTemplate.seed.claimId);

    const others = catalog.partners.filter((p) => p !== BIG);
    const bigClaims: string[] = [];
    let loaded = seeds.length;
    for (const size of SIZES) {
      // Top up to `size`, counting what earlier phases created (creates, submit drafts).
      const have = await system.dbs.claims.collection('claims').estimatedDocumentCount();
      const add = Math.max(0, size - have - 2 * SUBMITS);
      const t0 = Date.now();
      const clones = await cloneClaims(system, catalog, add, (i) => ({
        template: templates[(loaded + i) % templates.length],
        partnerId: (loaded + i) % 3 === 0 ? BIG : others[(loaded + i) % others.length],
      }));
      loaded += add;
      // Ready drafts of the big partner for the submit phases, one set per target.
      const drafts = await cloneClaims(system, catalog, 2 * SUBMITS, () => ({
        template: draftTemplate,
        partnerId: BIG,
      }));
      const loadMs = Date.now() - t0;
      for (const c of clones) if (c.partnerId === BIG && bigClaims.length < 20_000) bigClaims.push(c.claimId);
      const count = async (svc: Service, c: string) => system.dbs[svc].collection(c).estimatedDocumentCount();
      const note = `${size}: ${add + drafts.length} claims cloned in ${round(loadMs / 1000)} s; claims ${await count('claims', 'claims')}, idempotency keys ${await count('claims', 'idempotency_keys')}, document records ${await count('documents', 'documents')}, review items ${await count('review', 'review_items')}, review claim facts ${await count('review', 'claim_facts')}`;
      loadNotes.push(note);
      log(note);

      // Dev tokens live an hour and loading 100,000 claims takes longer: fresh ones for every size.
      Object.assign(gateway, await gatewayTokens(system));
      const at = (r: Omit<Row, 'size'>[]) => rows.push(...r.map((x) => ({ ...x, size })));
      // Reads first, at the loaded size; then the writes, which add a bounded number of claims.
      for (const t of [direct, gateway]) at(await measureReads(t, bigClaims));
      at(await measureDatabase(system, bigClaims, draftTemplate));
      for (const t of [direct, gateway]) at(await measureCreates(t, size));
      const pools = { direct: drafts.slice(0, SUBMITS), gateway: drafts.slice(SUBMITS) };
      for (const t of [direct, gateway]) {
        const { rows: submitted, queued } = await measureSubmits(
          system,
          t,
          pools[t.name].map((d) => d.claimId),
        );
        at(submitted);
        await settle(system).catch(() => log('services not settled after submits; going on'));
        at(await measureDecisions(t, queued));
        await settle(system).catch(() => log('services not settled after decisions; going on'));
      }
      at(await measureRelay(system, draftTemplate, event));
      await settle(system).catch(() => log('services not settled after the relay burst; going on'));
    }
  } catch (e) {
    await stop();
    await removeData();
    throw e;
  }
  await stop();
  report(system, rows, loadNotes);
  await removeData();
}

/** Prints the table and saves the run; after a signal, with what was measured until then. */
function report(system: System, rows: Row[], loadNotes: string[], stoppedBy?: string) {
  const figures = toFigures(rows, SIZES);
  printTable(figures);
  for (const n of loadNotes) console.log(`loaded ${n}`);
  console.log(
    `load average (1, 5, 15 min) at start ${loadAtStart.join(', ')}, at end ${loadavg()
      .map((x) => round(x, 2))
      .join(', ')} on ${cpus().length} cores`,
  );
  const profile = system.profileDir ? profileSummary(system.profileDir) : [];
  if (profile.length) console.log(`\nCPU profile of ${PROFILE} (self time, top 15):\n${profile.join('\n')}`);
  const dir = join(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        settings: {
          sizes: SIZES,
          concurrency: CONCURRENCY,
          phaseSeconds: PHASE_SECONDS,
          maxOps: MAX_OPS,
          submits: SUBMITS,
          relayEvents: RELAY_EVENTS,
          phases: PHASES,
          profile: PROFILE,
        },
        ...(stoppedBy ? { incomplete: `stopped by ${stoppedBy}: the figures measured until then` } : {}),
        loaded: loadNotes,
        loadAverage: { start: loadAtStart, end: loadavg() },
        figures: figures.map((f) => ({ ...f, met: met(f) })),
        rows,
        profile,
      },
      null,
      2,
    ),
  );
  console.log(`\nsaved ${file}`);
}

/** A real claim event of the draft seed, read back from its topic, for the relay burst. */
async function firstClaimEvent(
  s: System,
  claimId: string,
): Promise<{ key: string; value: string; type: string; contentType: string }> {
  const consumer = s.kafka.consumer({ groupId: `${s.topicPrefix}bench-reader` });
  await consumer.connect();
  await consumer.subscribe({ topic: `${s.topicPrefix}claims.claim.v1`, fromBeginning: true });
  let found: { key: string; value: string; type: string; contentType: string } | undefined;
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (found || message.key?.toString() !== claimId) return;
      const value = message.value!.toString();
      const contentType = message.headers?.['content-type']?.toString() ?? 'application/cloudevents+json';
      found = { key: claimId, value, contentType, type: String((JSON.parse(value) as { type: string }).type) };
    },
  });
  try {
    return await until('a claim event on the topic', async () => found, 60_000);
  } finally {
    await consumer.disconnect();
  }
}

void main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(e);
    process.exit(1);
  },
);
