import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { DATE, ID, MONEY, Money, REASON_CODES_SCHEMA, REVISION, TEXT, TIMESTAMP } from '../common';

export interface ClaimDisputedV1Data {
  claimId: string;
  partnerId: string;
  programId: string;
  campaignId: string;
  revision: number;
  /** The partner's reason: why the rejection is wrong. */
  reason: string;
  /** New proof documents the dispute brings (also attached to the claim); may be empty. */
  newDocumentIds: string[];
  /** Every document the claim now cites (evidence, proof, the new ones), as a submission lists them. */
  documentIds: string[];
  claimedAmount: Money;
  /** Reserved again on the campaign: the reimbursable amount the rejected submission froze. */
  reimbursable: Money;
  /** The rejection being disputed. */
  rejectedAt: string;
  rejectionReasonCodes: string[];
  /** The last day of the dispute window the dispute came within. */
  disputeDeadline: string;
  disputedBy: string;
  disputedAt: string;
  /** The review due date of the dispute, counted like a submission's. */
  reviewDueAt: string;
}

export const claimDisputedV1 = defineEvent<ClaimDisputedV1Data>()({
  type: 'poe.claims.claim.disputed.v1',
  topic: TOPICS.claim,
  summary:
    "The partner disputed a rejection within the program's dispute window; the reimbursable amount is reserved again and the claim waits for the review team (DISPUTED).",
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: [
      'claimId',
      'partnerId',
      'programId',
      'campaignId',
      'revision',
      'reason',
      'newDocumentIds',
      'documentIds',
      'claimedAmount',
      'reimbursable',
      'rejectedAt',
      'rejectionReasonCodes',
      'disputeDeadline',
      'disputedBy',
      'disputedAt',
      'reviewDueAt',
    ],
    properties: {
      claimId: ID,
      partnerId: ID,
      programId: ID,
      campaignId: ID,
      revision: REVISION,
      reason: { ...TEXT, minLength: 1 },
      newDocumentIds: { type: 'array', items: ID, maxItems: 20 },
      documentIds: { type: 'array', items: ID, maxItems: 100 },
      claimedAmount: MONEY,
      reimbursable: MONEY,
      rejectedAt: TIMESTAMP,
      rejectionReasonCodes: REASON_CODES_SCHEMA,
      disputeDeadline: DATE,
      disputedBy: ID,
      disputedAt: TIMESTAMP,
      reviewDueAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000044',
    partnerId: 'PRT-1001',
    programId: 'PRG-COOP-2026',
    campaignId: 'CMP-2026-0007',
    revision: 9,
    reason: 'The webinar took place on 14 October; the attendance list attached shows it.',
    newDocumentIds: ['DOC-2026-000311'],
    documentIds: ['DOC-2026-000120', 'DOC-2026-000311'],
    claimedAmount: { amount: '1280.00', currency: 'EUR' },
    reimbursable: { amount: '640.00', currency: 'EUR' },
    rejectedAt: '2026-12-01T15:00:00.000Z',
    rejectionReasonCodes: ['ACTIVITY_NOT_ELIGIBLE'],
    disputeDeadline: '2026-12-08',
    disputedBy: 'usr-7f3a',
    disputedAt: '2026-12-02T11:00:00.000Z',
    reviewDueAt: '2027-01-31T23:59:59.999Z',
  },
});
