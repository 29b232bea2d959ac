import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { ID, MONEY, Money, SHA256, TIMESTAMP } from '../common';

export interface CsrGeneratedV1Data {
  /** The stored PDF. */
  documentId: string;
  partnerId: string;
  claimId: string;
  sha256: string;
  size: number;
  contentType: 'application/pdf';
  /** Total of the report's cost lines. */
  total: Money;
  certifiedBy: { name: string; title: string };
  generatedAt: string;
}

export const csrGeneratedV1 = defineEvent<CsrGeneratedV1Data>()({
  type: 'poe.documents.document.csr-generated.v1',
  topic: TOPICS.document,
  summary: "A Certification Service Report PDF was generated from the partner's answers and stored.",
  subjectField: 'documentId',
  schema: {
    type: 'object',
    required: [
      'documentId',
      'partnerId',
      'claimId',
      'sha256',
      'size',
      'contentType',
      'total',
      'certifiedBy',
      'generatedAt',
    ],
    properties: {
      documentId: ID,
      partnerId: ID,
      claimId: ID,
      sha256: SHA256,
      size: { type: 'integer', minimum: 1 },
      contentType: { const: 'application/pdf' },
      total: MONEY,
      certifiedBy: {
        type: 'object',
        required: ['name', 'title'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 },
          title: { type: 'string', minLength: 1, maxLength: 200 },
        },
      },
      generatedAt: TIMESTAMP,
    },
  },
  example: {
    documentId: 'DOC-c0ffee',
    partnerId: 'PRT-1001',
    claimId: 'CLM-2026-000042',
    sha256: 'e3b98a4da31a127d4bde6e43033f66ba274cab0eb7eb1c70ec41402bf6273dd8',
    size: 48213,
    contentType: 'application/pdf',
    total: { amount: '1180.50', currency: 'EUR' },
    certifiedBy: { name: 'Dana Whitfield', title: 'Marketing Director' },
    generatedAt: '2026-11-21T14:03:30.000Z',
  },
});
