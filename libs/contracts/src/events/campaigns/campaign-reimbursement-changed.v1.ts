import { defineEvent } from '../../define-event';
import { CONTRIBUTION_RATIO_PATTERN } from '../../reimbursement';
import { TOPICS } from '../../topics';
import { CAMPAIGN_HEAD_PROPERTIES, CAMPAIGN_HEAD_REQUIRED, type CampaignEventHead } from './campaign-head';
import { ID, MONEY, Money, TEXT, TIMESTAMP } from '../common';

/** A campaign's reimbursement rules in events; no cap when `capPerClaim` is absent. */
export interface ReimbursementRulesData {
  /** "0.5": the vendor pays half of the claimed cost. */
  contributionRatio: string;
  capPerClaim?: Money;
}

export interface CampaignReimbursementChangedV1Data extends CampaignEventHead, ReimbursementRulesData {
  /** The rules before the change. */
  previous: ReimbursementRulesData;
  reason?: string;
  changedBy: string;
  changedAt: string;
}

const RULES = {
  contributionRatio: { type: 'string', pattern: CONTRIBUTION_RATIO_PATTERN },
  capPerClaim: MONEY,
} as const;

export const campaignReimbursementChangedV1 = defineEvent<CampaignReimbursementChangedV1Data>()({
  type: 'poe.claims.campaign.reimbursement-changed.v1',
  topic: TOPICS.campaign,
  summary:
    "The vendor changed a campaign's contribution ratio or cap per claim; claims submitted from now on are reimbursed by the new rules, claims already submitted keep theirs.",
  subjectField: 'campaignId',
  schema: {
    type: 'object',
    required: [...CAMPAIGN_HEAD_REQUIRED, 'previous', 'contributionRatio', 'changedBy', 'changedAt'],
    properties: {
      ...CAMPAIGN_HEAD_PROPERTIES,
      previous: { type: 'object', required: ['contributionRatio'], properties: RULES },
      ...RULES,
      reason: TEXT,
      changedBy: ID,
      changedAt: TIMESTAMP,
    },
  },
  example: {
    campaignId: 'CMP-2026-0007',
    partnerId: 'PRT-1001',
    programId: 'PRG-COOP-2026',
    revision: 10,
    previous: { contributionRatio: '1' },
    contributionRatio: '0.5',
    capPerClaim: { amount: '2500.00', currency: 'EUR' },
    reason: 'The program pays half of each webinar, at most 2,500.00 per claim.',
    changedBy: 'rev-0031',
    changedAt: '2027-01-10T09:00:00.000Z',
  },
});
