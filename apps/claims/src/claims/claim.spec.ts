import type { ReviewDecisionMadeV1Data } from '@poe/contracts';
import { DomainError } from '@poe/platform';
import {
  CampaignTerms,
  canTransition,
  Claim,
  CLAIM_STATUSES,
  ClaimStatus,
  KnownDocument,
  KnownPreApproval,
  SubmitContext,
  thaw,
} from './claim';

const NOW = new Date('2026-11-24T10:15:00.000Z');
const EUR = (minor: number) => ({ minor, currency: 'EUR' });

const campaign: CampaignTerms = {
  id: 'CMP-1',
  programId: 'PRG-1',
  planId: 'PLN-1',
  partnerId: 'PRT-1',
  startDate: '2026-10-01',
  endDate: '2026-11-30',
  currency: 'EUR',
  claimDeadline: '2027-01-14',
  remainingMinor: 500_000,
};

const docs: KnownDocument[] = [
  { id: 'DOC-inv', partnerId: 'PRT-1', kind: 'invoice', sha256: 'a'.repeat(64), deleted: false },
  {
    id: 'DOC-csr',
    partnerId: 'PRT-1',
    kind: 'csr',
    sha256: 'b'.repeat(64),
    deleted: false,
    totalMinor: 150_000,
    currency: 'EUR',
  },
  { id: 'DOC-proof', partnerId: 'PRT-1', kind: 'proof', sha256: 'c'.repeat(64), deleted: false },
  { id: 'DOC-other', partnerId: 'PRT-2', kind: 'invoice', sha256: 'd'.repeat(64), deleted: false },
  { id: 'DOC-gone', partnerId: 'PRT-1', kind: 'invoice', sha256: 'e'.repeat(64), deleted: true },
];
const documents = new Map(docs.map((d) => [d.id, d]));

const preApproval: KnownPreApproval = {
  id: 'PA-2026-000123',
  partnerId: 'PRT-1',
  campaignId: 'CMP-1',
  validFrom: '2026-09-01T00:00:00.000Z',
  validUntil: '2027-01-31T23:59:59.999Z',
  revoked: false,
};

const newClaim = (over: Partial<Parameters<typeof Claim.create>[0]> = {}) =>
  Claim.create({
    id: 'CLM-1',
    partnerId: 'PRT-1',
    actor: 'usr-1',
    name: 'Webinar',
    executionDate: '2026-11-10',
    amount: EUR(120_000),
    campaign,
    now: NOW,
    ...over,
  });

const reload = (c: Claim) => new Claim(thaw(c.state));

const invoice = (amountMinor = 130_000, documentId = 'DOC-inv', currency = 'EUR') => ({
  invoice: {
    documentId,
    invoiceNumber: 'INV-4471',
    invoiceDate: '2026-11-12',
    vendor: 'Acme Events',
    amount: { minor: amountMinor, currency },
  },
});

/** A claim that satisfies every submit rule. */
function readyClaim(): Claim {
  const c = reload(newClaim());
  c.updateDetails(
    { estimatedImpressions: 5000, preApprovalId: preApproval.id },
    { campaign, preApproval },
    'usr-1',
    NOW,
  );
  c.setEvidence(invoice(), documents, 'usr-1', NOW);
  c.attachProof('DOC-proof', 'The final ad as published', documents.get('DOC-proof'), 'usr-1', NOW);
  return reload(c);
}

const ctx = (over: Partial<SubmitContext> = {}): SubmitContext => ({
  campaign,
  preApproval,
  documents,
  duplicateFlags: [],
  ...over,
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('expected a DomainError');
}
function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).violations.map((v) => v.field);
  }
  return [];
}

function submitted(): Claim {
  const c = readyClaim();
  c.beginSubmit(ctx(), 'usr-1', NOW);
  c.completeSubmit(NOW);
  return reload(c);
}

const decision = (d: Partial<ReviewDecisionMadeV1Data>): ReviewDecisionMadeV1Data => ({
  claimId: 'CLM-1',
  partnerId: 'PRT-1',
  decision: 'start_review',
  reasonCodes: [],
  reviewerId: 'rev-1',
  decidedAt: NOW.toISOString(),
  ...d,
});

function underReview(): Claim {
  const c = submitted();
  c.applyDecision(decision({}), 'evt-start', NOW);
  return reload(c);
}

describe('Claim: add PoE', () => {
  it('create_whenValid_isEditingAtVersion1_withCreatedEventAndHistory', () => {
    const c = newClaim();
    expect(c.state.status).toBe('EDITING');
    expect(c.state.version).toBe(1);
    expect(c.events.map((e) => e.type)).toEqual(['poe.claims.claim.created.v1']);
    expect(c.events[0].data).toMatchObject({ amount: { amount: '1200.00', currency: 'EUR' }, revision: 1 });
    expect(c.state.history[0]).toMatchObject({ actor: 'usr-1', action: 'created' });
  });

  it('create_whenExecutionDateBeforeCampaignStart_isRejected', () => {
    expect(codeOf(() => newClaim({ executionDate: '2026-09-30' }))).toBe('CLAIM.EXECUTION_DATE_OUTSIDE_CAMPAIGN');
  });

  it('create_whenExecutionDateAfterCampaignEnd_isRejected', () => {
    expect(codeOf(() => newClaim({ executionDate: '2026-12-01' }))).toBe('CLAIM.EXECUTION_DATE_OUTSIDE_CAMPAIGN');
  });

  it('create_whenExecutionDateOnCampaignBounds_isAccepted', () => {
    expect(newClaim({ executionDate: '2026-10-01' }).state.executionDate).toBe('2026-10-01');
    expect(newClaim({ executionDate: '2026-11-30' }).state.executionDate).toBe('2026-11-30');
  });

  it('create_whenExecutionDateNotACalendarDate_isRejected', () => {
    expect(codeOf(() => newClaim({ executionDate: '2026-11-31' }))).toBe('CLAIM.DATE_INVALID');
  });

  it('create_whenAmountZeroOrNegative_isRejected', () => {
    expect(codeOf(() => newClaim({ amount: EUR(0) }))).toBe('CLAIM.AMOUNT_NOT_POSITIVE');
    expect(codeOf(() => newClaim({ amount: EUR(-100) }))).toBe('CLAIM.AMOUNT_NOT_POSITIVE');
  });

  it('create_whenAmountAboveRemainingFunds_isRejected', () => {
    expect(codeOf(() => newClaim({ amount: EUR(500_001) }))).toBe('CLAIM.AMOUNT_EXCEEDS_REMAINING_FUNDS');
    expect(newClaim({ amount: EUR(500_000) }).state.amountMinor).toBe(500_000);
  });

  it('create_whenCurrencyDiffersFromCampaign_isRejected', () => {
    expect(codeOf(() => newClaim({ amount: { minor: 100, currency: 'USD' } }))).toBe('CLAIM.CURRENCY_MISMATCH');
  });

  it('create_whenClaimDeadlinePassed_isRejected', () => {
    expect(codeOf(() => newClaim({ now: new Date('2027-01-15T00:00:00.000Z') }))).toBe('CLAIM.DEADLINE_PASSED');
    expect(newClaim({ now: new Date('2027-01-14T23:59:59.000Z') }).state.status).toBe('EDITING');
  });

  it('create_whenCampaignOfAnotherPartner_isNotFound', () => {
    expect(codeOf(() => newClaim({ partnerId: 'PRT-2' }))).toBe('CLAIM.CAMPAIGN_UNKNOWN');
  });

  it('create_whenSeveralRulesBroken_reportsEachField', () => {
    const err = () => newClaim({ executionDate: '2026-01-01', amount: EUR(0) });
    expect(codeOf(err)).toBe('CLAIM.RULES_VIOLATED');
    expect(fieldsOf(err)).toEqual(['executionDate', 'amount.amount']);
  });
});

