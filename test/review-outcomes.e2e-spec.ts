import { EX } from '../apps/gateway/src/route-examples';
import { eventually, expectStatus } from './e2e/client';
import { setDetails } from './e2e/demo-data';
import { addPoe, decide, readyDraft, waitForClaimStatus, waitInQueue, withKnownDocument } from './e2e/flow';
import { demoWorld } from './e2e/demo-world';

/** Scenario 2 of the gateway issue: evidence by a generated CSR, and a rejection that releases the funds. */

const world = demoWorld(__filename);
const balance = async () => expectStatus(await world.api.get('alice', '/campaigns/CMP-NW-WEBINAR/balance'), 200).body;

test('csrPath_generatedReportIsTheEvidence_claimIsApprovedInFull', async () => {
  const claimId: string = (await addPoe(world.api, 'alice', { campaignId: 'CMP-NW-WEBINAR', amount: '1250.00' })).body
    .id;
  await setDetails(world.api, 'alice', claimId, {
    claimName: 'Webinar certified',
    claimDate: '2026-10-15',
    estimatedImpressions: 900,
    preApprovalId: world.preApprovals['CMP-NW-WEBINAR'],
  });
  const csr = expectStatus(
    // The documented example (1,250.00 EUR, the claim's amount), for this claim.
    await world.api.post('alice', '/documents/csr', { ...EX.generateCsr, claimId }),
    201,
  ).body;
  expect(csr).toMatchObject({ kind: 'csr', contentType: 'application/pdf', claimId });

  const withCsr = expectStatus(
    await withKnownDocument(`csr ${csr.id}`, () =>
      world.api.put('alice', `/claims/${claimId}/evidence`, { csr: { documentId: csr.id } }),
    ),
    200,
  );
  expect(withCsr.body.evidence).toEqual({ csr: { documentId: csr.id, total: { amount: '1250.00', currency: 'EUR' } } });
  expect(expectStatus(await world.api.post('alice', `/claims/${claimId}/submit`), 200).body.status).toBe('SUBMITTED');

  await waitInQueue(world.api, claimId);
  const view = expectStatus(await world.api.get('rita', `/review/claims/${claimId}`), 200).body;
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

  await decide(world.api, claimId, 'start-review');
  await decide(world.api, claimId, 'approve', { approvedAmount: { amount: '1250.00', currency: 'EUR' } });
  const approved = await waitForClaimStatus(world.api, 'alice', claimId, 'APPROVED');
  expect(approved.body.approvedAmount).toEqual({ amount: '1250.00', currency: 'EUR' });
}, 120000);

test('rejectionPath_reservedFundsAreReleased_andTheClaimIsFinal', async () => {
  const before = await balance();
  const { claimId } = await readyDraft(world.api, world.preApprovals['CMP-NW-WEBINAR'], { amount: '700.00' });
  expectStatus(await world.api.post('bob', `/claims/${claimId}/submit`), 200);
  const reserved = await eventually('the reservation in the balance', async () => {
    const b = await balance();
    return b.revision > before.revision ? b : undefined;
  });
  expect(Number(reserved.reserved.amount) - Number(before.reserved.amount)).toBeCloseTo(700, 2);
  expect(Number(before.remaining.amount) - Number(reserved.remaining.amount)).toBeCloseTo(700, 2);

  await waitInQueue(world.api, claimId);
  await decide(world.api, claimId, 'start-review');
  await decide(world.api, claimId, 'reject', {
    reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'],
    message: 'Webinars for internal staff are not eligible.',
  });
  const rejected = await waitForClaimStatus(world.api, 'bob', claimId, 'REJECTED');
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
  const edit = await world.api.patch('bob', `/claims/${claimId}`, { name: 'Try again' });
  expect(edit.status).toBe(409);
  expect(edit.headers.get('content-type')).toContain('application/problem+json');
}, 120000);
