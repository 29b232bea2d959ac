import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { DATE, ID, MONEY, Money, REVISION, TEXT, TIMESTAMP } from '../common';

export interface ClaimUpdatedV1Data {
  claimId: string;
  partnerId: string;
  revision: number;
  /** Names of the claim fields this change touched, e.g. ["amount", "estimatedImpressions"]. */
  changedFields: string[];
  /** Current values of the fields other services show; the rest stays in the claim's history. */
  name: string;
  executionDate: string;
  amount: Money;
  updatedBy: string;
  updatedAt: string;
}

export const claimUpdatedV1 = defineEvent<ClaimUpdatedV1Data>()({
  type: 'poe.claims.claim.updated.v1',
  topic: TOPICS.claim,
  summary: 'A partner changed a draft claim (EDITING).',
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: [
      'claimId',
      'partnerId',
      'revision',
      'changedFields',
      'name',
      'executionDate',
      'amount',
      'updatedBy',
      'updatedAt',
    ],
    properties: {
      claimId: ID,
      partnerId: ID,
      revision: REVISION,
      changedFields: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      name: { ...TEXT, minLength: 1, maxLength: 200 },
      executionDate: DATE,
      amount: MONEY,
      updatedBy: ID,
      updatedAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000042',
    partnerId: 'PRT-1001',
    revision: 2,
    changedFields: ['amount'],
    name: 'Q4 webinar series',
    executionDate: '2026-11-10',
    amount: { amount: '1180.50', currency: 'EUR' },
    updatedBy: 'usr-7f3a',
    updatedAt: '2026-11-21T14:02:11.000Z',
  },
});
