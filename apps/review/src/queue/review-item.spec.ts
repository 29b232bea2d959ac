import { DomainError } from '@poe/platform';
import { claimEvents } from '../../test/claim-events';
import { applyClaimEvent, assign, ClaimItemEvent, decide, isOverdue, ReviewItem } from './review-item';

const claim = { claimId: 'CLM-1', partnerId: 'PRT-1', programId: 'PRG-1', campaignId: 'CMP-1' };
const ev = claimEvents(claim);
const NOW = new Date('2026-11-25T09:00:00Z');

/** Folds events like the consumer does, versions counted as the repository would. */
function fold(events: ClaimItemEvent[], start?: ReviewItem): ReviewItem {
  let item = start;
  for (const e of events) {
    const change = applyClaimEvent(item, e);
    if (change)
      item = {
        ...change.item,
        version: (item?.version ?? 0) + 1,
        history: [...(item?.history ?? []), ...change.history],
        lastEventIds: [...(item?.lastEventIds ?? []), e.id],
      };
  }
  return item!;
}

const submitted = () => fold([ev.submitted(3, { duplicate: true })]);
const inReview = () => fold([ev.reviewStarted(4, 'rev-1')], submitted());

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'no error';
};

describe('review item: claim events', () => {
  it('submitted_putsTheClaimInTheQueueWithItsDueDateAndFlags', () => {
    const item = submitted();
    expect(item.status).toBe('queued');
    expect(item.dueAt).toEqual(new Date('2026-12-31T23:59:59.999Z'));
    expect(item.claimedAmount).toEqual({ minor: 125000, currency: 'EUR' });
    expect(item.duplicateFlags).toHaveLength(1);
    expect(item.documents).toEqual([{ documentId: 'DOC-inv-1' }, { documentId: 'DOC-proof-1' }]);
    expect(item.history.map((h) => h.kind)).toEqual(['claim.submitted']);
  });

  it('event_whenRevisionAlreadyApplied_changesNothing', () => {
    const item = submitted();
    expect(applyClaimEvent(item, ev.submitted(3))).toBeUndefined();
    expect(applyClaimEvent(item, ev.submitted(2, { amount: '1.00' }))).toBeUndefined();
  });

  it('event_whenSameEventIdComesAgain_changesNothing', () => {
    const e = ev.reviewStarted(4, 'rev-1');
    const item = fold([e], submitted());
    expect(applyClaimEvent(item, e)).toBeUndefined();
  });

  it('reviewStarted_assignsTheReviewerWhenNobodyHasIt', () => {
    expect(inReview()).toMatchObject({ status: 'in_review', assigneeId: 'rev-1' });
  });

  it('resubmission_returnsToTheQueueWithNewDueDateAndKeepsHistory', () => {
    const item = fold(
      [
        ev.actionRequired(5, 'rev-1'),
        ev.submitted(7, {
          amount: '1100.00',
          submittedAt: '2026-12-05T08:00:00.000Z',
          reviewDueAt: '2027-01-31T23:59:59.999Z',
        }),
      ],
      inReview(),
    );
    expect(item.status).toBe('queued');
    expect(item.submissionCount).toBe(2);
    expect(item.firstSubmittedAt).toEqual(new Date('2026-11-24T10:15:00.000Z'));
    expect(item.dueAt).toEqual(new Date('2027-01-31T23:59:59.999Z'));
    expect(item.claimedAmount?.minor).toBe(110000);
    expect(item.assigneeId).toBe('rev-1');
    expect(item.history.map((h) => h.kind)).toContain('claim.action-required');
  });

  it('reopened_afterAnActionRequest_showsThePartnerEditing_untilTheNextSubmissionQueuesItAgain', () => {
    const waiting = fold([ev.actionRequired(5, 'rev-1')], inReview());
    expect(waiting.status).toBe('waiting_for_partner');
    const editing = fold([ev.reopened(6, 'usr-bob')], waiting);
    expect(editing).toMatchObject({ status: 'editing', confirmedStatus: 'editing', claimRevision: 6 });
    expect(editing.history.at(-1)).toMatchObject({ kind: 'claim.reopened', actor: 'usr-bob', claimRevision: 6 });
    expect(fold([ev.submitted(8)], editing)).toMatchObject({ status: 'queued', submissionCount: 2 });
  });

  it('resubmission_withSameDueDateAlreadyNotified_staysNotified', () => {
    const notified = { ...inReview(), overdueNotified: true, overdueNotifiedFor: new Date('2026-12-31T23:59:59.999Z') };
    const same = fold([ev.actionRequired(5, 'rev-1'), ev.submitted(6)], notified);
    expect(same.overdueNotified).toBe(true);
    const later = fold(
      [ev.actionRequired(5, 'rev-1'), ev.submitted(6, { reviewDueAt: '2027-01-31T23:59:59.999Z' })],
      notified,
    );
    expect(later.overdueNotified).toBe(false);
  });

  it('approved_recordsDecisionTimeAndApprovedAmount', () => {
    const item = fold([ev.approved(5, 'rev-1', '1100.00', '1250.00', '2026-11-26T10:00:00.000Z')], inReview());
    expect(item).toMatchObject({
      status: 'approved',
      confirmedStatus: 'approved',
      approvedAmount: { minor: 110000, currency: 'EUR' },
    });
    expect(item.decidedAt).toEqual(new Date('2026-11-26T10:00:00.000Z'));
  });
});

