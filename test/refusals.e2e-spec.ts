import { ROUTES } from '../apps/gateway/src/routes';
import { ApiClient, DemoUser, expectStatus, smallPdf } from './e2e/client';
import { CATALOG, loadCatalog } from './e2e/demo-data';
import { ForeignIdWatch } from './e2e/foreign-ids';
import { addPoe, attachProof, readyDraft, uploadPdf } from './e2e/flow';
import { bootStack, Stack } from './e2e/stack';

/**
 * Scenario 3 of the gateway issue: every refusal a client can meet, each as problem+json naming
 * what is wrong; plus the gateway's own edge checks. Every route x role x partner (who may call
 * what, and whose data it sees) is authorisation-matrix.e2e-spec.ts.
 */

let stack: Stack;
let api: ApiClient;
let preApprovals: Record<string, string>;
/** bob's submitted claim with an invoice and a proof, for the cross-partner reads. */
let bobs: { claimId: string; invoiceId: string };
/** Every answer to a partner-side user is scanned for another partner's ids (issue #13). */
const watch = new ForeignIdWatch();

const expectProblem = (r: { status: number; headers: Headers; describe: string }, status: number) => {
  expect({ status: r.status, type: r.headers.get('content-type') }).toEqual({
    status,
    type: expect.stringContaining('application/problem+json'),
  });
};
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

beforeAll(async () => {
  stack = await bootStack(__filename);
  api = new ApiClient(stack.gateway).observe(watch);
  preApprovals = await loadCatalog(api);
  for (const c of CATALOG.campaigns) watch.own(c.partnerId, c.id, preApprovals[c.id]);
  bobs = await readyDraft(api, preApprovals['CMP-NW-WEBINAR']);
}, 120000);

afterAll(async () => {
  await stack?.close();
});

afterEach(() => {
  const leaks = watch.leaks();
  watch.reset();
  expect(leaks).toEqual([]);
});

