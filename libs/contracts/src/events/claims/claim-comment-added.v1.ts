import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { ID, REVISION, TEXT, TIMESTAMP } from '../common';

export interface ClaimCommentAddedV1Data {
  claimId: string;
  partnerId: string;
  revision: number;
  text: string;
  addedBy: string;
  addedAt: string;
}

export const claimCommentAddedV1 = defineEvent<ClaimCommentAddedV1Data>()({
  type: 'poe.claims.claim.comment-added.v1',
  topic: TOPICS.claim,
  summary: "A partner's final comment or a reviewer's remark was added to the claim.",
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: ['claimId', 'partnerId', 'revision', 'text', 'addedBy', 'addedAt'],
    properties: {
      claimId: ID,
      partnerId: ID,
      revision: REVISION,
      text: { ...TEXT, minLength: 1 },
      addedBy: ID,
      addedAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000042',
    partnerId: 'PRT-1001',
    revision: 4,
    text: 'Recording and attendee list on request.',
    addedBy: 'usr-7f3a',
    addedAt: '2026-11-21T14:05:00.000Z',
  },
});
