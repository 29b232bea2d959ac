import { allowedMethods, pathMethods } from './method-not-allowed';

const table = pathMethods({
  '/api/v1/claims': { get: {}, post: {} },
  '/api/v1/claims/{claimId}': { get: {}, patch: {}, parameters: [] },
  '/api/v1/documents/csr': { post: {} },
  '/api/v1/documents/{documentId}': { get: {}, delete: {} },
});

test('allowedMethods_knownPath_theMethodsItsPublishedPathDeclares', () => {
  expect([...allowedMethods(table, '/api/v1/claims/CLM-1')!].sort()).toEqual(['GET', 'HEAD', 'PATCH']);
  expect([...allowedMethods(table, '/api/v1/documents/DOC-1')!].sort()).toEqual(['DELETE', 'GET', 'HEAD']);
});

test('allowedMethods_literalPathAlsoMatchedByATemplate_theLiteralOneSpeaks', () => {
  expect([...allowedMethods(table, '/api/v1/documents/csr')!]).toEqual(['POST']);
});

test('allowedMethods_unknownPathOrDeeperPath_isUndefined', () => {
  expect(allowedMethods(table, '/api/v1/nothing')).toBeUndefined();
  expect(allowedMethods(table, '/api/v1/claims/CLM-1/unknown')).toBeUndefined();
});
