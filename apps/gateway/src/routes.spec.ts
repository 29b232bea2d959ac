import { REVIEW_ITEM_STATUSES } from '@poe/contracts';
import { PATH_PARAMS, pathParamNames, ROUTES } from './routes';
import { queryViolations } from './api/edge-checks';

test('table_routeIdsAndMethodPathPairs_areUnique', () => {
  const ids = ROUTES.map((r) => r.id);
  const keys = ROUTES.map((r) => `${r.method} ${r.path}`);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(keys).size).toBe(keys.length);
});

test('table_everyPathParameter_hasAShapeTheGatewayChecks', () => {
  const unchecked = ROUTES.flatMap((r) =>
    pathParamNames(r.path)
      .filter((p) => !PATH_PARAMS[p])
      .map((p) => `${r.id}:${p}`),
  );
  expect(unchecked).toEqual([]);
});

test('table_everyRoute_namesAtLeastOneRole_andReadsHaveNoBody', () => {
  expect(ROUTES.filter((r) => r.roles.length === 0).map((r) => r.id)).toEqual([]);
  expect(ROUTES.filter((r) => r.method === 'GET' && r.body !== 'none').map((r) => r.id)).toEqual([]);
});

test('table_partnerWrites_areForPartnerRolesOnly', () => {
  // A payout is the payments system's write on a claim, not the partner's (table_payments_areForServiceAccountsOnly).
  const claimWrites = ROUTES.filter(
    (r) => r.path.startsWith('/claims') && r.method !== 'GET' && r.id !== 'addComment' && r.tag !== 'payments',
  );
  for (const r of claimWrites)
    expect({ id: r.id, roles: [...r.roles].sort() }).toEqual({
      id: r.id,
      roles: ['incentives-admin', 'incentives-user'],
    });
});

test('table_payments_areForServiceAccountsOnly', () => {
  const payments = ROUTES.filter((r) => r.tag === 'payments');
  expect(payments.map((r) => r.id).sort()).toEqual(['listPayables', 'recordPayout']);
  for (const r of payments) expect(r.roles).toEqual(['service']);
});

test('table_reviewDecisions_areForReviewersOnly', () => {
  const decisions = ROUTES.filter((r) => r.path.startsWith('/review/items/') && r.method === 'POST');
  expect(decisions.length).toBeGreaterThanOrEqual(6);
  for (const r of decisions) expect(r.roles).toEqual(['reviewer']);
});

test('table_uploadIsTheOnlyStreamedRoute', () => {
  expect(ROUTES.filter((r) => r.body === 'multipart').map((r) => r.id)).toEqual(['uploadDocument']);
});

// The gateway checks a query with the service's own DTO class: a value it lets through is one the
// service accepts (schemathesis found `limit=591` and `status=A` passing here, refused there).
const queryAccepts = (routeId: string, name: string) => (value: string) =>
  queryViolations(
    ROUTES.find((r) => r.id === routeId)!,
    { [name]: value },
  ).length === 0;

test.each([
  ['listClaims', 100],
  ['listDocuments', 200],
  ['listReviewQueue', 200],
  ['listPreApprovals', 200],
])('query_limitOf_%s_acceptsExactlyOneTo_%i', (routeId, max) => {
  const limit = queryAccepts(routeId as string, 'limit');
  const accepted = Array.from({ length: 1000 }, (_, i) => i).filter((n) => limit(String(n)));
  expect([accepted[0], accepted[accepted.length - 1], accepted.length]).toEqual([1, max, max]);
  expect(limit('01')).toBe(false);
});

test('query_statusFilters_acceptOnlyTheServicesStatuses', () => {
  expect(queryAccepts('listClaims', 'status')('UNDER_REVIEW')).toBe(true);
  expect(queryAccepts('listClaims', 'status')('A')).toBe(false);
  const queue = queryAccepts('listReviewQueue', 'status');
  expect(queue('queued,in_review')).toBe(true);
  // Every status the review service can give an item (an item goes back to `editing` when the
  // partner reopens the claim after a request for action), and nothing else.
  for (const status of REVIEW_ITEM_STATUSES) expect(queue(status)).toBe(true);
  expect(queue('pending')).toBe(false);
  expect(queue('queued,')).toBe(false);
});
