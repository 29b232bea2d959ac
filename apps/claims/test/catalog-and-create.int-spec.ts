import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ADMIN, bootClaims, daysFromToday, Harness, partnerUser, REVIEWER, seedCampaign } from './harness';

jest.setTimeout(120_000);

describe('claims service: catalog and add PoE (real FerretDB + Kafka)', () => {
  let h: Harness;
  let seed: Awaited<ReturnType<typeof seedCampaign>>;
  let partner: ReturnType<typeof partnerUser>;

  beforeAll(async () => {
    h = await bootClaims(__filename, { CLAIMS_CONSUMER: 'false' });
    seed = await seedCampaign(h, { allocated: '5000.00' });
    partner = partnerUser(seed.partnerId);
  });
  afterAll(() => h.close());

  it('catalog_createdByServiceAccount_isReadableAsProgramPlanCampaignWithBalance', async () => {
    expect(seed.campaign).toMatchObject({
      claimDeadlineDays: 45,
      allocated: { amount: '5000.00', currency: 'EUR' },
      balance: { remaining: { amount: '5000.00' } },
    });
    const plans = await h.call(partner, 'GET', `/programs/${seed.programId}/plans`);
    expect(plans.body.items.map((p: { id: string }) => p.id)).toEqual([seed.planId]);
    const balance = await h.call(partner, 'GET', `/campaigns/${seed.campaignId}/balance`);
    expect(balance.body).toMatchObject({
      allocated: { amount: '5000.00' },
      reserved: { amount: '0.00' },
      approved: { amount: '0.00' },
      remaining: { amount: '5000.00' },
    });
  });

  it('catalog_whenPartnerUserCreatesProgram_isForbidden', async () => {
    const res = await h.call(partner, 'POST', '/programs', { name: 'mine' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('AUTH.FORBIDDEN');
  });

  it('catalog_whenIdTaken_isConflict', async () => {
    const res = await h.call(REVIEWER, 'POST', '/programs', { id: seed.programId, name: 'again' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CATALOG.ALREADY_EXISTS');
  });

  it('catalog_whenCampaignEndsBeforeItStarts_isRejectedNamingTheField', async () => {
    const res = await h.call(ADMIN, 'POST', '/campaigns', {
      planId: seed.planId,
      partnerId: seed.partnerId,
      name: 'x',
      activityType: 'webinar',
      startDate: '2026-12-01',
      endDate: '2026-11-01',
      allocated: { amount: '1.00', currency: 'EUR' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'endDate', rule: 'notBeforeStartDate' });
  });

  it('campaign_ofAnotherPartner_isNotFoundForAPartnerUser', async () => {
    const other = partnerUser('PRT-someone-else');
    expect((await h.call(other, 'GET', `/campaigns/${seed.campaignId}`)).status).toBe(404);
    expect((await h.call(other, 'GET', '/campaigns')).body.items).toEqual([]);
  });

  it('createClaim_whenValid_is201WithEtagLocationAndHistory', async () => {
    const res = await h.call(partner, 'POST', '/claims', {
      campaignId: seed.campaignId,
      name: 'Webinar',
      executionDate: daysFromToday(0),
      amount: { amount: '1250.5', currency: 'EUR' },
    });
    expect(res.status).toBe(201);
    expect(res.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      status: 'EDITING',
      version: 1,
      amount: { amount: '1250.50', currency: 'EUR' },
      partnerId: seed.partnerId,
    });
    const got = await h.call(partner, 'GET', `/claims/${res.body.id}`);
    expect(got.body.history).toEqual([expect.objectContaining({ action: 'created', actor: partner.subject })]);
  });

  it('createClaim_whenExecutionDateOutsideCampaign_is422NamingExecutionDate', async () => {
    const res = await h.call(partner, 'POST', '/claims', {
      campaignId: seed.campaignId,
      name: 'W',
      executionDate: daysFromToday(-10),
      amount: { amount: '10.00', currency: 'EUR' },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: 'CLAIM.EXECUTION_DATE_OUTSIDE_CAMPAIGN',
      errors: [{ field: 'executionDate', rule: 'withinCampaignWindow' }],
    });
  });

  it('createClaim_whenAmountAboveRemainingOrWrongCurrencyOrTooPrecise_is422WithCode', async () => {
    const post = (amount: { amount: string; currency: string }) =>
      h.call(partner, 'POST', '/claims', {
        campaignId: seed.campaignId,
        name: 'W',
        executionDate: daysFromToday(0),
        amount,
      });
    expect((await post({ amount: '5000.01', currency: 'EUR' })).body.code).toBe('CLAIM.AMOUNT_EXCEEDS_REMAINING_FUNDS');
    expect((await post({ amount: '10.00', currency: 'USD' })).body.code).toBe('CLAIM.CURRENCY_MISMATCH');
    expect((await post({ amount: '0.00', currency: 'EUR' })).body.code).toBe('CLAIM.AMOUNT_NOT_POSITIVE');
    expect((await post({ amount: '1.005', currency: 'EUR' })).body.code).toBe('MONEY.AMOUNT_INVALID');
    const asNumber = await h.call(partner, 'POST', '/claims', {
      campaignId: seed.campaignId,
      name: 'W',
      executionDate: daysFromToday(0),
      amount: { amount: 10, currency: 'EUR' },
    });
    expect(asNumber.status).toBe(400);
  });

  it('createClaim_onAnotherPartnersCampaign_isRejectedAsUnknownCampaign', async () => {
    const res = await h.call(partnerUser('PRT-intruder'), 'POST', '/claims', {
      campaignId: seed.campaignId,
      name: 'W',
      executionDate: daysFromToday(0),
      amount: { amount: '1.00', currency: 'EUR' },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CLAIM.CAMPAIGN_UNKNOWN');
  });

  it('createClaim_byReviewer_isForbidden', async () => {
    const res = await h.call(REVIEWER, 'POST', '/claims', {
      campaignId: seed.campaignId,
      name: 'W',
      executionDate: daysFromToday(0),
      amount: { amount: '1.00', currency: 'EUR' },
    });
    expect(res.status).toBe(403);
  });

  it('createClaim_retriedWithSameIdempotencyKey_returnsTheFirstResult', async () => {
    const body = {
      campaignId: seed.campaignId,
      name: 'Retry me',
      executionDate: daysFromToday(0),
      amount: { amount: '1.00', currency: 'EUR' },
    };
    const headers = { 'idempotency-key': `create-${Date.now()}` };
    const [a, b] = [
      await h.call(partner, 'POST', '/claims', body, headers),
      await h.call(partner, 'POST', '/claims', body, headers),
    ];
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body).toEqual(a.body);
    const list = await h.call(partner, 'GET', '/claims?limit=100');
    expect(list.body.items.filter((c: { name: string }) => c.name === 'Retry me')).toHaveLength(1);
  });

  it('createClaim_retried_getsTheStoredAnswer_evenAfterAnEdit_butTheClaimAsItIsWhenTheAnswerHasAnOlderShape', async () => {
    const body = {
      campaignId: seed.campaignId,
      name: 'Stored answer',
      executionDate: daysFromToday(0),
      amount: { amount: '1.00', currency: 'EUR' },
    };
    const headers = { 'idempotency-key': `shape-${Date.now()}` };
    const first = await h.call(partner, 'POST', '/claims', body, headers);
    expect(first.status).toBe(201);
    const edited = await h.call(partner, 'PATCH', `/claims/${first.body.id}`, { name: 'Renamed' });
    expect(edited.status).toBe(200);
    // The same shape: the answer as it was first given (the edit is not in it).
    const replay = await h.call(partner, 'POST', '/claims', body, headers);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);

    // An answer stored by an earlier version of the service, before the claim view had `reimbursable`.
    const keys = h.app.get<Connection>(getConnectionToken()).collection('idempotency_keys');
    const stored = await keys.updateMany(
      { resourceId: first.body.id, state: 'done' },
      { $unset: { 'response.body.reimbursable': '' } },
    );
    expect(stored.modifiedCount).toBe(1);
    const upgraded = await h.call(partner, 'POST', '/claims', body, headers);
    expect(upgraded.status).toBe(201);
    expect(Object.keys(upgraded.body).sort()).toEqual(Object.keys(first.body).sort());
    expect(upgraded.body).toMatchObject({ id: first.body.id, name: 'Renamed', reimbursable: null });
  });

  it('createClaim_sameIdempotencyKeyWithAnotherBody_is422KeyReused', async () => {
    const headers = { 'idempotency-key': `reuse-${Date.now()}` };
    const body = {
      campaignId: seed.campaignId,
      name: 'First',
      executionDate: daysFromToday(0),
      amount: { amount: '1.00', currency: 'EUR' },
    };
    expect((await h.call(partner, 'POST', '/claims', body, headers)).status).toBe(201);
    const res = await h.call(partner, 'POST', '/claims', { ...body, name: 'Second' }, headers);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it.each([
    ['empty', ''],
    ['too short', 'short7c'],
    ['a character outside the set', 'key with spaces'],
  ])('createClaim_idempotencyKey%s_is422KeyInvalid_andCreatesNothing', async (_, key) => {
    const name = `Bad key ${Date.now()} ${key.length}`;
    const body = {
      campaignId: seed.campaignId,
      name,
      executionDate: daysFromToday(0),
      amount: { amount: '1.00', currency: 'EUR' },
    };
    const res = await h.call(partner, 'POST', '/claims', body, { 'idempotency-key': key });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'IDEMPOTENCY.KEY_INVALID', errors: [{ field: 'Idempotency-Key' }] });
    const list = await h.call(partner, 'GET', '/claims?limit=100');
    expect(list.body.items.filter((c: { name: string }) => c.name === name)).toHaveLength(0);
  });

  it('getClaim_ofAnotherPartner_is404', async () => {
    const mine = await h.call(partner, 'POST', '/claims', {
      campaignId: seed.campaignId,
      name: 'Private',
      executionDate: daysFromToday(0),
      amount: { amount: '1.00', currency: 'EUR' },
    });
    expect((await h.call(partnerUser('PRT-nosy'), 'GET', `/claims/${mine.body.id}`)).status).toBe(404);
    expect((await h.call(REVIEWER, 'GET', `/claims/${mine.body.id}`)).status).toBe(200);
  });
});
