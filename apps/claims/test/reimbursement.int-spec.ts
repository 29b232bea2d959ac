import { createEvent } from '@poe/contracts';
import { randomUUID } from 'node:crypto';
import { CatalogRepository } from '../src/catalog/catalog.repository';
import { ClaimsRepository } from '../src/claims/claims.repository';
import { ClaimsService } from '../src/claims/claims.service';
import {
  ADMIN,
  bootClaims,
  daysFromToday,
  eventually,
  Harness,
  observeTopics,
  partnerUser,
  seedCampaign,
  seedReferences,
} from './harness';

const TAKEOVER_MS = 1500;

/**
 * Reimbursement rules (docs/reimbursement.md) and the submit's funds protocol under an outage
 * (docs/claims-funds.md), against the real database and broker.
 */
jest.setTimeout(120_000);

describe('claims service: reimbursement rules and the submit funds protocol (real database + Kafka)', () => {
  let h: Harness;
  let partnerId: string;
  let partner: ReturnType<typeof partnerUser>;
  let refs: Awaited<ReturnType<typeof seedReferences>>;

  beforeAll(async () => {
    h = await bootClaims(__filename, { CLAIMS_PENDING_TAKEOVER_MS: String(TAKEOVER_MS) });
    const first = await seedCampaign(h, { allocated: '100.00' });
    partnerId = first.partnerId;
    partner = partnerUser(partnerId);
    refs = await seedReferences(h, partnerId, first.campaignId, h.ns.id);
    await eventually(async () =>
      (await h.app.get(ClaimsRepository).findPreApproval(refs.preApprovalId)) ? true : undefined,
    );
  }, 60000);
  afterAll(() => h.close());

  const balance = (campaignId: string) =>
    h.call(partner, 'GET', `/campaigns/${campaignId}/balance`).then((r) => r.body);

  /** A campaign with its own pre-approval, so claims on it can be submitted. */
  async function campaignWith(opts: Parameters<typeof seedCampaign>[1]) {
    const seeded = await seedCampaign(h, { partnerId, ...opts });
    const preApprovalId = `PA-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    await h.publish('poe.review.pre-approval.granted.v1', {
      preApprovalId,
      partnerId,
      campaignId: seeded.campaignId,
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      grantedBy: 'rev',
      grantedAt: new Date().toISOString(),
    });
    await eventually(async () =>
      (await h.app.get(ClaimsRepository).findPreApproval(preApprovalId)) ? true : undefined,
    );
    return { ...seeded, preApprovalId };
  }

  async function readyClaim(campaign: { campaignId: string; preApprovalId: string }, amount: string) {
    const created = await h.call(partner, 'POST', '/claims', {
      campaignId: campaign.campaignId,
      name: 'Webinar',
      executionDate: daysFromToday(0),
      amount: { amount, currency: 'EUR' },
    });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const id = created.body.id as string;
    await h.call(partner, 'PATCH', `/claims/${id}`, {
      estimatedImpressions: 100,
      preApprovalId: campaign.preApprovalId,
    });
    const r = await h.call(partner, 'PUT', `/claims/${id}/evidence`, {
      invoice: {
        documentId: refs.invoice,
        invoiceNumber: `INV-${id}`,
        invoiceDate: daysFromToday(0),
        vendor: 'Acme',
        amount: { amount: '9000.00', currency: 'EUR' },
      },
    });
    if (r.status !== 200) throw new Error(JSON.stringify(r.body));
    return id;
  }

  const decide = (claimId: string, d: Record<string, unknown>) =>
    h.app.get(ClaimsService).applyDecision(
      createEvent(
        'poe.review.review.decision-made.v1',
        {
          claimId,
          partnerId,
          reasonCodes: [],
          reviewerId: 'rev-1',
          decidedAt: new Date().toISOString(),
          ...d,
        } as never,
        { source: '/poe-claims/review', correlationId: randomUUID(), id: randomUUID() },
      ) as never,
    );

  it('campaign_withRatioAndCap_showsThem_andRefusesBadRulesNamingFieldAndRule', async () => {
    const c = await seedCampaign(h, {
      partnerId,
      allocated: '2000.00',
      contributionRatio: '0.5',
      capPerClaim: '600.00',
    });
    expect(c.campaign).toMatchObject({
      contributionRatio: '0.5',
      capPerClaim: { amount: '600.00', currency: 'EUR' },
      reimbursementHistory: [],
    });
    const plain = await seedCampaign(h, { partnerId });
    expect(plain.campaign).toMatchObject({ contributionRatio: '1', capPerClaim: null });

    const bad = await h.call(ADMIN, 'POST', '/campaigns', {
      planId: c.planId,
      partnerId,
      name: 'x',
      activityType: 'webinar',
      startDate: daysFromToday(-1),
      endDate: daysFromToday(30),
      allocated: { amount: '10.00', currency: 'EUR' },
      contributionRatio: '1.5',
      capPerClaim: { amount: '5.00', currency: 'USD' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      expect.objectContaining({ field: 'contributionRatio', rule: 'inRange' }),
      expect.objectContaining({ field: 'capPerClaim.currency', rule: 'matchesCampaignCurrency' }),
    ]);
    const zero = await h.call(ADMIN, 'PUT', `/campaigns/${c.campaignId}/reimbursement`, { contributionRatio: '0' });
    expect(zero.status).toBe(422);
    expect(zero.body).toMatchObject({
      code: 'CAMPAIGN.CONTRIBUTION_RATIO_INVALID',
      errors: [{ field: 'contributionRatio', rule: 'inRange' }],
    });
    const asPartner = await h.call(partner, 'PUT', `/campaigns/${c.campaignId}/reimbursement`, {
      contributionRatio: '1',
    });
    expect(asPartner.status).toBe(403);
    // Refusals changed nothing.
    expect((await h.call(ADMIN, 'GET', `/campaigns/${c.campaignId}`)).body).toMatchObject({
      contributionRatio: '0.5',
      capPerClaim: { amount: '600.00' },
      balance: { revision: 1 },
    });
  });

  it('submit_onAHalfCappedCampaign_reservesTheReimbursable_andTheClaimShowsClaimedAndReimbursable', async () => {
    const c = await campaignWith({ allocated: '2000.00', contributionRatio: '0.5', capPerClaim: '600.00' });
    const id = await readyClaim(c, '1000.00');
    const submitted = await h.call(partner, 'POST', `/claims/${id}/submit`);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      status: 'SUBMITTED',
      amount: { amount: '1000.00' },
      claimed: { amount: '1000.00' },
      reimbursable: { amount: '500.00' },
      reserved: { amount: '500.00' },
      approved: null,
      reimbursement: { contributionRatio: '0.5', capPerClaim: { amount: '600.00', currency: 'EUR' } },
    });
    // Above the cap: 0.5 x 1500.00 = 750.00, capped at 600.00.
    const capped = await readyClaim(c, '1500.00');
    expect((await h.call(partner, 'POST', `/claims/${capped}/submit`)).body.reimbursable).toEqual({
      amount: '600.00',
      currency: 'EUR',
    });
    expect(await balance(c.campaignId)).toMatchObject({
      allocated: { amount: '2000.00' },
      reserved: { amount: '1100.00' },
      approved: { amount: '0.00' },
      remaining: { amount: '900.00' },
    });
  });

  it('changeRules_keepsSubmittedClaimsAsTheyWere_publishesOneEvent_andARetryChangesNothing', async () => {
    const observer = await observeTopics(h, ['claims.campaign.v1']);
    try {
      const c = await campaignWith({ allocated: '1000.00', contributionRatio: '0.5' });
      const before = await readyClaim(c, '400.00');
      expect((await h.call(partner, 'POST', `/claims/${before}/submit`)).body.reimbursable.amount).toBe('200.00');

      const body = { contributionRatio: '0.25', capPerClaim: { amount: '50.00', currency: 'EUR' }, reason: 'budget' };
      const changed = await h.call(ADMIN, 'PUT', `/campaigns/${c.campaignId}/reimbursement`, body);
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        contributionRatio: '0.25',
        capPerClaim: { amount: '50.00' },
        reimbursementHistory: [
          {
            from: { contributionRatio: '0.5', capPerClaim: null },
            to: { contributionRatio: '0.25', capPerClaim: { amount: '50.00' } },
            by: ADMIN.subject,
            reason: 'budget',
          },
        ],
      });
      const again = await h.call(ADMIN, 'PUT', `/campaigns/${c.campaignId}/reimbursement`, body);
      expect(again.body.balance.revision).toBe(changed.body.balance.revision);

      // The claim submitted before keeps its 200.00; a new one takes the new rules (0.25 x 400 = 100, cap 50).
      expect((await h.call(partner, 'GET', `/claims/${before}`)).body).toMatchObject({
        reimbursable: { amount: '200.00' },
        reserved: { amount: '200.00' },
      });
      const after = await readyClaim(c, '400.00');
      expect((await h.call(partner, 'POST', `/claims/${after}/submit`)).body.reimbursable.amount).toBe('50.00');
      expect(await balance(c.campaignId)).toMatchObject({
        reserved: { amount: '250.00' },
        remaining: { amount: '750.00' },
      });

      const events = await eventually(async () => {
        const mine = observer.seen.filter(
          (e) => e.key === c.campaignId && e.type === 'poe.claims.campaign.reimbursement-changed.v1',
        );
        return mine.length ? mine : undefined;
      });
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({
        previous: { contributionRatio: '0.5' },
        contributionRatio: '0.25',
        capPerClaim: { amount: '50.00', currency: 'EUR' },
        changedBy: ADMIN.subject,
      });
    } finally {
      await observer.stop();
    }
  });

  it('approve_aboveTheReimbursable_isNotApplied_approveBelowIs_andTheBalanceStaysExact', async () => {
    const c = await campaignWith({ allocated: '2000.00', contributionRatio: '0.5', capPerClaim: '600.00' });
    const id = await readyClaim(c, '1000.00');
    expect((await h.call(partner, 'POST', `/claims/${id}/submit`)).status).toBe(200);
    await decide(id, { decision: 'start_review' });
    await decide(id, { decision: 'approve', approvedAmount: { amount: '600.00', currency: 'EUR' } });
    expect((await h.call(partner, 'GET', `/claims/${id}`)).body).toMatchObject({
      status: 'UNDER_REVIEW',
      reserved: { amount: '500.00' },
    });
    await decide(id, {
      decision: 'approve',
      approvedAmount: { amount: '400.00', currency: 'EUR' },
      reasonCodes: ['PARTIAL_APPROVAL'],
      message: 'Catering is not eligible.',
    });
    expect((await h.call(partner, 'GET', `/claims/${id}`)).body).toMatchObject({
      status: 'APPROVED',
      claimed: { amount: '1000.00' },
      reimbursable: { amount: '500.00' },
      approved: { amount: '400.00' },
      approvedAmount: { amount: '400.00' },
      reserved: null,
    });
    const b = await balance(c.campaignId);
    expect(b).toMatchObject({
      allocated: { amount: '2000.00' },
      reserved: { amount: '0.00' },
      approved: { amount: '400.00' },
      remaining: { amount: '1600.00' },
    });
  });

  it('submit_whileTheCampaignStaysBusy_leavesTheClaimPending_andRecoveryFinishesItOnceTheOutageEnds', async () => {
    // The fault: another writer bumps the campaign's revision between each read and write of the
    // ledger step, so the real guarded update on the real server misses every time and the step
    // ends in CAMPAIGN.BUSY (503), as a campaign written by a flood of concurrent changes would.
    // Only the timing of that competing write is the test's; the guard, the miss and the error are
    // the server's and the service's own.
    const c = await campaignWith({ allocated: '100.00', contributionRatio: '0.5' });
    const id = await readyClaim(c, '60.00');
    const catalogRepo = h.app.get(CatalogRepository);
    const saveLedger = catalogRepo.saveLedger.bind(catalogRepo);
    let racing = true;
    let raced = 0;
    catalogRepo.saveLedger = async (state, expected, outbox) => {
      if (racing && state.id === c.campaignId) {
        await catalogRepo.campaignCollection.updateOne({ _id: state.id } as never, { $inc: { revision: 1 } });
        raced += 1;
      }
      return saveLedger(state, expected, outbox);
    };
    try {
      const during = await h.call(partner, 'POST', `/claims/${id}/submit`);
      expect(during.status).toBe(503);
      expect(during.body.code).toBe('CAMPAIGN.BUSY');
      expect(raced).toBeGreaterThanOrEqual(50);
      const repo = h.app.get(ClaimsRepository);
      expect((await repo.find(id))!.pending).toMatchObject({ op: 'submit', key: 'S1', amountMinor: 3_000 });

      // Past the takeover age, the outage still on: neither the recovery pass nor the next request
      // may treat the step as done. The claim stays pending, the request answers the outage.
      await new Promise((r) => setTimeout(r, TAKEOVER_MS + 100));
      const service = h.app.get(ClaimsService);
      expect(await service.recoverPending()).toBe(0);
      const edit = await h.call(partner, 'PATCH', `/claims/${id}`, { name: 'meanwhile' });
      expect(edit.status).toBe(503);
      expect(edit.body.code).toBe('CAMPAIGN.BUSY');
      expect((await repo.find(id))!).toMatchObject({ status: 'EDITING', pending: { op: 'submit', key: 'S1' } });
      expect(await balance(c.campaignId)).toMatchObject({
        reserved: { amount: '0.00' },
        remaining: { amount: '100.00' },
      });
    } finally {
      racing = false;
      catalogRepo.saveLedger = saveLedger;
    }

    // The outage is over: the next pass finishes the submit, counted once.
    expect(await h.app.get(ClaimsService).recoverPending()).toBe(1);
    expect((await h.call(partner, 'GET', `/claims/${id}`)).body).toMatchObject({
      status: 'SUBMITTED',
      reimbursable: { amount: '30.00' },
      reserved: { amount: '30.00' },
    });
    expect(await balance(c.campaignId)).toMatchObject({
      reserved: { amount: '30.00' },
      remaining: { amount: '70.00' },
    });
    expect(await h.app.get(ClaimsService).recoverPending()).toBe(0);
  });
});