describe('authentication and roles', () => {
  test('anyRoute_withoutToken_is401', async () => {
    for (const [method, path] of [
      ['GET', '/claims'],
      ['POST', '/claims'],
      ['GET', `/claims/${bobs.claimId}`],
      ['GET', '/review/items'],
    ]) {
      const r = await api.request(null, method, path);
      expectProblem(r, 401);
      expect(r.body.code).toBe('AUTH.UNAUTHENTICATED');
    }
    const forged = await api.get(null, '/claims', { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
    expectProblem(forged, 401);
  });

  test('upload_withoutToken_is401_beforeAnyByteReachesTheDocumentsService', async () => {
    const form = new FormData();
    form.append('kind', 'invoice');
    form.append('file', new Blob([smallPdf()], { type: 'application/pdf' }), 'x.pdf');
    const r = await api.request(null, 'POST', '/documents', form);
    expectProblem(r, 401);
  });

  test('wrongRole_is403_naming the roles the route needs', async () => {
    const reviewerAddsPoe = await api.post('rita', '/claims', {
      campaignId: 'CMP-NW-WEBINAR',
      name: 'x',
      executionDate: '2026-10-15',
      amount: { amount: '1.00', currency: 'EUR' },
    });
    expectProblem(reviewerAddsPoe, 403);
    expect(reviewerAddsPoe.body).toMatchObject({
      code: 'AUTH.FORBIDDEN',
      detail: expect.stringContaining('incentives-user'),
    });
    expectProblem(await api.get('bob', '/review/items'), 403);
    expectProblem(
      await api.post('bob', `/review/items/${bobs.claimId}/approve`, {
        approvedAmount: { amount: '1.00', currency: 'EUR' },
      }),
      403,
    );
    expectProblem(await api.upload('svc-payments' as DemoUser, 'invoice', smallPdf(), 'x.pdf'), 403);
  });
});

describe('tenancy', () => {
  test('partnerB_readingPartnerAsClaimOrDocument_is404', async () => {
    for (const path of [
      `/claims/${bobs.claimId}`,
      `/claims/${bobs.claimId}/history`,
      `/documents/${bobs.invoiceId}`,
      `/documents/${bobs.invoiceId}/download-link`,
    ]) {
      const r = await api.get('dave', path);
      expectProblem(r, 404);
    }
    // ... and bob reads them (the same requests are not refused for everyone).
    expectStatus(await api.get('bob', `/claims/${bobs.claimId}`), 200);
    expectStatus(await api.get('bob', `/documents/${bobs.invoiceId}/download-link`), 200);
  });

  test('partnerB_changingPartnerAsClaim_is404', async () => {
    expectProblem(await api.patch('dave', `/claims/${bobs.claimId}`, { name: 'mine now' }), 404);
    expectProblem(await api.post('carol', `/claims/${bobs.claimId}/submit`), 404);
  });
});

describe('claim rules, each naming the field', () => {
  test('addPoe_withDateOutsideTheCampaignWindow_is422OnExecutionDate', async () => {
    const r = await api.post('bob', '/claims', {
      campaignId: 'CMP-NW-WEBINAR',
      name: 'Too early',
      executionDate: '2026-08-31',
      amount: { amount: '100.00', currency: 'EUR' },
    });
    expectProblem(r, 422);
    expect(r.body.code).toBe('CLAIM.EXECUTION_DATE_OUTSIDE_CAMPAIGN');
    expect(fields(r.body)).toEqual(['executionDate']);
  });

  test('submit_withoutEvidence_is422OnEvidence', async () => {
    const claimId = (await addPoe(api, 'bob', { campaignId: 'CMP-NW-WEBINAR' })).body.id;
    const r = await api.post('bob', `/claims/${claimId}/submit`);
    expectProblem(r, 422);
    expect(fields(r.body)).toContain('evidence');
    expect(JSON.stringify(r.body)).toContain('CLAIM.EVIDENCE_MISSING');
  });

  test('setEvidence_withBothInvoiceAndCsr_is422OnEvidence', async () => {
    const r = await api.put('bob', `/claims/${bobs.claimId}/evidence`, {
      invoice: {
        documentId: bobs.invoiceId,
        invoiceNumber: 'INV-1',
        invoiceDate: '2026-10-16',
        vendor: 'Vendor',
        amount: { amount: '1250.00', currency: 'EUR' },
      },
      csr: { documentId: bobs.invoiceId },
    });
    expectProblem(r, 422);
    expect(r.body.code).toBe('CLAIM.EVIDENCE_EXACTLY_ONE');
    expect(fields(r.body)).toEqual(['evidence']);
  });

  test('proofDocument_withBlankOrWithoutNote_isTheSame422OnNote', async () => {
    const proof = await uploadPdf(api, 'bob', 'proof', bobs.claimId, 'proof without a note');
    const blank = await attachProof(api, 'bob', bobs.claimId, proof.id, '   ');
    expectProblem(blank, 422);
    expect(blank.body.code).toBe('CLAIM.PROOF_NOTE_REQUIRED');
    expect(fields(blank.body)).toEqual(['note']);
    // One rule, one answer: a missing note is the same refusal as a blank one.
    const missing = await api.post('bob', `/claims/${bobs.claimId}/proof-documents`, { documentId: proof.id });
    expectProblem(missing, 422);
    expect(missing.body.code).toBe('CLAIM.PROOF_NOTE_REQUIRED');
    expect(fields(missing.body)).toEqual(['note']);
  });

  test('serviceValidation_isRelayedUntouched_namingFieldAndRule', async () => {
    const r = await api.post('bob', '/claims', {
      campaignId: 'CMP-NW-WEBINAR',
      name: 'Number money',
      executionDate: '15.10.2026',
      amount: { amount: 1250, currency: 'EUR' },
    });
    expectProblem(r, 400);
    expect(r.body.code).toBe('REQUEST.INVALID');
    expect(r.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'executionDate', rule: 'matches' }),
        expect.objectContaining({ field: 'amount.amount', rule: 'matches' }),
      ]),
    );
  });
});

