import type { DocumentUploadedV1Data } from '@poe/contracts';
import { signDocumentReceipt } from '@poe/platform';
import { TEST_INTERNAL_SECRET } from '@poe/testing';
import { createHash } from 'node:crypto';
import { bootClaims, daysFromToday, eventually, Harness, partnerUser, seedCampaign } from './harness';

/**
 * Read-your-writes for documents (docs/documents.md, "Receipts"): the upload's `uploaded` event is
 * held back (not sent at all for 10 s), yet a claim names the document at once with the upload's
 * receipt, attaches a proof and is submitted; the late event changes nothing.
 */
jest.setTimeout(120_000);

let h: Harness;
let seed: Awaited<ReturnType<typeof seedCampaign>>;
let partner: ReturnType<typeof partnerUser>;
let preApprovalId: string;

const uploaded = (
  documentId: string,
  kind: 'invoice' | 'proof',
  partnerId = seed.partnerId,
): DocumentUploadedV1Data => ({
  documentId,
  partnerId,
  kind,
  fileName: `${kind}.pdf`,
  sha256: createHash('sha256').update(documentId).digest('hex'),
  size: 1000,
  contentType: 'application/pdf',
  duplicateOf: [],
  uploadedBy: partner.subject,
  uploadedAt: new Date().toISOString(),
});
const receiptOf = (data: DocumentUploadedV1Data) => signDocumentReceipt({ uploaded: data }, TEST_INTERNAL_SECRET);

beforeAll(async () => {
  h = await bootClaims(__filename);
  seed = await seedCampaign(h, { allocated: '10000.00' });
  partner = partnerUser(seed.partnerId);
  preApprovalId = `PA-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  await h.publish('poe.review.pre-approval.granted.v1', {
    preApprovalId,
    partnerId: seed.partnerId,
    campaignId: seed.campaignId,
    validFrom: new Date(Date.now() - 86_400_000).toISOString(),
    validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    grantedBy: 'rev-1',
    grantedAt: new Date().toISOString(),
  });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

async function draft(): Promise<string> {
  const created = await h.call(partner, 'POST', '/claims', {
    campaignId: seed.campaignId,
    name: 'Webinar',
    executionDate: daysFromToday(0),
    amount: { amount: '1000.00', currency: 'EUR' },
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  await eventually(
    async () => {
      const r = await h.call(partner, 'PATCH', `/claims/${id}`, { estimatedImpressions: 100, preApprovalId });
      return r.status === 200 ? true : undefined;
    },
    30_000,
    'pre-approval read model',
  );
  return id;
}

const invoiceBody = (documentId: string, receipt?: string) => ({
  invoice: {
    documentId,
    invoiceNumber: `INV-${documentId}`,
    invoiceDate: daysFromToday(0),
    vendor: 'Acme Events',
    amount: { amount: '1000.00', currency: 'EUR' },
    ...(receipt ? { receipt } : {}),
  },
});

test('evidenceAndProof_withTheUploadsReceipt_areAcceptedAtOnce_whileTheEventsAreHeldBack_andTheLateEventsChangeNothing', async () => {
  const id = await draft();
  const tag = h.ns.id.slice(-8);
  const invoice = uploaded(`DOC-inv-late-${tag}`, 'invoice');
  const proof = uploaded(`DOC-proof-late-${tag}`, 'proof');

  // Without the receipt the claims service cannot know the document yet.
  const blind = await h.call(partner, 'PUT', `/claims/${id}/evidence`, invoiceBody(invoice.documentId));
  expect(blind.status).toBe(422);
  expect(blind.body.code).toBe('CLAIM.DOCUMENT_UNKNOWN');

  const withReceipt = await h.call(
    partner,
    'PUT',
    `/claims/${id}/evidence`,
    invoiceBody(invoice.documentId, receiptOf(invoice)),
  );
  expect(withReceipt.status).toBe(200);
  expect(withReceipt.body.evidence.invoice.documentId).toBe(invoice.documentId);
  const attached = await h.call(partner, 'POST', `/claims/${id}/proof-documents`, {
    documentId: proof.documentId,
    note: 'The final ad',
    receipt: receiptOf(proof),
  });
  expect(attached.status).toBe(200);
  const submitted = await h.call(partner, 'POST', `/claims/${id}/submit`);
  expect(submitted.status).toBe(200);
  expect(submitted.body.status).toBe('SUBMITTED');

  // The events arrive 10 s late (a lagging consumer): first write won, nothing changes.
  await new Promise((r) => setTimeout(r, 10_000));
  await h.publish('poe.documents.document.uploaded.v1', invoice);
  await h.publish('poe.documents.document.uploaded.v1', proof);
  await new Promise((r) => setTimeout(r, 1_000));
  const after = await h.call(partner, 'GET', `/claims/${id}`);
  expect(after.body).toMatchObject({ status: 'SUBMITTED', version: submitted.body.version });
});

test('receipt_ofAnotherPartnerOrForged_isRefusedNamingTheField', async () => {
  const id = await draft();
  const tag = h.ns.id.slice(-8);
  const others = uploaded(`DOC-other-${tag}`, 'invoice', 'PRT-someone-else');
  const r = await h.call(partner, 'PUT', `/claims/${id}/evidence`, invoiceBody(others.documentId, receiptOf(others)));
  expect(r.status).toBe(422);
  expect(r.body).toMatchObject({
    code: 'CLAIM.DOCUMENT_RECEIPT_INVALID',
    errors: [{ field: 'invoice.receipt', rule: 'validReceipt' }],
  });
  const mine = uploaded(`DOC-mine-${tag}`, 'proof');
  const forged = signDocumentReceipt({ uploaded: mine }, 'not-the-internal-secret-but-long-enough');
  const p = await h.call(partner, 'POST', `/claims/${id}/proof-documents`, {
    documentId: mine.documentId,
    note: 'n',
    receipt: forged,
  });
  expect(p.status).toBe(422);
  expect(p.body.errors).toEqual([expect.objectContaining({ field: 'receipt', rule: 'validReceipt' })]);
});
