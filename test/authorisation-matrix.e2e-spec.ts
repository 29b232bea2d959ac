import type { Role } from '@poe/platform';
import { ROUTES, RouteSpec } from '../apps/gateway/src/routes';
import { Answer, ApiClient, DemoUser } from './e2e/client';
import { CATALOG, loadCatalog } from './e2e/demo-data';
import { ForeignIdWatch } from './e2e/foreign-ids';
import { CaseContext, Fresh, Outcome, ROUTE_FIXTURES, RouteFixture } from './e2e/route-fixtures';
import { bootStack, Stack } from './e2e/stack';
import { DEMO_ACCOUNTS, ghostWorld, PartnerResources, PartnerWorld } from './e2e/tenant-world';

/**
 * Issue #7's authorisation matrix: every route of the gateway's table x every demo user (and no
 * token) x the caller's own partner, the other partner and a partner that does not exist. The
 * expected answer is derived from the table (roles) and the tenancy rule (another partner's data
 * answers like missing data); the fixtures only say how to name a resource.
 */

const PARTNER_ROLES: Role[] = ['incentives-admin', 'incentives-user'];
/** Cases of one route at a time, a few in parallel: bounded load on a shared 2-core machine. */
const PARALLEL = 4;

/**
 * own / other / ghost: the path (or body) names the caller's partner's resource, another partner's,
 * or one that does not exist; other-ref / ghost-ref: the caller's own resource, citing another
 * partner's document or pre-approval (or a missing one); any: callers without a partner.
 */
type Relation = 'own' | 'other' | 'ghost' | 'other-ref' | 'ghost-ref' | 'any';

interface Case {
  route: RouteSpec;
  fixture: RouteFixture;
  user: DemoUser | null;
  relation: Relation;
  target: PartnerWorld;
  mine: PartnerWorld;
  ref: PartnerWorld;
  partnerFilter?: string;
}

interface Result {
  label: string;
  expected: Outcome;
  answer?: Answer;
  problems: string[];
}

let stack: Stack;
let api: ApiClient;
const resources = new Map<string, PartnerResources>();
/** Every answer to a partner-side user, scanned for another partner's ids (issue #13). */
const watch = new ForeignIdWatch();
const ghost = ghostWorld();

const partnerIds = [...new Set(DEMO_ACCOUNTS.flatMap((a) => (a.partnerId ? [a.partnerId] : [])))];
const accountOf = (user: DemoUser | null) => DEMO_ACCOUNTS.find((a) => a.username === user);
const isPartnerSide = (user: DemoUser | null) =>
  !!accountOf(user)?.partnerId && accountOf(user)!.roles.some((r) => PARTNER_ROLES.includes(r));
const worldOf = (partnerId: string) => resources.get(partnerId)!.world;

beforeAll(async () => {
  // The matrix sends several hundred requests per user in a burst; the rate limit is not under test here.
  stack = await bootStack(__filename, { RATE_LIMIT_RPS: '5000', RATE_LIMIT_BURST: '5000' });
  api = new ApiClient(stack.gateway).observe(watch);
  const preApprovals = await loadCatalog(api);
  for (const c of CATALOG.campaigns) watch.own(c.partnerId, c.id, preApprovals[c.id]);
  const built = await Promise.all(partnerIds.map((p) => PartnerResources.build(api, p, preApprovals)));
  for (const r of built) resources.set(r.world.partnerId, r);
  // The second partner's queued claim cites the first partner's invoice (same vendor and number):
  // its duplicate flag matches another partner's claim, which its users must not be named.
  const [first, second] = built.map((r) => r.world);
  second.submittedClaimId = await resources.get(second.partnerId)!.queued(`INV-${first.submittedClaimId}`);
  for (const w of built.map((r) => r.world))
    watch.own(w.partnerId, w.draftClaimId, w.submittedClaimId, w.invoiceDocId, w.proofDocId);
}, 120000);

afterAll(async () => {
  await stack?.close();
});

