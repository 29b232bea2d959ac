import { expectStatus } from './e2e/client';
import { CATALOG } from './e2e/demo-data';
import { decide, readyDraft, waitForClaimStatus, waitInQueue } from './e2e/flow';
import { demoWorld } from './e2e/demo-world';

/**
 * Reimbursement rules per campaign through the gateway (issue #15, docs/reimbursement.md): the
 * vendor pays a share of each claim's cost up to a cap; the ledger reserves what is reimbursable.
 */

const world = demoWorld(__filename);
const CAMPAIGN = 'CMP-NW-HALF';
const balanceOf = async (campaignId: string) =>
  expectStatus(await world.api.get('alice', `/campaigns/${campaignId}/balance`), 200).body;
const cents = (m: { amount: string }) => Math.round(Number(m.amount) * 100);

describe('reimbursement rules', () => {
  let preApprovalId: string;

  beforeAll(async () => {
    expectStatus(
      await world.api.post('svc-payments', '/campaigns', {
        id: CAMPAIGN,
        planId: CATALOG.plan.id,
        partnerId: 'partner-northwind',
        name: 'Northwind webinars, half paid',
        activityType: 'webinar',
        startDate: '2026-09-01',
        endDate: '2026-12-31',
        allocated: { amount: '2000.00', currency: 'EUR' },
        contributionRatio: '0.5',
        capPerClaim: { amount: '600.00', currency: 'EUR' },
      }),
      201,
    );
    preApprovalId = expectStatus(
      await world.api.post('rita', '/pre-approvals', {
        partnerId: 'partner-northwind',
        campaignId: CAMPAIGN,
        description: 'Webinar materials',
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: '2027-12-31T23:59:59.000Z',
      }),
      201,
    ).body.preApprovalId;
  }, 60000);

  test('aHalfCampaignWithACap_reservesTheReimbursable_refusesAnApprovalAboveIt_andTheBalanceStaysExact', async () => {
    const campaign = expectStatus(await world.api.get('bob', `/campaigns/${CAMPAIGN}`), 200).body;
    expect(campaign).toMatchObject({ contributionRatio: '0.5', capPerClaim: { amount: '600.00', currency: 'EUR' } });

    // Claimed 1000.00 at half: 500.00 reimbursable (under the 600.00 cap), and that is what is reserved.
    const { claimId } = await readyDraft(world.api, preApprovalId, { amount: '1000.00', campaignId: CAMPAIGN });
    const submitted = expectStatus(await world.api.post('bob', `/claims/${claimId}/submit`), 200).body;
    expect(submitted).toMatchObject({
      status: 'SUBMITTED',
      claimed: { amount: '1000.00', currency: 'EUR' },
      reimbursable: { amount: '500.00', currency: 'EUR' },
      reserved: { amount: '500.00', currency: 'EUR' },
      approved: null,
      reimbursement: { contributionRatio: '0.5', capPerClaim: { amount: '600.00', currency: 'EUR' } },
    });
    expect(await balanceOf(CAMPAIGN)).toMatchObject({
      allocated: { amount: '2000.00' },
      reserved: { amount: '500.00' },
      approved: { amount: '0.00' },
      remaining: { amount: '1500.00' },
    });

    // The review item shows both; a later change of the campaign's rules does not touch this claim.
    const queued = await waitInQueue(world.api, claimId);
    expect(queued).toMatchObject({ claimedAmount: { amount: '1000.00' }, reimbursableAmount: { amount: '500.00' } });
    expectStatus(
      await world.api.put('rita', `/campaigns/${CAMPAIGN}/reimbursement`, {
        contributionRatio: '0.25',
        capPerClaim: null,
        reason: 'Budget cut for new submissions',
      }),
      200,
    );

    await decide(world.api, claimId, 'start-review');
    await waitForClaimStatus(world.api, 'bob', claimId, 'UNDER_REVIEW');
    await waitInQueue(world.api, claimId, 'in_review');
    const tooMuch = await world.api.post('rita', `/review/items/${claimId}/approve`, {
      approvedAmount: { amount: '600.00', currency: 'EUR' },
      message: 'Most of it.',
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.headers.get('content-type')).toContain('application/problem+json');
    expect(tooMuch.body).toMatchObject({
      code: 'REVIEW.AMOUNT_ABOVE_REIMBURSABLE',
      errors: [{ field: 'approvedAmount.amount', rule: 'atMostReimbursable' }],
    });
    await decide(world.api, claimId, 'approve', {
      approvedAmount: { amount: '400.00', currency: 'EUR' },
      message: 'The catering is not eligible.',
    });
    const approved = (await waitForClaimStatus(world.api, 'bob', claimId, 'APPROVED')).body;
    expect(approved).toMatchObject({
      claimed: { amount: '1000.00' },
      reimbursable: { amount: '500.00' },
      approved: { amount: '400.00' },
      approvedAmount: { amount: '400.00' },
      reserved: null,
    });
    const b = await balanceOf(CAMPAIGN);
    expect(b).toMatchObject({
      allocated: { amount: '2000.00' },
      reserved: { amount: '0.00' },
      approved: { amount: '400.00' },
      remaining: { amount: '1600.00' },
    });
    expect(cents(b.reserved) + cents(b.approved) + cents(b.remaining)).toBe(cents(b.allocated));

    // The next claim takes the new rules: a quarter of 1000.00.
    const next = await readyDraft(world.api, preApprovalId, { amount: '1000.00', campaignId: CAMPAIGN });
    const later = expectStatus(await world.api.post('bob', `/claims/${next.claimId}/submit`), 200).body;
    expect(later).toMatchObject({ reimbursable: { amount: '250.00' }, reserved: { amount: '250.00' } });
    expect(await balanceOf(CAMPAIGN)).toMatchObject({
      reserved: { amount: '250.00' },
      remaining: { amount: '1350.00' },
    });
  }, 180000);

  test('changeRules_isForTheVendorSide_refusesBadRulesNamingFieldAndRule_andARetryChangesNothing', async () => {
    const path = `/campaigns/${CAMPAIGN}/reimbursement`;
    const byPartner = await world.api.put('alice', path, { contributionRatio: '1' });
    expect(byPartner.status).toBe(403);
    const before = expectStatus(await world.api.get('rita', `/campaigns/${CAMPAIGN}`), 200).body;

    const bad = await world.api.put('rita', path, {
      contributionRatio: '0.00001',
      capPerClaim: { amount: '10.00', currency: 'USD' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string; rule: string }) => [e.field, e.rule])).toEqual([
      ['contributionRatio', 'isRatio'],
      ['capPerClaim.currency', 'matchesCampaignCurrency'],
    ]);
    const shape = await world.api.put('rita', path, { contributionRatio: 0.5 });
    expect([shape.status, shape.body.errors?.[0]?.field]).toEqual([400, 'contributionRatio']);

    const rules = { contributionRatio: '0.3333', capPerClaim: { amount: '750.00', currency: 'EUR' } };
    const changed = expectStatus(await world.api.put('rita', path, rules), 200).body;
    expect(changed).toMatchObject({ ...rules, balance: { revision: before.balance.revision + 1 } });
    expect(changed.reimbursementHistory.at(-1)).toMatchObject({
      from: { contributionRatio: before.contributionRatio, capPerClaim: before.capPerClaim },
      to: rules,
      by: expect.any(String),
    });
    const again = expectStatus(await world.api.put('rita', path, rules), 200).body;
    expect(again.balance.revision).toBe(changed.balance.revision);
    expect(again.reimbursementHistory).toHaveLength(changed.reimbursementHistory.length);
  }, 60000);
});
