import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { DOCUMENT_KIND, DocumentKind, ID, REVISION, TEXT, TIMESTAMP } from '../common';

export interface ClaimEvidenceAttachedV1Data {
  claimId: string;
  partnerId: string;
  revision: number;
  documentId: string;
  kind: DocumentKind;
  /** The partner's explanation; required for proof documents. */
  note?: string;
  attachedBy: string;
  attachedAt: string;
}

export const claimEvidenceAttachedV1 = defineEvent<ClaimEvidenceAttachedV1Data>()({
  type: 'poe.claims.claim.evidence-attached.v1',
  topic: TOPICS.claim,
  summary: 'An invoice, a generated CSR or a proof document was attached to a draft claim.',
  subjectField: 'claimId',
  schema: {
    type: 'object',
    required: ['claimId', 'partnerId', 'revision', 'documentId', 'kind', 'attachedBy', 'attachedAt'],
    properties: {
      claimId: ID,
      partnerId: ID,
      revision: REVISION,
      documentId: ID,
      kind: DOCUMENT_KIND,
      note: { ...TEXT, minLength: 1 },
      attachedBy: ID,
      attachedAt: TIMESTAMP,
    },
    allOf: [{ if: { properties: { kind: { const: 'proof' } } }, then: { required: ['note'] } }],
  },
  example: {
    claimId: 'CLM-2026-000042',
    partnerId: 'PRT-1001',
    revision: 3,
    documentId: 'DOC-8c1e52',
    kind: 'proof',
    note: 'Screenshot of the webinar landing page with the vendor logo.',
    attachedBy: 'usr-7f3a',
    attachedAt: '2026-11-21T14:05:00.000Z',
  },
});