/** Every case of the matrix, from the table: the fixtures never decide who is asked. */
function planCases(): { cases: Case[]; missing: string[] } {
  const cases: Case[] = [];
  const missing: string[] = [];
  const users: (DemoUser | null)[] = [...DEMO_ACCOUNTS.map((a) => a.username), null];
  for (const route of ROUTES) {
    const fixture = ROUTE_FIXTURES[route.id];
    if (!fixture) {
      missing.push(route.id);
      continue;
    }
    for (const user of users) {
      const home = accountOf(user)?.partnerId;
      const mine = worldOf(home ?? partnerIds[0]);
      const other = home ? worldOf(partnerIds.find((p) => p !== home)!) : undefined;
      const add = (relation: Relation, target: PartnerWorld, partnerFilter?: string, ref = mine) =>
        cases.push({ route, fixture, user, relation, target, mine, ref, partnerFilter });
      if (fixture.crossRef && isPartnerSide(user)) {
        add('other-ref', mine, undefined, other);
        add('ghost-ref', mine, undefined, ghost);
      }
      if (fixture.tenancy === 'none') {
        add(isPartnerSide(user) ? 'own' : 'any', mine);
      } else if (isPartnerSide(user)) {
        add('own', mine);
        if (fixture.tenancy === 'resource') {
          add('other', other!);
          add('ghost', ghost);
        } else if (fixture.list?.partnerFilter) {
          add('other', other!, other!.partnerId);
        }
      } else {
        // Review team, service accounts and anonymous callers: each partner's resource in turn.
        for (const p of partnerIds) add('any', worldOf(p), fixture.list?.partnerFilter ? p : undefined);
      }
    }
  }
  return { cases, missing };
}

const mayCall = (c: Case) => {
  const roles = accountOf(c.user)?.roles ?? [];
  return c.route.roles.some((r) => roles.includes(r));
};

/** The answer the table and the tenancy rule call for. */
function expectedOutcome(c: Case): Outcome {
  if (!c.user) return { status: 401, code: 'AUTH.UNAUTHENTICATED' };
  if (!mayCall(c)) return { status: 403, code: 'AUTH.FORBIDDEN' };
  if ((c.relation === 'other' || c.relation === 'ghost') && c.fixture.tenancy === 'resource')
    return c.fixture.other ?? { status: 404 };
  if (c.relation === 'other-ref' || c.relation === 'ghost-ref') return c.fixture.crossRef!.outcome;
  return c.fixture.ok;
}

/** Throwaway resources only for cases that reach a service with a real partner; others name the reference ones. */
function freshFor(c: Case): Fresh {
  const w = c.target;
  const owner = c.relation !== 'ghost' && mayCall(c) ? resources.get(w.partnerId) : undefined;
  const pick = (make: keyof Fresh, reference: string) => () => (owner ? owner[make]() : Promise.resolve(reference));
  return {
    draft: pick('draft', w.draftClaimId),
    draftWithEvidence: pick('draftWithEvidence', w.draftClaimId),
    draftWithProof: pick('draftWithProof', w.draftClaimId),
    readyDraft: pick('readyDraft', w.draftClaimId),
    queued: pick('queued', w.submittedClaimId),
    inReview: pick('inReview', w.submittedClaimId),
    document: pick('document', w.proofDocId),
    preApproval: pick('preApproval', w.preApprovalId),
  };
}

function fillPath(route: RouteSpec, params: Record<string, string> = {}): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`fixture of ${route.id} gives no value for :${name}`);
    return encodeURIComponent(params[name]);
  });
}

/** What is wrong with a list answer: another partner's items, or a visible item missing. */
function listProblems(c: Case, answer: Answer): string[] {
  const shape = c.fixture.list!;
  const list = shape.items(answer.body);
  if (!list) return ['the answer has no list of items'];
  const problems: string[] = [];
  const foreign = (partnerId: string) => list.filter((i) => shape.partnerOf(i) === partnerId).map((i) => shape.idOf(i));
  if (isPartnerSide(c.user)) {
    for (const p of partnerIds.filter((p) => p !== c.mine.partnerId)) {
      const leaked = foreign(p);
      if (leaked.length) problems.push(`shows ${p}'s items ${leaked.slice(0, 5).join(', ')}`);
    }
  } else if (c.partnerFilter) {
    for (const p of partnerIds.filter((p) => p !== c.partnerFilter)) {
      const extra = foreign(p);
      if (extra.length)
        problems.push(`filtered to ${c.partnerFilter} but shows ${p}'s items ${extra.slice(0, 5).join(', ')}`);
    }
  }
  if (c.relation !== 'other') {
    const known = shape.known(c.target);
    if (!list.some((i) => shape.idOf(i) === known)) problems.push(`does not show ${c.target.partnerId}'s ${known}`);
  }
  return problems;
}

const labelOf = (c: Case) =>
  `${c.route.id} (${c.route.method} ${c.route.path}) as ${c.user ?? 'anonymous'} on ${
    c.relation === 'any' ? (c.fixture.tenancy === 'none' ? '-' : c.target.partnerId) : `${c.relation} partner`
  }${c.relation.endsWith('-ref') ? ` (cites ${c.ref.partnerId})` : ''}${
    c.partnerFilter ? ` ?partnerId=${c.partnerFilter}` : ''
  }`;

