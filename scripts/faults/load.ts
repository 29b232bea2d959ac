import { randomUUID } from 'node:crypto';
import { smallPdf } from '../../test/e2e/client';

/**
 * The steady load of the fault suite: partners preparing and submitting claims through the
 * gateway, as a careful client would. Each request has a deadline (a request that passes it is a
 * hang); answers are sorted into success, a clear retryable refusal (retried after the time the
 * server names) or an unclear failure (recorded and the claim abandoned).
 */

export type User = 'bob' | 'dave';

export interface Outcome {
  /** Answers and network failures by kind, e.g. `503 SERVICE.UNAVAILABLE`, `network ECONNREFUSED`. */
  retryable: Map<string, number>;
  /** Failures a client cannot act on: 5xx other than 502/503/504, problem-less errors, hangs. */
  unclear: string[];
  hangs: number;
  requests: number;
  /** Requests whose answer the client took (success, or an accepted outcome): the service was there. */
  answered: number;
  /**
   * Answers a service instance produced, success or its own refusal ("not yet", conflict, its
   * database down), by the service that owns the route (`/documents...`, `/review...`, the rest
   * claims); not the gateway's own (sign-in, rate limit, `UPSTREAM.UNAVAILABLE`).
   */
  servedBy: Map<string, number>;
  /** When each attempt that got the gateway's `UPSTREAM.UNAVAILABLE` was sent (ms since epoch). */
  unavailableSentAt: number[];
  latenciesMs: number[];
}

/** The service that answers a public path (composed views count for their first service). */
export function serviceOfPath(path: string): string {
  const first = path.split(/[/?]/)[1] ?? '';
  if (first === 'documents') return 'documents';
  if (first === 'review' || first === 'pre-approvals') return 'review';
  return 'claims';
}

export interface ClaimRecord {
  claimId?: string;
  user: User;
  campaignId: string;
  amount: string;
  /** The submit answered 200: the system promised this claim is in review. */
  acknowledged: boolean;
  abandoned?: string;
}

class Unclear extends Error {}

const RETRYABLE_CODES = new Set([
  // Eventual consistency: the claims service has not yet heard of the upload / a takeover is due.
  'CLAIM.DOCUMENT_UNKNOWN',
  'CLAIM.SUBMIT_IN_PROGRESS',
  'CLAIM.PRE_APPROVAL_UNKNOWN',
  // "Retry shortly": the first request with this key is still running (or was cut off).
  'IDEMPOTENCY.IN_PROGRESS',
  'CLAIM.CONCURRENT_CHANGE',
  // The review item still waits for the claims service (the submit or the last decision).
  'REVIEW.DECISION_IN_PROGRESS',
  'REVIEW.ITEM_NOT_FOUND',
  'REVIEW.ITEM_NOT_YET',
  'REVIEW.NOT_SUBMITTED',
]);