describe('Claim: details', () => {
  it('updateDetails_whenImpressionsFractionalOrNegative_isRejected', () => {
    const c = reload(newClaim());
    expect(
      codeOf(() => c.updateDetails({ estimatedImpressions: 1.5 }, { campaign, preApproval: null }, 'u', NOW)),
    ).toBe('CLAIM.IMPRESSIONS_INVALID');
    expect(codeOf(() => c.updateDetails({ estimatedImpressions: -1 }, { campaign, preApproval: null }, 'u', NOW))).toBe(
      'CLAIM.IMPRESSIONS_INVALID',
    );
    c.updateDetails({ estimatedImpressions: 0 }, { campaign, preApproval: null }, 'u', NOW);
    expect(c.state.estimatedImpressions).toBe(0);
  });

  it('updateDetails_recordsOldAndNewValuesInHistory_andAnUpdatedEvent', () => {
    const c = reload(newClaim());
    c.updateDetails({ amount: EUR(110_050), name: 'Webinar series' }, { campaign, preApproval: null }, 'usr-2', NOW);
    expect(c.state.version).toBe(2);
    expect(c.newHistory[0]).toMatchObject({
      actor: 'usr-2',
      action: 'details_updated',
      changes: {
        amount: { from: { amount: '1200.00', currency: 'EUR' }, to: { amount: '1100.50', currency: 'EUR' } },
        name: { from: 'Webinar', to: 'Webinar series' },
      },
    });
    expect(c.events[0]).toMatchObject({
      type: 'poe.claims.claim.updated.v1',
      data: { changedFields: ['name', 'amount'], revision: 2 },
    });
  });

  it('updateDetails_whenNothingChanges_keepsTheVersion', () => {
    const c = reload(newClaim());
    c.updateDetails({ name: 'Webinar' }, { campaign, preApproval: null }, 'u', NOW);
    expect(c.state.version).toBe(1);
    expect(c.events).toHaveLength(0);
  });

  it('updateDetails_whenPreApprovalUnknownOrOtherPartner_isRejected', () => {
    const c = reload(newClaim());
    const set = (pa: KnownPreApproval | null) => () =>
      c.updateDetails({ preApprovalId: 'PA-2026-000123' }, { campaign, preApproval: pa }, 'u', NOW);
    expect(codeOf(set(null))).toBe('CLAIM.PRE_APPROVAL_UNKNOWN');
    expect(codeOf(set({ ...preApproval, partnerId: 'PRT-2' }))).toBe('CLAIM.PRE_APPROVAL_UNKNOWN');
  });

  it('updateDetails_whenPreApprovalOfOtherCampaignRevokedOrExpired_isRejected', () => {
    const c = reload(newClaim());
    const set = (pa: KnownPreApproval) => () =>
      c.updateDetails({ preApprovalId: pa.id }, { campaign, preApproval: pa }, 'u', NOW);
    expect(codeOf(set({ ...preApproval, campaignId: 'CMP-9' }))).toBe('CLAIM.PRE_APPROVAL_WRONG_CAMPAIGN');
    expect(codeOf(set({ ...preApproval, revoked: true }))).toBe('CLAIM.PRE_APPROVAL_REVOKED');
    expect(codeOf(set({ ...preApproval, validUntil: '2026-11-01T00:00:00.000Z' }))).toBe('CLAIM.PRE_APPROVAL_EXPIRED');
  });

  it('updateDetails_whenAmountRaisedAboveRemaining_isRejected', () => {
    const c = reload(newClaim());
    expect(codeOf(() => c.updateDetails({ amount: EUR(600_000) }, { campaign, preApproval: null }, 'u', NOW))).toBe(
      'CLAIM.AMOUNT_EXCEEDS_REMAINING_FUNDS',
    );
  });
});

describe('Claim: evidence and proof documents', () => {
  it('setEvidence_whenBothInvoiceAndCsrOrNeither_isRejected', () => {
    const c = reload(newClaim());
    expect(codeOf(() => c.setEvidence({ ...invoice(), csr: { documentId: 'DOC-csr' } }, documents, 'u', NOW))).toBe(
      'CLAIM.EVIDENCE_EXACTLY_ONE',
    );
    expect(codeOf(() => c.setEvidence({}, documents, 'u', NOW))).toBe('CLAIM.EVIDENCE_EXACTLY_ONE');
  });

  it('setEvidence_whenInvoiceTotalBelowClaimedAmount_isRejected', () => {
    const c = reload(newClaim());
    expect(codeOf(() => c.setEvidence(invoice(119_999), documents, 'u', NOW))).toBe('CLAIM.EVIDENCE_TOTAL_TOO_LOW');
    c.setEvidence(invoice(120_000), documents, 'u', NOW);
    expect(c.state.evidence).toMatchObject({
      kind: 'invoice',
      amountMinor: 120_000,
      invoiceKey: 'acme events|inv-4471',
    });
  });

  it('setEvidence_whenInvoiceInOtherCurrency_isRejected', () => {
    const c = reload(newClaim());
    expect(codeOf(() => c.setEvidence(invoice(500_000, 'DOC-inv', 'USD'), documents, 'u', NOW))).toBe(
      'CLAIM.EVIDENCE_CURRENCY_MISMATCH',
    );
  });

  it('setEvidence_whenDocumentUnknownOtherPartnersDeletedOrWrongKind_isRejected', () => {
    const c = reload(newClaim());
    expect(codeOf(() => c.setEvidence(invoice(130_000, 'DOC-nope'), documents, 'u', NOW))).toBe(
      'CLAIM.DOCUMENT_UNKNOWN',
    );
    expect(codeOf(() => c.setEvidence(invoice(130_000, 'DOC-other'), documents, 'u', NOW))).toBe(
      'CLAIM.DOCUMENT_UNKNOWN',
    );
    expect(codeOf(() => c.setEvidence(invoice(130_000, 'DOC-gone'), documents, 'u', NOW))).toBe(
      'CLAIM.DOCUMENT_DELETED',
    );
    expect(codeOf(() => c.setEvidence(invoice(130_000, 'DOC-proof'), documents, 'u', NOW))).toBe(
      'CLAIM.DOCUMENT_WRONG_KIND',
    );
    expect(codeOf(() => c.setEvidence({ csr: { documentId: 'DOC-inv' } }, documents, 'u', NOW))).toBe(
      'CLAIM.DOCUMENT_WRONG_KIND',
    );
  });

  it('setEvidence_whenCsrTotalCoversTheClaim_attachesWithEvent', () => {
    const c = reload(newClaim());
    c.setEvidence({ csr: { documentId: 'DOC-csr' } }, documents, 'u', NOW);
    expect(c.state.evidence).toMatchObject({ kind: 'csr', totalMinor: 150_000 });
    expect(c.events[0]).toMatchObject({
      type: 'poe.claims.claim.evidence-attached.v1',
      data: { kind: 'csr', documentId: 'DOC-csr' },
    });
  });

  it('setEvidence_ofAReportWhoseTotalHasNotArrived_isNotYet_neverTooLow', () => {
    const c = reload(newClaim());
    const { totalMinor: _t, currency: _c, ...withoutTotal } = documents.get('DOC-csr')!;
    const early = new Map([['DOC-csr', withoutTotal]]);
    expect(codeOf(() => c.setEvidence({ csr: { documentId: 'DOC-csr' } }, early, 'u', NOW))).toBe(
      'CLAIM.DOCUMENT_NOT_READY',
    );
    expect(c.state.evidence).toBeNull();
  });

  it('attachProof_whenNoteBlank_isRejected', () => {
    const c = reload(newClaim());
    expect(codeOf(() => c.attachProof('DOC-proof', '   ', documents.get('DOC-proof'), 'u', NOW))).toBe(
      'CLAIM.PROOF_NOTE_REQUIRED',
    );
  });

  it('attachProof_twice_isAConflict', () => {
    const c = reload(newClaim());
    c.attachProof('DOC-proof', 'note', documents.get('DOC-proof'), 'u', NOW);
    expect(codeOf(() => c.attachProof('DOC-proof', 'note', documents.get('DOC-proof'), 'u', NOW))).toBe(
      'CLAIM.PROOF_ALREADY_ATTACHED',
    );
  });
});