describe('review item: decisions', () => {
  it('startReview_whenQueued_showsInReviewAndExpectsTheCurrentRevision', () => {
    const d = decide(submitted(), { decision: 'start_review', reviewerId: 'rev-2' }, NOW);
    expect(d.item).toMatchObject({ status: 'in_review', confirmedStatus: 'queued', assigneeId: 'rev-2' });
    expect(d.event).toMatchObject({ decision: 'start_review', expectedClaimRevision: 3, reasonCodes: [] });
  });

  it('decision_whilePreviousOneNotApplied_isAConflict', () => {
    const d = decide(submitted(), { decision: 'start_review', reviewerId: 'rev-2' }, NOW);
    expect(
      code(() =>
        decide(
          d.item,
          { decision: 'approve', reviewerId: 'rev-2', approvedAmount: { minor: 1, currency: 'EUR' } },
          NOW,
        ),
      ),
    ).toBe('REVIEW.DECISION_IN_PROGRESS');
  });

  it('claimEvent_confirmsThePendingDecision', () => {
    const d = decide(submitted(), { decision: 'start_review', reviewerId: 'rev-2' }, NOW);
    const confirmed = fold([ev.reviewStarted(4, 'rev-2')], { ...d.item, version: 2 });
    expect(confirmed.pendingDecision).toBeUndefined();
    expect(confirmed.confirmedStatus).toBe('in_review');
  });

  it('approve_whenQueuedNotInReview_isAnIllegalTransition', () => {
    expect(
      code(() =>
        decide(
          submitted(),
          { decision: 'approve', reviewerId: 'r', approvedAmount: { minor: 100, currency: 'EUR' } },
          NOW,
        ),
      ),
    ).toBe('REVIEW.ILLEGAL_TRANSITION');
  });

  it('approve_whenAmountAboveClaimed_isRejected', () => {
    expect(
      code(() =>
        decide(
          inReview(),
          { decision: 'approve', reviewerId: 'r', approvedAmount: { minor: 125001, currency: 'EUR' } },
          NOW,
        ),
      ),
    ).toBe('REVIEW.APPROVED_ABOVE_CLAIMED');
  });

  it('approve_whenOtherCurrencyOrZero_isRejected', () => {
    expect(
      code(() =>
        decide(
          inReview(),
          { decision: 'approve', reviewerId: 'r', approvedAmount: { minor: 100, currency: 'USD' } },
          NOW,
        ),
      ),
    ).toBe('REVIEW.CURRENCY_MISMATCH');
    expect(
      code(() =>
        decide(
          inReview(),
          { decision: 'approve', reviewerId: 'r', approvedAmount: { minor: 0, currency: 'EUR' } },
          NOW,
        ),
      ),
    ).toBe('REVIEW.APPROVED_NOT_POSITIVE');
  });

  it('approve_fullAmount_publishesTheDecimalString', () => {
    const d = decide(
      inReview(),
      { decision: 'approve', reviewerId: 'rev-1', approvedAmount: { minor: 125000, currency: 'EUR' } },
      NOW,
    );
    expect(d.event.approvedAmount).toEqual({ amount: '1250.00', currency: 'EUR' });
    expect(d.event.expectedClaimRevision).toBe(4);
    expect(d.item.status).toBe('approved');
  });

  it('approve_partialWithoutMessage_isRejected_withMessageAddsPartialCode', () => {
    const partial = {
      decision: 'approve' as const,
      reviewerId: 'r',
      approvedAmount: { minor: 100000, currency: 'EUR' },
    };
    expect(code(() => decide(inReview(), partial, NOW))).toBe('REVIEW.MESSAGE_REQUIRED');
    const d = decide(inReview(), { ...partial, message: 'Catering is not eligible.' }, NOW);
    expect(d.event.reasonCodes).toEqual(['PARTIAL_APPROVAL']);
  });

  it('reject_needsKnownReasonCodesAndAMessage', () => {
    const base = { decision: 'reject' as const, reviewerId: 'r' };
    expect(code(() => decide(inReview(), { ...base, reasonCodes: [], message: 'x' }, NOW))).toBe(
      'REVIEW.REASON_CODES_REQUIRED',
    );
    expect(code(() => decide(inReview(), { ...base, reasonCodes: ['INVOICE_ILLEGIBLE'], message: 'x' }, NOW))).toBe(
      'REVIEW.UNKNOWN_REASON_CODE',
    );
    expect(code(() => decide(inReview(), { ...base, reasonCodes: ['DUPLICATE_INVOICE'], message: '  ' }, NOW))).toBe(
      'REVIEW.MESSAGE_REQUIRED',
    );
    const d = decide(
      inReview(),
      { ...base, reasonCodes: ['DUPLICATE_INVOICE', 'DUPLICATE_INVOICE'], message: 'Already claimed.' },
      NOW,
    );
    expect(d.event).toMatchObject({
      decision: 'reject',
      reasonCodes: ['DUPLICATE_INVOICE'],
      message: 'Already claimed.',
    });
  });

  it('decision_onFinalItem_isAlreadyDecided', () => {
    const approved = fold([ev.approved(5, 'rev-1')], inReview());
    expect(
      code(() => decide(approved, { decision: 'reject', reviewerId: 'r', reasonCodes: ['OTHER'], message: 'm' }, NOW)),
    ).toBe('REVIEW.ALREADY_DECIDED');
  });

  it('assign_toTheCurrentAssignee_changesNothing', () => {
    expect(assign(inReview(), 'rev-1', 'rev-9', NOW)).toBeUndefined();
    expect(assign(inReview(), 'rev-2', 'rev-9', NOW)?.item.assigneeId).toBe('rev-2');
  });

  it('isOverdue_onlyForOpenItemsPastTheirDueDate', () => {
    const item = submitted();
    expect(isOverdue(item, new Date('2026-12-31T23:59:59.999Z'))).toBe(false);
    expect(isOverdue(item, new Date('2027-01-01T00:00:00.000Z'))).toBe(true);
    expect(isOverdue(fold([ev.actionRequired(4, 'r')], item), new Date('2027-02-01Z'))).toBe(false);
  });
});

