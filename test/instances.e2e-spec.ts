import { ApiClient, eventually, expectStatus } from './e2e/client';
import { loadCatalog } from './e2e/demo-data';
import { attachProof, decide, readyDraft, uploadPdf, waitForClaimStatus, waitInQueue } from './e2e/flow';
import { bootStack, Stack } from './e2e/stack';

/**
 * Two instances of claims, documents and review behind one gateway, on one database and one Kafka
 * (docs/instances.md): a claim started while both run is finished, reviewed and approved after one
 * instance of each service stopped, and the campaign's balance is exact.
 */

let stack: Stack;
let api: ApiClient;
let preApprovals: Record<string, string>;

beforeAll(async () => {
  stack = await bootStack(__filename, {}, 2);
  api = new ApiClient(stack.gateway);
  preApprovals = await loadCatalog(api);
}, 180000);

afterAll(async () => {
  await stack?.close();
});

test('twoInstances_oneOfEachStopsMidFlow_theClaimIsSubmittedAndApprovedThroughTheOthers', async () => {
  const before = expectStatus(await api.get('bob', '/campaigns/CMP-NW-WEBINAR/balance'), 200).body;
  // Both instances serve: the gateway alternates, so the draft's steps went to both.
  const { claimId } = await readyDraft(api, preApprovals['CMP-NW-WEBINAR'], { amount: '420.00' });

  await Promise.all(
    [stack.instances.claims[0], stack.instances.documents[0], stack.instances.review[0]].map((i) => i.stop()),
  );

  const proof = await uploadPdf(api, 'bob', 'proof', claimId, 'Screenshot of the live session');
  expectStatus(await attachProof(api, 'bob', claimId, proof.id, 'Live session'), 200);
  expect(expectStatus(await api.post('bob', `/claims/${claimId}/submit`), 200).body.status).toBe('SUBMITTED');
  await waitInQueue(api, claimId);
  await decide(api, claimId, 'start-review');
  await decide(api, claimId, 'approve', { approvedAmount: { amount: '420.00', currency: 'EUR' } });
  const approved = await waitForClaimStatus(api, 'bob', claimId, 'APPROVED');
  expect(approved.body.approvedAmount).toEqual({ amount: '420.00', currency: 'EUR' });

  const cents = (m: { amount: string }) => Math.round(Number(m.amount) * 100);
  const after = await eventually('balance with the approval', async () => {
    const b = expectStatus(await api.get('bob', '/campaigns/CMP-NW-WEBINAR/balance'), 200).body;
    return cents(b.approved) - cents(before.approved) === 42000 ? b : undefined;
  });
  expect(cents(before.remaining) - cents(after.remaining)).toBe(42000);
  expect(cents(after.reserved)).toBe(cents(before.reserved));
}, 180000);