export class LoadClient {
  readonly outcome: Outcome = {
    retryable: new Map(),
    unclear: [],
    hangs: 0,
    requests: 0,
    answered: 0,
    servedBy: new Map(),
    unavailableSentAt: [],
    latenciesMs: [],
  };
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly gateway: () => string,
    private readonly requestTimeoutMs: number,
    private readonly giveUpMs: number,
  ) {}

  private count(kind: string) {
    this.outcome.retryable.set(kind, (this.outcome.retryable.get(kind) ?? 0) + 1);
  }

  private async token(user: string): Promise<string> {
    const cached = this.tokens.get(user);
    if (cached) return cached;
    const r = await this.call(null, 'POST', '/auth/dev-token', { username: user });
    this.tokens.set(user, r.body.access_token);
    return r.body.access_token;
  }

  /**
   * One logical request, retried while the answer is a clear "not now". Throws Unclear on an
   * answer a client cannot act on, or when the retries take longer than `giveUpMs`.
   */
  async call(
    user: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    accept: (status: number, body: any) => boolean = (s) => s >= 200 && s < 300,
  ): Promise<{ status: number; body: any }> {
    const started = Date.now();
    let renewed = false;
    for (let attempt = 0; ; attempt++) {
      const h: Record<string, string> = { ...headers };
      if (user) h.authorization = `Bearer ${await this.token(user)}`;
      let payload: string | FormData | undefined;
      if (body instanceof FormData) payload = body;
      else if (body !== undefined) {
        payload = JSON.stringify(body);
        h['content-type'] = 'application/json';
      }
      const t0 = Date.now();
      this.outcome.requests++;
      let waitMs = Math.min(200 * 2 ** attempt, 3000);
      try {
        const res = await fetch(`${this.gateway()}/api/v1${path}`, {
          method,
          headers: h,
          body: payload,
          signal: AbortSignal.timeout(this.requestTimeoutMs),
        });
        const text = await res.text();
        this.outcome.latenciesMs.push(Date.now() - t0);
        const parsed = text ? safeJson(text) : undefined;
        const fromGateway =
          path.startsWith('/auth') || res.status === 429 || /^(UPSTREAM|AUTH)\./.test(String(parsed?.code ?? ''));
        if (!fromGateway) {
          const by = serviceOfPath(path);
          this.outcome.servedBy.set(by, (this.outcome.servedBy.get(by) ?? 0) + 1);
        }
        if (accept(res.status, parsed)) {
          this.outcome.answered++;
          return { status: res.status, body: parsed };
        }
        const problem = (res.headers.get('content-type') ?? '').includes('application/problem+json');
        const code: string | undefined = parsed?.code;
        const retryAfter = Number(res.headers.get('retry-after'));
        const transient = [429, 502, 503, 504].includes(res.status);
        if (res.status === 401 && user && code === 'AUTH.UNAUTHENTICATED' && !renewed) {
          // Dev mode: the gateway's signing key is made at boot, so a restarted gateway refuses
          // the old token; the client signs in again once, as any client does on a 401.
          this.tokens.delete(user);
          renewed = true;
          this.count('401 AUTH.UNAUTHENTICATED (signed in again)');
          continue;
        }
        if (problem && (transient || (code && RETRYABLE_CODES.has(code)))) {
          this.count(`${res.status} ${code ?? ''}`.trim());
          if (code === 'UPSTREAM.UNAVAILABLE') this.outcome.unavailableSentAt.push(t0);
          if (retryAfter > 0) waitMs = Math.min(retryAfter * 1000, 5000);
        } else {
          const what = `${method} ${path} -> ${res.status} ${text.slice(0, 300)}`;
          this.outcome.unclear.push(what);
          throw new Unclear(what);
        }
      } catch (e) {
        if (e instanceof Unclear) throw e;
        const err = e as Error & { cause?: { code?: string } };
        if (err.name === 'TimeoutError') {
          this.outcome.hangs++;
          this.outcome.unclear.push(`${method} ${path}: no answer within ${this.requestTimeoutMs} ms`);
          throw new Unclear(`${method} ${path} hung`);
        }
        // The gateway itself is down (killed): connection refused/reset is the clear signal.
        this.count(`network ${err.cause?.code ?? err.message}`);
      }
      if (Date.now() - started > this.giveUpMs) {
        const what = `${method} ${path}: still refused after ${this.giveUpMs} ms`;
        this.outcome.unclear.push(what);
        throw new Unclear(what);
      }
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }

  async upload(user: User, kind: 'invoice' | 'proof', claimId: string): Promise<string> {
    const form = () => {
      const f = new FormData();
      f.append('kind', kind);
      f.append('claimId', claimId);
      f.append('file', new Blob([smallPdf(`${kind} for ${claimId}`)], { type: 'application/pdf' }), `${kind}.pdf`);
      return f;
    };
    // No Idempotency-Key for uploads: a retry after a lost answer stores a second copy, which the
    // claim never names (the checks count such unattached uploads).
    return (await this.call(user, 'POST', '/documents', form())).body.id;
  }
}

const safeJson = (text: string): any => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export interface Scenario {
  campaignByUser: Record<User, { campaignId: string; preApprovalId: string; currency: string }>;
}

/** One claim from creation to submission; every step retried as LoadClient decides. */
export async function submitOneClaim(client: LoadClient, scenario: Scenario, record: ClaimRecord): Promise<void> {
  const { campaignId, preApprovalId, currency } = scenario.campaignByUser[record.user];
  const user = record.user;
  try {
    const created = await client.call(
      user,
      'POST',
      '/claims',
      {
        campaignId,
        name: 'Fault-suite webinar',
        executionDate: '2026-10-15',
        amount: { amount: record.amount, currency },
      },
      { 'idempotency-key': randomUUID() },
    );
    const claimId: string = created.body.id;
    record.claimId = claimId;
    await client.call(user, 'PATCH', `/claims/${claimId}`, {
      claimName: 'Fault-suite webinar',
      claimDate: '2026-10-15',
      estimatedImpressions: 500,
      preApprovalId,
    });
    const invoiceId = await client.upload(user, 'invoice', claimId);
    await client.call(user, 'PUT', `/claims/${claimId}/evidence`, {
      invoice: {
        documentId: invoiceId,
        invoiceNumber: `INV-${claimId}`,
        invoiceDate: '2026-10-16',
        vendor: 'Webinar Hosting GmbH',
        amount: { amount: record.amount, currency },
      },
    });
    const proofId = await client.upload(user, 'proof', claimId);
    // A retry after a lost answer finds the proof already attached: that is the same success.
    await client.call(
      user,
      'POST',
      `/claims/${claimId}/proof-documents`,
      { documentId: proofId, note: 'Screenshot of the webinar registration page' },
      {},
      (s, b) => (s >= 200 && s < 300) || (s === 409 && /ALREADY_ATTACHED/.test(JSON.stringify(b))),
    );
    await client.call(user, 'POST', `/claims/${claimId}/submit`, undefined, { 'idempotency-key': randomUUID() });
    record.acknowledged = true;
  } catch (e) {
    record.abandoned = (e as Error).message;
  }
}

