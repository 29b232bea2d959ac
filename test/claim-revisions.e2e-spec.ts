import { ApiClient, eventually, expectStatus } from './e2e/client';
import { ClaimEventSubscriber } from './e2e/claim-events';
import { loadCatalog } from './e2e/demo-data';
import { attachProof, decide, readyDraft, uploadPdf, waitForClaimStatus } from './e2e/flow';
import { bootStack, Stack } from './e2e/stack';

/**
 * Every state change of a claim is exactly one event and one revision (ARCHITECTURE.md): a
 * subscriber that guards on revision must see 1..n with no gap and no second event for a revision,
 * through a whole cycle with comments, an action request, the partner's edit and a resubmit.
 */

let stack: Stack;
let api: ApiClient;
let subscriber: ClaimEventSubscriber;
let preApprovals: Record<string, string>;

beforeAll(async () => {
  stack = await bootStack(__filename);
  api = new ApiClient(stack.gateway);
  subscriber = new ClaimEventSubscriber(stack.ns);
  await subscriber.start();
  preApprovals = await loadCatalog(api);
}, 120000);

afterAll(async () => {
  await subscriber?.stop();
  await stack?.close();
});

/** Revisions of the claim's events on the topic, one per event id (at-least-once may repeat a message). */
function revisionsOn(claimId: string): { revision: number; type: string }[] {
  const byId = new Map<string, { revision: number; type: string }>();
  for (const e of subscriber.events)
    if (e.subject === claimId) byId.set(e.id, { revision: (e.data as { revision: number }).revision, type: e.type });
  return [...byId.values()].sort((a, b) => a.revision - b.revision);
}

test('claimTopic_fullCycleWithCommentsActionRequiredEditAndResubmit_hasOneEventPerRevision', async () => {
  const { claimId } = await readyDraft(api, preApprovals['CMP-NW-WEBINAR']);
  const proof = await uploadPdf(api, 'bob', 'proof', claimId, 'Screenshot');
  expectStatus(await attachProof(api, 'bob', claimId, proof.id, 'The live session'), 200);
  expectStatus(await api.post('bob', `/claims/${claimId}/comments`, { text: 'Recording on request.' }), 200);
  expectStatus(await api.post('bob', `/claims/${claimId}/submit`), 200);

  await decide(api, claimId, 'start-review');
  await waitForClaimStatus(api, 'bob', claimId, 'UNDER_REVIEW');
  expectStatus(await api.post('rita', `/claims/${claimId}/comments`, { text: 'Checking the invoice.' }), 200);
  await decide(api, claimId, 'request-action', { reasonCodes: ['PROOF_INSUFFICIENT'], message: 'Add the final ad' });
  await waitForClaimStatus(api, 'bob', claimId, 'ACTION_REQUIRED');

  // The partner's first change reopens the claim (one revision), the change is the next one.
  expectStatus(await api.patch('bob', `/claims/${claimId}`, { estimatedImpressions: 1500 }), 200);
  expectStatus(await api.post('bob', `/claims/${claimId}/comments`, { text: 'Final ad added.' }), 200);
  expectStatus(await api.post('bob', `/claims/${claimId}/submit`), 200);
  await decide(api, claimId, 'start-review');
  await waitForClaimStatus(api, 'bob', claimId, 'UNDER_REVIEW');
  await decide(api, claimId, 'approve', { approvedAmount: { amount: '1250.00', currency: 'EUR' } });
  const final = await waitForClaimStatus(api, 'bob', claimId, 'APPROVED');
  const version: number = final.body.version;

  // The approval is the last change: once its event is in, everything before it is too (one partition).
  await eventually(`the event of revision ${version} of ${claimId}`, async () =>
    revisionsOn(claimId).some((e) => e.revision === version) ? true : undefined,
  );
  const seen = revisionsOn(claimId);
  expect(subscriber.invalid).toEqual([]);
  // No gap and no second event for one revision: exactly 1, 2, ..., version.
  expect(seen.map((e) => e.revision)).toEqual(Array.from({ length: version }, (_, i) => i + 1));
  expect(seen.map((e) => e.type)).toEqual(
    expect.arrayContaining([
      'poe.claims.claim.comment-added.v1',
      'poe.claims.claim.action-required.v1',
      'poe.claims.claim.reopened.v1',
      'poe.claims.claim.updated.v1',
      'poe.claims.claim.approved.v1',
    ]),
  );
  expect(seen.filter((e) => e.type === 'poe.claims.claim.submitted.v1')).toHaveLength(2);
}, 120000);
