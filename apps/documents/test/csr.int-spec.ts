import { verifyDocumentReceipt } from '@poe/platform';
import { TEST_INTERNAL_SECRET } from '@poe/testing';
import { createHash } from 'node:crypto';
import { SAMPLE_CSR } from '../src/csr/sample-csr';
import {
  bootDocuments,
  BootedDocuments,
  call,
  claimCreatedEvent,
  eventually,
  partnerA,
  partnerB,
  publishClaimEvents,
  reviewer,
  uploadFile,
  watchDocumentEvents,
} from './boot';
import { pdf } from './fixtures';

let svc: BootedDocuments;
let watch: Awaited<ReturnType<typeof watchDocumentEvents>>;

beforeAll(async () => {
  svc = await bootDocuments(__filename);
  watch = await watchDocumentEvents(svc);
});
afterAll(async () => {
  await watch?.stop();
  await svc?.close();
});

describe('CSR generation', () => {
  it('generateCsr_whenValid_storesPdfAsCsrAndAnnouncesIt', async () => {
    const res = await call(svc.url, partnerA, 'POST', '/documents/csr', SAMPLE_CSR);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'csr',
      partnerId: 'PRT-A',
      claimId: SAMPLE_CSR.claimId,
      contentType: 'application/pdf',
      fileName: `CSR-${SAMPLE_CSR.claimId}.pdf`,
    });

    const link = await call(svc.url, partnerA, 'GET', `/documents/${res.body.id}/download-link`);
    const pdf = Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-8).toString()).toContain('%%EOF');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(res.body.sha256);
    const stored = await svc.repo.findById(res.body.id);
    expect(stored).toMatchObject({ status: 'stored', activityDate: '2026-10-15' });

    const events = await eventually(async () => {
      const mine = watch.events.filter((e) => e.subject === res.body.id);
      return mine.length === 2 ? mine : undefined;
    });
    expect(events.map((e) => e.type).sort()).toEqual([
      'poe.documents.document.csr-generated.v1',
      'poe.documents.document.uploaded.v1',
    ]);
    const generated = events.find((e) => e.type === 'poe.documents.document.csr-generated.v1')!;
    expect(generated.data).toMatchObject({
      total: { amount: '1582.90', currency: 'EUR' },
      certifiedBy: SAMPLE_CSR.certifiedBy,
      sha256: res.body.sha256,
    });
  });

  it('generateCsr_inAnotherCurrencyThanItsClaim_isRefusedAtGeneration_andNothingStored', async () => {
    const claimId = `CLM-${svc.ns.id.slice(-8)}-usd`;
    await publishClaimEvents(svc, [claimCreatedEvent(claimId, 'PRT-A')]);
    await eventually(async () => (await svc.repo.findClaimFact(claimId))?.currency === 'EUR');
    const before = await svc.repo.documents.countDocuments({});

    const usd = await call(svc.url, partnerA, 'POST', '/documents/csr', { ...SAMPLE_CSR, claimId, currency: 'USD' });
    expect(usd.status).toBe(422);
    expect(usd.body).toMatchObject({
      code: 'DOCUMENT.CSR_CURRENCY_MISMATCH',
      errors: [{ field: 'currency', rule: 'matchesClaimCurrency' }],
    });
    expect(await svc.repo.documents.countDocuments({})).toBe(before);
    // In the claim's own currency it is generated; another partner naming the claim learns nothing of it.
    expect((await call(svc.url, partnerA, 'POST', '/documents/csr', { ...SAMPLE_CSR, claimId })).status).toBe(201);
    const other = await call(svc.url, partnerB, 'POST', '/documents/csr', { ...SAMPLE_CSR, claimId, currency: 'USD' });
    expect(other.status).toBe(201);
  });

  it('uploadAndCsrAnswers_carryASignedReceipt_whoseFactsAreTheirEventsData', async () => {
    const up = await uploadFile(svc.url, partnerA, pdf(77), { kind: 'invoice' });
    expect(up.status).toBe(201);
    const csr = await call(svc.url, partnerA, 'POST', '/documents/csr', SAMPLE_CSR);
    expect(csr.status).toBe(201);
    const dataOf = (subject: string, type: string) =>
      eventually(async () => watch.events.find((e) => e.subject === subject && e.type === type)?.data);

    const upFacts = verifyDocumentReceipt(up.body.receipt, TEST_INTERNAL_SECRET);
    expect(upFacts).toEqual({ uploaded: await dataOf(up.body.id, 'poe.documents.document.uploaded.v1') });
    const csrFacts = verifyDocumentReceipt(csr.body.receipt, TEST_INTERNAL_SECRET);
    expect(csrFacts).toEqual({
      uploaded: await dataOf(csr.body.id, 'poe.documents.document.uploaded.v1'),
      csrGenerated: await dataOf(csr.body.id, 'poe.documents.document.csr-generated.v1'),
    });
    // Only the uploader's answer has it; a read does not.
    expect((await call(svc.url, partnerA, 'GET', `/documents/${up.body.id}`)).body.receipt).toBeUndefined();
  });

  it('generateCsr_whenTotalIsNotTheSumOfLines_isRejectedAndNothingStored', async () => {
    const before = await svc.repo.documents.countDocuments({});
    const res = await call(svc.url, partnerA, 'POST', '/documents/csr', { ...SAMPLE_CSR, total: '1582.91' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'CSR.INVALID', errors: [{ field: 'total', rule: 'equalsSumOfCostLines' }] });
    expect(await svc.repo.documents.countDocuments({})).toBe(before);
  });

  it('generateCsr_whenStatementNotAcceptedAndDatesReversed_namesBothRules', async () => {
    const res = await call(svc.url, partnerA, 'POST', '/documents/csr', {
      ...SAMPLE_CSR,
      statementAccepted: false,
      executionStartDate: '2026-10-20',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { rule: string }) => e.rule)).toEqual(['mustBeTrue', 'notBeforeStart']);
  });

  it('generateCsr_whenFieldMissingOrUnknown_isBadRequest', async () => {
    const { certifiedBy: _c, ...withoutCertifier } = SAMPLE_CSR;
    const res = await call(svc.url, partnerA, 'POST', '/documents/csr', { ...withoutCertifier, extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['certifiedBy', 'extra']),
    );
  });

  it('generateCsr_whenReviewer_isForbidden', async () => {
    const res = await call(svc.url, reviewer, 'POST', '/documents/csr', SAMPLE_CSR);
    expect(res.status).toBe(403);
  });
});
