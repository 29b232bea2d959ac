import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { ID, MONEY, Money, REVISION, TEXT, TIMESTAMP } from '../common';

export interface ClaimApprovedV1Data {
  claimId: string;
  partnerId: string;
  programId: string;
  campaignId: string;
  revision: number;
  claimedAmount: Money;
  /** What the submission made reimbursable (absent on events from before the rules: the claimed amount). */
  reimbursableAmount?: Money;
  /** What will be paid; at most the reimbursable amount. */
  approvedAmount: Money;
  message?: string;
  approvedBy: string;
  approvedAt: string;
  /** True when this decision resolved the partner's dispute of an earlier rejection (docs/claims.md, "Disputes"). */
  dispute?: boolean;
}

export const claimApprovedV1 = defineEvent<ClaimApprovedV1Data>()({
  type: 'poe.claims.claim.approved.v1',
  topic: TOPICS.claim,
  summary: 'The claim was approved (final); the approved amount is committed from the campaign funds.',
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: [
      'claimId',
      'partnerId',
      'programId',
      'campaignId',
      'revision',
      'claimedAmount',
      'approvedAmount',
      'approvedBy',
      'approvedAt',
    ],
    properties: {
      dispute: { type: 'boolean' },
      claimId: ID,
      partnerId: ID,
      programId: ID,
      campaignId: ID,
      revision: REVISION,
      claimedAmount: MONEY,
      reimbursableAmount: MONEY,
      approvedAmount: MONEY,
      message: TEXT,
      approvedBy: ID,
      approvedAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000042',
    partnerId: 'PRT-1001',
    programId: 'PRG-COOP-2026',
    campaignId: 'CMP-2026-0007',
    revision: 9,
    claimedAmount: { amount: '1180.50', currency: 'EUR' },
    reimbursableAmount: { amount: '1180.50', currency: 'EUR' },
    approvedAmount: { amount: '1100.00', currency: 'EUR' },
    message: 'Catering is not eligible for co-op funds.',
    approvedBy: 'rev-0031',
    approvedAt: '2026-12-03T16:45:00.000Z',
  },
});
