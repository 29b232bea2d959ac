/** The documents service's answers (documents.service.ts, toView). */
import { DocumentKind, ID, TIMESTAMP } from './common';
import { arrayOf, component, enumOf, int, object, str } from './shape';

export const Document = component(
  'Document',
  object(
    {
      id: ID,
      partnerId: ID,
      kind: DocumentKind,
      status: enumOf(['stored', 'missing']),
      fileName: str(),
      contentType: str(),
      size: int({ minimum: 0 }),
      sha256: str({ pattern: '^([0-9a-f]{64})?$' }),
      duplicateOf: arrayOf(ID, { description: 'earlier documents with the same SHA-256 that the caller may know of' }),
      claimId: ID,
      submittedWithClaimId: ID,
      retainUntil: TIMESTAMP,
      uploadedBy: str(),
      uploadedAt: TIMESTAMP,
      receipt: str({
        description:
          'only in the answer to the upload: pass it back with the documentId (evidence, proof) so the claim can use the document at once',
      }),
    },
    [
      'id',
      'partnerId',
      'kind',
      'status',
      'fileName',
      'contentType',
      'size',
      'sha256',
      'duplicateOf',
      'uploadedBy',
      'uploadedAt',
    ],
  ),
);
export const DocumentList = component('DocumentList', object({ items: arrayOf(Document) }));
export const DownloadLink = component('DownloadLink', object({ url: str({ format: 'uri' }), expiresAt: TIMESTAMP }));
