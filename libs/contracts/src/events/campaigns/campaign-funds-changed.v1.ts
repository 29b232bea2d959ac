import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { CAMPAIGN_HEAD_PROPERTIES, CAMPAIGN_HEAD_REQUIRED, type CampaignEventHead } from './campaign-head';
import { ID, MONEY, Money, TIMESTAMP } from '../common';

export interface CampaignFundsChangedV1Data extends CampaignEventHead {
  /** Why the balance moved. */
  reason: 'allocated' | 'claim_submitted' | 'claim_rejected' | 'claim_approved' | 'claim_withdrawn' | 'claim_disputed';
  /** The claim whose submit, rejection or approval moved the balance. */
  claimId?: string;
  /** The allocation (its reference in the campaign) that raised `allocated`, when it came from an allocation file. */
  allocationId?: string;
  allocated: Money;
  /** Held by submitted claims not decided yet (the "pending" column). */
  reserved: Money;
  approved: Money;
  /** allocated - reserved - approved. */
  remaining: Money;
  changedAt: string;
}

export const campaignFundsChangedV1 = defineEvent<CampaignFundsChangedV1Data>()({
  type: 'poe.claims.campaign.funds-changed.v1',
  topic: TOPICS.campaign,
  summary: "A campaign's co-op fund balance changed; carries the whole balance, not a delta.",
  subjectField: 'campaignId',
  schema: {
    type: 'object',
    required: [...CAMPAIGN_HEAD_REQUIRED, 'reason', 'allocated', 'reserved', 'approved', 'remaining', 'changedAt'],
    properties: {
      ...CAMPAIGN_HEAD_PROPERTIES,
      reason: {
        type: 'string',
        enum: ['allocated', 'claim_submitted', 'claim_rejected', 'claim_approved', 'claim_withdrawn', 'claim_disputed'],
      },
      claimId: ID,
      allocationId: ID,
      allocated: MONEY,
      reserved: MONEY,
      approved: MONEY,
      remaining: MONEY,
      changedAt: TIMESTAMP,
    },
  },
  example: {
    campaignId: 'CMP-2026-0007',
    partnerId: 'PRT-1001',
    programId: 'PRG-COOP-2026',
    revision: 12,
    reason: 'claim_submitted',
    claimId: 'CLM-2026-000042',
    allocated: { amount: '10000.00', currency: 'EUR' },
    reserved: { amount: '1180.50', currency: 'EUR' },
    approved: { amount: '3200.00', currency: 'EUR' },
    remaining: { amount: '5619.50', currency: 'EUR' },
    changedAt: '2026-11-24T10:15:00.000Z',
  },
});
