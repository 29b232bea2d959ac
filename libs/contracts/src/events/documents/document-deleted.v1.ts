import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { ID, TIMESTAMP } from '../common';

export interface DocumentDeletedV1Data {
  documentId: string;
  partnerId: string;
  /** A partner may delete only documents of a claim never submitted; the rest expire by retention. */
  reason: 'partner_request' | 'retention_expired';
  /** Absent when the retention job deleted it. */
  deletedBy?: string;
  /**
   * Which retention rule removed it (only with reason retention_expired): an upload never attached
   * to a claim within the allowed age, or the retention period after the activity date ended.
   */
  retentionRule?: 'unattached_upload' | 'retention_period';
  deletedAt: string;
}

export const documentDeletedV1 = defineEvent<DocumentDeletedV1Data>()({
  type: 'poe.documents.document.deleted.v1',
  topic: TOPICS.document,
  summary: 'A document was removed from the object store, by its uploader or by the retention job.',
  subjectField: 'documentId',
  schema: {
    type: 'object',
    required: ['documentId', 'partnerId', 'reason', 'deletedAt'],
    properties: {
      documentId: ID,
      partnerId: ID,
      reason: { type: 'string', enum: ['partner_request', 'retention_expired'] },
      deletedBy: ID,
      retentionRule: { type: 'string', enum: ['unattached_upload', 'retention_period'] },
      deletedAt: TIMESTAMP,
    },
  },
  example: {
    documentId: 'DOC-51aa90',
    partnerId: 'PRT-1001',
    reason: 'partner_request',
    deletedBy: 'usr-7f3a',
    deletedAt: '2026-11-21T14:00:05.000Z',
  },
});
