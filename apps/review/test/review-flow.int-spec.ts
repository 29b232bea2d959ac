import { monitoredMongoUrl, QueryPlans, requireEnv, testNamespace } from '@poe/testing';
import { randomUUID } from 'node:crypto';
import { claimEvents, ClaimFixture, fundsChanged } from './claim-events';
import {
  bootReview,
  Booted,
  call,
  dropDatabase,
  eventually,
  FakeClaimsSide,
  partnerUser,
  reviewer,
  serviceAccount,
} from './harness';

const ns = testNamespace(__filename);
let svc: Booted;
let claims: FakeClaimsSide;
let plans: QueryPlans;

beforeAll(async () => {
  svc = await bootReview(ns, { env: { MONGO_URL: monitoredMongoUrl(requireEnv('MONGO_URL')) } });
  plans = new QueryPlans(svc.app);
  claims = new FakeClaimsSide(ns);
  await claims.start();
}, 60_000);

afterAll(async () => {
  await claims?.stop();
  await svc?.app.close();
  await dropDatabase(ns);
});

const newClaim = (programId = 'PRG-COOP'): ClaimFixture => ({
  claimId: `CLM-${randomUUID().slice(0, 8)}`,
  partnerId: 'PRT-1001',
  programId,
  campaignId: `CMP-${randomUUID().slice(0, 6)}`,
});

const itemOf = (claimId: string) => call(svc.url, 'GET', `/review/items/${claimId}`, reviewer());

/** Waits until the item's confirmed status (from claim events) is `status`. */
const confirmed = (claimId: string, status: string) =>
  eventually(
    async () => {
      const r = await itemOf(claimId);
      return r.status === 200 && r.body.confirmedStatus === status && !r.body.pendingDecision ? r.body : undefined;
    },
    20_000,
    `${claimId} to be ${status}`,
  );

const decisionFor = (claimId: string, decision: string) =>
  claims.waitFor(
    (e) =>
      e.type === 'poe.review.review.decision-made.v1' && e.data.claimId === claimId && e.data.decision === decision,
  );

