import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { ID, MONEY, Money, REASON_CODES_SCHEMA, REVISION, TEXT, TIMESTAMP } from '../common';

export interface ClaimRejectedV1Data {
  claimId: string;
  partnerId: string;
  campaignId: string;
  revision: number;
  /** Released back to the campaign's remaining funds. */
  claimedAmount: Money;
  reasonCodes: string[];
  message: string;
  rejectedBy: string;
  rejectedAt: string;
  /** True when this decision resolved the partner's dispute of an earlier rejection (docs/claims.md, "Disputes"). */
  dispute?: boolean;
}

export const claimRejectedV1 = defineEvent<ClaimRejectedV1Data>()({
  type: 'poe.claims.claim.rejected.v1',
  topic: TOPICS.claim,
  summary: 'The claim was rejected (final); its reserved funds are released.',
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: [
      'claimId',
      'partnerId',
      'campaignId',
      'revision',
      'claimedAmount',
      'reasonCodes',
      'message',
      'rejectedBy',
      'rejectedAt',
    ],
    properties: {
      dispute: { type: 'boolean' },
      claimId: ID,
      partnerId: ID,
      campaignId: ID,
      revision: REVISION,
      claimedAmount: MONEY,
      reasonCodes: { ...REASON_CODES_SCHEMA, minItems: 1 },
      message: { ...TEXT, minLength: 1 },
      rejectedBy: ID,
      rejectedAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000043',
    partnerId: 'PRT-1001',
    campaignId: 'CMP-2026-0007',
    revision: 7,
    claimedAmount: { amount: '640.00', currency: 'EUR' },
    reasonCodes: ['DATE_OUTSIDE_CAMPAIGN', 'DUPLICATE_INVOICE'],
    message: 'The activity ran after the campaign ended and the invoice was already claimed.',
    rejectedBy: 'rev-0031',
    rejectedAt: '2026-12-02T10:00:00.000Z',
  },
});
