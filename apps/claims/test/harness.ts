import type { INestApplication } from '@nestjs/common';
import {
  createEvent,
  EVENT_SOURCES,
  EventDataOf,
  EventType,
  getEventDefinition,
  toKafkaMessage,
  TOPIC_OWNERS,
} from '@poe/contracts';
import { CallerIdentity, createServiceApp, kafkaAuthOf } from '@poe/platform';
import { asCaller, listenOnFreePort, serviceEnv, testNamespace, TestNamespace } from '@poe/testing';
import { createHash, randomUUID } from 'node:crypto';
import { Kafka, KafkaConfig, logLevel, Producer } from 'kafkajs';
import { ClaimsModule } from '../src/claims.module';
import { loadClaimsConfig } from '../src/config';

/** A claims service booted in-process against the real FerretDB and Kafka, isolated to one test file. */
export interface Harness {
  ns: TestNamespace;
  app: INestApplication;
  url: string;
  kafka: Kafka;
  call(
    caller: CallerIdentity,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; etag: string | null }>;
  publish<T extends EventType>(type: T, data: EventDataOf<T>, id?: string): Promise<string>;
  close(): Promise<void>;
}

export const ADMIN: CallerIdentity = { subject: 'svc-catalog', roles: ['service'] };
export const REVIEWER: CallerIdentity = { subject: 'rev-1', roles: ['reviewer'] };
export const partnerUser = (partnerId: string, subject = `usr-${partnerId}`): CallerIdentity => ({
  subject,
  roles: ['incentives-user'],
  partnerId,
});

