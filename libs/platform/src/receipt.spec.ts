import { DocumentReceipt, signDocumentReceipt, verifyDocumentReceipt } from './receipt';
import { signIdentity } from './identity';

const SECRET = 'x'.repeat(40);
const receipt: DocumentReceipt = {
  uploaded: {
    documentId: 'DOC-1',
    partnerId: 'PRT-1',
    kind: 'invoice',
    fileName: 'invoice.pdf',
    sha256: 'a'.repeat(64),
    size: 1000,
    contentType: 'application/pdf',
    duplicateOf: [],
    uploadedBy: 'usr-1',
    uploadedAt: '2026-11-24T10:15:00.000Z',
  },
};

test('receipt_signedAndVerifiedWithTheSameSecret_givesItsFacts', () => {
  expect(verifyDocumentReceipt(signDocumentReceipt(receipt, SECRET), SECRET)).toEqual(receipt);
});

test('receipt_withAnotherSecretOrChangedFacts_isRefused', () => {
  const token = signDocumentReceipt(receipt, SECRET);
  expect(verifyDocumentReceipt(token, 'y'.repeat(40))).toBeNull();
  const [, signature] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ uploaded: { ...receipt.uploaded, partnerId: 'PRT-2' } })).toString(
    'base64url',
  );
  expect(verifyDocumentReceipt(`${forged}.${signature}`, SECRET)).toBeNull();
  expect(verifyDocumentReceipt('not-a-receipt', SECRET)).toBeNull();
});

test('receipt_anIdentityHeaderSignedWithTheSameSecret_isNoReceipt', () => {
  expect(verifyDocumentReceipt(signIdentity({ subject: 's', roles: ['service'] }, SECRET), SECRET)).toBeNull();
});
