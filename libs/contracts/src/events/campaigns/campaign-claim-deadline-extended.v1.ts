import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { CAMPAIGN_HEAD_PROPERTIES, CAMPAIGN_HEAD_REQUIRED, type CampaignEventHead } from './campaign-head';
import { DATE, ID, TEXT, TIMESTAMP } from '../common';

export interface CampaignClaimDeadlineExtendedV1Data extends CampaignEventHead {
  /** The last day a claim could be submitted before the change. */
  previousDeadline: string;
  /** The new last day (end of day UTC); always later than the previous one. */
  claimDeadline: string;
  reason?: string;
  extendedBy: string;
  extendedAt: string;
}

export const campaignClaimDeadlineExtendedV1 = defineEvent<CampaignClaimDeadlineExtendedV1Data>()({
  type: 'poe.claims.campaign.claim-deadline-extended.v1',
  topic: TOPICS.campaign,
  summary: "The vendor moved a campaign's claim deadline later; drafts can be submitted until the new date.",
  subjectField: 'campaignId',
  schema: {
    type: 'object',
    required: [...CAMPAIGN_HEAD_REQUIRED, 'previousDeadline', 'claimDeadline', 'extendedBy', 'extendedAt'],
    properties: {
      ...CAMPAIGN_HEAD_PROPERTIES,
      previousDeadline: DATE,
      claimDeadline: DATE,
      reason: TEXT,
      extendedBy: ID,
      extendedAt: TIMESTAMP,
    },
  },
  example: {
    campaignId: 'CMP-2026-0007',
    partnerId: 'PRT-1001',
    programId: 'PRG-COOP-2026',
    revision: 9,
    previousDeadline: '2027-01-14',
    claimDeadline: '2027-02-15',
    reason: 'Invoices from the event agency arrived late.',
    extendedBy: 'rev-0031',
    extendedAt: '2027-01-10T09:00:00.000Z',
  },
});
