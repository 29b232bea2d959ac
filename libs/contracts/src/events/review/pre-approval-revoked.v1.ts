import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { ID, PRE_APPROVAL_ID, TEXT, TIMESTAMP } from '../common';

export interface PreApprovalRevokedV1Data {
  preApprovalId: string;
  partnerId: string;
  campaignId: string;
  reason: string;
  revokedBy: string;
  revokedAt: string;
}

export const preApprovalRevokedV1 = defineEvent<PreApprovalRevokedV1Data>()({
  type: 'poe.review.pre-approval.revoked.v1',
  topic: TOPICS.review,
  summary: 'A pre-approval was withdrawn; claims may no longer cite it.',
  subjectField: 'preApprovalId',
  schema: {
    type: 'object',
    required: ['preApprovalId', 'partnerId', 'campaignId', 'reason', 'revokedBy', 'revokedAt'],
    properties: {
      preApprovalId: PRE_APPROVAL_ID,
      partnerId: ID,
      campaignId: ID,
      reason: { ...TEXT, minLength: 1 },
      revokedBy: ID,
      revokedAt: TIMESTAMP,
    },
  },
  example: {
    preApprovalId: 'PA-2026-000123',
    partnerId: 'PRT-1001',
    campaignId: 'CMP-2026-0007',
    reason: 'The landing page now uses an outdated logo.',
    revokedBy: 'rev-0031',
    revokedAt: '2026-11-30T09:00:00.000Z',
  },
});
