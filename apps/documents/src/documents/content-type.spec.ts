import { docx, jpeg, pdf, png, pptx, webp, xlsx, zip } from '../../test/fixtures';
import { ContentInspector } from './content-inspector';
import { typeOfContentType, typeOfExtension } from './content-type';

/** Feeds `bytes` in small chunks, as a socket would, and reports the inspector's verdict. */
function inspect(bytes: Buffer, chunk = 7) {
  const i = new ContentInspector();
  for (let p = 0; p < bytes.length; p += chunk) i.push(bytes.subarray(p, p + chunk));
  return i.finish();
}

describe('content inspection', () => {
  it.each([
    ['pdf', pdf()],
    ['png', png()],
    ['jpeg', jpeg()],
    ['webp', webp()],
    ['docx', docx()],
    ['xlsx', xlsx()],
    ['pptx', pptx()],
  ])('inspect_whenWellFormed%s_recognisesType', (type, bytes) => {
    expect(inspect(bytes)).toMatchObject({ ok: true, type, size: bytes.length });
  });

  it('inspect_hashesTheWholeStream', () => {
    const bytes = pdf(100_000);
    const r = inspect(bytes, 4096);
    expect(r).toMatchObject({ sha256: require('node:crypto').createHash('sha256').update(bytes).digest('hex') });
  });

  it('inspect_whenEmpty_isEmpty', () => {
    expect(inspect(Buffer.alloc(0))).toMatchObject({ ok: false, reason: 'empty' });
  });

  it.each([
    ['pdf', pdf(5000)],
    ['png', png()],
    ['jpeg', jpeg()],
    ['webp', webp()],
    ['docx', docx()],
  ])('inspect_whenTruncated%s_isTruncated', (_type, bytes) => {
    expect(inspect(bytes.subarray(0, bytes.length - 10))).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('inspect_whenTextOrExecutable_isUnsupported', () => {
    expect(inspect(Buffer.from('hello, I am a text file pretending'))).toMatchObject({
      ok: false,
      reason: 'unsupported',
    });
    expect(inspect(Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00', 'latin1'))).toMatchObject({
      ok: false,
      reason: 'unsupported',
    });
  });

  it('inspect_whenPlainZipWithoutContentTypes_isUnsupported', () => {
    expect(inspect(zip({ 'a.txt': 'x' }))).toMatchObject({ ok: false, reason: 'unsupported' });
  });

  it('inspect_whenMacroEnabledOffice_isUnsupported', () => {
    const docm = zip({
      '[Content_Types].xml': '<Types/>',
      'word/document.xml': '<w/>',
      'word/vbaProject.bin': 'macro',
    });
    expect(inspect(docm)).toMatchObject({ ok: false, reason: 'unsupported', detail: expect.stringMatching(/macro/) });
  });

  it('inspect_whenZipHasBytesAppendedAfterEndRecord_isTruncatedNotExpanded', () => {
    const bytes = Buffer.concat([docx(), Buffer.from('trailing')]);
    expect(inspect(bytes)).toMatchObject({ ok: false });
  });

  it('inspect_whenPdfHeaderIsLate_isUnsupported', () => {
    expect(inspect(Buffer.from('<html>%PDF-1.4\n%%EOF'))).toMatchObject({ ok: false, reason: 'unsupported' });
  });

  it('earlyFamily_decidesOnTheFirstTwelveBytes', () => {
    const i = new ContentInspector();
    i.push(Buffer.from('%PDF-1.'));
    expect(i.earlyFamily()).toBeUndefined();
    i.push(Buffer.from('7\n1 0 obj'));
    expect(i.earlyFamily()).toBe('pdf');
    const j = new ContentInspector();
    j.push(Buffer.from('GIF89a.......'));
    expect(j.earlyFamily()).toBeNull();
  });

  it('typeOf_mapsExtensionsAndDeclaredTypes', () => {
    expect(typeOfExtension('Invoice.PDF')).toBe('pdf');
    expect(typeOfExtension('photo.jpeg')).toBe('jpeg');
    expect(typeOfExtension('script.pdf.exe')).toBeUndefined();
    expect(typeOfExtension('noextension')).toBeUndefined();
    expect(typeOfContentType('image/png; charset=binary')).toBe('png');
    expect(typeOfContentType('application/octet-stream')).toBeUndefined();
  });
});