describe('Claim: submit', () => {
  it('submit_whenInvoiceAndCsrBothMissing_isRejected', () => {
    const c = reload(newClaim());
    c.updateDetails({ estimatedImpressions: 10, preApprovalId: preApproval.id }, { campaign, preApproval }, 'u', NOW);
    expect(codeOf(() => c.beginSubmit(ctx(), 'u', NOW))).toBe('CLAIM.EVIDENCE_MISSING');
  });

  it('submit_whenEveryRuleHolds_reservesUnderKeyS1_thenIsSubmittedWithDueDate', () => {
    const c = readyClaim();
    const pending = c.beginSubmit(ctx(), 'usr-1', NOW);
    expect(pending).toMatchObject({ op: 'submit', key: 'S1', amountMinor: 120_000 });
    expect(c.state.status).toBe('EDITING');
    c.completeSubmit(NOW);
    expect(c.state).toMatchObject({
      status: 'SUBMITTED',
      submissionCount: 1,
      reviewDueAt: '2026-12-31T23:59:59.999Z',
      reservation: { key: 'S1', amountMinor: 120_000 },
      pending: null,
    });
    const event = c.events.find((e) => e.type === 'poe.claims.claim.submitted.v1')!;
    expect(event.data).toMatchObject({
      preApprovalId: 'PA-2026-000123',
      documentIds: ['DOC-inv', 'DOC-proof'],
      amount: { amount: '1200.00', currency: 'EUR' },
    });
  });

  it('submit_whenPreApprovalMissingOrRevokedSinceSet_isRejected', () => {
    const c = readyClaim();
    expect(codeOf(() => c.beginSubmit(ctx({ preApproval: { ...preApproval, revoked: true } }), 'u', NOW))).toBe(
      'CLAIM.PRE_APPROVAL_REVOKED',
    );
    const d = reload(newClaim());
    d.setEvidence(invoice(), documents, 'u', NOW);
    d.updateDetails({ estimatedImpressions: 1 }, { campaign, preApproval: null }, 'u', NOW);
    expect(codeOf(() => d.beginSubmit(ctx(), 'u', NOW))).toBe('CLAIM.PRE_APPROVAL_REQUIRED');
  });

  it('submit_whenImpressionsMissing_isRejected', () => {
    const c = reload(newClaim());
    c.updateDetails({ preApprovalId: preApproval.id }, { campaign, preApproval }, 'u', NOW);
    c.setEvidence(invoice(), documents, 'u', NOW);
    expect(codeOf(() => c.beginSubmit(ctx(), 'u', NOW))).toBe('CLAIM.IMPRESSIONS_REQUIRED');
  });

  it('submit_whenAmountRaisedAboveInvoiceTotal_isRejected', () => {
    const c = readyClaim();
    c.updateDetails({ amount: EUR(140_000) }, { campaign, preApproval }, 'u', NOW);
    expect(codeOf(() => c.beginSubmit(ctx(), 'u', NOW))).toBe('CLAIM.EVIDENCE_TOTAL_TOO_LOW');
  });

  it('submit_whenEvidenceDocumentDeletedMeanwhile_isRejected', () => {
    const c = readyClaim();
    const gone = new Map(documents);
    gone.set('DOC-inv', { ...documents.get('DOC-inv')!, deleted: true });
    expect(codeOf(() => c.beginSubmit(ctx({ documents: gone }), 'u', NOW))).toBe('CLAIM.DOCUMENT_DELETED');
  });

  it('submit_whenProofNoteMissing_isRejected', () => {
    // A claim stored with a blank note (before the rule), loaded as the repository would.
    const stored = thaw(readyClaim().state);
    stored.proofDocuments[0].note = '';
    const c = new Claim(stored);
    expect(fieldsOf(() => c.beginSubmit(ctx(), 'u', NOW))).toEqual(['proofDocuments[0].note']);
  });

  it('submit_afterClaimDeadline_isRejected', () => {
    const c = readyClaim();
    expect(codeOf(() => c.beginSubmit(ctx({ campaign: { ...campaign, claimDeadline: '2026-11-23' } }), 'u', NOW))).toBe(
      'CLAIM.DEADLINE_PASSED',
    );
  });

  it('submit_whenFundsTakenMeanwhile_isRejected', () => {
    const c = readyClaim();
    expect(codeOf(() => c.beginSubmit(ctx({ campaign: { ...campaign, remainingMinor: 100 } }), 'u', NOW))).toBe(
      'CLAIM.AMOUNT_EXCEEDS_REMAINING_FUNDS',
    );
  });

  it('submit_whenAlreadySubmitted_isAnIllegalTransition', () => {
    const c = submitted();
    expect(codeOf(() => c.beginSubmit(ctx(), 'u', NOW))).toBe('CLAIM.ILLEGAL_TRANSITION');
  });

  it('submit_whileAnotherSubmitIsPending_isAConflict', () => {
    const c = readyClaim();
    c.beginSubmit(ctx(), 'u', NOW);
    expect(codeOf(() => c.beginSubmit(ctx(), 'u', NOW))).toBe('CLAIM.SUBMIT_IN_PROGRESS');
    expect(codeOf(() => c.addComment('hi', 'u', NOW))).toBe('CLAIM.SUBMIT_IN_PROGRESS');
  });

  it('abortSubmit_leavesTheClaimAsItWas', () => {
    const c = readyClaim();
    const before = structuredClone(c.state);
    c.beginSubmit(ctx(), 'u', NOW);
    c.abortSubmit();
    expect(c.state).toEqual(before);
  });

  it('edit_whenSubmitted_isNotAllowed', () => {
    const c = submitted();
    expect(codeOf(() => c.updateDetails({ name: 'x' }, { campaign, preApproval }, 'u', NOW))).toBe(
      'CLAIM.NOT_EDITABLE',
    );
    expect(codeOf(() => c.removeEvidence('u', NOW))).toBe('CLAIM.NOT_EDITABLE');
  });
});

