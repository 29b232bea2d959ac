/** The claims service's answers: claims (claim-view.ts), their history, payments (payments/payment.ts). */
import { CLAIM_STATUSES } from '../vocabulary';
import { DATE, DuplicateReason, ID, Money, ReviewOutcome, TIMESTAMP } from './common';
import { ReimbursementRules } from './catalog';
import {
  anyValue,
  arrayOf,
  bool,
  component,
  describe,
  enumOf,
  exactlyOne,
  int,
  mapOf,
  nullable,
  object,
  page,
  str,
} from './shape';

export const ClaimStatus = component('ClaimStatus', enumOf(CLAIM_STATUSES));
export const ClaimHistoryEntry = component(
  'ClaimHistoryEntry',
  object(
    {
      at: TIMESTAMP,
      actor: str(),
      action: str({ description: 'created, updated, evidence_attached, submitted, review_approve, ...' }),
      changes: mapOf(object({ from: anyValue, to: anyValue })),
      note: str(),
    },
    ['at', 'actor', 'action'],
  ),
);
/** On a claim: a partner-side caller is named only its own partner's matching claims, and told how many there are. */
export const ClaimDuplicateFlag = component(
  'ClaimDuplicateFlag',
  object({
    reason: DuplicateReason,
    documentId: ID,
    matchingClaimCount: int({ minimum: 1, description: 'matching claims of every partner' }),
    matchingClaimIds: arrayOf(ID, {
      description:
        "every matching claim for reviewers and service accounts; a partner's own claims only for partner users",
    }),
  }),
);

// ---- the parts of a claim, components so that Claim and ClaimWithHistory share them ----
export const ClaimDetails = component(
  'ClaimDetails',
  object({
    claimName: nullable(str()),
    claimDate: nullable(DATE),
    estimatedImpressions: nullable(int({ minimum: 0 })),
    preApprovalId: nullable(str()),
  }),
);
export const ClaimEvidence = component(
  'ClaimEvidence',
  exactlyOne(
    {
      invoice: object({ documentId: ID, invoiceNumber: str(), invoiceDate: DATE, vendor: str(), amount: Money }),
      csr: object({ documentId: ID, total: Money }),
    },
    { description: 'exactly one of invoice or csr' },
  ),
);
export const ClaimProofDocument = component(
  'ClaimProofDocument',
  object({ documentId: ID, note: str(), attachedAt: TIMESTAMP, attachedBy: str() }),
);
export const ClaimComment = component('ClaimComment', object({ text: str(), by: str(), at: TIMESTAMP }));
export const ClaimSubmission = component(
  'ClaimSubmission',
  object({
    count: int({ minimum: 1 }),
    submittedAt: nullable(TIMESTAMP),
    submittedBy: nullable(str()),
    reviewDueAt: nullable(TIMESTAMP),
  }),
);
export const ClaimDecision = component(
  'ClaimDecision',
  object(
    {
      decision: ReviewOutcome,
      reasonCodes: arrayOf(str()),
      message: str(),
      reviewerId: str(),
      decidedAt: TIMESTAMP,
    },
    ['decision', 'reasonCodes', 'reviewerId', 'decidedAt'],
  ),
);
/** The partner's dispute of a rejection (issue #15), with the review team's outcome once resolved. */
export const ClaimDispute = component(
  'ClaimDispute',
  object(
    {
      reason: str(),
      newDocumentIds: arrayOf(ID),
      rejection: ClaimDecision,
      disputeDeadline: describe(DATE, { description: 'the last day the rejection could be disputed' }),
      disputedAt: TIMESTAMP,
      disputedBy: str(),
      resolution: object({ decision: ReviewOutcome, reviewerId: str(), decidedAt: TIMESTAMP }),
    },
    ['reason', 'newDocumentIds', 'rejection', 'disputeDeadline', 'disputedAt', 'disputedBy'],
  ),
);

