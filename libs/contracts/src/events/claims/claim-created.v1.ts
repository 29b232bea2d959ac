import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { DATE, ID, MONEY, Money, REVISION, TEXT, TIMESTAMP } from '../common';

export interface ClaimCreatedV1Data {
  claimId: string;
  partnerId: string;
  programId: string;
  campaignId: string;
  revision: number;
  /** The PoE name the partner typed. */
  name: string;
  /** When the activity was executed; within the campaign's start and end date. */
  executionDate: string;
  amount: Money;
  createdBy: string;
  createdAt: string;
}

export const claimCreatedV1 = defineEvent<ClaimCreatedV1Data>()({
  type: 'poe.claims.claim.created.v1',
  topic: TOPICS.claim,
  summary: 'A partner added a proof of execution on a campaign activity; the claim is a draft (EDITING).',
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: [
      'claimId',
      'partnerId',
      'programId',
      'campaignId',
      'revision',
      'name',
      'executionDate',
      'amount',
      'createdBy',
      'createdAt',
    ],
    properties: {
      claimId: ID,
      partnerId: ID,
      programId: ID,
      campaignId: ID,
      revision: REVISION,
      name: { ...TEXT, minLength: 1, maxLength: 200 },
      executionDate: DATE,
      amount: MONEY,
      createdBy: ID,
      createdAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000042',
    partnerId: 'PRT-1001',
    programId: 'PRG-COOP-2026',
    campaignId: 'CMP-2026-0007',
    revision: 1,
    name: 'Q4 webinar series',
    executionDate: '2026-11-10',
    amount: { amount: '1250.00', currency: 'EUR' },
    createdBy: 'usr-7f3a',
    createdAt: '2026-11-20T09:30:00.000Z',
  },
});