describe('Claim: status machine and review decisions', () => {
  it('transitions_onlyTheLegalOnes', () => {
    const legal: [ClaimStatus, ClaimStatus][] = [
      ['EDITING', 'SUBMITTED'],
      ['SUBMITTED', 'UNDER_REVIEW'],
      ['UNDER_REVIEW', 'APPROVED'],
      ['UNDER_REVIEW', 'REJECTED'],
      ['UNDER_REVIEW', 'ACTION_REQUIRED'],
      ['ACTION_REQUIRED', 'EDITING'],
      ['EDITING', 'WITHDRAWN'],
      ['SUBMITTED', 'WITHDRAWN'],
      ['UNDER_REVIEW', 'WITHDRAWN'],
      ['ACTION_REQUIRED', 'WITHDRAWN'],
      ['EDITING', 'EXPIRED'],
      ['REJECTED', 'DISPUTED'],
      ['DISPUTED', 'UNDER_REVIEW'],
      ['DISPUTED', 'WITHDRAWN'],
    ];
    const all = CLAIM_STATUSES;
    for (const from of all)
      for (const to of all)
        expect([from, to, canTransition(from, to)]).toEqual([from, to, legal.some(([f, t]) => f === from && t === to)]);
  });

  it('startReview_whenSubmitted_isUnderReview_withEvent', () => {
    const c = submitted();
    expect(c.applyDecision(decision({}), 'evt-1', NOW)).toEqual({ applied: true });
    expect(c.state.status).toBe('UNDER_REVIEW');
    expect(c.events[0].type).toBe('poe.claims.claim.review-started.v1');
  });

  it('decision_whenSameEventAgain_changesNothing', () => {
    const c = submitted();
    c.applyDecision(decision({}), 'evt-1', NOW);
    const again = reload(c);
    expect(again.applyDecision(decision({}), 'evt-1', NOW)).toEqual({ applied: false, reason: 'duplicate event' });
    expect(again.state.version).toBe(c.state.version);
  });

  it('approve_whenEditing_isIgnoredAsIllegal', () => {
    const c = reload(newClaim());
    const outcome = c.applyDecision(
      decision({ decision: 'approve', approvedAmount: { amount: '1.00', currency: 'EUR' } }),
      'evt-2',
      NOW,
    );
    expect(outcome).toMatchObject({ applied: false, reason: 'illegal transition EDITING -> APPROVED' });
    expect(c.state.status).toBe('EDITING');
    expect(c.events).toHaveLength(0);
  });

  it('approve_whenUnderReview_commitsTheApprovedAmount_whichMayBeLower', () => {
    const c = underReview();
    c.applyDecision(
      decision({
        decision: 'approve',
        approvedAmount: { amount: '1100.00', currency: 'EUR' },
        reasonCodes: ['PARTIAL_APPROVAL'],
      }),
      'evt-3',
      NOW,
    );
    expect(c.state).toMatchObject({
      status: 'APPROVED',
      approvedMinor: 110_000,
      pending: { op: 'commit', key: 'S1', amountMinor: 120_000, approvedMinor: 110_000 },
    });
    expect(c.events[0]).toMatchObject({
      type: 'poe.claims.claim.approved.v1',
      data: { approvedAmount: { amount: '1100.00' }, claimedAmount: { amount: '1200.00' } },
    });
    c.completeSettlement();
    expect(c.state.reservation).toBeNull();
  });

  it('approve_whenMoreThanClaimed_isIgnored', () => {
    const c = underReview();
    expect(
      c.applyDecision(
        decision({ decision: 'approve', approvedAmount: { amount: '1200.01', currency: 'EUR' } }),
        'evt-4',
        NOW,
      ).applied,
    ).toBe(false);
    expect(c.state.status).toBe('UNDER_REVIEW');
  });

  it('reject_whenUnderReview_releasesTheReservation', () => {
    const c = underReview();
    c.applyDecision(
      decision({ decision: 'reject', reasonCodes: ['INVOICE_ILLEGIBLE'], message: 'Cannot read it' }),
      'evt-5',
      NOW,
    );
    expect(c.state).toMatchObject({
      status: 'REJECTED',
      pending: { op: 'release', key: 'S1' },
      decision: { reasonCodes: ['INVOICE_ILLEGIBLE'], message: 'Cannot read it' },
    });
    expect(c.events[0].type).toBe('poe.claims.claim.rejected.v1');
  });

  it('requestAction_thenEdit_reopensToEditing_andResubmitUsesKeyS2', () => {
    const c = underReview();
    c.applyDecision(
      decision({ decision: 'request_action', reasonCodes: ['MISSING_PROOF'], message: 'Add the ad' }),
      'evt-6',
      NOW,
    );
    expect(c.state.status).toBe('ACTION_REQUIRED');
    expect(c.events[0].type).toBe('poe.claims.claim.action-required.v1');
    const d = reload(c);
    expect(codeOf(() => d.beginSubmit(ctx(), 'u', NOW))).toBe('CLAIM.ILLEGAL_TRANSITION');
    d.updateDetails(
      { amount: EUR(125_000) },
      { campaign: { ...campaign, remainingMinor: 5_000 }, preApproval },
      'u',
      NOW,
    );
    expect(d.state.status).toBe('EDITING');
    // The claim still holds 1200.00, so raising to 1250.00 needs only 50.00 more.
    expect(codeOf(() => d.beginSubmit(ctx({ campaign: { ...campaign, remainingMinor: 4_999 } }), 'u', NOW))).toBe(
      'CLAIM.AMOUNT_EXCEEDS_REMAINING_FUNDS',
    );
    expect(d.beginSubmit(ctx({ campaign: { ...campaign, remainingMinor: 5_000 } }), 'u', NOW).key).toBe('S2');
  });

  it('decision_aboutAnOlderRevision_isIgnoredAsStale', () => {
    const c = underReview();
    const outcome = c.applyDecision(
      decision({ decision: 'reject', reasonCodes: ['X1'], message: 'm', expectedClaimRevision: 1 }),
      'evt-7',
      NOW,
    );
    expect(outcome.applied).toBe(false);
    expect(c.state.status).toBe('UNDER_REVIEW');
  });

  it('finalStates_acceptNoFurtherDecisionOrComment', () => {
    const c = underReview();
    c.applyDecision(decision({ decision: 'reject', reasonCodes: ['X1'], message: 'm' }), 'evt-8', NOW);
    c.completeSettlement();
    const d = reload(c);
    expect(
      d.applyDecision(
        decision({ decision: 'approve', approvedAmount: { amount: '1.00', currency: 'EUR' } }),
        'evt-9',
        NOW,
      ).applied,
    ).toBe(false);
    expect(codeOf(() => d.addComment('late', 'u', NOW))).toBe('CLAIM.NOT_EDITABLE');
  });
});

