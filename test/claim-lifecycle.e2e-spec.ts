import { eventually, expectStatus } from './e2e/client';
import { CATALOG } from './e2e/demo-data';
import { addPoe, decide, readyDraft, waitForClaimStatus, waitInQueue } from './e2e/flow';
import { demoWorld } from './e2e/demo-world';

/** A claim's life beyond the review decision, through the gateway: withdrawal, claim deadlines (issue #15). */

const world = demoWorld(__filename);
const balance = async () => expectStatus(await world.api.get('alice', '/campaigns/CMP-NW-WEBINAR/balance'), 200).body;

describe('withdrawal', () => {
  test('withdraw_aDraft_isWithdrawnAndFinal_withItsReasonInTheHistory', async () => {
    const draft = expectStatus(await addPoe(world.api, 'bob', { campaignId: 'CMP-NW-WEBINAR' }), 201);
    const r = expectStatus(
      await world.api.post(
        'bob',
        `/claims/${draft.body.id}/withdraw`,
        { reason: 'Event cancelled' },
        { 'If-Match': draft.headers.get('etag')! },
      ),
      200,
    );
    expect(r.body.status).toBe('WITHDRAWN');
    const full = expectStatus(await world.api.get('bob', `/claims/${draft.body.id}`), 200).body;
    expect(full.history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'withdrawn', actor: expect.any(String), note: 'Event cancelled' }),
      ]),
    );
    const edit = await world.api.patch('bob', `/claims/${draft.body.id}`, { name: 'Again' });
    expect([edit.status, edit.body.code]).toEqual([409, 'CLAIM.NOT_EDITABLE']);
  }, 60000);

  test('withdraw_underReview_releasesTheReservedFunds_andClosesTheReviewItem', async () => {
    const before = await balance();
    const { claimId } = await readyDraft(world.api, world.preApprovals['CMP-NW-WEBINAR'], { amount: '300.00' });
    expectStatus(await world.api.post('bob', `/claims/${claimId}/submit`), 200);
    await waitInQueue(world.api, claimId);
    await decide(world.api, claimId, 'start-review');
    await waitForClaimStatus(world.api, 'bob', claimId, 'UNDER_REVIEW');
    const held = await balance();
    expect(Number(held.reserved.amount) - Number(before.reserved.amount)).toBeCloseTo(300, 2);

    const r = expectStatus(await world.api.post('bob', `/claims/${claimId}/withdraw`), 200);
    expect(r.body.status).toBe('WITHDRAWN');
    // Read-your-writes: the release is done on the campaign before the answer.
    const after = await balance();
    expect(after.reserved).toEqual(before.reserved);
    expect(after.remaining).toEqual(before.remaining);

    const item = await eventually('the review item closed', async () => {
      const i = expectStatus(await world.api.get('rita', `/review/items/${claimId}`), 200).body;
      return i.status === 'withdrawn' ? i : undefined;
    });
    expect(item.status).toBe('withdrawn');
    const late = await world.api.post('rita', `/review/items/${claimId}/approve`, {
      approvedAmount: { amount: '300.00', currency: 'EUR' },
    });
    expect([late.status, late.body.code]).toEqual([409, 'REVIEW.ALREADY_DECIDED']);

    // A retry of the withdrawal (its first answer lost) answers the withdrawn claim and changes nothing.
    const again = expectStatus(
      await world.api.post('bob', `/claims/${claimId}/withdraw`, {}, { 'If-Match': '"1"' }),
      200,
    );
    expect(again.body.version).toBe(r.body.version);
    expect((await balance()).revision).toBe(after.revision);
  }, 120000);

  test('withdraw_aRejectedClaim_isRefused_andChangesNothing', async () => {
    const { claimId } = await readyDraft(world.api, world.preApprovals['CMP-NW-WEBINAR'], { amount: '200.00' });
    expectStatus(await world.api.post('bob', `/claims/${claimId}/submit`), 200);
    await waitInQueue(world.api, claimId);
    await decide(world.api, claimId, 'start-review');
    await decide(world.api, claimId, 'reject', { reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'], message: 'Not eligible.' });
    const rejected = await waitForClaimStatus(world.api, 'bob', claimId, 'REJECTED');
    const r = await world.api.post('bob', `/claims/${claimId}/withdraw`);
    expect([r.status, r.body.code]).toEqual([409, 'CLAIM.ILLEGAL_TRANSITION']);
    expect(expectStatus(await world.api.get('bob', `/claims/${claimId}`), 200).body.version).toBe(
      rejected.body.version,
    );
  }, 120000);

  test('withdraw_withAReasonThatIsNotText_is400NamingTheField_andChangesNothing', async () => {
    const draft = expectStatus(await addPoe(world.api, 'bob', { campaignId: 'CMP-NW-WEBINAR' }), 201);
    const r = await world.api.post('bob', `/claims/${draft.body.id}/withdraw`, { reason: 42 });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(new Set(r.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['reason']));
    expect(expectStatus(await world.api.get('bob', `/claims/${draft.body.id}`), 200).body.status).toBe('EDITING');
  }, 60000);
});

