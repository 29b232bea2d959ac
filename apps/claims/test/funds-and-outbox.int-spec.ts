import { createEvent } from '@poe/contracts';
import { OutboxRelay } from '@poe/platform';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { Collection } from 'mongodb';
import { CatalogRepository } from '../src/catalog/catalog.repository';
import { CatalogService } from '../src/catalog/catalog.service';
import { Claim } from '../src/claims/claim';
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

/** Funds exact under concurrency and across crashes; the outbox waits out a broker that cannot be reached. */
jest.setTimeout(120_000);

describe('claims service: funds ledger, crash recovery and outbox (real FerretDB + Kafka)', () => {
  let h: Harness;
  let seed: Awaited<ReturnType<typeof seedCampaign>>;
  let refs: Awaited<ReturnType<typeof seedReferences>>;
  let partner: ReturnType<typeof partnerUser>;

  const balance = (campaignId = seed.campaignId) =>
    h.call(partner, 'GET', `/campaigns/${campaignId}/balance`).then((r) => r.body);

  async function readyClaim(amount: string, campaignId = seed.campaignId, preApprovalId = refs.preApprovalId) {
    const created = await h.call(partner, 'POST', '/claims', {
      campaignId,
      name: 'Webinar',
      executionDate: daysFromToday(0),
      amount: { amount, currency: 'EUR' },
    });
    if (created.status !== 201) throw new Error(JSON.stringify(created.body));
    const id = created.body.id as string;
    await h.call(partner, 'PATCH', `/claims/${id}`, { estimatedImpressions: 100, preApprovalId });
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
    return { id, etag: r.etag! };
  }

  beforeAll(async () => {
    h = await bootClaims(__filename, { CLAIMS_PENDING_TAKEOVER_MS: String(TAKEOVER_MS), CLAIMS_OUTBOX_RELAY: 'false' });
    seed = await seedCampaign(h, { allocated: '100.00' });
    partner = partnerUser(seed.partnerId);
    refs = await seedReferences(h, seed.partnerId, seed.campaignId, h.ns.id);
    const probe = await h.call(partner, 'POST', '/claims', {
      campaignId: seed.campaignId,
      name: 'probe',
      executionDate: daysFromToday(0),
      amount: { amount: '1.00', currency: 'EUR' },
    });
    await eventually(
      async () =>
        (await h.call(partner, 'PATCH', `/claims/${probe.body.id}`, { preApprovalId: refs.preApprovalId })).status ===
        200
          ? true
          : undefined,
      30000,
    );
  }, 60000);
  afterAll(() => h.close());

  it('submit_twoAtOnceAgainstTheLastFunds_oneSucceeds_oneIsRefusedWithCode', async () => {
    const [a, b] = [await readyClaim('60.00'), await readyClaim('60.00')];
    const results = await Promise.all(
      [a, b].map((c) => h.call(partner, 'POST', `/claims/${c.id}/submit`, undefined, { 'if-match': c.etag })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 422]);
    const refused = results.find((r) => r.status === 422)!;
    expect(refused.body).toMatchObject({
      code: 'CLAIM.AMOUNT_EXCEEDS_REMAINING_FUNDS',
      errors: [{ field: 'amount.amount', rule: 'withinRemainingFunds' }],
    });
    expect(await balance()).toMatchObject({
      reserved: { amount: '60.00' },
      remaining: { amount: '40.00' },
      approved: { amount: '0.00' },
    });
    // The refused claim is still an editable draft at its old version.
    const loser = [a, b][results.indexOf(refused)];
    const after = await h.call(partner, 'GET', `/claims/${loser.id}`);
    expect(after.body).toMatchObject({ status: 'EDITING', version: Number(loser.etag.replace(/"/g, '')) });
  });

  it('submit_tenAtOnceOnOneCampaign_reservesExactlyWhatFits', async () => {
    const other = await seedCampaign(h, { partnerId: seed.partnerId, allocated: '100.00' });
    const pa = `PA-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    await h.publish('poe.review.pre-approval.granted.v1', {
      preApprovalId: pa,
      partnerId: seed.partnerId,
      campaignId: other.campaignId,
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      grantedBy: 'rev',
      grantedAt: new Date().toISOString(),
    });
    await eventually(async () => ((await h.app.get(ClaimsRepository).findPreApproval(pa)) ? true : undefined));
    const claims = [];
    for (let i = 0; i < 10; i++) claims.push(await readyClaim('20.00', other.campaignId, pa));
    const results = await Promise.all(claims.map((c) => h.call(partner, 'POST', `/claims/${c.id}/submit`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(
      results.filter((r) => r.status === 422).every((r) => r.body.code === 'CLAIM.AMOUNT_EXCEEDS_REMAINING_FUNDS'),
    ).toBe(true);
    expect(await balance(other.campaignId)).toMatchObject({
      reserved: { amount: '100.00' },
      remaining: { amount: '0.00' },
    });
  });

  it('submit_crashedAfterClaimWriteBeforeCampaignWrite_isCompletedByRecovery_once', async () => {
    const service = h.app.get(ClaimsService);
    const repo = h.app.get(ClaimsRepository);
    const campaign = await seedCampaign(h, { partnerId: seed.partnerId, allocated: '50.00' });
    await grantAndWait(campaign.campaignId);
    const { id } = await readyClaim('30.00', campaign.campaignId, lastPa);
    // First write of the submit only, as if the process died right after it.
    const claim = new Claim((await repo.find(id))!);
    claim.beginSubmit(
      await (service as unknown as { submitContext(s: unknown): Promise<never> }).submitContext(claim.state),
      partner.subject,
      new Date(),
    );
    expect(await repo.save(claim, { kind: 'version' })).toBe(true);
    const blocked = await h.call(partner, 'PATCH', `/claims/${id}`, { name: 'meanwhile' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('CLAIM.SUBMIT_IN_PROGRESS');
    await new Promise((r) => setTimeout(r, TAKEOVER_MS + 100));
    expect(await service.recoverPending()).toBe(1);
    expect(await service.recoverPending()).toBe(0);
    expect((await h.call(partner, 'GET', `/claims/${id}`)).body).toMatchObject({
      status: 'SUBMITTED',
      reserved: { amount: '30.00' },
    });
    expect(await balance(campaign.campaignId)).toMatchObject({
      reserved: { amount: '30.00' },
      remaining: { amount: '20.00' },
    });
  });

  it('submit_crashedAfterCampaignWrite_isCompletedByRecovery_withoutCountingTwice', async () => {
    const service = h.app.get(ClaimsService);
    const repo = h.app.get(ClaimsRepository);
    const catalog = h.app.get(CatalogService);
    const campaign = await seedCampaign(h, { partnerId: seed.partnerId, allocated: '50.00' });
    await grantAndWait(campaign.campaignId);
    const { id } = await readyClaim('30.00', campaign.campaignId, lastPa);
    const claim = new Claim((await repo.find(id))!);
    const pending = claim.beginSubmit(
      await (service as unknown as { submitContext(s: unknown): Promise<never> }).submitContext(claim.state),
      partner.subject,
      new Date(),
    );
    await repo.save(claim, { kind: 'version' });
    // Second write done too (the reservation), then the crash.
    expect(
      await catalog.changeFunds(campaign.campaignId, 'claim_submitted', id, (l) =>
        l.reserve(id, pending.key, pending.amountMinor),
      ),
    ).toBe('applied');
    await new Promise((r) => setTimeout(r, TAKEOVER_MS + 100));
    expect(await service.recoverPending()).toBe(1);
    expect((await h.call(partner, 'GET', `/claims/${id}`)).body.status).toBe('SUBMITTED');
    expect(await balance(campaign.campaignId)).toMatchObject({
      reserved: { amount: '30.00' },
      remaining: { amount: '20.00' },
    });
  });

  it('approve_crashedBeforeCampaignCommit_isCompletedByRecovery_andTheRedeliveredDecisionChangesNothing', async () => {
    const service = h.app.get(ClaimsService);
    const repo = h.app.get(ClaimsRepository);
    const campaign = await seedCampaign(h, { partnerId: seed.partnerId, allocated: '50.00' });
    await grantAndWait(campaign.campaignId);
    const { id, etag } = await readyClaim('30.00', campaign.campaignId, lastPa);
    expect((await h.call(partner, 'POST', `/claims/${id}/submit`, undefined, { 'if-match': etag })).status).toBe(200);
    const decision = (d: Record<string, unknown>, eventId: string) =>
      createEvent(
        'poe.review.review.decision-made.v1',
        {
          claimId: id,
          partnerId: seed.partnerId,
          reasonCodes: [],
          reviewerId: 'rev-1',
          decidedAt: new Date().toISOString(),
          ...d,
        } as never,
        { source: '/poe-claims/review', correlationId: eventId, id: eventId },
      );
    await service.applyDecision(decision({ decision: 'start_review' }, randomUUID()) as never);
    // The approval's first write only: claim APPROVED with its commit pending, campaign untouched.
    const approve = decision(
      { decision: 'approve', approvedAmount: { amount: '25.00', currency: 'EUR' } },
      randomUUID(),
    );
    const claim = new Claim((await repo.find(id))!);
    expect(claim.applyDecision(approve.data as never, approve.id, new Date()).applied).toBe(true);
    expect(await repo.save(claim, { kind: 'version' }, approve.id)).toBe(true);
    expect(await balance(campaign.campaignId)).toMatchObject({
      reserved: { amount: '30.00' },
      approved: { amount: '0.00' },
    });
    await new Promise((r) => setTimeout(r, TAKEOVER_MS + 100));
    expect(await service.recoverPending()).toBe(1);
    const settled = await balance(campaign.campaignId);
    expect(settled).toMatchObject({
      reserved: { amount: '0.00' },
      approved: { amount: '25.00' },
      remaining: { amount: '25.00' },
    });
    await service.applyDecision(approve as never); // redelivered
    expect(await service.recoverPending()).toBe(0);
    expect(await balance(campaign.campaignId)).toEqual(settled);
    expect((await h.call(partner, 'GET', `/claims/${id}`)).body).toMatchObject({
      status: 'APPROVED',
      reserved: null,
      approvedAmount: { amount: '25.00' },
    });
  });

  it('payouts_whileTheApprovalsCommitIsPending_surviveTheSettlement_andConcurrentPayoutsNeverExceedTheApproval', async () => {
    const service = h.app.get(ClaimsService);
    const repo = h.app.get(ClaimsRepository);
    const campaign = await seedCampaign(h, { partnerId: seed.partnerId, allocated: '50.00' });
    await grantAndWait(campaign.campaignId);
    const { id, etag } = await readyClaim('30.00', campaign.campaignId, lastPa);
    expect((await h.call(partner, 'POST', `/claims/${id}/submit`, undefined, { 'if-match': etag })).status).toBe(200);
    const decide = (d: Record<string, unknown>) =>
      createEvent(
        'poe.review.review.decision-made.v1',
        {
          claimId: id,
          partnerId: seed.partnerId,
          reasonCodes: [],
          reviewerId: 'rev-1',
          decidedAt: new Date().toISOString(),
          ...d,
        } as never,
        { source: '/poe-claims/review', correlationId: randomUUID(), id: randomUUID() },
      );
    await service.applyDecision(decide({ decision: 'start_review' }) as never);
    // The approval's first write only: APPROVED with the campaign commit still pending.
    const approve = decide({ decision: 'approve', approvedAmount: { amount: '25.00', currency: 'EUR' } });
    const claim = new Claim((await repo.find(id))!);
    expect(claim.applyDecision(approve.data as never, approve.id, new Date()).applied).toBe(true);
    expect(await repo.save(claim, { kind: 'version' }, approve.id)).toBe(true);

    const pay = (reference: string, amount: string) =>
      h.call(ADMIN, 'POST', `/claims/${id}/payouts`, {
        reference,
        date: daysFromToday(0),
        amount: { amount, currency: 'EUR' },
      });
    expect((await pay('P-1', '15.00')).status).toBe(200);
    const both = await Promise.all([pay('P-2', '10.00'), pay('P-3', '10.00')]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(both.find((r) => r.status === 422)!.body.code).toBe('PAYMENT.EXCEEDS_APPROVED');

    // The settlement rewrites the claim from its read before the payouts: the payment stays.
    await new Promise((r) => setTimeout(r, TAKEOVER_MS + 100));
    expect(await service.recoverPending()).toBe(1);
    const after = (await h.call(partner, 'GET', `/claims/${id}`)).body;
    expect(after).toMatchObject({
      status: 'APPROVED',
      reserved: null,
      payment: { status: 'PAID', paid: { amount: '25.00' } },
    });
    expect(after.payment.payouts).toHaveLength(2);
    expect(await balance(campaign.campaignId)).toMatchObject({
      approved: { amount: '25.00' },
      paid: { amount: '25.00' },
    });
  });

  it('outbox_whileBrokerUnreachable_eventsWait_thenAllFlowInPerClaimOrder', async () => {
    const claims = h.app.get(ClaimsRepository).claimCollection as Collection;
    const campaigns = h.app.get(CatalogRepository).campaignCollection as Collection;
    const prefix = h.ns.topic('');
    const unreachable = new Kafka({
      clientId: 'down',
      brokers: ['127.0.0.1:1'],
      connectionTimeout: 200,
      retry: { retries: 1, initialRetryTime: 50 },
      logLevel: logLevel.NOTHING,
    });
    const down = new OutboxRelay(unreachable, {
      collections: [claims, campaigns],
      topicPrefix: prefix,
      pollIntervalMs: 50,
    });
    down.start();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await h.call(partner, 'POST', '/claims', {
        campaignId: seed.campaignId,
        name: `outage ${i}`,
        executionDate: daysFromToday(0),
        amount: { amount: '1.00', currency: 'EUR' },
      });
      ids.push(c.body.id);
      await h.call(partner, 'PATCH', `/claims/${c.body.id}`, { name: `outage ${i} (1)` });
      await h.call(partner, 'PATCH', `/claims/${c.body.id}`, { name: `outage ${i} (2)` });
    }
    await new Promise((r) => setTimeout(r, 1500));
    await down.stop();
    expect(down.published).toBe(0);
    const waiting = await claims.find({ _id: { $in: ids } as never }, { projection: { outbox: 1 } }).toArray();
    expect(waiting.map((d) => (d.outbox as unknown[]).length)).toEqual([3, 3, 3, 3, 3]);

    const observer = await observeTopics(h, ['claims.claim.v1']);
    const up = new OutboxRelay(h.kafka, { collections: [claims, campaigns], topicPrefix: prefix, pollIntervalMs: 50 });
    up.start();
    try {
      await eventually(
        async () => (ids.every((id) => observer.seen.filter((e) => e.key === id).length === 3) ? true : undefined),
        20000,
        'events after the outage',
      );
      for (const id of ids) {
        const mine = observer.seen.filter((e) => e.key === id);
        expect(mine.map((e) => [e.type, e.data.revision])).toEqual([
          ['poe.claims.claim.created.v1', 1],
          ['poe.claims.claim.updated.v1', 2],
          ['poe.claims.claim.updated.v1', 3],
        ]);
      }
      // Published entries are removed from the outbox right after the broker acknowledged them.
      await eventually(
        async () => {
          const left = await claims.find({ _id: { $in: ids } as never }, { projection: { outbox: 1 } }).toArray();
          return left.every((d) => (d.outbox as unknown[]).length === 0) ? true : undefined;
        },
        5000,
        'outbox drained',
      );
    } finally {
      await up.stop();
      await observer.stop();
    }
  });

  let lastPa = '';
  async function grantAndWait(campaignId: string) {
    lastPa = `PA-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    await h.publish('poe.review.pre-approval.granted.v1', {
      preApprovalId: lastPa,
      partnerId: seed.partnerId,
      campaignId,
      validFrom: new Date(Date.now() - 86_400_000).toISOString(),
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      grantedBy: 'rev',
      grantedAt: new Date().toISOString(),
    });
    const repo = h.app.get(ClaimsRepository);
    await eventually(async () => ((await repo.findPreApproval(lastPa)) ? true : undefined));
  }
});