describe('Claim: every revision is exactly one event', () => {
  /** Runs each step on a freshly loaded claim, as the service does, and collects what each wrote. */
  function drive(steps: ((c: Claim) => void)[]) {
    const first = newClaim();
    const events = [...first.events];
    let state = first.state;
    for (const step of steps) {
      const c = new Claim(thaw(state));
      step(c);
      events.push(...c.events);
      state = c.state;
    }
    return { events, version: state.version };
  }

  it('fullCycle_withActionRequiredEditResubmitAndComments_hasOneEventPerRevision_noGapNoDuplicate', () => {
    const { events, version } = drive([
      (c) =>
        c.updateDetails(
          { estimatedImpressions: 5000, preApprovalId: preApproval.id },
          { campaign, preApproval },
          'u',
          NOW,
        ),
      (c) => c.setEvidence(invoice(), documents, 'u', NOW),
      (c) => c.attachProof('DOC-proof', 'The final ad', documents.get('DOC-proof'), 'u', NOW),
      (c) => c.addComment('Recording on request.', 'u', NOW),
      (c) => c.beginSubmit(ctx(), 'u', NOW),
      (c) => c.completeSubmit(NOW),
      (c) => c.applyDecision(decision({}), 'evt-1', NOW),
      (c) => c.addComment('Looking at the invoice.', 'rev-1', NOW),
      (c) => c.applyDecision(decision({ decision: 'request_action', reasonCodes: ['X1'], message: 'm' }), 'evt-2', NOW),
      (c) => c.updateDetails({ estimatedImpressions: 6000 }, { campaign, preApproval }, 'u', NOW),
      (c) => c.addComment('Fixed.', 'u', NOW),
      (c) => c.beginSubmit(ctx(), 'u', NOW),
      (c) => c.completeSubmit(NOW),
      (c) => c.applyDecision(decision({}), 'evt-3', NOW),
      (c) =>
        c.applyDecision(
          decision({ decision: 'approve', approvedAmount: { amount: '1000.00', currency: 'EUR' } }),
          'evt-4',
          NOW,
        ),
    ]);
    const revisions = events.map((e) => (e.data as { revision: number }).revision);
    expect(revisions).toEqual(Array.from({ length: version }, (_, i) => i + 1));
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['poe.claims.claim.reopened.v1', 'poe.claims.claim.comment-added.v1']),
    );
  });

  it('reopen_withAChangeThatChangesNothing_isStillOneRevisionAndOneEvent', () => {
    const c = underReview();
    c.applyDecision(decision({ decision: 'request_action', reasonCodes: ['X1'], message: 'm' }), 'evt-5', NOW);
    const d = reload(c);
    d.updateDetails({ estimatedImpressions: 5000 }, { campaign, preApproval }, 'u', NOW);
    expect(d.state.version).toBe(c.state.version + 1);
    expect(d.events.map((e) => [e.type, (e.data as { revision: number }).revision])).toEqual([
      ['poe.claims.claim.reopened.v1', d.state.version],
    ]);
  });
});

describe('Claim: withdrawal', () => {
  const withdrawnEvent = (c: Claim) => c.events.find((e) => e.type === 'poe.claims.claim.withdrawn.v1')?.data;

  it('withdraw_whenDraftNeverSubmitted_isWithdrawn_releasesNothing', () => {
    const c = reload(newClaim());
    expect(c.withdraw('Changed our plans', 'usr-1', NOW)).toBe('withdrawn');
    expect(c.state.status).toBe('WITHDRAWN');
    expect(c.state.pending).toBeNull();
    expect(c.state.version).toBe(2);
    expect(withdrawnEvent(c)).toEqual({
      claimId: 'CLM-1',
      partnerId: 'PRT-1',
      campaignId: 'CMP-1',
      revision: 2,
      fromStatus: 'EDITING',
      reason: 'Changed our plans',
      withdrawnBy: 'usr-1',
      withdrawnAt: NOW.toISOString(),
    });
    expect(c.newHistory).toEqual([
      expect.objectContaining({
        action: 'withdrawn',
        note: 'Changed our plans',
        changes: { status: { from: 'EDITING', to: 'WITHDRAWN' } },
      }),
    ]);
  });

  it('withdraw_whenSubmitted_releasesItsReservationThroughAPendingRelease', () => {
    const c = submitted();
    c.withdraw(undefined, 'usr-1', NOW);
    expect(c.state.status).toBe('WITHDRAWN');
    expect(c.state.pending).toMatchObject({ op: 'release', key: 'S1', amountMinor: 120_000 });
    expect(withdrawnEvent(c)).toMatchObject({
      fromStatus: 'SUBMITTED',
      releasedAmount: { amount: '1200.00', currency: 'EUR' },
    });
    expect(withdrawnEvent(c)).not.toHaveProperty('reason');
    c.completeSettlement();
    expect(c.state.reservation).toBeNull();
  });

  it('withdraw_whenUnderReview_isWithdrawn_andALaterDecisionDoesNotApply', () => {
    const c = underReview();
    c.withdraw('Duplicate of another claim', 'usr-1', NOW);
    c.completeSettlement();
    const d = reload(c);
    const outcome = d.applyDecision(
      decision({ decision: 'approve', approvedAmount: { amount: '1200.00', currency: 'EUR' } }),
      'evt-late',
      NOW,
    );
    expect(outcome).toEqual({ applied: false, reason: 'illegal transition WITHDRAWN -> APPROVED' });
    expect(d.state.status).toBe('WITHDRAWN');
  });

  it('withdraw_whenActionRequired_releasesTheReservationItKept', () => {
    const c = underReview();
    c.applyDecision(decision({ decision: 'request_action', reasonCodes: ['X1'], message: 'm' }), 'evt-ar', NOW);
    const d = reload(c);
    d.withdraw(undefined, 'usr-1', NOW);
    expect(d.state.pending).toMatchObject({ op: 'release', key: 'S1' });
    expect(withdrawnEvent(d)).toMatchObject({ fromStatus: 'ACTION_REQUIRED' });
  });

  it('withdraw_whenEditingAfterActionRequired_releasesTheReservationItKept', () => {
    const c = underReview();
    c.applyDecision(decision({ decision: 'request_action', reasonCodes: ['X1'], message: 'm' }), 'evt-ar', NOW);
    const d = reload(c);
    d.updateDetails({ estimatedImpressions: 7000 }, { campaign, preApproval }, 'usr-1', NOW);
    const e = reload(d);
    e.withdraw(undefined, 'usr-1', NOW);
    expect(e.state.pending).toMatchObject({ op: 'release', key: 'S1', amountMinor: 120_000 });
    expect(withdrawnEvent(e)).toMatchObject({
      fromStatus: 'EDITING',
      releasedAmount: { amount: '1200.00', currency: 'EUR' },
    });
  });

  it('withdraw_whenApprovedOrRejected_isAnIllegalTransition', () => {
    const rejected = underReview();
    rejected.applyDecision(decision({ decision: 'reject', reasonCodes: ['X1'], message: 'm' }), 'evt-r', NOW);
    rejected.completeSettlement();
    expect(codeOf(() => reload(rejected).withdraw(undefined, 'usr-1', NOW))).toBe('CLAIM.ILLEGAL_TRANSITION');
    const approved = underReview();
    approved.applyDecision(
      decision({ decision: 'approve', approvedAmount: { amount: '1200.00', currency: 'EUR' } }),
      'evt-a',
      NOW,
    );
    approved.completeSettlement();
    expect(codeOf(() => reload(approved).withdraw(undefined, 'usr-1', NOW))).toBe('CLAIM.ILLEGAL_TRANSITION');
  });

  it('withdraw_whenAlreadyWithdrawn_changesNothing', () => {
    const c = reload(newClaim());
    c.withdraw(undefined, 'usr-1', NOW);
    const again = reload(c);
    expect(again.withdraw(undefined, 'usr-1', NOW)).toBe('already_withdrawn');
    expect(again.state.version).toBe(c.state.version);
    expect(again.events).toEqual([]);
  });

  it('withdraw_whileASubmitIsPending_isRefusedAsInProgress', () => {
    const c = readyClaim();
    c.beginSubmit(ctx(), 'usr-1', NOW);
    expect(codeOf(() => c.withdraw(undefined, 'usr-1', NOW))).toBe('CLAIM.SUBMIT_IN_PROGRESS');
  });

  it('withdrawn_acceptsNoEditOrComment', () => {
    const c = reload(newClaim());
    c.withdraw(undefined, 'usr-1', NOW);
    const d = reload(c);
    expect(codeOf(() => d.addComment('late', 'usr-1', NOW))).toBe('CLAIM.NOT_EDITABLE');
    expect(codeOf(() => d.updateDetails({ name: 'x' }, { campaign, preApproval }, 'usr-1', NOW))).toBe(
      'CLAIM.NOT_EDITABLE',
    );
  });
});

