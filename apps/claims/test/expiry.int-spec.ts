import { ClaimsService } from '../src/claims/claims.service';
import { ADMIN, bootClaims, daysFromToday, Harness, partnerUser, seedCampaign } from './harness';

/** Drafts expire after their campaign's claim deadline, once, on the real database. */
jest.setTimeout(120_000);

describe('claims service: draft expiry at the claim deadline (real FerretDB + Kafka)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await bootClaims(__filename, { CLAIMS_EXPIRY_INTERVAL_MS: '0' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('expiryPass_afterTheDeadline_expiresNeverSubmittedDrafts_once_andAnExtensionKeepsThemOpen', async () => {
    const seed = await seedCampaign(h, { endDate: daysFromToday(1), claimDeadlineDays: 0 });
    const partner = partnerUser(seed.partnerId);
    const create = () =>
      h.call(partner, 'POST', '/claims', {
        campaignId: seed.campaignId,
        name: 'Webinar',
        executionDate: daysFromToday(0),
        amount: { amount: '10.00', currency: 'EUR' },
      });
    const draft = await create();
    expect(draft.status).toBe(201);
    const service = h.app.get(ClaimsService);
    const deadlineDay = new Date(`${daysFromToday(1)}T12:00:00.000Z`);
    const dayAfter = new Date(`${daysFromToday(2)}T00:00:01.000Z`);

    expect(await service.expireDrafts(deadlineDay)).toBe(0);
    expect(await service.expireDrafts(dayAfter)).toBe(1);
    expect(await service.expireDrafts(dayAfter)).toBe(0);
    const expired = await h.call(partner, 'GET', `/claims/${draft.body.id}`);
    expect(expired.body.status).toBe('EXPIRED');
    expect(expired.body.history.at(-1)).toMatchObject({ actor: 'system', action: 'expired' });

    // A second draft, then the deadline moved later: the pass leaves it alone.
    const kept = await create();
    const extended = await h.call(ADMIN, 'POST', `/campaigns/${seed.campaignId}/claim-deadline`, {
      claimDeadline: daysFromToday(30),
    });
    expect(extended.status).toBe(200);
    expect(await service.expireDrafts(dayAfter)).toBe(0);
    expect((await h.call(partner, 'GET', `/claims/${kept.body.id}`)).body.status).toBe('EDITING');
  });
});
