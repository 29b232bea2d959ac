import { responseProblems, schemaValidator } from '@poe/testing/openapi-checks';
import { disputeDeadline } from '../apps/claims/src/claims/dispute-window';
import { eventually, expectStatus } from './e2e/client';
import { CATALOG } from './e2e/demo-data';
import { decide, readyDraft, uploadPdf, waitForClaimStatus, waitInQueue, withKnownDocument } from './e2e/flow';
import { demoWorld } from './e2e/demo-world';

/** Disputes of rejected claims through the gateway (issue #15 step 2; docs/claims.md, "Disputes"). */

const world = demoWorld(__filename);
const balance = async () => expectStatus(await world.api.get('alice', '/campaigns/CMP-NW-WEBINAR/balance'), 200).body;
const cents = (m: { amount: string }) => Math.round(Number(m.amount) * 100);

/** A claim of bob's submitted, reviewed and rejected; its funds released. */
async function rejectedClaim(amount: string) {
  const { claimId } = await readyDraft(world.api, world.preApprovals['CMP-NW-WEBINAR'], { amount });
  expectStatus(await world.api.post('bob', `/claims/${claimId}/submit`), 200);
  await waitInQueue(world.api, claimId);
  await decide(world.api, claimId, 'start-review');
  await decide(world.api, claimId, 'reject', { reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'], message: 'Not a webinar.' });
  const rejected = await waitForClaimStatus(world.api, 'bob', claimId, 'REJECTED');
  return { claimId, rejected: rejected.body };
}

/** Each answer checked against the schema the gateway's document gives for it (closed objects: nothing leaks). */
let schemaProblems: (method: string, path: string, status: number, body: unknown) => string[];
beforeAll(async () => {
  const document = (await (await fetch(`${world.stack.gateway}/docs-json`)).json()) as Record<string, unknown>;
  const validatorOf = schemaValidator(document);
  schemaProblems = (method, path, status, body) => responseProblems(document, validatorOf, method, path, status, body);
}, 60000);

const reviewItem = (claimId: string) =>
  world.api.get('rita', `/review/items/${claimId}`).then((r) => expectStatus(r, 200).body);

describe('dispute of a rejection', () => {
  test('dispute_withNewProof_reReservesTheFunds_queuesADispute_andAPartialApprovalResolvesIt', async () => {
    const { claimId, rejected } = await rejectedClaim('300.00');
    const before = await balance();
    const proof = await uploadPdf(world.api, 'bob', 'proof', claimId, `Attendance list for ${claimId}`);
    const reason = 'It was a webinar: the attendance list shows 212 attendees.';
    const r = expectStatus(
      await withKnownDocument('dispute with proof', () =>
        world.api.post(
          'bob',
          `/claims/${claimId}/dispute`,
          { reason, proofDocuments: [{ documentId: proof.id, note: 'Attendance list' }] },
          { 'If-Match': `"${rejected.version}"`, 'Idempotency-Key': `dispute-${claimId}` },
        ),
      ),
      200,
    );
    expect(r.body).toMatchObject({
      status: 'DISPUTED',
      version: rejected.version + 1,
      reserved: { amount: '300.00', currency: 'EUR' },
      decision: null,
      dispute: {
        reason,
        newDocumentIds: [proof.id],
        rejection: { decision: 'reject', reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'] },
        disputeDeadline: disputeDeadline(new Date(rejected.decision.decidedAt), { businessDays: 5, holidays: [] }),
        disputedBy: expect.any(String),
      },
    });
    expect(r.body.proofDocuments.map((p: { documentId: string }) => p.documentId)).toContain(proof.id);
    expect(schemaProblems('POST', '/api/v1/claims/{claimId}/dispute', 200, r.body)).toEqual([]);
    // Read-your-writes: the campaign holds the reimbursable again before the answer.
    const held = await balance();
    expect(cents(held.reserved) - cents(before.reserved)).toBe(30000);
    expect(cents(before.remaining) - cents(held.remaining)).toBe(30000);

    // A retry with the same key (its answer lost) gets the same answer and moves no funds.
    const again = expectStatus(
      await world.api.post(
        'bob',
        `/claims/${claimId}/dispute`,
        { reason, proofDocuments: [{ documentId: proof.id, note: 'Attendance list' }] },
        { 'If-Match': `"${rejected.version}"`, 'Idempotency-Key': `dispute-${claimId}` },
      ),
      200,
    );
    expect(again.body.version).toBe(r.body.version);
    expect((await balance()).revision).toBe(held.revision);

    const history = expectStatus(await world.api.get('bob', `/claims/${claimId}`), 200).body.history;
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'disputed',
          note: reason,
          changes: expect.objectContaining({ status: { from: 'REJECTED', to: 'DISPUTED' } }),
        }),
      ]),
    );

    const queued = await waitInQueue(world.api, claimId);
    expect(queued).toMatchObject({ kind: 'dispute', status: 'queued', submissionCount: 2 });
    const item = await reviewItem(claimId);
    expect(item.dispute).toMatchObject({
      reason,
      newDocumentIds: [proof.id],
      rejectionReasonCodes: ['ACTIVITY_NOT_ELIGIBLE'],
    });
    expect(item.documents.map((d: { documentId: string }) => d.documentId)).toContain(proof.id);
    const figures = expectStatus(await world.api.get('rita', '/review/figures'), 200).body;
    expect(figures.total.disputesOpen).toBeGreaterThanOrEqual(1);
    expect([
      ...schemaProblems('GET', '/api/v1/review/items/{claimId}', 200, item),
      ...schemaProblems('GET', '/api/v1/review/figures', 200, figures),
    ]).toEqual([]);

    // The review team resolves it: more than the reimbursable is refused, a partial approval goes through.
    await decide(world.api, claimId, 'start-review');
    await waitForClaimStatus(world.api, 'bob', claimId, 'UNDER_REVIEW');
    const tooMuch = await eventually('approve above the claim refused', async () => {
      const a = await world.api.post('rita', `/review/items/${claimId}/approve`, {
        approvedAmount: { amount: '300.01', currency: 'EUR' },
      });
      return a.status === 409 && a.body.code === 'REVIEW.DECISION_IN_PROGRESS' ? undefined : a;
    });
    expect(tooMuch.status).toBe(422);
    await decide(world.api, claimId, 'approve', {
      approvedAmount: { amount: '250.00', currency: 'EUR' },
      message: 'Approved after the dispute; the catering is not covered.',
    });
    const approved = await waitForClaimStatus(world.api, 'bob', claimId, 'APPROVED');
    expect(approved.body).toMatchObject({
      approvedAmount: { amount: '250.00', currency: 'EUR' },
      dispute: { resolution: { decision: 'approve' } },
    });
    const after = await balance();
    expect(cents(after.approved) - cents(before.approved)).toBe(25000);
    expect(cents(before.remaining) - cents(after.remaining)).toBe(25000);
    expect(after.reserved).toEqual(before.reserved);
    const resolved = await eventually('the dispute resolved on the review item', async () => {
      const i = await reviewItem(claimId);
      return i.dispute?.resolution === 'approve' ? i : undefined;
    });
    expect(resolved.status).toBe('approved');
    expect([
      ...schemaProblems('GET', '/api/v1/claims/{claimId}', 200, approved.body),
      ...schemaProblems('GET', '/api/v1/review/items/{claimId}', 200, resolved),
    ]).toEqual([]);
    const later = expectStatus(await world.api.get('rita', '/review/figures'), 200).body;
    expect(later.total.disputesResolved.approve).toBeGreaterThanOrEqual(1);
  }, 180000);

  test('dispute_rejectedAgain_isFinal_aSecondDisputeIsRefused_andTheFundsAreReleased', async () => {
    const { claimId } = await rejectedClaim('120.00');
    const before = await balance();
    expectStatus(await world.api.post('bob', `/claims/${claimId}/dispute`, { reason: 'Please look again.' }), 200);
    await waitInQueue(world.api, claimId);
    await decide(world.api, claimId, 'start-review');
    await decide(world.api, claimId, 'reject', {
      reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'],
      message: 'Still not eligible.',
    });
    const final = await waitForClaimStatus(world.api, 'bob', claimId, 'REJECTED');
    expect(final.body.dispute.resolution.decision).toBe('reject');
    expect(await balance()).toMatchObject({ reserved: before.reserved, remaining: before.remaining });
    const second = await world.api.post('bob', `/claims/${claimId}/dispute`, { reason: 'And again.' });
    expect([second.status, second.body.code]).toEqual([409, 'CLAIM.ALREADY_DISPUTED']);
    expect(expectStatus(await world.api.get('bob', `/claims/${claimId}`), 200).body.version).toBe(final.body.version);
  }, 180000);

  test('dispute_actionRequested_goesBackToThePartner_withTheFundsKept', async () => {
    const { claimId } = await rejectedClaim('80.00');
    expectStatus(await world.api.post('bob', `/claims/${claimId}/dispute`, { reason: 'The date is right.' }), 200);
    await waitInQueue(world.api, claimId);
    await decide(world.api, claimId, 'start-review');
    await decide(world.api, claimId, 'request-action', {
      reasonCodes: ['EXECUTION_DATE_UNCLEAR'],
      message: 'Send the date the webinar ran.',
    });
    const back = await waitForClaimStatus(world.api, 'bob', claimId, 'ACTION_REQUIRED');
    expect(back.body).toMatchObject({
      reserved: { amount: '80.00', currency: 'EUR' },
      dispute: { resolution: { decision: 'request_action' } },
    });
  }, 180000);

  test('dispute_refusals_nameTheFieldAndRule_andChangeNothing', async () => {
    const { claimId, rejected } = await rejectedClaim('50.00');
    const noReason = await world.api.post('bob', `/claims/${claimId}/dispute`, { reason: '   ' });
    expect(noReason.status).toBe(422);
    expect(noReason.body).toMatchObject({
      code: 'CLAIM.DISPUTE_REASON_REQUIRED',
      errors: [{ field: 'reason', rule: 'isNotEmpty' }],
    });
    const badProof = await world.api.post('bob', `/claims/${claimId}/dispute`, {
      reason: 'See the document.',
      proofDocuments: [{ documentId: 'DOC-nope-000', note: 'Nothing' }],
    });
    expect(badProof.status).toBe(422);
    expect(badProof.body.errors).toEqual([
      expect.objectContaining({ field: 'proofDocuments[0].documentId', rule: 'exists' }),
    ]);
    const stale = await world.api.post('bob', `/claims/${claimId}/dispute`, { reason: 'x' }, { 'If-Match': '"1"' });
    expect([stale.status, stale.body.code]).toEqual([412, 'CLAIM.VERSION_MISMATCH']);
    const byReviewer = await world.api.post('rita', `/claims/${claimId}/dispute`, { reason: 'x' });
    expect(byReviewer.status).toBe(403);
    const otherPartner = await world.api.post('dave', `/claims/${claimId}/dispute`, { reason: 'x' });
    expect([otherPartner.status, otherPartner.body.code]).toEqual([404, 'CLAIM.NOT_FOUND']);
    expect(expectStatus(await world.api.get('bob', `/claims/${claimId}`), 200).body).toMatchObject({
      status: 'REJECTED',
      version: rejected.version,
      dispute: null,
    });
  }, 180000);
});