describe('Claim: expiry at the claim deadline', () => {
  const AFTER = new Date('2027-01-15T00:00:00.000Z');

  it('expire_aNeverSubmittedDraftAfterTheDeadline_isExpired_releasesNothing', () => {
    const c = reload(newClaim());
    expect(c.expire('2027-01-14', AFTER)).toBe('expired');
    expect(c.state.status).toBe('EXPIRED');
    expect(c.state.pending).toBeNull();
    expect(c.events.map((e) => [e.type, e.data])).toEqual([
      [
        'poe.claims.claim.expired.v1',
        {
          claimId: 'CLM-1',
          partnerId: 'PRT-1',
          campaignId: 'CMP-1',
          revision: 2,
          claimDeadline: '2027-01-14',
          expiredAt: AFTER.toISOString(),
        },
      ],
    ]);
    expect(c.newHistory).toEqual([expect.objectContaining({ actor: 'system', action: 'expired' })]);
  });

  it('expire_onTheDeadlineDayItself_isNotDue', () => {
    const c = reload(newClaim());
    expect(c.expire('2027-01-14', new Date('2027-01-14T23:59:59.999Z'))).toBe('not_due');
    expect(c.state.status).toBe('EDITING');
    expect(c.events).toEqual([]);
  });

  it('expire_aClaimThatWasSubmitted_isNotDue', () => {
    const c = underReview();
    c.applyDecision(decision({ decision: 'request_action', reasonCodes: ['X1'], message: 'm' }), 'evt-ar', NOW);
    const d = reload(c);
    d.updateDetails({ estimatedImpressions: 7000 }, { campaign, preApproval }, 'usr-1', NOW);
    const e = reload(d);
    expect(e.state.status).toBe('EDITING');
    expect(e.expire('2027-01-14', AFTER)).toBe('not_due');
    expect(submitted().expire('2027-01-14', AFTER)).toBe('not_due');
  });

  it('expire_twice_changesNothingTheSecondTime', () => {
    const c = reload(newClaim());
    c.expire('2027-01-14', AFTER);
    const again = reload(c);
    expect(again.expire('2027-01-14', AFTER)).toBe('not_due');
    expect(again.state.version).toBe(c.state.version);
  });

  it('expired_acceptsNoEditCommentSubmitOrWithdrawal', () => {
    const c = readyClaim();
    c.expire('2027-01-14', AFTER);
    const d = reload(c);
    expect(codeOf(() => d.addComment('late', 'usr-1', AFTER))).toBe('CLAIM.NOT_EDITABLE');
    expect(codeOf(() => d.updateDetails({ name: 'x' }, { campaign, preApproval }, 'usr-1', AFTER))).toBe(
      'CLAIM.NOT_EDITABLE',
    );
    expect(codeOf(() => d.beginSubmit(ctx(), 'usr-1', AFTER))).toBe('CLAIM.ILLEGAL_TRANSITION');
    expect(codeOf(() => d.withdraw(undefined, 'usr-1', AFTER))).toBe('CLAIM.ILLEGAL_TRANSITION');
  });

  it('submit_afterTheOldDeadlineButBeforeAnExtendedOne_goesThrough', () => {
    const c = readyClaim();
    expect(codeOf(() => reload(c).beginSubmit(ctx(), 'usr-1', AFTER))).toBe('CLAIM.DEADLINE_PASSED');
    const extended = { ...campaign, claimDeadline: '2027-02-15' };
    expect(c.beginSubmit(ctx({ campaign: extended }), 'usr-1', AFTER)).toMatchObject({ op: 'submit', key: 'S1' });
  });
});

describe('Claim: reimbursement rules (a share of the cost, up to a cap)', () => {
  const halfCapped = { ...campaign, reimbursement: { ratioBasisPoints: 5_000, capMinor: 50_000 } };

  function submittedUnder(terms: CampaignTerms): Claim {
    const c = readyClaim();
    c.beginSubmit(ctx({ campaign: terms }), 'usr-1', NOW);
    c.completeSubmit(NOW);
    return reload(c);
  }

  it('submit_atHalfWithACap_reservesTheReimbursable_andFreezesTheRules', () => {
    const c = readyClaim(); // claims 1200.00
    const pending = c.beginSubmit(ctx({ campaign: halfCapped }), 'usr-1', NOW);
    expect(pending).toMatchObject({ amountMinor: 50_000 }); // half is 600.00, the cap 500.00
    c.completeSubmit(NOW);
    expect(c.state).toMatchObject({
      amountMinor: 120_000,
      reservation: { key: 'S1', amountMinor: 50_000 },
      reimbursement: { ratioBasisPoints: 5_000, capMinor: 50_000, reimbursableMinor: 50_000 },
    });
    expect(c.events.at(-1)).toMatchObject({
      type: 'poe.claims.claim.submitted.v1',
      data: {
        amount: { amount: '1200.00' },
        reimbursable: { amount: '500.00', currency: 'EUR' },
        contributionRatio: '0.5',
        capPerClaim: { amount: '500.00', currency: 'EUR' },
      },
    });
  });

  it('submit_needsOnlyTheReimbursableInRemainingFunds', () => {
    const c = readyClaim();
    const tight = { ...halfCapped, reimbursement: { ratioBasisPoints: 5_000, capMinor: null }, remainingMinor: 60_000 };
    expect(c.beginSubmit(ctx({ campaign: tight }), 'u', NOW).amountMinor).toBe(60_000);
    const short = reload(readyClaim());
    expect(codeOf(() => short.beginSubmit(ctx({ campaign: { ...tight, remainingMinor: 59_999 } }), 'u', NOW))).toBe(
      'CLAIM.AMOUNT_EXCEEDS_REMAINING_FUNDS',
    );
  });

  it('submit_whenTheReimbursableDoesNotFit_isRefused_namingTheReimbursableAmount', () => {
    const c = readyClaim();
    const tight = { ...halfCapped, remainingMinor: 49_999 };
    try {
      c.beginSubmit(ctx({ campaign: tight }), 'u', NOW);
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as DomainError).code).toBe('CLAIM.AMOUNT_EXCEEDS_REMAINING_FUNDS');
      expect((e as DomainError).message).toBe(
        "the reimbursable 500.00 of the claimed 1200.00 is more than the campaign's remaining funds (499.99 EUR)",
      );
    }
    expect(c.state.pending).toBeNull();
  });

  it('create_whenTheShareIsLessThanOneMinorUnit_isRefused', () => {
    const tiny = { ...campaign, reimbursement: { ratioBasisPoints: 1, capMinor: null } };
    expect(codeOf(() => newClaim({ amount: EUR(9_999), campaign: tiny }))).toBe('CLAIM.NOTHING_REIMBURSABLE');
    expect(newClaim({ amount: EUR(10_000), campaign: tiny }).state.status).toBe('EDITING');
  });

  it('approve_aboveTheReimbursable_isIgnored_atItIsCommitted', () => {
    const c = submittedUnder(halfCapped);
    c.applyDecision(decision({}), 'evt-r1', NOW);
    const above = reload(c);
    expect(
      above.applyDecision(
        decision({ decision: 'approve', approvedAmount: { amount: '500.01', currency: 'EUR' } }),
        'evt-r2',
        NOW,
      ),
    ).toEqual({ applied: false, reason: 'approved amount is more than the reimbursable amount' });
    const exact = reload(c);
    expect(
      exact.applyDecision(
        decision({ decision: 'approve', approvedAmount: { amount: '500.00', currency: 'EUR' } }),
        'evt-r3',
        NOW,
      ),
    ).toEqual({ applied: true });
    expect(exact.state.pending).toMatchObject({ op: 'commit', amountMinor: 50_000, approvedMinor: 50_000 });
    expect(exact.events[0].data).toMatchObject({
      claimedAmount: { amount: '1200.00' },
      reimbursableAmount: { amount: '500.00' },
      approvedAmount: { amount: '500.00' },
    });
  });

  it('resubmit_afterActionRequired_takesTheRulesOfTheNewSubmission', () => {
    const c = submittedUnder(halfCapped);
    c.applyDecision(decision({}), 'evt-s1', NOW);
    const back = reload(c);
    back.applyDecision(decision({ decision: 'request_action', reasonCodes: ['X'], message: 'fix' }), 'evt-s2', NOW);
    const d = reload(back);
    d.addComment('fixed', 'usr-1', NOW);
    d.updateDetails({ name: 'Webinar (fixed)' }, { campaign: halfCapped, preApproval }, 'usr-1', NOW);
    const full = { ...campaign, reimbursement: { ratioBasisPoints: 10_000, capMinor: null } };
    // The claim holds 500.00; the new rules make 1200.00 reimbursable, so it needs 700.00 more.
    const pending = reload(d).beginSubmit(ctx({ campaign: { ...full, remainingMinor: 70_000 } }), 'usr-1', NOW);
    expect(pending).toMatchObject({ key: 'S2', amountMinor: 120_000, reimbursement: { ratioBasisPoints: 10_000 } });
  });

  it('claimsSubmittedBeforeTheRules_reimburseTheWholeAmount', () => {
    const c = submitted();
    delete (c.state as { reimbursement?: unknown }).reimbursement;
    c.applyDecision(decision({}), 'evt-o1', NOW);
    const approve = reload(c);
    expect(
      approve.applyDecision(
        decision({ decision: 'approve', approvedAmount: { amount: '1200.00', currency: 'EUR' } }),
        'evt-o2',
        NOW,
      ),
    ).toEqual({ applied: true });
  });
});

