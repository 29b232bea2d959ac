import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { ID, MONEY, Money, REVISION, TEXT, TIMESTAMP } from '../common';

export interface ClaimWithdrawnV1Data {
  claimId: string;
  partnerId: string;
  campaignId: string;
  revision: number;
  /** The status it was withdrawn from: EDITING, SUBMITTED, UNDER_REVIEW, ACTION_REQUIRED or DISPUTED. */
  fromStatus: string;
  /** What goes back to the campaign's remaining funds; absent when the claim held none (a draft). */
  releasedAmount?: Money;
  reason?: string;
  withdrawnBy: string;
  withdrawnAt: string;
}

export const claimWithdrawnV1 = defineEvent<ClaimWithdrawnV1Data>()({
  type: 'poe.claims.claim.withdrawn.v1',
  topic: TOPICS.claim,
  summary:
    'The partner withdrew a claim no one had decided yet (final); funds it held are released and its review item is closed.',
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: ['claimId', 'partnerId', 'campaignId', 'revision', 'fromStatus', 'withdrawnBy', 'withdrawnAt'],
    properties: {
      claimId: ID,
      partnerId: ID,
      campaignId: ID,
      revision: REVISION,
      fromStatus: { type: 'string', enum: ['EDITING', 'SUBMITTED', 'UNDER_REVIEW', 'ACTION_REQUIRED', 'DISPUTED'] },
      releasedAmount: MONEY,
      reason: TEXT,
      withdrawnBy: ID,
      withdrawnAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000044',
    partnerId: 'PRT-1001',
    campaignId: 'CMP-2026-0007',
    revision: 6,
    fromStatus: 'UNDER_REVIEW',
    releasedAmount: { amount: '640.00', currency: 'EUR' },
    reason: 'The event was cancelled; we will not claim it.',
    withdrawnBy: 'usr-7f3a',
    withdrawnAt: '2026-12-02T11:00:00.000Z',
  },
});