// ---- payments (payments/payment.ts) ----
export const PaymentStatus = component('PaymentStatus', enumOf(['UNPAID', 'PARTIALLY_PAID', 'PAID']));
export const Payout = component(
  'Payout',
  object(
    {
      reference: str(),
      date: DATE,
      /** In the payout currency. */
      amount: Money,
      exchangeRate: str({ description: 'payout currency units per 1 campaign currency unit' }),
      /** What the payout counts against the approved amount, in the campaign currency. */
      counted: Money,
      recordedAt: TIMESTAMP,
      recordedBy: str(),
    },
    ['reference', 'date', 'amount', 'counted', 'recordedAt', 'recordedBy'],
  ),
);
const PAYMENT_PROPERTIES = { status: PaymentStatus, paid: Money, outstanding: Money, payouts: arrayOf(Payout) };
/** A claim's payment, on the claim. */
export const ClaimPayment = component('ClaimPayment', object(PAYMENT_PROPERTIES));
/** The answer to recording a payout. */
export const Payment = component('Payment', object({ claimId: ID, ...PAYMENT_PROPERTIES }));
export const Payable = component(
  'Payable',
  object({
    claimId: ID,
    partnerId: ID,
    programId: ID,
    campaignId: ID,
    approved: Money,
    paid: Money,
    outstanding: Money,
    paymentStatus: PaymentStatus,
    payable: bool,
    holdReason: nullable(enumOf(['BELOW_MINIMUM_PAYOUT'])),
    /** The partner's unpaid approved total in this program and currency: what the minimum is checked against. */
    partnerOutstanding: Money,
    minimumPayout: nullable(Money),
  }),
);
export const PayableList = component('PayableList', page(Payable, nullable(str()), ['items', 'nextCursor']));

// ---- claims (claim-view.ts) ----
const CLAIM_PROPERTIES = {
  id: ID,
  partnerId: ID,
  programId: ID,
  planId: ID,
  campaignId: ID,
  status: ClaimStatus,
  version: int({ minimum: 1 }),
  name: str(),
  executionDate: DATE,
  amount: Money,
  claimed: Money,
  reimbursable: describe(nullable(Money), {
    description:
      'what the campaign reimburses of the claimed cost (ratio, then cap), frozen by the last submit: what it reserves and the most a reviewer may approve; null until submitted',
  }),
  approved: describe(nullable(Money), { description: 'the approved amount (the same as approvedAmount)' }),
  reimbursement: describe(nullable(ReimbursementRules), {
    description: "the campaign's rules the last submit froze; null until submitted (or submitted before the rules)",
  }),
  details: ClaimDetails,
  evidence: nullable(ClaimEvidence),
  proofDocuments: arrayOf(ClaimProofDocument),
  comments: arrayOf(ClaimComment),
  submission: nullable(ClaimSubmission),
  reserved: nullable(Money),
  approvedAmount: nullable(Money),
  decision: nullable(ClaimDecision),
  dispute: nullable(ClaimDispute),
  payment: nullable(ClaimPayment),
  duplicateFlags: arrayOf(ClaimDuplicateFlag),
  createdAt: TIMESTAMP,
  createdBy: str(),
  updatedAt: TIMESTAMP,
};
export const Claim = component('Claim', object(CLAIM_PROPERTIES));
/** GET /claims/{id} adds the history. */
export const ClaimWithHistory = component(
  'ClaimWithHistory',
  object({ ...CLAIM_PROPERTIES, history: arrayOf(ClaimHistoryEntry) }),
);
export const ClaimList = component('ClaimList', page(Claim, nullable(str()), ['items', 'nextCursor']));
/** The history part of a claim (composed by the gateway from GET /claims/{id}). */
export const ClaimHistory = component(
  'ClaimHistory',
  object({ claimId: ID, status: ClaimStatus, version: int({ minimum: 1 }), items: arrayOf(ClaimHistoryEntry) }),
);