/** Workers submitting claims until `stop()` says so or `max` claims were started. */
export async function runLoad(
  client: LoadClient,
  scenario: Scenario,
  opts: { workers: number; max: number; stop: () => boolean },
): Promise<ClaimRecord[]> {
  const records: ClaimRecord[] = [];
  const worker = async (w: number) => {
    for (let i = 0; !opts.stop() && records.length < opts.max; i++) {
      const user: User = (w + i) % 2 === 0 ? 'bob' : 'dave';
      // Amounts from 10.00 to 99.99, varied so a wrong sum cannot match by accident.
      const cents = 1000 + ((records.length * 7919) % 9000);
      const record: ClaimRecord = {
        user,
        campaignId: scenario.campaignByUser[user].campaignId,
        amount: (cents / 100).toFixed(2),
        acknowledged: false,
      };
      records.push(record);
      await submitOneClaim(client, scenario, record);
    }
  };
  await Promise.all(Array.from({ length: opts.workers }, (_, w) => worker(w)));
  return records;
}

export type Decision = 'approve' | 'reject';

export interface DecisionRecord {
  claimId: string;
  decision: Decision;
  amount: string;
  /** The decision answered 202: the review team promised this outcome. */
  acknowledged: boolean;
  abandoned?: string;
}

const GOAL: Record<'start-review' | Decision, string[]> = {
  'start-review': ['in_review', 'approved', 'rejected'],
  approve: ['approved'],
  reject: ['rejected'],
};

/** What a repeated step meets when its first attempt went through but the answer was lost. */
const SETTLED = new Set(['REVIEW.ILLEGAL_TRANSITION', 'REVIEW.ALREADY_DECIDED']);

/**
 * One reviewer step. A repeat of a step whose answer was lost meets 409 ILLEGAL_TRANSITION or
 * ALREADY_DECIDED: the item then already shows the step's outcome, which the reviewer checks
 * instead of failing.
 */
async function reviewStep(client: LoadClient, claimId: string, step: 'start-review' | Decision, body: object) {
  for (let i = 0; ; i++) {
    const r = await client.call(
      'rita',
      'POST',
      `/review/items/${claimId}/${step}`,
      body,
      {},
      (s, b) => s === 202 || (s === 409 && SETTLED.has(b?.code)),
    );
    if (r.status === 202) return;
    const item = (await client.call('rita', 'GET', `/review/items/${claimId}`)).body;
    if (GOAL[step].includes(item.status)) return;
    if (i >= 20) throw new Error(`${step} on ${claimId}: still ${item.status} after ${i} tries`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

/**
 * The review team during the load: takes the oldest queued item, starts the review and approves
 * it in full or rejects it, alternately, so the funds' commit and release run under the faults too.
 */
export async function runReviewer(client: LoadClient, stop: () => boolean): Promise<DecisionRecord[]> {
  const decisions: DecisionRecord[] = [];
  const seen = new Set<string>();
  while (!stop()) {
    let next: { claimId: string; claimedAmount: { amount: string; currency: string } } | undefined;
    try {
      const page = await client.call('rita', 'GET', '/review/items?status=queued&limit=20');
      next = (page.body.items as (typeof next & object)[]).find((i) => !seen.has(i.claimId));
    } catch {
      // counted by the client; try again
    }
    if (!next) {
      await new Promise((res) => setTimeout(res, 500));
      continue;
    }
    seen.add(next.claimId);
    const decision: Decision = decisions.length % 2 === 0 ? 'approve' : 'reject';
    const record: DecisionRecord = {
      claimId: next.claimId,
      decision,
      amount: next.claimedAmount.amount,
      acknowledged: false,
    };
    decisions.push(record);
    try {
      await reviewStep(client, next.claimId, 'start-review', {});
      await reviewStep(
        client,
        next.claimId,
        decision,
        decision === 'approve'
          ? { approvedAmount: next.claimedAmount }
          : { reasonCodes: ['NO_PROOF_OF_EXECUTION'], message: 'The screenshot does not show the event.' },
      );
      record.acknowledged = true;
    } catch (e) {
      record.abandoned = (e as Error).message;
    }
  }
  return decisions;
}
