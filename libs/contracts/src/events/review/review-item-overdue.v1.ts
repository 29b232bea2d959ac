import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { ID, TIMESTAMP } from '../common';

export interface ReviewItemOverdueV1Data {
  claimId: string;
  partnerId: string;
  reviewDueAt: string;
  /** The reviewer the item is assigned to, if any. */
  assigneeId?: string;
  detectedAt: string;
}

export const reviewItemOverdueV1 = defineEvent<ReviewItemOverdueV1Data>()({
  type: 'poe.review.review.item-overdue.v1',
  topic: TOPICS.review,
  summary: 'A claim in the review queue passed its review due date without a final decision.',
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: ['claimId', 'partnerId', 'reviewDueAt', 'detectedAt'],
    properties: {
      claimId: ID,
      partnerId: ID,
      reviewDueAt: TIMESTAMP,
      assigneeId: ID,
      detectedAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000042',
    partnerId: 'PRT-1001',
    reviewDueAt: '2026-12-31T23:59:59.999Z',
    assigneeId: 'rev-0031',
    detectedAt: '2027-01-01T00:05:00.000Z',
  },
});
