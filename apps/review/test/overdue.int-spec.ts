import type { AnyEventEnvelope } from '@poe/contracts';
import { testNamespace } from '@poe/testing';
import { OverdueCheck } from '../src/queue/overdue-check';
import { ManualClock } from '../src/shared/clock';
import { claimEvents } from './claim-events';
import { bootReview, Booted, call, dropDatabase, eventually, FakeClaimsSide, reviewer } from './harness';

const ns = testNamespace(__filename);
const clock = new ManualClock(new Date('2026-12-20T12:00:00.000Z'));
let svc: Booted;
let claims: FakeClaimsSide;

beforeAll(async () => {
  svc = await bootReview(ns, { clock });
  claims = new FakeClaimsSide(ns);
  await claims.start();
}, 60_000);

afterAll(async () => {
  await claims?.stop();
  await svc?.app.close();
  await dropDatabase(ns);
});

const isOverdueOf = (claimId: string) => (e: AnyEventEnvelope) =>
  e.type === 'poe.review.review.item-overdue.v1' && e.data.claimId === claimId;
const item = async (claimId: string) => (await call(svc.url, 'GET', `/review/items/${claimId}`, reviewer())).body;
const settle = () => new Promise((r) => setTimeout(r, 700));

describe('overdue check', () => {
  it('overdue_firesOncePerDueDate_survivesRestart_andAgainAfterResubmissionWithNewDueDate', async () => {
    const c = { claimId: 'CLM-OVERDUE-1', partnerId: 'PRT-1', programId: 'PRG-1', campaignId: 'CMP-1' };
    const onTime = { claimId: 'CLM-ONTIME-1', partnerId: 'PRT-1', programId: 'PRG-1', campaignId: 'CMP-1' };
    const ev = claimEvents(c);
    await claims.publish(
      ev.created(1),
      ev.submitted(2),
      claimEvents(onTime).submitted(1, { reviewDueAt: '2027-01-31T23:59:59.999Z' }),
    );
    await eventually(async () => ((await item(onTime.claimId)).status === 'queued' ? true : undefined));
    await call(svc.url, 'POST', `/review/items/${c.claimId}/assign`, reviewer(), { assigneeId: 'rev-9' });

    expect(await svc.app.get(OverdueCheck).runOnce()).toBe(0);
    expect((await item(c.claimId)).overdue).toBe(false);

    clock.set('2027-01-01T00:05:00.000Z');
    const overdueList = await call(svc.url, 'GET', '/review/items?overdue=true', reviewer());
    expect(overdueList.body.items.map((i: { claimId: string }) => i.claimId)).toEqual([c.claimId]);
    const [first, second] = await Promise.all([
      svc.app.get(OverdueCheck).runOnce(),
      svc.app.get(OverdueCheck).runOnce(),
    ]);
    expect(first + second).toBeGreaterThanOrEqual(1);
    const event = await claims.waitFor(isOverdueOf(c.claimId));
    expect(event.data).toEqual({
      claimId: c.claimId,
      partnerId: 'PRT-1',
      reviewDueAt: '2026-12-31T23:59:59.999Z',
      assigneeId: 'rev-9',
      detectedAt: '2027-01-01T00:05:00.000Z',
    });
    expect((await item(c.claimId)).overdue).toBe(true);
    expect(await svc.app.get(OverdueCheck).runOnce()).toBe(0);

    // A restart keeps what was notified: the state is in the item, not in memory.
    await svc.app.close();
    svc = await bootReview(ns, { clock });
    clock.advance(3_600_000);
    expect(await svc.app.get(OverdueCheck).runOnce()).toBe(0);
    await settle();
    expect(claims.count(isOverdueOf(c.claimId))).toBe(1);
    expect(claims.count(isOverdueOf(onTime.claimId))).toBe(0);

    // Sent back and resubmitted: the new submission's due date may fall due again, once.
    await claims.publish(
      ev.reviewStarted(3, 'rev-9'),
      ev.actionRequired(4, 'rev-9'),
      ev.submitted(5, { submittedAt: '2027-01-02T10:00:00.000Z', reviewDueAt: '2027-02-28T23:59:59.999Z' }),
    );
    await eventually(async () => ((await item(c.claimId)).submissionCount === 2 ? true : undefined));
    expect((await item(c.claimId)).overdue).toBe(false);
    expect(await svc.app.get(OverdueCheck).runOnce()).toBe(0);
    clock.set('2027-03-01T00:00:00.000Z');
    expect(await svc.app.get(OverdueCheck).runOnce()).toBe(2);
    await eventually(async () => (claims.count(isOverdueOf(c.claimId)) === 2 ? true : undefined));
    const events = claims.received
      .filter(isOverdueOf(c.claimId))
      .map((e) => (e.data as { reviewDueAt: string }).reviewDueAt);
    expect(events).toEqual(['2026-12-31T23:59:59.999Z', '2027-02-28T23:59:59.999Z']);
    const history = (await item(c.claimId)).history.filter((h: { kind: string }) => h.kind === 'overdue');
    expect(history).toHaveLength(2);
  });

  it('figures_countOverdueAndQueuePerProgram', async () => {
    const figures = await call(svc.url, 'GET', '/review/figures', reviewer());
    const prg = figures.body.programs.find((p: { programId: string }) => p.programId === 'PRG-1');
    expect(prg).toMatchObject({ queued: 2, queueLength: 2, overdue: 2, decided: 0, medianSecondsToDecision: null });
    expect(figures.body.asOf).toBe(clock.now().toISOString());
  });
});
