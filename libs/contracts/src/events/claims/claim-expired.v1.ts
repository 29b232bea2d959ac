import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { DATE, ID, REVISION, TIMESTAMP } from '../common';

export interface ClaimExpiredV1Data {
  claimId: string;
  partnerId: string;
  campaignId: string;
  revision: number;
  /** The campaign's claim deadline the draft was not submitted by. */
  claimDeadline: string;
  expiredAt: string;
}

export const claimExpiredV1 = defineEvent<ClaimExpiredV1Data>()({
  type: 'poe.claims.claim.expired.v1',
  topic: TOPICS.claim,
  summary: 'A draft never submitted by its campaign claim deadline expired (final); it held no funds, so none move.',
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: ['claimId', 'partnerId', 'campaignId', 'revision', 'claimDeadline', 'expiredAt'],
    properties: {
      claimId: ID,
      partnerId: ID,
      campaignId: ID,
      revision: REVISION,
      claimDeadline: DATE,
      expiredAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000045',
    partnerId: 'PRT-1001',
    campaignId: 'CMP-2026-0007',
    revision: 3,
    claimDeadline: '2027-01-14',
    expiredAt: '2027-01-15T00:01:00.000Z',
  },
});
