import { RequestValidationError } from '@poe/platform';
import { ROUTES } from '../routes';
import { assertParams, outgoingBody, pathViolations, queryViolations, searchOf, upstreamPath } from './edge-checks';

const route = (id: string) => ROUTES.find((r) => r.id === id)!;

test('pathViolations_forSlashOrDotsInAnId_nameThePathParameter', () => {
  expect(pathViolations(route('getClaim'), { claimId: '../admin' })).toEqual([
    expect.objectContaining({ field: 'path.claimId', rule: 'matches' }),
  ]);
  expect(pathViolations(route('getClaim'), { claimId: 'CLM-abc123' })).toEqual([]);
});

test('queryViolations_checkDeclaredParameters_andLeaveOthersToTheService', () => {
  expect(queryViolations(route('listClaims'), { limit: '20', status: 'EDITING' })).toEqual([]);
  expect(queryViolations(route('listClaims'), { limit: 'lots' })).toEqual([
    expect.objectContaining({ field: 'query.limit' }),
  ]);
  expect(queryViolations(route('listClaims'), { limit: ['1', '2'] })).toEqual([
    expect.objectContaining({ field: 'query.limit' }),
  ]);
  expect(queryViolations(route('listClaims'), { unknown: 'x' })).toEqual([]);
});

test('assertParams_whenBroken_throwsA400ValidationErrorListingEach', () => {
  expect(() => assertParams(route('listClaims'), {}, { limit: 'x', from: '2026-1-1' })).toThrow(RequestValidationError);
});

test('upstreamPath_fillsTheTemplateEncoded_andKeepsTheRawQuery', () => {
  expect(upstreamPath(route('getClaimHistory'), { claimId: 'CLM-1' }, '')).toBe('/claims/CLM-1');
  expect(upstreamPath(route('removeProofDocument'), { claimId: 'C:1', documentId: 'D.2' }, '')).toBe(
    '/claims/C%3A1/proof-documents/D.2',
  );
  expect(upstreamPath(route('listClaims'), {}, '?status=EDITING&limit=5')).toBe('/claims?status=EDITING&limit=5');
});

test('searchOf_returnsTheQueryPartOrNothing', () => {
  expect(searchOf('/api/v1/claims?limit=1')).toBe('?limit=1');
  expect(searchOf('/api/v1/claims?')).toBe('');
  expect(searchOf('/api/v1/claims')).toBe('');
});

test('outgoingBody_jsonRoute_sendsTheObject_orNothingWhenNoBody', () => {
  expect(
    outgoingBody(route('createClaim'), {
      contentType: 'application/json; charset=utf-8',
      hasBody: true,
      parsed: { a: 1 },
    }),
  ).toEqual({
    kind: 'json',
    value: { a: 1 },
  });
  expect(outgoingBody(route('startReview'), { contentType: undefined, hasBody: false, parsed: undefined })).toEqual({
    kind: 'empty',
  });
});

test('outgoingBody_jsonRoute_refusesOtherMediaTypes415_andNonObjects400', () => {
  expect(() =>
    outgoingBody(route('createClaim'), { contentType: 'text/plain', hasBody: true, parsed: undefined }),
  ).toThrow(expect.objectContaining({ kind: 'unsupported_media' }));
  expect(() =>
    outgoingBody(route('createClaim'), { contentType: 'application/json', hasBody: true, parsed: [1] }),
  ).toThrow(RequestValidationError);
});

test('outgoingBody_upload_streamsMultipartOnly', () => {
  expect(
    outgoingBody(route('uploadDocument'), {
      contentType: 'multipart/form-data; boundary=x',
      hasBody: true,
      parsed: undefined,
    }),
  ).toEqual({
    kind: 'stream',
  });
  expect(() =>
    outgoingBody(route('uploadDocument'), { contentType: 'application/pdf', hasBody: true, parsed: undefined }),
  ).toThrow(expect.objectContaining({ code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' }));
});

test('outgoingBody_routeWithoutBody_neverSendsTheClientsBody', () => {
  expect(
    outgoingBody(route('submitClaim'), { contentType: 'application/json', hasBody: true, parsed: { x: 1 } }),
  ).toEqual({ kind: 'empty' });
});

test('outgoingBody_allocationFile_streamsUtf8TextCsvOnly_andRefusesAnEmptyBody', () => {
  const csv = (contentType: string | undefined, hasBody = true) =>
    outgoingBody(route('applyAllocations'), { contentType, hasBody, parsed: undefined });
  expect(csv('text/csv')).toEqual({ kind: 'stream' });
  expect(csv('text/csv; charset="UTF-8"')).toEqual({ kind: 'stream' });
  for (const refused of ['application/json', 'text/plain', 'text/csv; charset=iso-8859-1', undefined])
    expect(() => csv(refused)).toThrow(expect.objectContaining({ kind: 'unsupported_media' }));
  expect(() => csv('text/csv', false)).toThrow(RequestValidationError);
});
