import { PATH_PARAMS, pathParamNames, ROUTES } from './routes';

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
  const claimWrites = ROUTES.filter((r) => r.path.startsWith('/claims') && r.method !== 'GET' && r.id !== 'addComment');
  for (const r of claimWrites)
    expect({ id: r.id, roles: [...r.roles].sort() }).toEqual({
      id: r.id,
      roles: ['incentives-admin', 'incentives-user'],
    });
});

test('table_reviewDecisions_areForReviewersOnly', () => {
  const decisions = ROUTES.filter((r) => r.path.startsWith('/review/items/') && r.method === 'POST');
  expect(decisions.length).toBeGreaterThanOrEqual(6);
  for (const r of decisions) expect(r.roles).toEqual(['reviewer']);
});

test('table_uploadIsTheOnlyStreamedRoute', () => {
  expect(ROUTES.filter((r) => r.body === 'multipart').map((r) => r.id)).toEqual(['uploadDocument']);
});