async function runCase(c: Case): Promise<Result> {
  const label = labelOf(c);
  const expected = expectedOutcome(c);
  try {
    const context: CaseContext = {
      user: c.user,
      target: c.target,
      mine: c.mine,
      ref: c.ref,
      fresh: freshFor(c),
      partnerFilter: c.partnerFilter,
    };
    const request = await c.fixture.request(context);
    const path = fillPath(c.route, request.params) + (request.query ?? '');
    const answer = await api.request(c.user, c.route.method, path, request.body, request.headers);
    const problems: string[] = [];
    if (answer.status !== expected.status) problems.push(`status ${answer.status}, expected ${expected.status}`);
    else if (expected.code && answer.body?.code !== expected.code)
      problems.push(`code ${answer.body?.code}, expected ${expected.code}`);
    if (answer.status === expected.status && expected.status < 300 && c.fixture.tenancy === 'list')
      problems.push(...listProblems(c, answer));
    const refCheck = c.relation.endsWith('-ref') && mayCall(c) ? c.fixture.crossRef?.check : undefined;
    const refProblem = answer.status === expected.status ? refCheck?.(answer.body, context) : undefined;
    if (refProblem) problems.push(refProblem);
    return { label, expected, answer, problems };
  } catch (e) {
    return { label, expected, problems: [`could not run the case: ${(e as Error).message}`] };
  }
}

async function inParallel<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

describe('authorisation matrix', () => {
  test('fixtureMap_namesExactlyTheRoutesOfTheTable', () => {
    const ids = new Set(ROUTES.map((r) => r.id));
    const missing = ROUTES.filter((r) => !ROUTE_FIXTURES[r.id]).map(
      (r) => `${r.id} (${r.method} ${r.path}) has no entry in test/e2e/route-fixtures.ts`,
    );
    const unknown = Object.keys(ROUTE_FIXTURES)
      .filter((id) => !ids.has(id))
      .map((id) => `${id} is in test/e2e/route-fixtures.ts but not in the route table`);
    expect([...missing, ...unknown]).toEqual([]);
  });

  test('everyRoute_asEveryRole_onOwnOtherAndMissingPartnerData_answersAsTheTableAndTenancySay', async () => {
    const { cases, missing } = planCases();
    const results: Result[] = [];
    // One route at a time, in table order, so the reads see the reference data before later writes.
    for (const route of ROUTES) {
      results.push(
        ...(await inParallel(
          cases.filter((c) => c.route === route),
          PARALLEL,
          runCase,
        )),
      );
    }
    const mismatches = [
      ...missing.map((id) => `${id}: no fixture, so the matrix cannot cover it`),
      ...results
        .filter((r) => r.problems.length)
        .map((r) => `${r.label}: ${r.problems.join('; ')}\n    ${r.answer?.describe ?? ''}`),
      ...ghostAnswersDiffer(cases, results),
      ...watch.leaks().map((l) => `another partner's id in an answer: ${l}`),
    ];
    const byStatus = results.reduce<Record<number, number>>((acc, r) => {
      acc[r.expected.status] = (acc[r.expected.status] ?? 0) + 1;
      return acc;
    }, {});
    console.log(
      `authorisation matrix: ${results.length} cases over ${ROUTES.length} routes, expected statuses ${JSON.stringify(byStatus)}, ${mismatches.length} mismatches`,
    );
    expect(mismatches).toEqual([]);
    // The id scan saw answers to partner users and knew ids of every partner.
    expect(watch.coverage.answers).toBeGreaterThan(ROUTES.length);
    expect(watch.coverage.partners).toBe(partnerIds.length);
    // Not vacuous: every route was asked by every user and by an anonymous caller at least once.
    expect(results.length).toBe(cases.length);
    expect(results.length).toBeGreaterThanOrEqual(ROUTES.length * (DEMO_ACCOUNTS.length + 1));
    for (const route of ROUTES) {
      const users = new Set(cases.filter((c) => c.route === route).map((c) => c.user));
      expect({ route: route.id, users: users.size }).toEqual({ route: route.id, users: DEMO_ACCOUNTS.length + 1 });
    }
  }, 240000);
});

/** Another partner's resource must be indistinguishable from a missing one: same status and code. */
function ghostAnswersDiffer(cases: Case[], results: Result[]): string[] {
  const out: string[] = [];
  cases.forEach((c, i) => {
    const twin =
      c.relation === 'other' && c.fixture.tenancy === 'resource'
        ? 'ghost'
        : c.relation === 'other-ref'
          ? 'ghost-ref'
          : undefined;
    if (!twin) return;
    const j = cases.findIndex((g) => g.route === c.route && g.user === c.user && g.relation === twin);
    const [a, b] = [results[i].answer, results[j]?.answer];
    if (!a || !b) return;
    if (a.status !== b.status || a.body?.code !== b.body?.code)
      out.push(
        `${results[i].label}: answers ${a.status} ${a.body?.code} but a missing one ${b.status} ${b.body?.code}`,
      );
  });
  return out;
}
