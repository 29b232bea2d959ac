import { documentsOf } from './composed-views';

test('documentsOf_listsEvidenceThenProofsThenOlderOnes_eachOnce', () => {
  const claim = {
    id: 'C1',
    status: 'SUBMITTED',
    version: 3,
    evidence: { invoice: { documentId: 'D-inv' } },
    proofDocuments: [{ documentId: 'D-p1', note: 'screenshot' }],
  };
  const review = { documents: [{ documentId: 'D-inv' }, { documentId: 'D-old', note: 'first try' }] };
  expect(documentsOf(claim, review)).toEqual([
    { documentId: 'D-inv', role: 'invoice' },
    { documentId: 'D-p1', role: 'proof', note: 'screenshot' },
    { documentId: 'D-old', role: 'earlier-submission', note: 'first try' },
  ]);
});

test('documentsOf_csrClaimWithoutReviewItem_listsTheCsr', () => {
  const claim = {
    id: 'C2',
    status: 'EDITING',
    version: 1,
    evidence: { csr: { documentId: 'D-csr' } },
    proofDocuments: [],
  };
  expect(documentsOf(claim, null)).toEqual([{ documentId: 'D-csr', role: 'csr' }]);
});