describe('edge checks at the gateway', () => {
  test('malformedJson_is400OnBody', async () => {
    const r = await api.request('bob', 'POST', '/claims', '{"campaignId": ', { 'content-type': 'application/json' });
    expectProblem(r, 400);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'isJson' })]);
  });

  test('jsonArrayInsteadOfObject_is400OnBody', async () => {
    const r = await api.request('bob', 'POST', '/claims', '[1,2]', { 'content-type': 'application/json' });
    expectProblem(r, 400);
    expect(r.body.errors).toEqual([expect.objectContaining({ field: 'body', rule: 'isObject' })]);
  });

  test('jsonBodyOverTheLimit_is413', async () => {
    const r = await api.post('bob', `/claims/${bobs.claimId}/comments`, { text: 'x'.repeat(300 * 1024) });
    expectProblem(r, 413);
    expect(r.body.code).toBe('REQUEST.TOO_LARGE');
  });

  test('wrongContentType_is415', async () => {
    expectProblem(await api.request('bob', 'POST', '/claims', 'name=x', { 'content-type': 'text/plain' }), 415);
    expectProblem(await api.request('bob', 'POST', '/documents', '{}', { 'content-type': 'application/json' }), 415);
  });

  test('badPathOrQueryParameter_is400NamingIt_withoutCallingAService', async () => {
    const path = await api.get('bob', '/claims/bad%20id%2F..');
    expectProblem(path, 400);
    expect(fields(path.body)).toEqual(['path.claimId']);
    const query = await api.get('bob', '/claims?limit=lots');
    expectProblem(query, 400);
    expect(fields(query.body)).toEqual(['query.limit']);
  });

  test('responses_carryCorrelationId_andEtag_andIfMatchIsPassedThrough', async () => {
    const r = await api.get('bob', `/claims/${bobs.claimId}`, { 'x-correlation-id': 'e2e-corr-1' });
    expect(r.headers.get('x-correlation-id')).toBe('e2e-corr-1');
    const etag = r.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const stale = await api.patch('bob', `/claims/${bobs.claimId}`, { name: 'Renamed' }, { 'if-match': '"1"' });
    expectProblem(stale, 412);
    const fresh = await api.patch('bob', `/claims/${bobs.claimId}`, { name: 'Renamed' }, { 'if-match': etag });
    expect(fresh.status).toBe(200);
  });

  test('unknownRoute_is404ProblemJson', async () => {
    expectProblem(await api.get('bob', '/no-such-thing'), 404);
  });

  test('knownPathWithAnUndeclaredMethod_is405WithAllow', async () => {
    const r = await api.request('bob', 'DELETE', '/claims');
    expectProblem(r, 405);
    expect(r.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(r.body.code).toBe('REQUEST.METHOD_NOT_ALLOWED');
    const put = await api.request('bob', 'PUT', `/claims/${bobs.claimId}`);
    expectProblem(put, 405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, PATCH');
  });
});

describe('documentation', () => {
  test('openApi_documentsEveryTableRoute_withExamplesForEachFlowStep', async () => {
    const doc = (await (await fetch(`${stack.gateway}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    };
    for (const route of ROUTES) {
      const op = doc.paths[`/api/v1${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`]?.[route.method.toLowerCase()];
      expect({ route: route.id, operationId: op?.operationId }).toEqual({ route: route.id, operationId: route.id });
    }
    const steps = ROUTES.filter((r) => r.step);
    for (const r of steps)
      expect({ step: r.step, hasExample: r.requestExample !== undefined || r.responseExample !== undefined }).toEqual({
        step: r.step,
        hasExample: true,
      });
    const ui = await fetch(`${stack.gateway}/docs`);
    expect(ui.status).toBe(200);
  });
});