export async function bootClaims(testFile: string, extraEnv: Record<string, string> = {}): Promise<Harness> {
  const ns = testNamespace(testFile);
  const config = loadClaimsConfig(serviceEnv(ns, { CLAIMS_RECOVERY_INTERVAL_MS: '0', ...extraEnv }));
  const app = await createServiceApp(ClaimsModule.forRoot(config), { name: 'claims', logLevel: 'warn' });
  const url = await listenOnFreePort(app);
  const kafka = new Kafka({
    clientId: `test-${ns.id}`,
    brokers: config.KAFKA_BROKERS,
    ...kafkaAuthOf(config),
    logLevel: logLevel.NOTHING,
  } as KafkaConfig);
  let producer: Producer | undefined;
  return {
    ns,
    app,
    url,
    kafka,
    async call(caller, method, path, body, headers = {}) {
      const res = await fetch(url + path, {
        method,
        headers: {
          ...asCaller(caller),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, etag: res.headers.get('etag') };
    },
    async publish(type, data, id = randomUUID()) {
      if (!producer) {
        producer = kafka.producer({ allowAutoTopicCreation: false });
        await producer.connect();
      }
      // As the topic's owner would: consumers refuse an event from anyone else.
      const topic = getEventDefinition(type)!.topic;
      const source = EVENT_SOURCES[TOPIC_OWNERS[topic]];
      const event = createEvent(type, data, { source, correlationId: `test-${id}`, id });
      const m = toKafkaMessage(event);
      await producer.send({
        topic: ns.topic(topic),
        acks: -1,
        messages: [{ key: m.key, value: m.value, headers: m.headers }],
      });
      return id;
    },
    async close() {
      await producer?.disconnect();
      await app.close();
    },
  };
}

export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30000,
  what = 'condition',
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
export const today = () => isoDay(0);
export const daysFromToday = isoDay;

let seq = 0;
/** A program, plan, partner and a running campaign (yesterday .. in 30 days) with `allocated` EUR. */
export async function seedCampaign(
  h: Harness,
  opts: {
    partnerId?: string;
    allocated?: string;
    startDate?: string;
    endDate?: string;
    claimDeadlineDays?: number;
    /** docs/reimbursement.md; left out: the whole cost, no cap. */
    contributionRatio?: string;
    capPerClaim?: string;
  } = {},
) {
  const n = ++seq;
  const partnerId = opts.partnerId ?? `PRT-${n}-${h.ns.id.slice(-6)}`;
  const program = await h.call(ADMIN, 'POST', '/programs', { id: `PRG-${n}`, name: 'Co-op 2026' });
  const plan = await h.call(ADMIN, 'POST', `/programs/${program.body.id ?? `PRG-${n}`}/plans`, {
    id: `PLN-${n}`,
    name: 'Webinars',
  });
  const partner = await h.call(ADMIN, 'POST', '/partners', { id: partnerId, name: `Partner ${n}` });
  if (partner.status !== 201 && partner.body.code !== 'CATALOG.ALREADY_EXISTS')
    throw new Error(JSON.stringify(partner.body));
  const campaign = await h.call(ADMIN, 'POST', '/campaigns', {
    id: `CMP-${n}`,
    planId: plan.body.id,
    partnerId,
    name: 'Q4 webinar series',
    activityType: 'webinar',
    startDate: opts.startDate ?? daysFromToday(-1),
    endDate: opts.endDate ?? daysFromToday(30),
    allocated: { amount: opts.allocated ?? '10000.00', currency: 'EUR' },
    ...(opts.claimDeadlineDays !== undefined ? { claimDeadlineDays: opts.claimDeadlineDays } : {}),
    ...(opts.contributionRatio !== undefined ? { contributionRatio: opts.contributionRatio } : {}),
    ...(opts.capPerClaim !== undefined ? { capPerClaim: { amount: opts.capPerClaim, currency: 'EUR' } } : {}),
  });
  if (campaign.status !== 201) throw new Error(`campaign: ${JSON.stringify(campaign.body)}`);
  return {
    partnerId,
    campaignId: campaign.body.id as string,
    programId: program.body.id as string,
    planId: plan.body.id as string,
    campaign: campaign.body,
  };
}

/** Collects everything the service publishes on its own topics, in arrival order per partition. */
export async function observeTopics(h: Harness, topics: string[]) {
  const seen: { topic: string; key: string; type: string; data: any; id: string }[] = [];
  const consumer = h.kafka.consumer({ groupId: h.ns.group(`observer-${Math.random().toString(36).slice(2)}`) });
  await consumer.connect();
  await consumer.subscribe({ topics: topics.map((t) => h.ns.topic(t)), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const e = JSON.parse(message.value!.toString());
      seen.push({
        topic: topic.slice(h.ns.topic('').length),
        key: message.key!.toString(),
        type: e.type,
        data: e.data,
        id: e.id,
      });
    },
  });
  return { seen, stop: () => consumer.disconnect() };
}

/** Sends document and pre-approval events as the documents and review services would. */
export async function seedReferences(h: Harness, partnerId: string, campaignId: string, tag: string) {
  const now = new Date().toISOString();
  const docs = { invoice: `DOC-inv-${tag}`, proof: `DOC-proof-${tag}`, csr: `DOC-csr-${tag}` };
  const preApprovalId = `PA-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  for (const kind of ['invoice', 'proof'] as const) {
    await h.publish('poe.documents.document.uploaded.v1', {
      documentId: docs[kind],
      partnerId,
      kind,
      fileName: `${kind}.pdf`,
      sha256: sha(`${tag}-${kind}`),
      size: 1000,
      contentType: 'application/pdf',
      duplicateOf: [],
      uploadedBy: 'usr',
      uploadedAt: now,
    });
  }
  await h.publish('poe.documents.document.csr-generated.v1', {
    documentId: docs.csr,
    partnerId,
    claimId: 'CLM-unknown',
    sha256: sha(`${tag}-csr`),
    size: 2000,
    contentType: 'application/pdf',
    total: { amount: '9000.00', currency: 'EUR' },
    certifiedBy: { name: 'Dana', title: 'Director' },
    generatedAt: now,
  });
  await h.publish('poe.review.pre-approval.granted.v1', {
    preApprovalId,
    partnerId,
    campaignId,
    validFrom: new Date(Date.now() - 86_400_000).toISOString(),
    validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    grantedBy: 'rev-1',
    grantedAt: now,
  });
  return { ...docs, preApprovalId };
}