describe('program settings: dispute window and holidays', () => {
  const path = `/programs/${CATALOG.program.id}`;

  test('changeSettings_byTheVendorSide_withRevisionHistory_refusedForPartnersAndBadValues', async () => {
    const current = expectStatus(await world.api.get('rita', path), 200).body;
    expect(current).toMatchObject({ disputeWindowBusinessDays: 5, holidays: [] });
    const byPartner = await world.api.patch('alice', path, { disputeWindowBusinessDays: 30 });
    expect(byPartner.status).toBe(403);
    const tooLong = await world.api.patch('rita', path, { disputeWindowBusinessDays: 61 });
    expect(tooLong.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(tooLong.body.errors)).toContain('disputeWindowBusinessDays');
    const notADate = await world.api.patch('rita', path, { holidays: ['2026-02-30'] });
    expect(notADate.status).toBe(422);
    expect(notADate.body).toMatchObject({
      code: 'PROGRAM.HOLIDAY_INVALID',
      errors: [{ field: 'holidays[0]', rule: 'isCalendarDate' }],
    });
    const stale = await world.api.patch('rita', path, {
      disputeWindowBusinessDays: 7,
      expectedRevision: current.revision + 5,
    });
    expect([stale.status, stale.body.code]).toEqual([412, 'PROGRAM.REVISION_MISMATCH']);

    const changed = expectStatus(
      await world.api.patch('rita', path, {
        disputeWindowBusinessDays: 7,
        holidays: ['2027-01-01', '2026-12-25'],
        expectedRevision: current.revision,
        reason: 'Longer over the holidays',
      }),
      200,
    ).body;
    expect(changed).toMatchObject({
      revision: current.revision + 1,
      disputeWindowBusinessDays: 7,
      holidays: ['2026-12-25', '2027-01-01'],
      settingsHistory: [
        expect.objectContaining({
          from: { disputeWindowBusinessDays: 5, holidays: [] },
          to: { disputeWindowBusinessDays: 7, holidays: ['2026-12-25', '2027-01-01'] },
          reason: 'Longer over the holidays',
        }),
      ],
    });
    expect(schemaProblems('PATCH', '/api/v1/programs/{programId}', 200, changed)).toEqual([]);
    // The same settings again: a retry, answered unchanged.
    const retry = expectStatus(await world.api.patch('rita', path, { disputeWindowBusinessDays: 7 }), 200).body;
    expect(retry.revision).toBe(changed.revision);

    // A dispute made now counts with the new window.
    const { claimId, rejected } = await rejectedClaim('40.00');
    const d = expectStatus(
      await world.api.post('bob', `/claims/${claimId}/dispute`, { reason: 'Counted with seven days.' }),
      200,
    );
    expect(d.body.dispute.disputeDeadline).toBe(
      disputeDeadline(new Date(rejected.decision.decidedAt), {
        businessDays: 7,
        holidays: ['2026-12-25', '2027-01-01'],
      }),
    );
    // Back to the defaults for the rest of this file's world.
    expectStatus(await world.api.patch('rita', path, { disputeWindowBusinessDays: 5, holidays: [] }), 200);
  }, 180000);
});
