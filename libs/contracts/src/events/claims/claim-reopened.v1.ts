import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { ID, REVISION, TIMESTAMP } from '../common';

export interface ClaimReopenedV1Data {
  claimId: string;
  partnerId: string;
  revision: number;
  reopenedBy: string;
  reopenedAt: string;
}

export const claimReopenedV1 = defineEvent<ClaimReopenedV1Data>()({
  type: 'poe.claims.claim.reopened.v1',
  topic: TOPICS.claim,
  summary:
    "The partner's first change to an ACTION_REQUIRED claim moved it back to EDITING (the change itself follows as its own event).",
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: ['claimId', 'partnerId', 'revision', 'reopenedBy', 'reopenedAt'],
    properties: {
      claimId: ID,
      partnerId: ID,
      revision: REVISION,
      reopenedBy: ID,
      reopenedAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000042',
    partnerId: 'PRT-1001',
    revision: 7,
    reopenedBy: 'usr-7f3a',
    reopenedAt: '2026-11-28T09:12:40.000Z',
  },
});
