import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { REVIEW_DECISIONS, ReviewDecision } from '../../vocabulary';
import { ID, MONEY, Money, REASON_CODES_SCHEMA, REVISION, TEXT, TIMESTAMP } from '../common';

export interface ReviewDecisionMadeV1Data {
  claimId: string;
  partnerId: string;
  decision: ReviewDecision;
  /** At least one for request_action and reject. */
  reasonCodes: string[];
  /** Required for request_action and reject. */
  message?: string;
  /** Required for approve; may be lower than the claimed amount. */
  approvedAmount?: Money;
  reviewerId: string;
  decidedAt: string;
  /** The claim revision the reviewer looked at; claims ignores the decision if the claim moved on. */
  expectedClaimRevision?: number;
}

export const reviewDecisionMadeV1 = defineEvent<ReviewDecisionMadeV1Data>()({
  type: 'poe.review.review.decision-made.v1',
  topic: TOPICS.review,
  summary: 'A reviewer decided on a claim; the claims service applies it to the claim status.',
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: ['claimId', 'partnerId', 'decision', 'reasonCodes', 'reviewerId', 'decidedAt'],
    properties: {
      claimId: ID,
      partnerId: ID,
      decision: { type: 'string', enum: REVIEW_DECISIONS },
      reasonCodes: REASON_CODES_SCHEMA,
      message: TEXT,
      approvedAmount: MONEY,
      reviewerId: ID,
      decidedAt: TIMESTAMP,
      expectedClaimRevision: REVISION,
    },
    allOf: [
      {
        if: { properties: { decision: { enum: ['request_action', 'reject'] } } },
        then: {
          required: ['message'],
          properties: {
            reasonCodes: { type: 'array', minItems: 1 },
            message: { type: 'string', minLength: 1 },
          },
        },
      },
      {
        if: { properties: { decision: { const: 'approve' } } },
        then: { required: ['approvedAmount'] },
      },
    ],
  },
  example: {
    claimId: 'CLM-2026-000042',
    partnerId: 'PRT-1001',
    decision: 'approve',
    reasonCodes: ['PARTIAL_APPROVAL'],
    message: 'Catering is not eligible for co-op funds.',
    approvedAmount: { amount: '1100.00', currency: 'EUR' },
    reviewerId: 'rev-0031',
    decidedAt: '2026-12-03T16:44:58.000Z',
    expectedClaimRevision: 8,
  },
});
