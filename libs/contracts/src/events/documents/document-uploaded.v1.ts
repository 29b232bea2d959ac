import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { DOCUMENT_KIND, DocumentKind, ID, SHA256, TIMESTAMP } from '../common';

export interface DocumentUploadedV1Data {
  documentId: string;
  partnerId: string;
  /** The claim the upload was made for, when known at upload time. */
  claimId?: string;
  kind: DocumentKind;
  fileName: string;
  sha256: string;
  /** Bytes. */
  size: number;
  contentType: string;
  /** Earlier documents of any partner with the same SHA-256, for the duplicate-invoice flag. */
  duplicateOf: string[];
  uploadedBy: string;
  uploadedAt: string;
}

export const documentUploadedV1 = defineEvent<DocumentUploadedV1Data>()({
  type: 'poe.documents.document.uploaded.v1',
  topic: TOPICS.document,
  summary: 'A file passed validation and is stored; duplicateOf lists earlier files with the same hash.',
  subjectField: 'documentId',
  schema: {
    type: 'object',
    required: [
      'documentId',
      'partnerId',
      'kind',
      'fileName',
      'sha256',
      'size',
      'contentType',
      'duplicateOf',
      'uploadedBy',
      'uploadedAt',
    ],
    properties: {
      documentId: ID,
      partnerId: ID,
      claimId: ID,
      kind: DOCUMENT_KIND,
      fileName: { type: 'string', minLength: 1, maxLength: 255 },
      sha256: SHA256,
      size: { type: 'integer', minimum: 1 },
      contentType: { type: 'string', pattern: '^[a-z]+/[a-zA-Z0-9.+-]+$' },
      duplicateOf: { type: 'array', items: ID },
      uploadedBy: ID,
      uploadedAt: TIMESTAMP,
    },
  },
  example: {
    documentId: 'DOC-3b9f07',
    partnerId: 'PRT-1001',
    claimId: 'CLM-2026-000042',
    kind: 'invoice',
    fileName: 'invoice-4471.pdf',
    sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    size: 182344,
    contentType: 'application/pdf',
    duplicateOf: [],
    uploadedBy: 'usr-7f3a',
    uploadedAt: '2026-11-21T13:58:40.000Z',
  },
});
