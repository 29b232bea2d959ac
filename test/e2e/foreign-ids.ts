import type { Answer, DemoUser } from './client';
import { DEMO_ACCOUNTS } from './tenant-world';

/**
 * Issue #13: no answer to a partner-side user may name another partner's claim, document,
 * pre-approval or campaign id, in any field. A `ForeignIdWatch` sees every exchange of an
 * `ApiClient` (`api.observe(watch)`), learns which partner owns which id, and reports each answer
 * to a partner-side user that names another partner's id, with the field's path. Ownership comes
 * from the answers themselves (an object with `partnerId` owns its `id`, or without one its
 * `claimId` / `preApprovalId`: a review item, a pre-approval) and from what a test registers with
 * `own()`; the check runs on `leaks()`, after the fact, so an id leaked before its owner was learned
 * is still caught. An id the partner's users sent earlier (a claim id cited on an upload) is theirs
 * to see echoed.
 */

const OWN_ID_FIELDS = ['id', 'claimId', 'preApprovalId'] as const;
/** What an id may be made of (the gateway's path parameter alphabet); anything else separates ids in a string. */
const SEPARATOR = /[^A-Za-z0-9._:-]+/;

interface Seen {
  user: DemoUser;
  partnerId: string;
  label: string;
  /** Position in the exchange order: tokens its partner named at or before it are not news to it. */
  seq: number;
  body: unknown;
  location: string | null;
}

const partnerOf = (user: DemoUser | null): string | undefined => {
  const account = DEMO_ACCOUNTS.find((a) => a.username === user);
  const partnerSide = account?.roles.some((r) => r === 'incentives-admin' || r === 'incentives-user');
  return partnerSide ? account?.partnerId : undefined;
};

const tokensOf = (s: string) => s.split(SEPARATOR).filter(Boolean);
const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export class ForeignIdWatch {
  private readonly owners = new Map<string, string>();
  private readonly seen: Seen[] = [];
  /** Per partner: each token its users sent (path, query, body), with the exchange it was first sent in. */
  private readonly named = new Map<string, Map<string, number>>();
  private seq = 0;
  private checked = 0;

  /** Registers ids a test knows to be `partnerId`'s (e.g. the demo catalog's campaigns). */
  own(partnerId: string, ...ids: (string | undefined)[]): void {
    for (const id of ids) if (id) this.owners.set(id, partnerId);
  }

  /** Called by the ApiClient for every exchange. */
  record(user: DemoUser | null, method: string, path: string, requestBody: unknown, answer: Answer): void {
    this.learn(answer.body);
    const partnerId = partnerOf(user);
    if (!partnerId || !user) return;
    const sent = typeof requestBody === 'string' ? requestBody : JSON.stringify(requestBody ?? null);
    const seq = ++this.seq;
    const named = this.named.get(partnerId) ?? new Map<string, number>();
    this.named.set(partnerId, named);
    for (const t of [...tokensOf(safeDecode(path)), ...tokensOf(sent ?? '')]) if (!named.has(t)) named.set(t, seq);
    this.seen.push({
      user,
      partnerId,
      label: `${user} (${partnerId}) ${method} /api/v1${path} -> ${answer.status}`,
      seq,
      body: answer.body,
      location: answer.headers.get('location'),
    });
  }

  /** One line per field of an answer to a partner-side user that names another partner's id. */
  leaks(): string[] {
    const out: string[] = [];
    for (const s of this.seen) {
      const found: string[] = [];
      const foreign = (token: string) => {
        const owner = this.owners.get(token);
        const namedAt = this.named.get(s.partnerId)?.get(token);
        return owner && owner !== s.partnerId && !(namedAt !== undefined && namedAt <= s.seq) ? owner : undefined;
      };
      walk(s.body, '$', (path, value) => {
        for (const token of tokensOf(value)) {
          const owner = foreign(token);
          if (owner) found.push(`${path} names ${owner}'s ${token}`);
        }
      });
      for (const token of tokensOf(s.location ?? '')) {
        const owner = foreign(token);
        if (owner) found.push(`header Location names ${owner}'s ${token}`);
      }
      if (found.length) out.push(`${s.label}: ${found.join('; ')}`);
    }
    this.checked = this.seen.length;
    return out;
  }

  /** How many answers to partner-side users were scanned, and how many ids are known: the scan is not vacuous. */
  get coverage() {
    return { answers: this.checked, knownIds: this.owners.size, partners: new Set(this.owners.values()).size };
  }

  /** Forgets what was scanned (ownership is kept): for a check after each test. */
  reset(): void {
    this.seen.length = 0;
  }

  private learn(body: unknown): void {
    walkObjects(body, (o) => {
      if (typeof o.partnerId !== 'string') return;
      const own = OWN_ID_FIELDS.find((f) => typeof o[f] === 'string');
      if (own) this.own(o.partnerId, o[own] as string);
    });
  }
}

function walk(value: unknown, path: string, visit: (path: string, value: string) => void): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, visit);
}

function walkObjects(value: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) value.forEach((v) => walkObjects(v, visit));
  else if (value && typeof value === 'object') {
    visit(value as Record<string, unknown>);
    for (const v of Object.values(value)) walkObjects(v, visit);
  }
}
