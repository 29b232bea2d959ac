import { createEvent } from '@poe/contracts';
import { randomUUID } from 'node:crypto';
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

/**
 * Disputes against the real database and broker (docs/claims.md, "Disputes"): the re-reservation
 * through the campaign ledger, its refusal when the campaign lacks the funds (nothing changes), the
 * events on Kafka, and the program settings' event.
 */
jest.setTimeout(120_000);

describe('claims service: disputes of rejections (real database + Kafka)', () => {
  let h: Harness;
  let partner: ReturnType<typeof partnerUser>;
  let seeded: Awaited<ReturnType<typeof seedCampaign>>;
  let refs: Awaited<ReturnType<typeof seedReferences>>;

  beforeAll(async () => {
    h = await bootClaims(__filename);
    seeded = await seedCampaign(h, { allocated: '100.00' });
    partner = partnerUser(seeded.partnerId);
    refs = await seedReferences(h, seeded.partnerId, seeded.campaignId, h.ns.id);
    await eventually(async () =>
      (await h.app.get(ClaimsRepository).findPreApproval(refs.preApprovalId)) ? true : undefined,
    );
  }, 60000);
  afterAll(() => h.close());

  const balance = () => h.call(partner, 'GET', `/campaigns/${seeded.campaignId}/balance`).then((r) => r.body);

  async function submittedClaim(amount: string) {
    const created = await h.call(partner, 'POST', '/claims', {
      campaignId: seeded.campaignId,
      name: 'Webinar',
      executionDate: daysFromToday(0),
      amount: { amount, currency: 'EUR' },
    });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const id = created.body.id as string;
    await h.call(partner, 'PATCH', `/claims/${id}`, { estimatedImpressions: 100, preApprovalId: refs.preApprovalId });
    await h.call(partner, 'PUT', `/claims/${id}/evidence`, {
      invoice: {
        documentId: refs.invoice,
        invoiceNumber: `INV-${id}`,
        invoiceDate: daysFromToday(0),
        vendor: 'Acme',
        amount: { amount: '9000.00', currency: 'EUR' },
      },
    });
    const s = await h.call(partner, 'POST', `/claims/${id}/submit`);
    if (s.status !== 200) throw new Error(JSON.stringify(s.body));
    return id;
  }

  const decide = (claimId: string, d: Record<string, unknown>) =>
    h.app.get(ClaimsService).applyDecision(
      createEvent(
        'poe.review.review.decision-made.v1',
        {
          claimId,
          partnerId: seeded.partnerId,
          reasonCodes: [],
          reviewerId: 'rev-1',
          decidedAt: new Date().toISOString(),
          ...d,
        } as never,
        { source: '/poe-claims/review', correlationId: randomUUID(), id: randomUUID() },
      ) as never,
    );
  const reject = async (claimId: string) => {
    await decide(claimId, { decision: 'start_review' });
    await decide(claimId, { decision: 'reject', reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'], message: 'No' });
  };

  it('dispute_whenTheCampaignLacksTheFunds_isRefusedAndChangesNothing_thenGoesThroughOnceTheyAreBack', async () => {
    const observer = await observeTopics(h, ['claims.claim.v1', 'claims.campaign.v1']);
    const a = await submittedClaim('100.00');
    await reject(a);
    const rejected = (await h.call(partner, 'GET', `/claims/${a}`)).body;
    expect(rejected).toMatchObject({ status: 'REJECTED', reserved: null });
    // Another claim takes the whole campaign meanwhile.
    const b = await submittedClaim('100.00');
    const full = await balance();
    expect(full.remaining.amount).toBe('0.00');

    const refused = await h.call(partner, 'POST', `/claims/${a}/dispute`, { reason: 'It was eligible.' });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'CLAIM.DISPUTE_UNFUNDED',
      errors: [{ field: 'reimbursable', rule: 'withinRemainingFunds' }],
    });
    expect((await h.call(partner, 'GET', `/claims/${a}`)).body).toMatchObject({
      status: 'REJECTED',
      version: rejected.version,
      dispute: null,
    });
    expect((await balance()).revision).toBe(full.revision);

    await reject(b);
    const ok = await h.call(partner, 'POST', `/claims/${a}/dispute`, { reason: 'It was eligible.' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'DISPUTED', reserved: { amount: '100.00', currency: 'EUR' } });
    expect(await balance()).toMatchObject({ reserved: { amount: '100.00' }, remaining: { amount: '0.00' } });

    const disputed = await eventually(async () =>
      observer.seen.find((e) => e.type === 'poe.claims.claim.disputed.v1' && e.key === a),
    );
    expect(disputed.data).toMatchObject({
      revision: ok.body.version,
      reason: 'It was eligible.',
      reimbursable: { amount: '100.00', currency: 'EUR' },
      rejectionReasonCodes: ['ACTIVITY_NOT_ELIGIBLE'],
    });
    const funds = await eventually(async () =>
      observer.seen.find(
        (e) => e.type === 'poe.claims.campaign.funds-changed.v1' && e.data.reason === 'claim_disputed',
      ),
    );
    expect(funds.data).toMatchObject({ claimId: a, reserved: { amount: '100.00' } });

    // The review team approves it: the dispute's reservation is committed, the event says it resolved the dispute.
    await decide(a, { decision: 'start_review', expectedClaimRevision: ok.body.version });
    await decide(a, { decision: 'approve', approvedAmount: { amount: '100.00', currency: 'EUR' } });
    expect((await h.call(partner, 'GET', `/claims/${a}`)).body).toMatchObject({ status: 'APPROVED', reserved: null });
    expect(await balance()).toMatchObject({ approved: { amount: '100.00' }, reserved: { amount: '0.00' } });
    const approved = await eventually(async () =>
      observer.seen.find((e) => e.type === 'poe.claims.claim.approved.v1' && e.key === a),
    );
    expect(approved.data.dispute).toBe(true);
    await observer.stop();
  });

  it('programSettings_change_isOneRevisionWithItsEvent', async () => {
    const observer = await observeTopics(h, ['claims.campaign.v1']);
    const r = await h.call(ADMIN, 'PATCH', `/programs/${seeded.programId}`, {
      disputeWindowBusinessDays: 3,
      holidays: ['2026-12-25'],
      reason: 'Shorter',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ revision: 2, disputeWindowBusinessDays: 3, holidays: ['2026-12-25'] });
    const e = await eventually(async () =>
      observer.seen.find((x) => x.type === 'poe.claims.program.settings-changed.v1'),
    );
    expect(e).toMatchObject({
      key: seeded.programId,
      data: { programId: seeded.programId, revision: 2, previous: { disputeWindowBusinessDays: 5, holidays: [] } },
    });
    const byPartner = await h.call(partner, 'PATCH', `/programs/${seeded.programId}`, { disputeWindowBusinessDays: 9 });
    expect(byPartner.status).toBe(403);
    await observer.stop();
  });
});