describe('review item: withdrawal', () => {
  it('withdrawn_whileInReview_closesTheItem_andNoDecisionOrAssignmentFollows', () => {
    const item = fold([ev.withdrawn(5, 'UNDER_REVIEW')], inReview());
    expect(item.status).toBe('withdrawn');
    expect(item.confirmedStatus).toBe('withdrawn');
    expect(item.decidedAt).toBeUndefined();
    expect(item.history.at(-1)).toMatchObject({
      kind: 'claim.withdrawn',
      actor: 'usr-1',
      details: { fromStatus: 'UNDER_REVIEW', reason: 'Event cancelled' },
    });
    expect(
      code(() => decide(item, { decision: 'reject', reviewerId: 'rev-1', reasonCodes: ['X'], message: 'm' }, NOW)),
    ).toBe('REVIEW.ALREADY_DECIDED');
    expect(code(() => assign(item, 'rev-2', 'lead', NOW))).toBe('REVIEW.ALREADY_DECIDED');
    expect(isOverdue(item, new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });

  it('withdrawn_aDraftNeverSubmitted_createsNoItem', () => {
    expect(applyClaimEvent(undefined, ev.withdrawn(2, 'EDITING'))).toBeUndefined();
  });
});

describe('review item: the reimbursable amount (the campaign pays a share, up to a cap)', () => {
  // Claimed 1250.00 at a ratio of 0.5: 625.00 reimbursable.
  const halfInReview = () => fold([ev.submitted(3, { reimbursable: '625.00' }), ev.reviewStarted(4, 'rev-1')]);
  const approve = (minor: number, message?: string) =>
    decide(
      halfInReview(),
      { decision: 'approve', reviewerId: 'r', approvedAmount: { minor, currency: 'EUR' }, message },
      NOW,
    );

  it('submitted_keepsClaimedAndReimbursable', () => {
    const item = halfInReview();
    expect(item.claimedAmount).toEqual({ minor: 125000, currency: 'EUR' });
    expect(item.reimbursableAmount).toEqual({ minor: 62500, currency: 'EUR' });
  });

  it('approve_aboveTheReimbursable_isRefusedNamingFieldAndRule', () => {
    expect(code(() => approve(62501))).toBe('REVIEW.AMOUNT_ABOVE_REIMBURSABLE');
    try {
      approve(62501);
    } catch (e) {
      expect((e as DomainError).violations).toEqual([
        expect.objectContaining({ field: 'approvedAmount.amount', rule: 'atMostReimbursable' }),
      ]);
    }
  });

  it('approve_ofTheWholeReimbursable_isAFullApproval_noMessageNeeded', () => {
    const d = approve(62500);
    expect(d.event).toMatchObject({ approvedAmount: { amount: '625.00' }, reasonCodes: [] });
  });

  it('approve_belowTheReimbursable_isPartial_andNeedsAMessage', () => {
    expect(code(() => approve(40000))).toBe('REVIEW.MESSAGE_REQUIRED');
    expect(approve(40000, 'The catering is not eligible.').event.reasonCodes).toEqual(['PARTIAL_APPROVAL']);
  });

  it('itemFromBeforeTheRules_reimbursesTheClaimedAmount', () => {
    const d = decide(
      inReview(),
      { decision: 'approve', reviewerId: 'r', approvedAmount: { minor: 125000, currency: 'EUR' } },
      NOW,
    );
    expect(d.event.approvedAmount).toEqual({ amount: '1250.00', currency: 'EUR' });
  });
});

describe('review item: disputes of rejections', () => {
  const rejected = () => fold([ev.rejected(5, 'rev-1', '2026-11-24T10:00:00.000Z')], inReview());
  const disputed = () => fold([ev.disputed(6, '2026-11-25T08:00:00.000Z')], rejected());

  it('disputed_queuesTheRejectedItemAgainAsADispute_withTheNewDocumentsAndItsDueDate', () => {
    const item = disputed();
    expect(item).toMatchObject({
      status: 'queued',
      confirmedStatus: 'queued',
      submissionCount: 2,
      dueAt: new Date('2027-01-31T23:59:59.999Z'),
      reimbursableAmount: { minor: 125000, currency: 'EUR' },
      dispute: {
        reason: expect.stringContaining('different one'),
        newDocumentIds: ['DOC-proof-2'],
        rejectionReasonCodes: ['DUPLICATE_INVOICE'],
        disputeDeadline: '2026-12-01',
      },
    });
    expect(item.dispute!.resolution).toBeUndefined();
    expect(item.decidedAt).toBeUndefined();
    expect(item.documents.map((d) => d.documentId)).toEqual(['DOC-inv-1', 'DOC-proof-1', 'DOC-proof-2']);
    expect(item.history.at(-1)).toMatchObject({ kind: 'claim.disputed', actor: 'usr-1' });
  });

  it('disputed_canBeReviewedAndDecidedLikeASubmission', () => {
    const item = disputed();
    const started = decide(item, { decision: 'start_review', reviewerId: 'rev-2' }, NOW);
    expect(started.event).toMatchObject({ decision: 'start_review', expectedClaimRevision: 6 });
    const inReviewAgain = fold([ev.reviewStarted(7, 'rev-2')], item);
    const approved = decide(
      inReviewAgain,
      { decision: 'approve', reviewerId: 'rev-2', approvedAmount: { minor: 125000, currency: 'EUR' } },
      NOW,
    );
    expect(approved.item.status).toBe('approved');
  });

  it('disputeResolved_byAnOutcomeMarkedDispute_recordsTheResolution', () => {
    const item = fold(
      [ev.reviewStarted(7, 'rev-2'), ev.rejected(8, 'rev-2', '2026-11-26T10:00:00.000Z', true)],
      disputed(),
    );
    expect(item.status).toBe('rejected');
    expect(item.dispute).toMatchObject({ resolution: 'reject', resolvedAt: new Date('2026-11-26T10:00:00.000Z') });
  });

  it('disputeWithdrawn_closesItAsWithdrawn', () => {
    const item = fold([ev.withdrawn(7, 'DISPUTED', '2026-11-26T09:00:00.000Z')], disputed());
    expect(item.status).toBe('withdrawn');
    expect(item.dispute).toMatchObject({ resolution: 'withdrawn' });
  });

  it('disputed_redelivered_changesNothing', () => {
    const e = ev.disputed(6);
    const item = fold([e], rejected());
    expect(applyClaimEvent(item, e)).toBeUndefined();
  });
});