describe('review flow with claim events', () => {
  it('submit_appearsInQueueWithDueDateFlagsAndFunds_thenStartAndApprove_publishDecisions', async () => {
    const c = newClaim();
    const ev = claimEvents(c);
    await claims.publish(
      fundsChanged(c, 1, { allocated: '10000.00', reserved: '0.00', approved: '0.00', remaining: '10000.00' }),
      ev.created(1),
      ev.evidenceAttached(2, 'DOC-inv-1'),
      ev.evidenceAttached(3, 'DOC-proof-1', 'proof'),
      ev.submitted(4, { duplicate: true }),
      fundsChanged(c, 2, { allocated: '10000.00', reserved: '1250.00', approved: '0.00', remaining: '8750.00' }),
    );
    const queued = await confirmed(c.claimId, 'queued');
    expect(queued).toMatchObject({
      status: 'queued',
      dueAt: '2026-12-31T23:59:59.999Z',
      claimedAmount: { amount: '1250.00', currency: 'EUR' },
      preApprovalId: 'PA-2026-000001',
      hasDuplicateFlags: true,
      claimRevision: 4,
    });
    expect(queued.documents).toEqual([
      {
        documentId: 'DOC-inv-1',
        kind: 'invoice',
        inLatestSubmission: true,
        duplicateFlags: [expect.objectContaining({ reason: 'same_vendor_invoice_number' })],
      },
      {
        documentId: 'DOC-proof-1',
        kind: 'proof',
        note: 'Screenshot of the landing page.',
        inLatestSubmission: true,
        duplicateFlags: [],
      },
    ]);
    await eventually(
      async () => ((await itemOf(c.claimId)).body.funds?.revision === 2 ? true : undefined),
      10_000,
      'funds',
    );
    expect((await itemOf(c.claimId)).body.funds).toMatchObject({
      reserved: { amount: '1250.00' },
      remaining: { amount: '8750.00' },
    });

    const list = await call(
      svc.url,
      'GET',
      `/review/items?partnerId=${c.partnerId}&programId=${c.programId}`,
      reviewer(),
    );
    expect(list.body.items.map((i: { claimId: string }) => i.claimId)).toContain(c.claimId);

    const started = await call(svc.url, 'POST', `/review/items/${c.claimId}/start-review`, reviewer('rev-7'), {});
    expect(started.status).toBe(202);
    // The reviewer sees the expected outcome at once; the claims service has not applied it yet.
    expect(started.body).toMatchObject({
      status: 'in_review',
      confirmedStatus: 'queued',
      assigneeId: 'rev-7',
      pendingDecision: { decision: 'start_review' },
    });
    const start = await decisionFor(c.claimId, 'start_review');
    expect(start.data).toMatchObject({ reviewerId: 'rev-7', expectedClaimRevision: 4, partnerId: c.partnerId });
    expect(start.subject).toBe(c.claimId);

    await claims.publish(ev.reviewStarted(5, 'rev-7'));
    await confirmed(c.claimId, 'in_review');

    const approved = await call(svc.url, 'POST', `/review/items/${c.claimId}/approve`, reviewer('rev-7'), {
      approvedAmount: { amount: '1100.00', currency: 'EUR' },
      message: 'Catering is not eligible.',
    });
    expect(approved.status).toBe(202);
    expect(approved.body.status).toBe('approved');
    const approve = await decisionFor(c.claimId, 'approve');
    expect(approve.data).toMatchObject({
      approvedAmount: { amount: '1100.00', currency: 'EUR' },
      reasonCodes: ['PARTIAL_APPROVAL'],
      expectedClaimRevision: 5,
    });

    await claims.publish(ev.approved(6, 'rev-7', '1100.00'));
    const done = await confirmed(c.claimId, 'approved');
    expect(done.approvedAmount).toEqual({ amount: '1100.00', currency: 'EUR' });
    expect(done.history.map((h: { kind: string }) => h.kind)).toEqual([
      'claim.created',
      'claim.evidence-attached',
      'claim.evidence-attached',
      'claim.submitted',
      'decision.start_review',
      'claim.review-started',
      'decision.approve',
      'claim.approved',
    ]);
  });

  it('requestAction_thenResubmit_returnsToQueueWithHistoryAndNewDueDate_thenApprove', async () => {
    const c = newClaim();
    const ev = claimEvents(c);
    await claims.publish(ev.created(1), ev.submitted(2), ev.reviewStarted(3, 'rev-1'));
    await confirmed(c.claimId, 'in_review');

    const bad = await call(svc.url, 'POST', `/review/items/${c.claimId}/request-action`, reviewer(), {
      reasonCodes: ['NOT_A_CODE'],
      message: 'x',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('REVIEW.UNKNOWN_REASON_CODE');

    const asked = await call(svc.url, 'POST', `/review/items/${c.claimId}/request-action`, reviewer(), {
      reasonCodes: ['INVOICE_ILLEGIBLE'],
      message: 'Please upload a readable invoice.',
    });
    expect(asked.status).toBe(202);
    expect((await decisionFor(c.claimId, 'request_action')).data).toMatchObject({
      reasonCodes: ['INVOICE_ILLEGIBLE'],
      message: 'Please upload a readable invoice.',
      expectedClaimRevision: 3,
    });

    await claims.publish(ev.actionRequired(4, 'rev-1'), ev.updated(5, '1200.00'), ev.evidenceAttached(6, 'DOC-inv-2'));
    await confirmed(c.claimId, 'waiting_for_partner');
    await claims.publish(
      ev.submitted(7, {
        amount: '1200.00',
        documentIds: ['DOC-inv-2'],
        submittedAt: '2026-12-03T09:00:00.000Z',
        reviewDueAt: '2027-01-31T23:59:59.999Z',
      }),
    );
    const back = await confirmed(c.claimId, 'queued');
    expect(back).toMatchObject({
      submissionCount: 2,
      firstSubmittedAt: '2026-11-24T10:15:00.000Z',
      submittedAt: '2026-12-03T09:00:00.000Z',
      dueAt: '2027-01-31T23:59:59.999Z',
      claimedAmount: { amount: '1200.00', currency: 'EUR' },
      assigneeId: 'rev-1',
      lastActionRequest: { reasonCodes: ['INVOICE_ILLEGIBLE'] },
    });
    expect(
      back.documents.map((d: { documentId: string; inLatestSubmission: boolean }) => [
        d.documentId,
        d.inLatestSubmission,
      ]),
    ).toEqual([
      ['DOC-inv-1', false],
      ['DOC-proof-1', false],
      ['DOC-inv-2', true],
    ]);
    expect(back.history.map((h: { kind: string }) => h.kind)).toContain('decision.request_action');

    await call(svc.url, 'POST', `/review/items/${c.claimId}/start-review`, reviewer(), {});
    await claims.publish(ev.reviewStarted(8, 'rev-1'));
    await confirmed(c.claimId, 'in_review');
    const tooMuch = await call(svc.url, 'POST', `/review/items/${c.claimId}/approve`, reviewer(), {
      approvedAmount: { amount: '1200.01', currency: 'EUR' },
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('REVIEW.APPROVED_ABOVE_CLAIMED');
    const ok = await call(svc.url, 'POST', `/review/items/${c.claimId}/approve`, reviewer(), {
      approvedAmount: { amount: '1200.00', currency: 'EUR' },
    });
    expect(ok.status).toBe(202);
    expect((await decisionFor(c.claimId, 'approve')).data).toMatchObject({
      approvedAmount: { amount: '1200.00' },
      reasonCodes: [],
      expectedClaimRevision: 8,
    });
  });

  it('approve_aboveTheReimbursable_is422NamingFieldAndRule_theWholeReimbursableIsAFullApproval', async () => {
    // A campaign paying half of the cost: claimed 1250.00, reimbursable 625.00 (docs/reimbursement.md).
    const c = newClaim(`PRG-HALF-${randomUUID().slice(0, 6)}`);
    const ev = claimEvents(c);
    await claims.publish(ev.created(1), ev.submitted(2, { reimbursable: '625.00' }), ev.reviewStarted(3, 'rev-1'));
    const item = await confirmed(c.claimId, 'in_review');
    expect(item).toMatchObject({
      claimedAmount: { amount: '1250.00', currency: 'EUR' },
      reimbursableAmount: { amount: '625.00', currency: 'EUR' },
    });
    const queue = await call(svc.url, 'GET', `/review/items?status=in_review&programId=${c.programId}`, reviewer());
    expect(queue.body.items.find((i: { claimId: string }) => i.claimId === c.claimId)).toMatchObject({
      reimbursableAmount: { amount: '625.00' },
    });
    const above = await call(svc.url, 'POST', `/review/items/${c.claimId}/approve`, reviewer(), {
      approvedAmount: { amount: '625.01', currency: 'EUR' },
    });
    expect(above.status).toBe(422);
    expect(above.body).toMatchObject({
      code: 'REVIEW.AMOUNT_ABOVE_REIMBURSABLE',
      errors: [{ field: 'approvedAmount.amount', rule: 'atMostReimbursable' }],
    });
    expect((await itemOf(c.claimId)).body).toMatchObject({ status: 'in_review', version: item.version });
    const ok = await call(svc.url, 'POST', `/review/items/${c.claimId}/approve`, reviewer(), {
      approvedAmount: { amount: '625.00', currency: 'EUR' },
    });
    expect(ok.status).toBe(202);
    expect((await decisionFor(c.claimId, 'approve')).data).toMatchObject({
      approvedAmount: { amount: '625.00' },
      reasonCodes: [],
    });
  });

  it('reject_publishesReasonCodesAndMessage_andRejectedClaimLeavesTheQueue', async () => {
    const c = newClaim();
    const ev = claimEvents(c);
    await claims.publish(ev.created(1), ev.submitted(2), ev.reviewStarted(3, 'rev-2'));
    await confirmed(c.claimId, 'in_review');
    const res = await call(svc.url, 'POST', `/review/items/${c.claimId}/reject`, reviewer('rev-2'), {
      reasonCodes: ['DUPLICATE_INVOICE'],
      message: 'The invoice was already claimed.',
    });
    expect(res.status).toBe(202);
    expect((await decisionFor(c.claimId, 'reject')).data).toMatchObject({
      reasonCodes: ['DUPLICATE_INVOICE'],
      message: 'The invoice was already claimed.',
    });
    await claims.publish(ev.rejected(4, 'rev-2'));
    await confirmed(c.claimId, 'rejected');
    const open = await call(svc.url, 'GET', `/review/items?partnerId=${c.partnerId}&limit=200`, reviewer());
    expect(open.body.items.map((i: { claimId: string }) => i.claimId)).not.toContain(c.claimId);
    const decided = await call(svc.url, 'GET', `/review/items?status=rejected&programId=${c.programId}`, reviewer());
    expect(decided.body.items.map((i: { claimId: string }) => i.claimId)).toContain(c.claimId);
    const again = await call(svc.url, 'POST', `/review/items/${c.claimId}/reject`, reviewer(), {
      reasonCodes: ['OTHER'],
      message: 'again',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REVIEW.ALREADY_DECIDED');
  });

  it('duplicateAndStaleEvents_changeNothing', async () => {
    const c = newClaim();
    const ev = claimEvents(c);
    const submitted = ev.submitted(2);
    await claims.publish(ev.created(1), submitted);
    const before = await confirmed(c.claimId, 'queued');
    const marker = ev.reviewStarted(3, 'rev-3');
    // The same event again, an older revision, a stale submission with other data: then a marker.
    await claims.publish(
      submitted,
      ev.created(1),
      ev.submitted(2, { amount: '9.99', reviewDueAt: '2030-01-31T23:59:59.999Z' }),
      marker,
    );
    const after = await confirmed(c.claimId, 'in_review');
    expect(after.claimedAmount).toEqual(before.claimedAmount);
    expect(after.dueAt).toBe(before.dueAt);
    expect(after.version).toBe(before.version + 1);
    expect(after.history).toHaveLength(before.history.length + 1);
    await claims.publish(marker);
    await claims.publish(ev.actionRequired(4, 'rev-3'));
    const last = await confirmed(c.claimId, 'waiting_for_partner');
    expect(last.history.filter((h: { kind: string }) => h.kind === 'claim.review-started')).toHaveLength(1);
  });

  it('concurrentDecisions_oneWins_theOtherGets409', async () => {
    const c = newClaim();
    const ev = claimEvents(c);
    await claims.publish(ev.created(1), ev.submitted(2), ev.reviewStarted(3, 'rev-1'));
    await confirmed(c.claimId, 'in_review');
    const [a, b] = await Promise.all([
      call(svc.url, 'POST', `/review/items/${c.claimId}/approve`, reviewer('rev-1'), {
        approvedAmount: { amount: '1250.00', currency: 'EUR' },
      }),
      call(svc.url, 'POST', `/review/items/${c.claimId}/reject`, reviewer('rev-2'), {
        reasonCodes: ['OTHER'],
        message: 'No.',
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    const loser = a.status === 409 ? a : b;
    expect(['REVIEW.DECISION_IN_PROGRESS', 'REVIEW.ALREADY_DECIDED']).toContain(loser.body.code);
    await new Promise((r) => setTimeout(r, 500));
    const decisions = claims.count(
      (e) =>
        e.type === 'poe.review.review.decision-made.v1' &&
        e.data.claimId === c.claimId &&
        e.data.decision !== 'start_review',
    );
    expect(decisions).toBe(1);
  });

  it('staleExpectedVersion_is409', async () => {
    const c = newClaim();
    const ev = claimEvents(c);
    await claims.publish(ev.created(1), ev.submitted(2));
    const item = await confirmed(c.claimId, 'queued');
    const taken = await call(svc.url, 'POST', `/review/items/${c.claimId}/take`, reviewer('rev-5'), {
      expectedVersion: item.version,
    });
    expect(taken.status).toBe(200);
    expect(taken.body.assigneeId).toBe('rev-5');
    const late = await call(svc.url, 'POST', `/review/items/${c.claimId}/assign`, reviewer('rev-6'), {
      assigneeId: 'rev-6',
      expectedVersion: item.version,
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('REVIEW.STALE_ITEM');
    const mine = await call(svc.url, 'GET', `/review/items?assignedToMe=true`, reviewer('rev-5'));
    expect(mine.body.items.map((i: { claimId: string }) => i.claimId)).toEqual([c.claimId]);
  });

  it('expectedVersionNull_isLeftOut_notAStaleVersion', async () => {
    // docs/gateway.md: an optional field takes null as "left out"; it answered 409 REVIEW.STALE_ITEM.
    const c = newClaim();
    const ev = claimEvents(c);
    await claims.publish(ev.created(1), ev.submitted(2));
    await confirmed(c.claimId, 'queued');
    const taken = await call(svc.url, 'POST', `/review/items/${c.claimId}/take`, reviewer('rev-7'), {
      expectedVersion: null,
    });
    expect(taken.status).toBe(200);
    expect(taken.body.assigneeId).toBe('rev-7');
  });

  it('queue_pagesByDueDateThenClaimId_withOpaqueCursor', async () => {
    const programId = `PRG-${randomUUID().slice(0, 6)}`;
    const due = [
      '2027-03-31T23:59:59.999Z',
      '2027-01-31T23:59:59.999Z',
      '2027-01-31T23:59:59.999Z',
      '2027-02-28T23:59:59.999Z',
      '2026-12-31T23:59:59.999Z',
    ];
    const fixtures = due.map((reviewDueAt, i) => ({
      c: { ...newClaim(programId), claimId: `CLM-P${i}-${randomUUID().slice(0, 4)}` },
      reviewDueAt,
    }));
    for (const { c, reviewDueAt } of fixtures) await claims.publish(claimEvents(c).submitted(1, { reviewDueAt }));
    const expected = [...fixtures]
      .sort((x, y) => x.reviewDueAt.localeCompare(y.reviewDueAt) || x.c.claimId.localeCompare(y.c.claimId))
      .map((f) => f.c.claimId);
    await eventually(async () => {
      const r = await call(svc.url, 'GET', `/review/items?programId=${programId}&limit=200`, reviewer());
      return r.body.items.length === 5 ? true : undefined;
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const r = await call(
        svc.url,
        'GET',
        `/review/items?programId=${programId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        reviewer(),
      );
      expect(r.status).toBe(200);
      seen.push(...r.body.items.map((i: { claimId: string }) => i.claimId));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
    const badCursor = await call(svc.url, 'GET', `/review/items?cursor=nonsense`, reviewer());
    expect(badCursor.status).toBe(422);
  });

  it('roles_partnerCannotSeeTheQueue_serviceReadsFigures_noIdentityIs401', async () => {
    expect((await call(svc.url, 'GET', '/review/items', partnerUser('PRT-1001'))).status).toBe(403);
    expect((await call(svc.url, 'GET', '/review/items')).status).toBe(401);
    expect((await call(svc.url, 'GET', '/review/figures', partnerUser('PRT-1001'))).status).toBe(403);
    expect(
      (
        await call(svc.url, 'POST', '/review/items/CLM-x/approve', serviceAccount, {
          approvedAmount: { amount: '1.00', currency: 'EUR' },
        })
      ).status,
    ).toBe(403);
    const figures = await call(svc.url, 'GET', '/review/figures', serviceAccount);
    expect(figures.status).toBe(200);
    const coop = figures.body.programs.find((p: { programId: string }) => p.programId === 'PRG-COOP');
    expect(coop.decided).toBeGreaterThanOrEqual(1);
    expect(coop.medianSecondsToDecision).toEqual(expect.any(Number));
    expect(figures.body.total.queueLength).toBeGreaterThanOrEqual(1);
    expect((await call(svc.url, 'GET', '/health')).status).toBe(200);
  });
});

describe('a decision the claims service has not applied yet', () => {
  it('nextDecision_whileThePreviousIsUnapplied_is409DecisionInProgressWithRetryAfter', async () => {
    const c = newClaim();
    const ev = claimEvents(c);
    await claims.publish(ev.created(1), ev.evidenceAttached(2, 'DOC-inv-9'), ev.submitted(3));
    await confirmed(c.claimId, 'queued');
    expect((await call(svc.url, 'POST', `/review/items/${c.claimId}/start-review`, reviewer(), {})).status).toBe(202);
    // The fake claims side never confirms it: the item keeps waiting for claim.review-started.
    const next = await call(svc.url, 'POST', `/review/items/${c.claimId}/approve`, reviewer(), {
      approvedAmount: { amount: '1250.00', currency: 'EUR' },
    });
    expect(next.status).toBe(409);
    expect(next.body.code).toBe('REVIEW.DECISION_IN_PROGRESS');
    expect(next.headers.get('retry-after')).toBe('1');
  });
});

// Last in the file: every query shape the tests above made the service send.
describe('query plans', () => {
  it('everyQueryTheTestsMade_isServedByAnIndex', async () => {
    expect(plans.count).toBeGreaterThan(5);
    if (!(await plans.judged())) return; // FerretDB explains in SQL and serves lists by scanning (docs/database.md)
    // Known gap (docs/database.md): a queue page after the first ($or over dueAt, _id from the
    // cursor) is not matched to an index by SecantusDB; the first page is.
    const cursorPage = (_c: string, command: { filter?: { $and?: unknown[] } }) =>
      JSON.stringify(command.filter?.$and ?? []).includes('"$or"');
    expect(await plans.notServed(cursorPage)).toEqual([]);
  });
});
