import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { ID, PRE_APPROVAL_ID, TEXT, TIMESTAMP } from '../common';

export interface PreApprovalGrantedV1Data {
  preApprovalId: string;
  partnerId: string;
  campaignId: string;
  /** What was approved, e.g. the marketing materials. */
  description?: string;
  validFrom: string;
  /** A claim citing the pre-approval after this instant is rejected as expired. */
  validUntil: string;
  grantedBy: string;
  grantedAt: string;
}

export const preApprovalGrantedV1 = defineEvent<PreApprovalGrantedV1Data>()({
  type: 'poe.review.pre-approval.granted.v1',
  topic: TOPICS.review,
  summary: "The review team approved a partner's marketing materials for a campaign.",
  subjectField: 'preApprovalId',
  schema: {
    type: 'object',
    required: ['preApprovalId', 'partnerId', 'campaignId', 'validFrom', 'validUntil', 'grantedBy', 'grantedAt'],
    properties: {
      preApprovalId: PRE_APPROVAL_ID,
      partnerId: ID,
      campaignId: ID,
      description: TEXT,
      validFrom: TIMESTAMP,
      validUntil: TIMESTAMP,
      grantedBy: ID,
      grantedAt: TIMESTAMP,
    },
  },
  example: {
    preApprovalId: 'PA-2026-000123',
    partnerId: 'PRT-1001',
    campaignId: 'CMP-2026-0007',
    description: 'Webinar invitation e-mail and landing page.',
    validFrom: '2026-10-01T00:00:00.000Z',
    validUntil: '2027-01-31T23:59:59.999Z',
    grantedBy: 'rev-0031',
    grantedAt: '2026-09-28T15:10:00.000Z',
  },
});
