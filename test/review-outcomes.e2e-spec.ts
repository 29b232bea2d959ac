import { EX } from '../apps/gateway/src/route-examples';
import { ApiClient, eventually, expectStatus } from './e2e/client';
import { CATALOG, loadCatalog, setDetails } from './e2e/demo-data';
import { ForeignIdWatch } from './e2e/foreign-ids';
import { addPoe, decide, readyDraft, waitForClaimStatus, waitInQueue, withKnownDocument } from './e2e/flow';
import { bootStack, Stack } from './e2e/stack';

/** Scenario 2 of the gateway issue: evidence by a generated CSR, and a rejection that releases the funds. */

let stack: Stack;
let api: ApiClient;
let preApprovals: Record<string, string>;
/** Every answer to a partner-side user is scanned for another partner's ids (issue #13). */
const watch = new ForeignIdWatch();

const balance = async () => expectStatus(await api.get('alice', '/campaigns/CMP-NW-WEBINAR/balance'), 200).body;

beforeAll(async () => {
  stack = await bootStack(__filename);
  api = new ApiClient(stack.gateway).observe(watch);
  preApprovals = await loadCatalog(api);
  for (const c of CATALOG.campaigns) watch.own(c.partnerId, c.id, preApprovals[c.id]);
}, 120000);

afterEach(() => {
  const leaks = watch.leaks();
  watch.reset();
  expect(leaks).toEqual([]);
});

afterAll(async () => {
  await stack?.close();
});

test('csrPath_generatedReportIsTheEvidence_claimIsApprovedInFull', async () => {
  const claimId: string = (await addPoe(api, 'alice', { campaignId: 'CMP-NW-WEBINAR', amount: '1250.00' })).body.id;
  await setDetails(api, 'alice', claimId, {
    claimName: 'Webinar certified',
    claimDate: '2026-10-15',
    estimatedImpressions: 900,
    preApprovalId: preApprovals['CMP-NW-WEBINAR'],
  });
  const csr = expectStatus(
    // The documented example (1,250.00 EUR, the claim's amount), for this claim.
    await api.post('alice', '/documents/csr', { ...EX.generateCsr, claimId }),
    201,
  ).body;
  expect(csr).toMatchObject({ kind: 'csr', contentType: 'application/pdf', claimId });

  const withCsr = expectStatus(
    await withKnownDocument(`csr ${csr.id}`, () =>
      api.put('alice', `/claims/${claimId}/evidence`, { csr: { documentId: csr.id } }),
    ),
    200,
  );
  expect(withCsr.body.evidence).toEqual({ csr: { documentId: csr.id, total: { amount: '1250.00', currency: 'EUR' } } });
  expect(expectStatus(await api.post('alice', `/claims/${claimId}/submit`), 200).body.status).toBe('SUBMITTED');

  await waitInQueue(api, claimId);
  const view = expectStatus(await api.get('rita', `/review/claims/${claimId}`), 200).body;
  expect(view.documents).toEqual([
    expect.objectContaining({
      documentId: csr.id,
      role: 'csr',
      download: expect.objectContaining({ url: expect.any(String) }),
    }),
  ]);
  const pdf = await fetch(view.documents[0].download.url);
  expect(
    Buffer.from(await pdf.arrayBuffer())
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');

  await decide(api, claimId, 'start-review');
  await decide(api, claimId, 'approve', { approvedAmount: { amount: '1250.00', currency: 'EUR' } });
  const approved = await waitForClaimStatus(api, 'alice', claimId, 'APPROVED');
  expect(approved.body.approvedAmount).toEqual({ amount: '1250.00', currency: 'EUR' });
}, 120000);

test('rejectionPath_reservedFundsAreReleased_andTheClaimIsFinal', async () => {
  const before = await balance();
  const { claimId } = await readyDraft(api, preApprovals['CMP-NW-WEBINAR'], { amount: '700.00' });
  expectStatus(await api.post('bob', `/claims/${claimId}/submit`), 200);
  const reserved = await eventually('the reservation in the balance', async () => {
    const b = await balance();
    return b.revision > before.revision ? b : undefined;
  });
  expect(Number(reserved.reserved.amount) - Number(before.reserved.amount)).toBeCloseTo(700, 2);
  expect(Number(before.remaining.amount) - Number(reserved.remaining.amount)).toBeCloseTo(700, 2);

  await waitInQueue(api, claimId);
  await decide(api, claimId, 'start-review');
  await decide(api, claimId, 'reject', {
    reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'],
    message: 'Webinars for internal staff are not eligible.',
  });
  const rejected = await waitForClaimStatus(api, 'bob', claimId, 'REJECTED');
  expect(rejected.body.decision).toMatchObject({
    reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'],
    message: 'Webinars for internal staff are not eligible.',
  });

  const after = await eventually('the release in the balance', async () => {
    const b = await balance();
    return b.reserved.amount === before.reserved.amount ? b : undefined;
  });
  expect(after.remaining).toEqual(before.remaining);
  expect(after.approved).toEqual(before.approved);

  // Final: no more edits, no resubmit.
  const edit = await api.patch('bob', `/claims/${claimId}`, { name: 'Try again' });
  expect(edit.status).toBe(409);
  expect(edit.headers.get('content-type')).toContain('application/problem+json');
}, 120000);
