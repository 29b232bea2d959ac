import { createHash } from 'node:crypto';
import { bootDocuments, BootedDocuments, call, partnerA, partnerB, reviewer, storedKeys, uploadFile } from './boot';
import { docx, jpeg, pdf, png, pptx, webp, xlsx } from './fixtures';

let svc: BootedDocuments;

beforeAll(async () => {
  svc = await bootDocuments(__filename, { UPLOAD_MAX_BYTES: String(60 * 1024 * 1024) });
});
afterAll(async () => {
  await svc?.close();
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('upload round trips', () => {
  it.each([
    ['invoice.pdf', 'application/pdf', pdf()],
    ['shot.png', 'image/png', png(1)],
    ['photo.jpg', 'image/jpeg', jpeg('round trip')],
    ['banner.webp', 'image/webp', webp()],
    ['report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx()],
    ['costs.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsx()],
    ['deck.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', pptx()],
  ])('upload_when%s_isStoredWithHashAndDownloadsIdentically', async (fileName, contentType, bytes) => {
    const up = await uploadFile(svc.url, partnerA, bytes, { fileName, contentType, kind: 'proof' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      partnerId: 'PRT-A',
      kind: 'proof',
      fileName,
      contentType,
      size: bytes.length,
      sha256: sha(bytes),
    });
    const link = await call(svc.url, partnerA, 'GET', `/documents/${up.body.id}/download-link`);
    expect(link.status).toBe(200);
    const download = await fetch(link.body.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe(contentType);
    expect(download.headers.get('content-disposition')).toContain(`filename="${fileName}"`);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('upload_when50MegabytePdf_streamsThroughAndKeepsItsHash', async () => {
    const bytes = pdf(50 * 1024 * 1024);
    const started = Date.now();
    const up = await uploadFile(svc.url, partnerA, bytes, { fileName: 'big.pdf' });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ size: bytes.length, sha256: sha(bytes) });
    const stat = await svc.store.stat(`docs/${up.body.id}`);
    expect(stat?.size).toBe(bytes.length);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('upload_whenSameFileByAnotherPartner_isAcceptedAndFlaggedForReviewersOnly', async () => {
    const bytes = pdf(1234);
    const first = await uploadFile(svc.url, partnerA, bytes);
    const second = await uploadFile(svc.url, partnerB, bytes);
    expect(second.status).toBe(201);
    // The partner does not learn another partner's document id...
    expect(second.body.duplicateOf).toEqual([]);
    // ...the reviewer does.
    const asReviewer = await call(svc.url, reviewer, 'GET', `/documents/${second.body.id}`);
    expect(asReviewer.body.duplicateOf).toEqual([first.body.id]);
    const third = await uploadFile(svc.url, partnerA, bytes);
    expect(third.body.duplicateOf).toEqual([first.body.id]);
    const stored = await svc.repo.findById(third.body.id);
    expect(stored?.duplicateOf.map((d) => d.documentId)).toEqual([first.body.id, second.body.id]);
  });

  it('read_whenOtherPartner_isNotFound', async () => {
    const up = await uploadFile(svc.url, partnerA, pdf(10));
    expect((await call(svc.url, partnerB, 'GET', `/documents/${up.body.id}`)).status).toBe(404);
    expect((await call(svc.url, partnerB, 'GET', `/documents/${up.body.id}/download-link`)).status).toBe(404);
    const list = await call(svc.url, partnerB, 'GET', `/documents?partnerId=PRT-A`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).not.toContain(up.body.id);
  });

  it('upload_whenReviewer_isForbidden', async () => {
    const up = await uploadFile(svc.url, reviewer, pdf());
    expect(up.status).toBe(403);
    expect(up.body.code).toBe('DOCUMENT.FORBIDDEN');
  });
});

describe('upload refusals leave nothing stored', () => {
  let before: string[];
  let docsBefore: number;
  beforeEach(async () => {
    before = await storedKeys(svc.store);
    docsBefore = await svc.repo.documents.countDocuments({});
  });
  afterEach(async () => {
    expect(await storedKeys(svc.store)).toEqual(before);
    expect(await svc.repo.documents.countDocuments({})).toBe(docsBefore);
  });

  it('upload_whenEmpty_isRefused', async () => {
    const up = await uploadFile(svc.url, partnerA, Buffer.alloc(0));
    expect(up.status).toBe(422);
    expect(up.body).toMatchObject({ code: 'DOCUMENT.EMPTY', errors: [{ field: 'file', rule: 'notEmpty' }] });
  });

  it('upload_whenTruncatedPdf_isRefused', async () => {
    const bytes = pdf(20_000);
    const up = await uploadFile(svc.url, partnerA, bytes.subarray(0, bytes.length - 100));
    expect(up.status).toBe(422);
    expect(up.body).toMatchObject({ code: 'DOCUMENT.TRUNCATED', errors: [{ rule: 'complete' }] });
  });

  it('upload_whenTruncatedLargePdfSpanningParts_isRefusedAndMultipartAborted', async () => {
    const bytes = pdf(12 * 1024 * 1024);
    const up = await uploadFile(svc.url, partnerA, bytes.subarray(0, bytes.length - 50));
    expect(up.status).toBe(422);
    expect(up.body.code).toBe('DOCUMENT.TRUNCATED');
  });

  it('upload_whenPngContentDeclaredAsPdf_isRefused', async () => {
    const up = await uploadFile(svc.url, partnerA, png(), { fileName: 'invoice.pdf', contentType: 'application/pdf' });
    expect(up.status).toBe(422);
    expect(up.body).toMatchObject({ code: 'DOCUMENT.TYPE_MISMATCH', errors: [{ rule: 'contentMatchesDeclaredType' }] });
  });

  it('upload_whenExtensionDisagreesWithContent_isRefused', async () => {
    const up = await uploadFile(svc.url, partnerA, pdf(), { fileName: 'invoice.png', contentType: 'application/pdf' });
    expect(up.status).toBe(422);
    expect(up.body).toMatchObject({ code: 'DOCUMENT.TYPE_MISMATCH', errors: [{ rule: 'contentMatchesExtension' }] });
  });

  it('upload_whenExecutableRenamedToPdf_isRefused', async () => {
    const up = await uploadFile(svc.url, partnerA, Buffer.from('MZ\x90\x00 this is not a pdf at all', 'latin1'));
    expect(up.status).toBe(415);
    expect(up.body.code).toBe('DOCUMENT.UNSUPPORTED_TYPE');
  });

  it('upload_whenExtensionNotAccepted_isRefused', async () => {
    const up = await uploadFile(svc.url, partnerA, pdf(), { fileName: 'invoice.html', contentType: 'application/pdf' });
    expect(up.status).toBe(415);
    expect(up.body.code).toBe('DOCUMENT.UNSUPPORTED_TYPE');
  });

  it('upload_whenKindIsCsr_isRefused', async () => {
    const up = await uploadFile(svc.url, partnerA, pdf(), { kind: 'csr' });
    expect(up.status).toBe(422);
    expect(up.body).toMatchObject({ errors: [{ field: 'kind', rule: 'isIn' }] });
  });

  it('upload_whenKindMissing_isRefusedAfterTheFileAndTheObjectRemoved', async () => {
    const up = await uploadFile(svc.url, partnerA, pdf(3000), { kind: null });
    expect(up.status).toBe(422);
    expect(up.body).toMatchObject({ errors: [{ field: 'kind', rule: 'required' }] });
  });

  it('upload_whenNotMultipart_isRefused', async () => {
    const res = await call(svc.url, partnerA, 'POST', '/documents', { file: 'x' });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('DOCUMENT.NOT_MULTIPART');
  });
});
