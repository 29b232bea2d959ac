import { ID, REVISION } from '../common';

/** What every campaign event starts with: which campaign, whose, in which program, at which revision. */
export interface CampaignEventHead {
  campaignId: string;
  partnerId: string;
  programId: string;
  /** The campaign's revision after the change; a consumer keeps the highest it has seen. */
  revision: number;
}

export const CAMPAIGN_HEAD_REQUIRED = ['campaignId', 'partnerId', 'programId', 'revision'] as const;

export const CAMPAIGN_HEAD_PROPERTIES = {
  campaignId: ID,
  partnerId: ID,
  programId: ID,
  revision: REVISION,
} as const;