describe('claim deadline', () => {
  test('extendClaimDeadline_letsPartnersAddPoeAfterTheOldDeadline_withHistory_andOnlyLater', async () => {
    // A campaign whose deadline (end date + 0 days) is long past.
    const campaign = expectStatus(
      await world.api.post('svc-payments', '/campaigns', {
        id: 'CMP-NW-PAST',
        planId: CATALOG.plan.id,
        partnerId: 'partner-northwind',
        name: 'Northwind spring event',
        activityType: 'event',
        startDate: '2025-03-01',
        endDate: '2025-03-31',
        claimDeadlineDays: 0,
        allocated: { amount: '1000.00', currency: 'EUR' },
      }),
      201,
    ).body;
    expect(campaign.claimDeadline).toBe('2025-03-31');
    const poe = {
      campaignId: 'CMP-NW-PAST',
      name: 'Spring event',
      executionDate: '2025-03-15',
      amount: { amount: '100.00', currency: 'EUR' },
    };
    const late = await world.api.post('bob', '/claims', poe);
    expect([late.status, late.body.code]).toEqual([422, 'CLAIM.DEADLINE_PASSED']);

    const byPartner = await world.api.post('bob', '/campaigns/CMP-NW-PAST/claim-deadline', {
      claimDeadline: '2099-12-31',
    });
    expect(byPartner.status).toBe(403);

    const extended = expectStatus(
      await world.api.post('rita', '/campaigns/CMP-NW-PAST/claim-deadline', {
        claimDeadline: '2099-12-31',
        reason: 'Agency invoices late',
      }),
      200,
    ).body;
    expect(extended.claimDeadline).toBe('2099-12-31');
    expect(extended.claimDeadlineHistory).toEqual([
      expect.objectContaining({
        from: '2025-03-31',
        to: '2099-12-31',
        by: expect.any(String),
        reason: 'Agency invoices late',
      }),
    ]);
    expect(expectStatus(await world.api.post('bob', '/claims', poe), 201).body.status).toBe('EDITING');

    // Only ever later; the same date again is a retry.
    const earlier = await world.api.post('rita', '/campaigns/CMP-NW-PAST/claim-deadline', {
      claimDeadline: '2099-01-01',
    });
    expect([earlier.status, earlier.body.code, earlier.body.errors?.[0]?.field]).toEqual([
      422,
      'CAMPAIGN.DEADLINE_NOT_LATER',
      'claimDeadline',
    ]);
    const again = expectStatus(
      await world.api.post('rita', '/campaigns/CMP-NW-PAST/claim-deadline', { claimDeadline: '2099-12-31' }),
      200,
    ).body;
    expect(again.claimDeadlineHistory).toHaveLength(1);
  }, 60000);
});
