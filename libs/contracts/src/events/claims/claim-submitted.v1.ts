import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { CONTRIBUTION_RATIO_PATTERN } from '../../reimbursement';
import { ID, MONEY, Money, PRE_APPROVAL_ID, REVISION, TIMESTAMP } from '../common';

/** Raised for reviewers when an invoice looks like one already used. */
export interface DuplicateFlag {
  reason: 'same_file_hash' | 'same_vendor_invoice_number';
  documentId: string;
  /** Other claims holding the same invoice. */
  matchingClaimIds: string[];
}

export interface ClaimSubmittedV1Data {
  claimId: string;
  partnerId: string;
  programId: string;
  campaignId: string;
  revision: number;
  preApprovalId: string;
  /** The claimed cost. */
  amount: Money;
  /**
   * What the campaign reimburses of it (amount x contributionRatio, rounded down, at most
   * capPerClaim): reserved from the campaign's remaining funds on submit, and the most a reviewer
   * may approve. Absent on events from before the rules existed: the whole amount.
   */
  reimbursable?: Money;
  /** The rules this submission froze (docs/reimbursement.md). */
  contributionRatio?: string;
  /** Absent: no cap. */
  capPerClaim?: Money;
  documentIds: string[];
  duplicateFlags?: DuplicateFlag[];
  submittedBy: string;
  submittedAt: string;
  /** End of the last day of the month after the month of submission. */
  reviewDueAt: string;
}

export const claimSubmittedV1 = defineEvent<ClaimSubmittedV1Data>()({
  type: 'poe.claims.claim.submitted.v1',
  topic: TOPICS.claim,
  summary: 'A partner submitted (or resubmitted) a claim; its reimbursable amount is reserved from the campaign funds.',
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: [
      'claimId',
      'partnerId',
      'programId',
      'campaignId',
      'revision',
      'preApprovalId',
      'amount',
      'documentIds',
      'submittedBy',
      'submittedAt',
      'reviewDueAt',
    ],
    properties: {
      claimId: ID,
      partnerId: ID,
      programId: ID,
      campaignId: ID,
      revision: REVISION,
      preApprovalId: PRE_APPROVAL_ID,
      amount: MONEY,
      reimbursable: MONEY,
      contributionRatio: { type: 'string', pattern: CONTRIBUTION_RATIO_PATTERN },
      capPerClaim: MONEY,
      documentIds: { type: 'array', minItems: 1, items: ID },
      duplicateFlags: {
        type: 'array',
        items: {
          type: 'object',
          required: ['reason', 'documentId', 'matchingClaimIds'],
          properties: {
            reason: { type: 'string', enum: ['same_file_hash', 'same_vendor_invoice_number'] },
            documentId: ID,
            matchingClaimIds: { type: 'array', items: ID },
          },
        },
      },
      submittedBy: ID,
      submittedAt: TIMESTAMP,
      reviewDueAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000042',
    partnerId: 'PRT-1001',
    programId: 'PRG-COOP-2026',
    campaignId: 'CMP-2026-0007',
    revision: 4,
    preApprovalId: 'PA-2026-000123',
    amount: { amount: '1180.50', currency: 'EUR' },
    reimbursable: { amount: '590.25', currency: 'EUR' },
    contributionRatio: '0.5',
    capPerClaim: { amount: '2500.00', currency: 'EUR' },
    documentIds: ['DOC-3b9f07', 'DOC-8c1e52'],
    duplicateFlags: [
      {
        reason: 'same_vendor_invoice_number',
        documentId: 'DOC-3b9f07',
        matchingClaimIds: ['CLM-2026-000017'],
      },
    ],
    submittedBy: 'usr-7f3a',
    submittedAt: '2026-11-24T10:15:00.000Z',
    reviewDueAt: '2026-12-31T23:59:59.999Z',
  },
});
