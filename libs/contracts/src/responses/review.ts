/** The review service's answers: the queue (review-item.view.ts), figures, reason codes, pre-approvals. */
import {
  PRE_APPROVAL_STATUSES,
  REVIEW_DECISIONS,
  REVIEW_ITEM_STATUSES,
  REVIEW_OUTCOMES,
  type ReviewOutcome,
} from '../vocabulary';
import { PRE_APPROVAL_ID_PATTERN } from '../patterns';
import { DATE, DocumentKind, DuplicateFlag, ID, Money, REASON_CODE, TIMESTAMP } from './common';
import {
  anyObject,
  arrayOf,
  bool,
  component,
  enumOf,
  int,
  nullable,
  num,
  object,
  page,
  type Shape,
  str,
} from './shape';

export const ReviewItemStatus = component('ReviewItemStatus', enumOf(REVIEW_ITEM_STATUSES));
export const PreApprovalStatus = component('PreApprovalStatus', enumOf(PRE_APPROVAL_STATUSES));
export const ReviewFunds = component(
  'ReviewFunds',
  object({
    allocated: Money,
    reserved: Money,
    approved: Money,
    remaining: Money,
    asOf: TIMESTAMP,
    revision: int(),
  }),
);
export const ReviewItemKind = component(
  'ReviewItemKind',
  enumOf(['submission', 'dispute'], {
    description: "dispute: the partner's dispute of a rejection, not resolved yet",
  }),
);
export const ReviewItemDispute = component(
  'ReviewItemDispute',
  object(
    {
      reason: str(),
      newDocumentIds: arrayOf(ID),
      disputedAt: TIMESTAMP,
      disputedBy: str(),
      rejectedAt: TIMESTAMP,
      rejectionReasonCodes: arrayOf(str()),
      disputeDeadline: DATE,
      resolution: enumOf([...REVIEW_OUTCOMES, 'withdrawn'] as const),
      resolvedAt: TIMESTAMP,
    },
    ['reason', 'newDocumentIds', 'disputedAt', 'disputedBy', 'rejectedAt', 'rejectionReasonCodes', 'disputeDeadline'],
  ),
);
export const DisputeOutcomeCounts = component(
  'DisputeOutcomeCounts',
  object({
    approve: int({ minimum: 0 }),
    reject: int({ minimum: 0 }),
    request_action: int({ minimum: 0 }),
    withdrawn: int({ minimum: 0 }),
  }),
);

const SUMMARY_PROPERTIES = {
  claimId: ID,
  partnerId: ID,
  programId: ID,
  campaignId: ID,
  name: str(),
  claimedAmount: Money,
  /** The most a reviewer may approve (the campaign's ratio and cap applied to the claimed amount). */
  reimbursableAmount: Money,
  status: ReviewItemStatus,
  dueAt: TIMESTAMP,
  /** The campaign's balance as last reported, so a reviewer sees if the funds are tight. */
  funds: ReviewFunds,
  overdue: bool,
  assigneeId: str(),
  submittedAt: TIMESTAMP,
  submissionCount: int({ minimum: 0 }),
  hasDuplicateFlags: bool,
  /** `dispute` while the item is the partner's dispute of a rejection, not yet resolved. */
  kind: ReviewItemKind,
  version: int({ minimum: 1 }),
};
const SUMMARY_REQUIRED = [
  'claimId',
  'partnerId',
  'status',
  'overdue',
  'submissionCount',
  'hasDuplicateFlags',
  'kind',
  'version',
] as const;
export const ReviewItemSummary = component('ReviewItemSummary', object(SUMMARY_PROPERTIES, SUMMARY_REQUIRED));
export const ReviewQueue = component('ReviewQueue', page(ReviewItemSummary, str()));

export const ReviewItem = component(
  'ReviewItem',
  object(
    {
      ...SUMMARY_PROPERTIES,
      preApprovalId: str(),
      executionDate: DATE,
      approvedAmount: Money,
      confirmedStatus: ReviewItemStatus,
      pendingDecision: object({
        decision: enumOf(REVIEW_DECISIONS),
        reviewerId: str(),
        decidedAt: TIMESTAMP,
        expectedClaimRevision: int(),
      }),
      claimRevision: int({ minimum: 0 }),
      firstSubmittedAt: TIMESTAMP,
      decidedAt: TIMESTAMP,
      lastActionRequest: object({ reasonCodes: arrayOf(str()), message: str() }),
      /** The partner's dispute of a rejection, with its outcome once resolved. */
      dispute: ReviewItemDispute,
      /** Ids only: the gateway turns them into download links through the documents service. */
      documents: arrayOf(
        object(
          {
            documentId: ID,
            kind: DocumentKind,
            note: str(),
            inLatestSubmission: bool,
            duplicateFlags: arrayOf(DuplicateFlag),
          },
          ['documentId', 'inLatestSubmission', 'duplicateFlags'],
        ),
      ),
      duplicateFlags: arrayOf(DuplicateFlag),
      history: arrayOf(
        object(
          {
            at: TIMESTAMP,
            kind: str({ description: 'claim.submitted, decision.approve, assigned, overdue, ...' }),
            actor: str(),
            claimRevision: int(),
            details: anyObject,
          },
          ['at', 'kind', 'actor'],
        ),
      ),
    },
    [...SUMMARY_REQUIRED, 'confirmedStatus', 'claimRevision', 'documents', 'duplicateFlags', 'history'],
  ),
);

// ---- figures (figures/figures.ts) ----
const FIGURE_PROPERTIES = {
  queueLength: int({ minimum: 0 }),
  queued: int({ minimum: 0 }),
  inReview: int({ minimum: 0 }),
  waitingForPartner: int({ minimum: 0 }),
  overdue: int({ minimum: 0 }),
  decided: int({ minimum: 0 }),
  disputesOpen: int({ minimum: 0, description: 'disputes of rejections not resolved yet' }),
  disputesResolved: DisputeOutcomeCounts,
  medianSecondsToDecision: nullable(num({ minimum: 0 })),
};
export const ReviewFigures = component(
  'ReviewFigures',
  object({
    asOf: TIMESTAMP,
    decisionWindowDays: int({ minimum: 1 }),
    decisionSampleCapped: bool,
    total: object(FIGURE_PROPERTIES),
    programs: arrayOf(object({ programId: str(), ...FIGURE_PROPERTIES })),
  }),
);

/** The reason codes a reviewer may give, per outcome. */
const REASON_CODE_LISTS = Object.fromEntries(REVIEW_OUTCOMES.map((o) => [o, arrayOf(REASON_CODE)])) as {
  [O in ReviewOutcome]: Shape<readonly string[]>;
};
export const ReasonCodes = component('ReasonCodes', object(REASON_CODE_LISTS));

// ---- pre-approvals (pre-approvals.service.ts) ----
export const PreApproval = component(
  'PreApproval',
  object(
    {
      preApprovalId: str({ pattern: PRE_APPROVAL_ID_PATTERN.source }),
      partnerId: ID,
      campaignId: ID,
      description: str(),
      validFrom: TIMESTAMP,
      validUntil: TIMESTAMP,
      status: PreApprovalStatus,
      grantedAt: TIMESTAMP,
      grantedBy: str({ description: 'review team only' }),
      revokedAt: TIMESTAMP,
      revokedBy: str({ description: 'review team only' }),
      revokeReason: str(),
    },
    ['preApprovalId', 'partnerId', 'campaignId', 'validFrom', 'validUntil', 'status', 'grantedAt'],
  ),
);
export const PreApprovalList = component('PreApprovalList', page(PreApproval, str()));
