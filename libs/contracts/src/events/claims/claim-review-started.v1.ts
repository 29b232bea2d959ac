import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { ID, REVISION, TIMESTAMP } from '../common';

export interface ClaimReviewStartedV1Data {
  claimId: string;
  partnerId: string;
  revision: number;
  reviewerId: string;
  startedAt: string;
}

export const claimReviewStartedV1 = defineEvent<ClaimReviewStartedV1Data>()({
  type: 'poe.claims.claim.review-started.v1',
  topic: TOPICS.claim,
  summary: 'A reviewer picked up the claim (UNDER_REVIEW).',
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: ['claimId', 'partnerId', 'revision', 'reviewerId', 'startedAt'],
    properties: {
      claimId: ID,
      partnerId: ID,
      revision: REVISION,
      reviewerId: ID,
      startedAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000042',
    partnerId: 'PRT-1001',
    revision: 5,
    reviewerId: 'rev-0031',
    startedAt: '2026-11-26T08:00:00.000Z',
  },
});
