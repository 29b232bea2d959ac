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

// ---- the schemas tell the truth about the examples, and every route has them ----
import { openApiProblems, schemasWrittenTwice, schemaValidator } from '@poe/testing/openapi-checks';
import { EDGE_SCHEMAS } from './openapi';
import { COMPONENT_SCHEMAS } from './schemas';

/** The table's part of the published document (api-docs.ts adds Nest's scanned routes to it). */
const document = {
  openapi: '3.0.0',
  info: { title: 'poe-claims API', version: '1' },
  paths,
  components: {
    schemas: { ...COMPONENT_SCHEMAS, ...EDGE_SCHEMAS },
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
  },
};
const validatorOf = schemaValidator(document);
const validate = (name: string, value: unknown) => {
  const check = validatorOf({ $ref: `#/components/schemas/${name}` });
  return check(value) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

test('document_validatesAsOpenApi3', async () => {
  expect(await openApiProblems(document)).toEqual([]);
});

test('document_noSchemaObjectIsWrittenTwiceInline', () => {
  expect(schemasWrittenTwice(document)).toEqual([]);
});

test('schemasWrittenTwice_anInlineCopyOfAComponent_isFound', () => {
  const balance = { type: 'object', properties: { revision: { type: 'integer' } } };
  const twice = {
    paths: {},
    components: { schemas: { Balance: balance, Campaign: { type: 'object', properties: { balance } } } },
  };
  expect(schemasWrittenTwice(twice)).toEqual([
    'components.schemas.Campaign.properties.balance: a copy of components.schemas.Balance',
  ]);
});

test('openApiProblems_emptyRequiredList_isRefused', async () => {
  const schemas = { ...document.components.schemas, X: { type: 'object', required: [] } };
  const broken = { ...document, components: { ...document.components, schemas } };
  expect((await openApiProblems(broken)).join('\n')).toContain('components/schemas/X/required');
});

test('idempotencyKeyHeader_carriesItsFormat', () => {
  const submit = (paths['/api/v1/claims/{claimId}/submit'] as Record<string, any>).post;
  const header = submit.parameters.find((p: { name: string }) => p.name === 'Idempotency-Key');
  expect(header.schema).toMatchObject({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]{8,128}$' });
});

test('nullableReference_acceptsNullAndTheComponent_refusesOtherShapes', () => {
  const claim = (paths['/api/v1/claims'] as Record<string, any>).post.responses[201].content['application/json']
    .example;
  expect(validate('Claim', { ...claim, reserved: null })).toEqual([]);
  expect(validate('Claim', { ...claim, reserved: { amount: '1.00', currency: 'EUR' } })).toEqual([]);
  expect(validate('Claim', { ...claim, reserved: { amount: 1 } })).not.toEqual([]);
});

test('routes_everySuccessWithABody_hasAResponseSchema', () => {
  const missing = ROUTES.filter((r) => r.status !== 204 && r.responseType !== 'text/csv' && !r.responseSchema).map(
    (r) => r.id,
  );
  expect(missing).toEqual([]);
});

test('routes_csvBodiesAndAnswers_areDocumentedAsTextCsvWithAnExampleFile', () => {
  const csv = ROUTES.filter((r) => r.body === 'csv' || r.responseType === 'text/csv');
  expect(csv.map((r) => r.id).sort()).toEqual(['applyAllocations', 'checkAllocations', 'exportClaims']);
  for (const r of csv) {
    const op = (paths[`/api/v1${r.path}`] as Record<string, any>)[r.method.toLowerCase()];
    const content = r.body === 'csv' ? op.requestBody.content : op.responses[r.status].content;
    expect(Object.keys(content)).toEqual(['text/csv']);
    expect(content['text/csv'].example).toMatch(/^[A-Za-z,]+\r\n.+\r\n$/s);
  }
});

test('routes_everyJsonBody_hasARequestSchema', () => {
  const missing = ROUTES.filter((r) => r.body === 'json' && !r.requestSchema).map((r) => r.id);
  expect(missing).toEqual([]);
});

test.each(
  ROUTES.filter((r) => r.responseExample !== undefined && r.responseType !== 'text/csv').map((r) => [r.id, r] as const),
)('responseExample_of_%s_validatesAgainstItsSchema', (_id, route) => {
  expect(validate(route.responseSchema!, route.responseExample)).toEqual([]);
});

test.each(ROUTES.filter((r) => r.requestExample !== undefined && r.body !== 'csv').map((r) => [r.id, r] as const))(
  'requestExample_of_%s_validatesAgainstItsSchema',
  (_id, route) => {
    expect(validate(route.requestSchema!, route.requestExample)).toEqual([]);
  },
);

test('schemas_leakedInternalField_isRefused', () => {
  const claim = (paths['/api/v1/claims'] as Record<string, any>).post.requestBody.content['application/json'].example;
  expect(validate('CreateClaim', { ...claim, partnerId: 'partner-contoso' })).not.toEqual([]);
  const draft = (paths['/api/v1/claims'] as Record<string, any>).post.responses[201].content['application/json']
    .example;
  expect(validate('Claim', { ...draft, outbox: [] })).toEqual([' must NOT have additional properties']);
});

test('problemsOf_aJsonRouteWithIfMatch_documentsEveryStatusItCanAnswer', () => {
  const update = (paths['/api/v1/claims/{claimId}'] as Record<string, any>).patch;
  expect(Object.keys(update.responses).sort()).toEqual(
    ['200', '400', '401', '403', '404', '409', '412', '413', '415', '422', '429', '431', '503'].sort(),
  );
  expect(update.responses[200].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Claim' });
  expect(update.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/UpdateClaim' });
});
