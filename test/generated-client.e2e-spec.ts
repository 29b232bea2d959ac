import { join } from 'node:path';
import { REPO_ROOT } from '@poe/testing';
import { openApiProblems, responseProblems, schemasWrittenTwice, schemaValidator } from '@poe/testing/openapi-checks';
import { ApiClient, smallPdf } from './e2e/client';
import { loadCatalog } from './e2e/demo-data';
import { committedTypesMatch, COMMITTED_TYPES, generateClientTypes, typeErrorsOfFlow } from './e2e/generated-client';
import { runGeneratedClientFlow } from './e2e/generated-client-flow';
import { bootStack, Stack } from './e2e/stack';

/**
 * "A client never has to guess": the document the gateway serves validates, generates a client
 * with a third-party generator, and that client drives the partner and reviewer flows; every 2xx
 * answer it gets conforms to the route's response schema.
 */

let stack: Stack;
let api: ApiClient;
let document: Record<string, unknown>;
let preApprovals: Record<string, string>;

beforeAll(async () => {
  stack = await bootStack(__filename);
  api = new ApiClient(stack.gateway);
  const res = await fetch(`${stack.gateway}/docs-json`);
  expect(res.status).toBe(200);
  document = (await res.json()) as Record<string, unknown>;
  preApprovals = await loadCatalog(api);
}, 120000);

afterAll(async () => {
  await stack?.close();
});

test('publishedDocument_validatesAsOpenApi3_andWritesNoSchemaTwice', async () => {
  expect(await openApiProblems(document)).toEqual([]);
  expect(schemasWrittenTwice(document)).toEqual([]);
});

test('generatedClient_typeChecksAndDrivesPartnerAndReviewerFlows_everyAnswerMatchesItsSchema', async () => {
  const dir = join(REPO_ROOT, '.local', 'generated-client', stack.ns.id);
  const types = await generateClientTypes(document, dir);
  // The flow compiles against what the live document generates (a changed field is a type error)...
  expect(typeErrorsOfFlow(types)).toEqual([]);
  // ...and the committed copy the repository's tsc sees is that same file.
  if (!committedTypesMatch(types))
    throw new Error(`${COMMITTED_TYPES} is stale: run this test with UPDATE_API_CLIENT=1 and commit it`);

  const validatorOf = schemaValidator(document);
  const problems: string[] = [];
  const checked: string[] = [];
  const result = await runGeneratedClientFlow({
    baseUrl: stack.gateway,
    tokens: { partner: await api.token('bob'), reviewer: await api.token('rita') },
    preApprovalId: preApprovals['CMP-NW-WEBINAR'],
    pdf: (text) => new Blob([smallPdf(text)], { type: 'application/pdf' }),
    onAnswer: (method, path, status, body) => {
      if (status < 200 || status > 299) return;
      checked.push(`${method} ${path} ${status}`);
      problems.push(...responseProblems(document, validatorOf, method, path, status, body));
    },
  });

  expect(problems).toEqual([]);
  expect(result).toMatchObject({
    impressions: 1200,
    evidenceDocument: result.documentId,
    reserved: '1250.00',
    status: 'APPROVED',
    approvedAmount: '1000.00',
    queued: true,
    listedSubmitted: true,
  });
  expect(result.historyActions).toEqual(expect.arrayContaining(['created', 'submitted']));
  // Every step's answer was checked, not only some.
  expect(new Set(checked)).toEqual(
    new Set([
      'POST /api/v1/claims 201',
      'PATCH /api/v1/claims/{claimId} 200',
      'POST /api/v1/documents 201',
      'PUT /api/v1/claims/{claimId}/evidence 200',
      'POST /api/v1/claims/{claimId}/submit 200',
      'GET /api/v1/claims 200',
      'POST /api/v1/review/items/{claimId}/start-review 202',
      'GET /api/v1/review/items 200',
      'POST /api/v1/review/items/{claimId}/approve 202',
      'GET /api/v1/claims/{claimId} 200',
    ]),
  );
}, 120000);
