import { ROUTES, RouteSpec } from '../apps/gateway/src/routes';
import { ApiClient, DemoUser, expectStatus } from './e2e/client';
import { loadCatalog } from './e2e/demo-data';
import { addPoe } from './e2e/flow';
import { bootStack, Stack } from './e2e/stack';
import { DEMO_ACCOUNTS } from './e2e/tenant-world';

/**
 * Issue #13: a corpus of hostile JSON shapes, each sent to every JSON route of the gateway's table
 * (the route's own example body with the hostile part added) by a user the route admits. Every one
 * must be a 400 problem naming the rule the gateway checks (a service would answer with other
 * rules, so the refusal is the gateway's), and afterwards nothing in the system has changed.
 */

interface Shape {
  name: string;
  rule: string;
  body: (example: Record<string, unknown>) => string | Buffer;
}

/** The example's members with `fragment` (raw JSON members) in front. */
const withMembers = (example: Record<string, unknown>, fragment: string) => {
  const inner = JSON.stringify(example).slice(1, -1);
  return `{${fragment}${inner ? `,${inner}` : ''}}`;
};
const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

const SHAPES: Shape[] = [
  { name: 'nested 2,000 deep', rule: 'maxDepth', body: (e) => withMembers(e, `"x":${nested(2000)}`) },
  { name: 'nested 33 deep', rule: 'maxDepth', body: (e) => withMembers(e, `"x":${nested(33)}`) },
  { name: '1e309', rule: 'isFinite', body: (e) => withMembers(e, '"estimatedImpressions":1e309') },
  { name: '-1e999 nested', rule: 'isFinite', body: (e) => withMembers(e, '"amount":{"amount":-1e999}') },
  { name: '__proto__', rule: 'forbiddenKey', body: (e) => withMembers(e, '"__proto__":{"partnerId":"partner-x"}') },
  { name: 'constructor', rule: 'forbiddenKey', body: (e) => withMembers(e, '"constructor":{"prototype":{"a":1}}') },
  { name: 'prototype', rule: 'forbiddenKey', body: (e) => withMembers(e, '"prototype":{}') },
  {
    name: 'duplicate key',
    rule: 'noDuplicateKeys',
    body: (e) => {
      const first = Object.entries(e)[0];
      if (!first) return '{"a":1,"a":2}';
      return withMembers(e, `${JSON.stringify(first[0])}:${JSON.stringify(first[1])}`);
    },
  },
  {
    name: 'invalid UTF-8',
    rule: 'isUtf8',
    body: (e) => {
      const [head, tail] = withMembers(e, '"note":"@BAD@"').split('@BAD@');
      return Buffer.concat([Buffer.from(head), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from(tail)]);
    },
  },
];

let stack: Stack;
let api: ApiClient;
let params: Record<string, string>;

const JSON_ROUTES = ROUTES.filter((r) => r.body === 'json');
const userFor = (route: RouteSpec): DemoUser =>
  DEMO_ACCOUNTS.find((a) => a.roles.some((r) => route.roles.includes(r)))!.username;

beforeAll(async () => {
  stack = await bootStack(__filename);
  api = new ApiClient(stack.gateway);
  const preApprovals = await loadCatalog(api);
  const draft = (await addPoe(api, 'bob', { campaignId: 'CMP-NW-WEBINAR', amount: '100.00' })).body;
  params = {
    programId: 'PRG-COOP-2026',
    partnerId: 'partner-northwind',
    campaignId: 'CMP-NW-WEBINAR',
    claimId: draft.id,
    documentId: 'DOC-hostile0001',
    preApprovalId: preApprovals['CMP-NW-WEBINAR'],
  };
}, 120000);

afterAll(async () => {
  await stack?.close();
});

/** What every caller can observe of the system: the catalog, the claims, pre-approvals, the queue, balances. */
async function snapshot() {
  const reads: [DemoUser, string][] = [
    ['rita', '/programs'],
    ['rita', '/partners'],
    ['rita', '/campaigns'],
    ['rita', '/campaigns/CMP-NW-WEBINAR/balance'],
    ['rita', '/claims?limit=100'],
    ['bob', `/claims/${params.claimId}`],
    ['rita', '/pre-approvals'],
    ['rita', '/review/items?limit=200'],
    ['rita', '/documents?limit=200'],
  ];
  const out: Record<string, unknown> = {};
  for (const [user, path] of reads) out[path] = expectStatus(await api.get(user, path), 200).body;
  return out;
}

test('everyJsonRoute_refusesEveryHostileShape_with400NamingTheRule_andNothingChanges', async () => {
  expect(JSON_ROUTES.length).toBeGreaterThanOrEqual(15);
  const before = await snapshot();
  const mismatches: string[] = [];
  let sent = 0;
  for (const route of JSON_ROUTES) {
    const user = userFor(route);
    const token = await api.token(user);
    const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name]));
    const example = (route.requestExample ?? {}) as Record<string, unknown>;
    for (const shape of SHAPES) {
      const res = await fetch(`${stack.gateway}/api/v1${path}`, {
        method: route.method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: shape.body(example),
      });
      sent++;
      const text = await res.text();
      const problem = JSON.parse(text || '{}') as { code?: string; errors?: { rule: string }[] };
      const rules = (problem.errors ?? []).map((e) => e.rule);
      if (
        res.status !== 400 ||
        !res.headers.get('content-type')?.startsWith('application/problem+json') ||
        problem.code !== 'REQUEST.INVALID' ||
        !rules.includes(shape.rule)
      ) {
        mismatches.push(
          `${route.id} (${route.method} ${path}) as ${user}, ${shape.name}: ${res.status} ${text.slice(0, 300)}`,
        );
      }
    }
  }
  expect(mismatches).toEqual([]);
  expect(sent).toBe(JSON_ROUTES.length * SHAPES.length);
  expect(await snapshot()).toEqual(before);
}, 120000);

test('patchClaim_estimatedImpressions1e309_isRefused_andTheStoredValueStays', async () => {
  const set = await api.patch('bob', `/claims/${params.claimId}`, { estimatedImpressions: 1200 });
  expectStatus(set, 200);
  const res = await api.patch('bob', `/claims/${params.claimId}`, '{"estimatedImpressions":1e309}', {
    'content-type': 'application/json',
  });
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([expect.objectContaining({ field: 'estimatedImpressions', rule: 'isFinite' })]);
  const after = expectStatus(await api.get('bob', `/claims/${params.claimId}`), 200).body;
  expect(after.details.estimatedImpressions).toBe(1200);
  expect(after.version).toBe(set.body.version);
});
