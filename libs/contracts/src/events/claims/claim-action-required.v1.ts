import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { ID, REASON_CODES_SCHEMA, REVISION, TEXT, TIMESTAMP } from '../common';

export interface ClaimActionRequiredV1Data {
  claimId: string;
  partnerId: string;
  revision: number;
  reasonCodes: string[];
  /** What the partner has to change, in the reviewer's words. */
  message: string;
  requestedBy: string;
  requestedAt: string;
  /** True when this decision resolved the partner's dispute of an earlier rejection (docs/claims.md, "Disputes"). */
  dispute?: boolean;
}

export const claimActionRequiredV1 = defineEvent<ClaimActionRequiredV1Data>()({
  type: 'poe.claims.claim.action-required.v1',
  topic: TOPICS.claim,
  summary: 'The review team sent the claim back to the partner for changes (ACTION_REQUIRED).',
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: ['claimId', 'partnerId', 'revision', 'reasonCodes', 'message', 'requestedBy', 'requestedAt'],
    properties: {
      dispute: { type: 'boolean' },
      claimId: ID,
      partnerId: ID,
      revision: REVISION,
      reasonCodes: { ...REASON_CODES_SCHEMA, minItems: 1 },
      message: { ...TEXT, minLength: 1 },
      requestedBy: ID,
      requestedAt: TIMESTAMP,
    },
  },
  example: {
    claimId: 'CLM-2026-000042',
    partnerId: 'PRT-1001',
    revision: 6,
    reasonCodes: ['INVOICE_ILLEGIBLE'],
    message: 'The invoice scan is unreadable; please upload a clearer copy.',
    requestedBy: 'rev-0031',
    requestedAt: '2026-11-27T11:20:00.000Z',
  },
});
