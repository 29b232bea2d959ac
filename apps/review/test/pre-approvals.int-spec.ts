import { testNamespace } from '@poe/testing';
import { randomUUID } from 'node:crypto';
import { fundsChanged } from './claim-events';
import { bootReview, Booted, call, dropDatabase, eventually, FakeClaimsSide, partnerUser, reviewer } from './harness';

const ns = testNamespace(__filename);
let svc: Booted;
let claims: FakeClaimsSide;

beforeAll(async () => {
  svc = await bootReview(ns);
  claims = new FakeClaimsSide(ns);
  await claims.start();
}, 60_000);

afterAll(async () => {
  await claims?.stop();
  await svc?.app.close();
  await dropDatabase(ns);
});

const year = new Date().getUTCFullYear();
const grantBody = (partnerId: string, campaignId = `CMP-${randomUUID().slice(0, 6)}`) => ({
  partnerId,
  campaignId,
  description: 'Webinar invitation e-mail and landing page.',
  validFrom: new Date(Date.now() - 86_400_000).toISOString(),
  validUntil: new Date(Date.now() + 90 * 86_400_000).toISOString(),
});

describe('pre-approvals', () => {
  it('grant_issuesSequentialYearlyIds_andPublishesGranted', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() => call(svc.url, 'POST', '/pre-approvals', reviewer(), grantBody('PRT-A'))),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const ids = results.map((r) => r.body.preApprovalId as string).sort();
    // Concurrent grants share one atomic counter: distinct, gap-free numbers.
    expect(ids).toEqual([1, 2, 3, 4, 5].map((n) => `PA-${year}-${String(n).padStart(6, '0')}`));
    expect(results[0].body).toMatchObject({ status: 'active', partnerId: 'PRT-A', grantedBy: 'rev-1' });
    const granted = await claims.waitFor(
      (e) => e.type === 'poe.review.pre-approval.granted.v1' && e.data.preApprovalId === ids[0],
    );
    expect(granted.data).toMatchObject({
      partnerId: 'PRT-A',
      grantedBy: 'rev-1',
      description: 'Webinar invitation e-mail and landing page.',
    });
    expect(granted.subject).toBe(ids[0]);
  });

  it('revoke_publishesRevoked_once_andSecondRevokeIs409', async () => {
    const granted = await call(svc.url, 'POST', '/pre-approvals', reviewer(), grantBody('PRT-B'));
    const id = granted.body.preApprovalId;
    const [a, b] = await Promise.all([
      call(svc.url, 'POST', `/pre-approvals/${id}/revoke`, reviewer('rev-2'), {
        reason: 'The landing page uses an outdated logo.',
      }),
      call(svc.url, 'POST', `/pre-approvals/${id}/revoke`, reviewer('rev-3'), { reason: 'Duplicate.' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const winner = a.status === 200 ? a : b;
    expect(winner.body).toMatchObject({ status: 'revoked', preApprovalId: id });
    expect((a.status === 409 ? a : b).body.code).toBe('PRE_APPROVAL.ALREADY_REVOKED');
    const revoked = await claims.waitFor(
      (e) => e.type === 'poe.review.pre-approval.revoked.v1' && e.data.preApprovalId === id,
    );
    expect(revoked.data).toMatchObject({
      partnerId: 'PRT-B',
      campaignId: granted.body.campaignId,
      revokedBy: winner.body.revokedBy,
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(claims.count((e) => e.type === 'poe.review.pre-approval.revoked.v1' && e.data.preApprovalId === id)).toBe(1);
  });

  it('partner_listsAndReadsOnlyItsOwn_otherPartnersAre404', async () => {
    const mine = await call(svc.url, 'POST', '/pre-approvals', reviewer(), grantBody('PRT-C'));
    const theirs = await call(svc.url, 'POST', '/pre-approvals', reviewer(), grantBody('PRT-D'));
    const list = await call(svc.url, 'GET', '/pre-approvals', partnerUser('PRT-C'));
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { preApprovalId: string }) => p.preApprovalId)).toEqual([mine.body.preApprovalId]);
    expect(list.body.items[0].grantedBy).toBeUndefined();
    const other = await call(svc.url, 'GET', '/pre-approvals?partnerId=PRT-D', partnerUser('PRT-C'));
    expect(other.body.items).toEqual([]);
    expect(
      (await call(svc.url, 'GET', `/pre-approvals/${theirs.body.preApprovalId}`, partnerUser('PRT-C'))).status,
    ).toBe(404);
    expect((await call(svc.url, 'GET', `/pre-approvals/${mine.body.preApprovalId}`, partnerUser('PRT-C'))).status).toBe(
      200,
    );
    expect((await call(svc.url, 'POST', '/pre-approvals', partnerUser('PRT-C'), grantBody('PRT-C'))).status).toBe(403);
    expect(
      (
        await call(svc.url, 'POST', `/pre-approvals/${mine.body.preApprovalId}/revoke`, partnerUser('PRT-C'), {
          reason: 'x',
        })
      ).status,
    ).toBe(403);
  });

  it('list_filtersByStatus_andPagesNewestFirst', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await call(svc.url, 'POST', '/pre-approvals', reviewer(), grantBody('PRT-E'))).body.preApprovalId);
    await call(svc.url, 'POST', `/pre-approvals/${ids[1]}/revoke`, reviewer(), { reason: 'Withdrawn.' });
    const active = await call(svc.url, 'GET', '/pre-approvals?partnerId=PRT-E&status=active', reviewer());
    expect(active.body.items.map((p: { preApprovalId: string }) => p.preApprovalId)).toEqual([ids[2], ids[0]]);
    const campaignOf0 = (await call(svc.url, 'GET', `/pre-approvals/${ids[0]}`, reviewer())).body.campaignId;
    const ownActive = await call(
      svc.url,
      'GET',
      `/pre-approvals?campaignId=${campaignOf0}&status=active`,
      partnerUser('PRT-E'),
    );
    expect(ownActive.status).toBe(200);
    expect(ownActive.body.items.map((p: { preApprovalId: string }) => p.preApprovalId)).toEqual([ids[0]]);
    const revoked = await call(svc.url, 'GET', '/pre-approvals?partnerId=PRT-E&status=revoked', reviewer());
    expect(revoked.body.items.map((p: { preApprovalId: string }) => p.preApprovalId)).toEqual([ids[1]]);
    const page1 = await call(svc.url, 'GET', '/pre-approvals?partnerId=PRT-E&limit=2', reviewer());
    const page2 = await call(
      svc.url,
      'GET',
      `/pre-approvals?partnerId=PRT-E&limit=2&cursor=${page1.body.nextCursor}`,
      reviewer(),
    );
    expect([...page1.body.items, ...page2.body.items].map((p: { preApprovalId: string }) => p.preApprovalId)).toEqual(
      [...ids].reverse(),
    );
    expect(page2.body.nextCursor).toBeUndefined();
  });

  it('grant_whenPeriodInvalidOrCampaignOfAnotherPartner_is422', async () => {
    const body = grantBody('PRT-F');
    const inverted = await call(svc.url, 'POST', '/pre-approvals', reviewer(), { ...body, validUntil: body.validFrom });
    expect(inverted.status).toBe(422);
    expect(inverted.body.errors[0]).toMatchObject({ field: 'validUntil', rule: 'isAfterValidFrom' });
    const malformed = await call(svc.url, 'POST', '/pre-approvals', reviewer(), { ...body, validFrom: 'tomorrow' });
    expect(malformed.status).toBe(400);
    const c = {
      claimId: 'CLM-x',
      partnerId: 'PRT-G',
      programId: 'PRG-1',
      campaignId: `CMP-${randomUUID().slice(0, 6)}`,
    };
    await claims.publish(
      fundsChanged(c, 1, { allocated: '100.00', reserved: '0.00', approved: '0.00', remaining: '100.00' }),
    );
    const res = await eventually(async () => {
      const r = await call(svc.url, 'POST', '/pre-approvals', reviewer(), grantBody('PRT-F', c.campaignId));
      return r.status === 422 ? r : undefined;
    });
    expect(res.body.code).toBe('PRE_APPROVAL.CAMPAIGN_OF_OTHER_PARTNER');
  });
});
