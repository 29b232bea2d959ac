import type { INestApplication } from '@nestjs/common';
import {
  AnyEventEnvelope,
  CloudEvent,
  createEvent,
  EVENT_SOURCES,
  EventDataOf,
  EventType,
  parseEvent,
  toKafkaMessage,
  TOPICS,
} from '@poe/contracts';
import { createKafka, createServiceApp, CallerIdentity, kafkaAuthOf } from '@poe/platform';
import { asCaller, listenOnFreePort, serviceEnv, testNamespace, TestNamespace } from '@poe/testing';
import { DocumentsConfig, loadDocumentsConfig } from '../src/config';
import { DocumentsModule } from '../src/documents.module';
import { ObjectStore } from '../src/storage/object-store';
import { DocumentsRepository } from '../src/documents/documents.repository';

export interface BootedDocuments {
  ns: TestNamespace;
  app: INestApplication;
  url: string;
  config: DocumentsConfig;
  store: ObjectStore;
  repo: DocumentsRepository;
  close(): Promise<void>;
}

/** The documents service in-process against the real servers, isolated to the calling test file. */
export async function bootDocuments(testFile: string, extra: Record<string, string> = {}): Promise<BootedDocuments> {
  const ns = testNamespace(testFile);
  // Jobs are run explicitly by the tests; no timers in the background.
  const config = loadDocumentsConfig(serviceEnv(ns, { MAINTENANCE_INTERVAL_SECONDS: '0', ...extra }));
  const app = await createServiceApp(DocumentsModule.forRoot(config), { name: 'documents', logLevel: 'warn' });
  const store = app.get(ObjectStore);
  await store.ensureBucket();
  const url = await listenOnFreePort(app);
  return { ns, app, url, config, store, repo: app.get(DocumentsRepository), close: () => app.close() };
}

export const partnerA: CallerIdentity = { subject: 'usr-a1', roles: ['incentives-user'], partnerId: 'PRT-A' };
export const partnerB: CallerIdentity = { subject: 'usr-b1', roles: ['incentives-admin'], partnerId: 'PRT-B' };
export const reviewer: CallerIdentity = { subject: 'rev-1', roles: ['reviewer'] };

export interface UploadOptions {
  /** null: send no kind field at all. */
  kind?: string | null;
  claimId?: string;
  fileName?: string;
  contentType?: string;
}

/** POSTs one file as multipart/form-data, fields first, as browsers do. */
export async function uploadFile(url: string, caller: CallerIdentity, bytes: Buffer, opts: UploadOptions = {}) {
  const form = new FormData();
  if (opts.kind !== null) form.append('kind', opts.kind ?? 'invoice');
  if (opts.claimId) form.append('claimId', opts.claimId);
  form.append(
    'file',
    new Blob([bytes], { type: opts.contentType ?? 'application/pdf' }),
    opts.fileName ?? 'invoice.pdf',
  );
  const res = await fetch(`${url}/documents`, { method: 'POST', headers: asCaller(caller), body: form });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

export async function call(url: string, caller: CallerIdentity, method: string, path: string, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...asCaller(caller), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Keys stored under the test's prefix (relative), to prove that a refusal left nothing. */
export async function storedKeys(store: ObjectStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of store.list()) keys.push(o.key);
  return keys;
}

/** Collects the events the service publishes on its (prefixed) documents topic. */
export async function watchDocumentEvents(
  svc: BootedDocuments,
): Promise<{ events: AnyEventEnvelope[]; stop(): Promise<void> }> {
  const kafka = createKafka(`${svc.ns.id}-probe`, svc.config.KAFKA_BROKERS, kafkaAuthOf(svc.config));
  const consumer = kafka.consumer({ groupId: svc.ns.group('probe') });
  await consumer.connect();
  await consumer.subscribe({ topic: svc.ns.topic(TOPICS.document), fromBeginning: true });
  const events: AnyEventEnvelope[] = [];
  await consumer.run({ eachMessage: async ({ message }) => void events.push(parseEvent(message.value!)) });
  return { events, stop: () => consumer.disconnect() };
}

/** Publishes claim events as the claims service would, on the test's prefixed topic. */
export async function publishClaimEvents(svc: BootedDocuments, events: CloudEvent[]): Promise<void> {
  const kafka = createKafka(`${svc.ns.id}-claims`, svc.config.KAFKA_BROKERS, kafkaAuthOf(svc.config));
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: svc.ns.topic(TOPICS.claim), messages: events.map(toKafkaMessage) });
  await producer.disconnect();
}

export const claimEvent = <T extends EventType>(type: T, data: EventDataOf<T>) =>
  createEvent(type, data, { source: EVENT_SOURCES.claims, correlationId: `test-${Date.now()}` });

/** The claims service's `claim.created` for a test claim; the other fields are a webinar's. */
export const claimCreatedEvent = (
  claimId: string,
  partnerId: string,
  over: Partial<EventDataOf<'poe.claims.claim.created.v1'>> = {},
) =>
  claimEvent('poe.claims.claim.created.v1', {
    claimId,
    partnerId,
    programId: 'PRG-1',
    campaignId: 'CMP-1',
    revision: 1,
    name: 'Webinar',
    executionDate: '2026-10-10',
    amount: { amount: '100.00', currency: 'EUR' },
    createdBy: 'usr-a1',
    createdAt: '2026-11-21T10:00:00.000Z',
    ...over,
  });

export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