describe('Claim: dispute of a rejection', () => {
  const window = { businessDays: 5, holidays: [] as string[] };
  const disputeCtx = { window, documents };
  const because = { reason: 'The webinar did take place; see the attendance list.', proofDocuments: [] };
  // NOW is Tuesday 2026-11-24: five business days after it end on Tuesday 2026-12-01.
  const LAST_DAY = new Date('2026-12-01T23:59:59.999Z');

  function rejected(): Claim {
    const c = underReview();
    c.applyDecision(
      decision({ decision: 'reject', reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'], message: 'Not a webinar' }),
      'evt-rej',
      NOW,
    );
    c.completeSettlement();
    return reload(c);
  }

  function disputed(input = because, at = NOW): Claim {
    const c = rejected();
    c.beginDispute(input, disputeCtx, 'usr-1', at);
    c.completeSubmit(at);
    return reload(c);
  }

  it('dispute_whenRejected_reReservesTheReimbursable_underTheNextSubmissionKey', () => {
    const c = rejected();
    expect(c.state.reservation).toBeNull();
    const step = c.beginDispute(because, disputeCtx, 'usr-1', NOW);
    expect(step).toMatchObject({
      op: 'submit',
      key: 'S2',
      amountMinor: 120_000,
      dispute: { disputeDeadline: '2026-12-01' },
    });
    expect(c.state.status).toBe('REJECTED');
    expect(c.events).toEqual([]);
  });

  it('dispute_completed_isDisputed_withHistoryEventAndTheRejectionKept', () => {
    const proof = { ...docs[2], id: 'DOC-proof-2' };
    const c = rejected();
    c.beginDispute(
      { reason: ' It happened ', proofDocuments: [{ documentId: 'DOC-proof-2', note: 'Attendance list' }] },
      { window, documents: new Map([...documents, [proof.id, proof]]) },
      'usr-1',
      NOW,
    );
    const before = c.state.version;
    c.completeSubmit(NOW);
    expect(c.state).toMatchObject({
      status: 'DISPUTED',
      version: before + 1,
      submittedVersion: before + 1,
      submissionCount: 2,
      reservation: { key: 'S2', amountMinor: 120_000 },
      decision: null,
      pending: null,
      dispute: {
        reason: 'It happened',
        newDocumentIds: ['DOC-proof-2'],
        rejection: { decision: 'reject', reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'] },
        disputeDeadline: '2026-12-01',
        disputedBy: 'usr-1',
      },
    });
    expect(c.state.proofDocuments.map((p) => p.documentId)).toEqual(['DOC-proof', 'DOC-proof-2']);
    expect(c.newHistory.map((h) => h.action)).toEqual(['disputed']);
    expect(c.newHistory[0]).toMatchObject({
      note: 'It happened',
      changes: { status: { from: 'REJECTED', to: 'DISPUTED' } },
    });
    expect(c.events.map((e) => e.type)).toEqual(['poe.claims.claim.disputed.v1']);
    expect(c.events[0].data).toMatchObject({
      revision: before + 1,
      reason: 'It happened',
      newDocumentIds: ['DOC-proof-2'],
      documentIds: ['DOC-inv', 'DOC-proof', 'DOC-proof-2'],
      reimbursable: { amount: '1200.00', currency: 'EUR' },
      rejectionReasonCodes: ['ACTIVITY_NOT_ELIGIBLE'],
      disputeDeadline: '2026-12-01',
    });
  });

  it('dispute_onTheLastDayOfTheWindow_isAccepted_theDayAfter_isRefusedNamingTheRule', () => {
    expect(() => rejected().beginDispute(because, disputeCtx, 'usr-1', LAST_DAY)).not.toThrow();
    const late = new Date(LAST_DAY.getTime() + 1);
    const c = rejected();
    expect(codeOf(() => c.beginDispute(because, disputeCtx, 'usr-1', late))).toBe('CLAIM.DISPUTE_WINDOW_CLOSED');
    expect(fieldsOf(() => c.beginDispute(because, disputeCtx, 'usr-1', late))).toEqual(['decision.decidedAt']);
    expect(c.state.pending).toBeNull();
  });

  it('dispute_programHolidays_extendTheWindow', () => {
    const withHolidays = { window: { businessDays: 5, holidays: ['2026-11-26', '2026-11-27'] }, documents };
    expect(() =>
      rejected().beginDispute(because, withHolidays, 'usr-1', new Date('2026-12-03T12:00:00Z')),
    ).not.toThrow();
    expect(
      codeOf(() => rejected().beginDispute(because, withHolidays, 'usr-1', new Date('2026-12-04T00:00:00Z'))),
    ).toBe('CLAIM.DISPUTE_WINDOW_CLOSED');
  });

  it('dispute_withoutReason_orWithBadProof_isRefusedNamingEachField', () => {
    const c = rejected();
    expect(codeOf(() => c.beginDispute({ reason: '  ', proofDocuments: [] }, disputeCtx, 'usr-1', NOW))).toBe(
      'CLAIM.DISPUTE_REASON_REQUIRED',
    );
    expect(
      fieldsOf(() =>
        c.beginDispute(
          {
            reason: '',
            proofDocuments: [
              { documentId: 'DOC-inv', note: 'x' },
              { documentId: 'DOC-nope', note: '' },
              { documentId: 'DOC-proof', note: 'again' },
            ],
          },
          disputeCtx,
          'usr-1',
          NOW,
        ),
      ),
    ).toEqual([
      'reason',
      'proofDocuments[0].documentId',
      'proofDocuments[1].documentId',
      'proofDocuments[1].note',
      'proofDocuments[2].documentId',
    ]);
    expect(c.state.pending).toBeNull();
  });

  it.each(['EDITING', 'SUBMITTED', 'UNDER_REVIEW', 'APPROVED'] as const)(
    'dispute_when%s_isAnIllegalTransition',
    (status) => {
      const c =
        status === 'EDITING'
          ? readyClaim()
          : status === 'SUBMITTED'
            ? submitted()
            : status === 'UNDER_REVIEW'
              ? underReview()
              : (() => {
                  const a = underReview();
                  a.applyDecision(
                    decision({ decision: 'approve', approvedAmount: { amount: '1200.00', currency: 'EUR' } }),
                    'evt-a',
                    NOW,
                  );
                  a.completeSettlement();
                  return reload(a);
                })();
      expect(c.state.status).toBe(status);
      expect(codeOf(() => c.beginDispute(because, disputeCtx, 'usr-1', NOW))).toBe('CLAIM.ILLEGAL_TRANSITION');
    },
  );

  it('disputed_startReview_isUnderReview_thenTheOutcomeResolvesTheDispute', () => {
    const c = disputed();
    expect(c.applyDecision(decision({ expectedClaimRevision: c.state.version }), 'evt-s2', NOW)).toEqual({
      applied: true,
    });
    expect(c.state.status).toBe('UNDER_REVIEW');
    expect(c.events[0].type).toBe('poe.claims.claim.review-started.v1');
    const r = reload(c);
    r.applyDecision(
      decision({ decision: 'approve', approvedAmount: { amount: '1000.00', currency: 'EUR' } }),
      'evt-a2',
      NOW,
    );
    expect(r.state).toMatchObject({
      status: 'APPROVED',
      approvedMinor: 100_000,
      pending: { op: 'commit', key: 'S2', amountMinor: 120_000, approvedMinor: 100_000 },
      dispute: { resolution: { decision: 'approve', reviewerId: 'rev-1' } },
    });
    expect(r.events[0]).toMatchObject({ type: 'poe.claims.claim.approved.v1', data: { dispute: true } });
  });

  it('disputed_approveAboveTheReimbursable_isNotApplied', () => {
    const c = disputed();
    c.applyDecision(decision({}), 'evt-s2', NOW);
    const r = reload(c);
    expect(
      r.applyDecision(
        decision({ decision: 'approve', approvedAmount: { amount: '1200.01', currency: 'EUR' } }),
        'evt-a2',
        NOW,
      ).applied,
    ).toBe(false);
    expect(r.state.status).toBe('UNDER_REVIEW');
  });

  it('disputed_rejectedAgain_isFinal_aSecondDisputeIsRefused', () => {
    const c = disputed();
    c.applyDecision(decision({}), 'evt-s2', NOW);
    c.applyDecision(
      decision({ decision: 'reject', reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'], message: 'Still no' }),
      'evt-r2',
      NOW,
    );
    expect(c.state).toMatchObject({ status: 'REJECTED', pending: { op: 'release', key: 'S2' } });
    expect(c.events[1]).toMatchObject({ type: 'poe.claims.claim.rejected.v1', data: { dispute: true } });
    c.completeSettlement();
    const again = reload(c);
    expect(codeOf(() => again.beginDispute(because, disputeCtx, 'usr-1', NOW))).toBe('CLAIM.ALREADY_DISPUTED');
  });

  it('disputed_actionRequested_goesBackToThePartner_andALaterRejectionIsFinal', () => {
    const c = disputed();
    c.applyDecision(decision({}), 'evt-s2', NOW);
    c.applyDecision(
      decision({ decision: 'request_action', reasonCodes: ['PROOF_INSUFFICIENT'], message: 'Add the list' }),
      'evt-q2',
      NOW,
    );
    expect(c.state).toMatchObject({ status: 'ACTION_REQUIRED', reservation: { key: 'S2', amountMinor: 120_000 } });
    expect(c.events[1]).toMatchObject({ type: 'poe.claims.claim.action-required.v1', data: { dispute: true } });
    const r = reload(c);
    r.updateDetails({ claimName: 'Webinar, with attendance' }, { campaign, preApproval }, 'usr-1', NOW);
    expect(r.state.status).toBe('EDITING');
    r.beginSubmit(ctx(), 'usr-1', NOW);
    r.completeSubmit(NOW);
    expect(r.state).toMatchObject({ status: 'SUBMITTED', reservation: { key: 'S3' } });
    r.applyDecision(decision({}), 'evt-s3', NOW);
    r.applyDecision(
      decision({ decision: 'reject', reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'], message: 'No' }),
      'evt-r3',
      NOW,
    );
    // Only the first outcome after the dispute resolves it.
    expect(r.events.at(-1)).toMatchObject({ type: 'poe.claims.claim.rejected.v1' });
    expect(r.events.at(-1)!.data).not.toHaveProperty('dispute');
    r.completeSettlement();
    expect(codeOf(() => reload(r).beginDispute(because, disputeCtx, 'usr-1', NOW))).toBe('CLAIM.ALREADY_DISPUTED');
  });

  it('disputed_withdrawn_releasesTheReReservedFunds', () => {
    const c = disputed();
    expect(c.withdraw('Settled otherwise', 'usr-1', NOW)).toBe('withdrawn');
    expect(c.state).toMatchObject({ status: 'WITHDRAWN', pending: { op: 'release', key: 'S2', amountMinor: 120_000 } });
    expect(c.events[0].data).toMatchObject({
      fromStatus: 'DISPUTED',
      releasedAmount: { amount: '1200.00', currency: 'EUR' },
    });
  });

  it('rejected_takesNoComments_disputed_does', () => {
    expect(codeOf(() => rejected().addComment('why?', 'usr-1', NOW))).toBe('CLAIM.NOT_EDITABLE');
    const c = disputed();
    c.addComment('More context', 'usr-1', NOW);
    expect(c.events[0].type).toBe('poe.claims.claim.comment-added.v1');
  });

  it('dispute_aStaleDecisionAboutTheRejectedRevision_isNotApplied', () => {
    const c = rejected();
    const rejectedRevision = c.state.version;
    c.beginDispute(because, disputeCtx, 'usr-1', NOW);
    c.completeSubmit(NOW);
    const r = reload(c);
    expect(r.applyDecision(decision({ expectedClaimRevision: rejectedRevision - 1 }), 'evt-old', NOW).applied).toBe(
      false,
    );
  });
});
