import { ROUTES } from '../routes';
import { openApiPaths } from './openapi';

const paths = openApiPaths(ROUTES);

test('openApiPaths_haveEveryRouteUnderApiV1_withBracedParameters', () => {
  const ops = Object.values(paths).flatMap((item) =>
    Object.values(item).map((op) => (op as { operationId: string }).operationId),
  );
  expect(ops.sort()).toEqual(ROUTES.map((r) => r.id).sort());
  expect(Object.keys(paths)).toContain('/api/v1/claims/{claimId}/proof-documents/{documentId}');
});

test('openApiPaths_stepExamples_areInTheDocument', () => {
  const create = (paths['/api/v1/claims'] as Record<string, any>).post;
  expect(create.summary).toMatch(/^2\. Add PoE/);
  expect(create.requestBody.content['application/json'].example).toMatchObject({ campaignId: 'CMP-NW-WEBINAR' });
  expect(create.responses[201].content['application/json'].example).toMatchObject({ status: 'EDITING' });
  expect(create.parameters).toEqual(
    expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
  );
});

test('openApiPaths_upload_isMultipartWithABinaryFile', () => {
  const upload = (paths['/api/v1/documents'] as Record<string, any>).post;
  expect(upload.requestBody.content['multipart/form-data'].schema.properties.file).toEqual({
    type: 'string',
    format: 'binary',
  });
});

test('openApiPaths_problemsAreDocumented_403NamingTheRoles', () => {
  const approve = (paths['/api/v1/review/items/{claimId}/approve'] as Record<string, any>).post;
  expect(approve.responses[403].description).toContain('reviewer');
  expect(approve.responses[422].content['application/problem+json'].schema).toEqual({
    $ref: '#/components/schemas/Problem',
  });
});
