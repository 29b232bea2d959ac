/**
 * A client of the public API as a partner app would write it: demo tokens, JSON in and out,
 * multipart uploads, and patience for what the system applies asynchronously (events).
 */
import { checkProblemAgainstRuleIndex } from '../support/rule-index-check';

export type DemoUser = 'alice' | 'bob' | 'carol' | 'dave' | 'rita' | 'svc-payments';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  /** Request and answer in one line, for assertion messages and bug reports. */
  describe: string;
}

/** Sees every exchange of an ApiClient (e.g. test/e2e/foreign-ids.ts). */
export interface ExchangeObserver {
  record(as: DemoUser | null, method: string, path: string, body: unknown, answer: Answer): void;
}

export class ApiClient {
  private readonly tokens = new Map<DemoUser, string>();
  private readonly observers: ExchangeObserver[] = [];

  constructor(readonly baseUrl: string) {}

  observe(observer: ExchangeObserver): this {
    this.observers.push(observer);
    return this;
  }

  async token(user: DemoUser): Promise<string> {
    const cached = this.tokens.get(user);
    if (cached) return cached;
    const res = await fetch(`${this.baseUrl}/api/v1/auth/dev-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user }),
    });
    if (res.status !== 201 && res.status !== 200) throw new Error(`dev-token for ${user}: ${res.status}`);
    const { access_token } = (await res.json()) as { access_token: string };
    this.tokens.set(user, access_token);
    return access_token;
  }

  /** `as: null` sends no token. */
  async request<T = any>(
    as: DemoUser | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer<T>> {
    const h: Record<string, string> = { ...headers };
    if (as) h.authorization = `Bearer ${await this.token(as)}`;
    let payload: string | FormData | Uint8Array | undefined;
    if (body instanceof FormData) payload = body;
    else if (typeof body === 'string' || body instanceof Uint8Array) payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    const answer: Answer<T> = {
      status: res.status,
      headers: res.headers,
      body: parsed as T,
      describe: `${as ?? 'anonymous'} ${method} /api/v1${path} -> ${res.status} ${text.slice(0, 600)}`,
    };
    if (res.headers.get('content-type')?.startsWith('application/problem+json'))
      checkProblemAgainstRuleIndex(parsed, answer.describe);
    const sent = body instanceof FormData ? [...body.entries()].filter(([, v]) => typeof v === 'string') : body;
    for (const o of this.observers) o.record(as, method, path, sent, answer);
    return answer;
  }

  get = <T = any>(as: DemoUser | null, path: string, headers?: Record<string, string>) =>
    this.request<T>(as, 'GET', path, undefined, headers);
  post = <T = any>(as: DemoUser | null, path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request<T>(as, 'POST', path, body, headers);
  patch = <T = any>(as: DemoUser | null, path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request<T>(as, 'PATCH', path, body, headers);
  put = <T = any>(as: DemoUser | null, path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request<T>(as, 'PUT', path, body, headers);

  /** Multipart upload: fields first, then the file, as the documents service wants them. */
  upload(as: DemoUser, kind: 'invoice' | 'proof', file: Buffer, fileName: string, claimId?: string) {
    const form = new FormData();
    form.append('kind', kind);
    if (claimId) form.append('claimId', claimId);
    const type = fileName.endsWith('.png') ? 'image/png' : 'application/pdf';
    form.append('file', new Blob([file], { type }), fileName);
    return this.request(as, 'POST', '/documents', form);
  }
}

/** Expects a status, and fails with the whole exchange so a service bug is reported precisely. */
export function expectStatus<T>(answer: Answer<T>, status: number): Answer<T> {
  if (answer.status !== status) throw new Error(`expected ${status}: ${answer.describe}`);
  return answer;
}

/**
 * Repeats `attempt` until it returns a value (not undefined) or the time is up; an error it throws
 * ends the wait at once. The system applies events asynchronously (a document reaches the claims
 * service, a decision reaches the claim): a client waits for them like this too.
 */
export async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  timeoutMs = 20000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** A small, well-formed one-page PDF with some text, built here so the tests need no binaries. */
export function smallPdf(text = 'Invoice INV-2026-0042'): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
