import type { INestApplication } from '@nestjs/common';
import { createServiceApp, CallerIdentity } from '@poe/platform';
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
  kind?: string;
  claimId?: string;
  fileName?: string;
  contentType?: string;
}

/** POSTs one file as multipart/form-data, fields first, as browsers do. */
export async function uploadFile(url: string, caller: CallerIdentity, bytes: Buffer, opts: UploadOptions = {}) {
  const form = new FormData();
  if (opts.kind !== null) form.append('kind', opts.kind ?? 'invoice');
  if (opts.claimId) form.append('claimId', opts.claimId);
  form.append('file', new Blob([bytes], { type: opts.contentType ?? 'application/pdf' }), opts.fileName ?? 'invoice.pdf');
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
