import { crc32 } from 'node:zlib';
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

/** Rewrites fields of one entry's central-directory record, to declare what a hostile archive declares. */
function patchCentral(
  bytes: Buffer,
  name: string,
  fields: { method?: number; compressed?: number; uncompressed?: number; localOffset?: number },
): Buffer {
  const out = Buffer.from(bytes);
  for (let p = out.indexOf(CENTRAL); p >= 0; p = out.indexOf(CENTRAL, p + 4)) {
    const nameLen = out.readUInt16LE(p + 28);
    if (out.toString('utf8', p + 46, p + 46 + nameLen) !== name) continue;
    if (fields.method !== undefined) out.writeUInt16LE(fields.method, p + 10);
    if (fields.compressed !== undefined) out.writeUInt32LE(fields.compressed, p + 20);
    if (fields.uncompressed !== undefined) out.writeUInt32LE(fields.uncompressed, p + 24);
    if (fields.localOffset !== undefined) out.writeUInt32LE(fields.localOffset, p + 42);
    return out;
  }
  throw new Error(`no entry ${name}`);
}
const CENTRAL = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
const OFFICE = {
  '[Content_Types].xml': '<Types/>',
  'word/document.xml': '<w:document/>',
};

describe('malformed and polyglot PDFs', () => {
  it('inspect_whenGarbageBetweenHeaderAndEof_isMalformed', () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x7a), Buffer.from('\n%%EOF\n')]);
    expect(inspect(bytes)).toMatchObject({
      ok: false,
      reason: 'malformed',
      detail: expect.stringMatching(/startxref/),
    });
  });

  it('inspect_whenStartxrefPointsPastTheEnd_isMalformed', () => {
    const bytes = Buffer.from(pdf().toString('latin1').replace('startxref\n0', 'startxref\n123456789'), 'latin1');
    expect(inspect(bytes)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('inspect_whenPdfStartsWithHtmlInAComment_isUnsafeMarkup', () => {
    const bytes = Buffer.from(
      pdf().toString('latin1').replace('%PDF-1.4\n', '%PDF-1.4\n%<html><script>alert(1)</script>\n'),
      'latin1',
    );
    expect(inspect(bytes)).toMatchObject({ ok: false, reason: 'unsafe', rule: 'noMarkup' });
  });

  it('inspect_whenMarkupWordsLieBeyondTheSniffedKilobyte_isAccepted', () => {
    // A real invoice may quote "<html>" in its text; only the first 1 KiB is what sniffers read.
    const bytes = Buffer.from(pdf(4000).toString('latin1').replace('AAAA\n', '<html> in a comment\n'), 'latin1');
    expect(inspect(bytes)).toMatchObject({ ok: true, type: 'pdf' });
  });

  it.each([
    ['pdf', pdf()],
    ['png', png()],
    ['jpeg', jpeg()],
  ])('inspect_when%sHasAZipAppended_isUnsafePolyglot', (_type, bytes) => {
    expect(inspect(Buffer.concat([bytes, docx()]))).toMatchObject({
      ok: false,
      reason: 'unsafe',
      rule: 'singleFormat',
    });
  });

  it('inspect_whenZipHidesInAPdfWithItsCommentCarryingTheEof_isUnsafePolyglot', () => {
    const inner = docx();
    // The end record's comment length (last 2 bytes of the 22-byte record) covers the PDF trailer.
    const trailer = Buffer.from('\n%%EOF\n');
    inner.writeUInt16LE(trailer.length, inner.length - 2);
    expect(inspect(Buffer.concat([pdf(), inner, trailer]))).toMatchObject({ ok: false, rule: 'singleFormat' });
  });
});

describe('PNG header', () => {
  /** The fixture PNG with IHDR bytes changed and its CRC recomputed (unless `keepCrc`). */
  function withIhdr(change: (ihdr: Buffer) => void, keepCrc = false): Buffer {
    const bytes = Buffer.from(png());
    change(bytes.subarray(16, 29));
    if (!keepCrc) bytes.writeUInt32BE(crc32(bytes.subarray(12, 29)), 29);
    return bytes;
  }

  it('inspect_whenIhdrCrcIsWrong_isMalformed', () => {
    expect(inspect(withIhdr((h) => (h[0] = 1), true))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('inspect_whenFirstChunkIsNotIhdr_isMalformed', () => {
    const bytes = Buffer.from(png());
    bytes.write('IHDX', 12, 'latin1');
    expect(inspect(bytes)).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it.each([
    ['zero width', (h: Buffer) => h.writeUInt32BE(0, 0)],
    ['bit depth 7', (h: Buffer) => (h[8] = 7)],
    ['colour type 5', (h: Buffer) => (h[9] = 5)],
    ['interlace 2', (h: Buffer) => (h[12] = 2)],
  ])('inspect_whenIhdrHas%s_isMalformed', (_what, change) => {
    expect(inspect(withIhdr(change))).toMatchObject({ ok: false, reason: 'malformed' });
  });

  it('inspect_whenPngDeclaresMoreThanTheImageLimit_isUnsafe', () => {
    const bomb = withIhdr((h) => {
      h.writeUInt32BE(100_000, 0);
      h.writeUInt32BE(100_000, 4);
    });
    expect(inspect(bomb)).toMatchObject({ ok: false, reason: 'unsafe', rule: 'imageWithinLimits' });
    const large = withIhdr((h) => {
      h.writeUInt32BE(10_000, 0);
      h.writeUInt32BE(10_000, 4);
    });
    expect(inspect(large)).toMatchObject({ ok: true, type: 'png' });
  });
});

describe('zip bombs and hostile Office packages', () => {
  const bigEntry = { ...OFFICE, 'word/media/image1.png': 'x'.repeat(100) };

  it('inspect_whenAnEntryExpandsBeyondTheRatio_isUnsafe', () => {
    const bytes = patchCentral(zip(bigEntry), 'word/media/image1.png', { method: 8, uncompressed: 100 * 300 * 1024 });
    expect(inspect(bytes)).toMatchObject({ ok: false, reason: 'unsafe', rule: 'safeArchive' });
  });

  it('inspect_whenEntriesDeclareMoreThanTheTotalLimit_isUnsafe', () => {
    const many: Record<string, string> = { ...OFFICE };
    for (let i = 0; i < 3; i++) many[`word/media/${i}.bin`] = 'x'.repeat(2 * 1024 * 1024);
    let bytes = zip(many);
    for (let i = 0; i < 3; i++) bytes = patchCentral(bytes, `word/media/${i}.bin`, { uncompressed: 200 * 1024 * 1024 });
    expect(inspect(bytes, 65536)).toMatchObject({
      ok: false,
      rule: 'safeArchive',
      detail: expect.stringMatching(/uncompressed/),
    });
  });

  it('inspect_whenEntriesShareTheirData_isUnsafe', () => {
    const bytes = zip({ ...OFFICE, 'word/media/a.bin': 'a'.repeat(50), 'word/media/b.bin': 'b'.repeat(50) });
    const overlapping = patchCentral(bytes, 'word/media/b.bin', {
      localOffset: bytes.indexOf('word/media/a.bin') - 30,
    });
    expect(inspect(overlapping)).toMatchObject({
      ok: false,
      rule: 'safeArchive',
      detail: expect.stringMatching(/overlaps/),
    });
  });

  it.each([
    ['../../evil.sh', /outside/],
    ['/etc/passwd', /outside/],
    ['C:/evil.bat', /outside/],
    ['word\\..\\..\\evil', /outside/],
    ['word/embeddings/inner.zip', /archive inside/],
  ])('inspect_whenEntryIs %s_isUnsafe', (name, detail) => {
    expect(inspect(zip({ ...OFFICE, [name]: 'x' }))).toMatchObject({ ok: false, rule: 'safeArchive', detail });
  });

  it('inspect_whenEntryNameRepeats_isUnsafe', () => {
    const bytes = zip({ ...OFFICE, 'word/a.xml': '1', 'word/b.xml': '2' });
    const twice = Buffer.from(bytes.toString('latin1').replace(/word\/b\.xml/g, 'word/a.xml'), 'latin1');
    expect(inspect(twice)).toMatchObject({ ok: false, rule: 'safeArchive', detail: expect.stringMatching(/twice/) });
  });

  it('inspect_whenMoreThanTheEntryLimit_isUnsafe', () => {
    const many: Record<string, string> = { ...OFFICE };
    for (let i = 0; i < 1001; i++) many[`w/${i}`] = '';
    expect(inspect(zip(many), 65536)).toMatchObject({
      ok: false,
      rule: 'safeArchive',
      detail: expect.stringMatching(/entries/),
    });
  });

  it('inspect_whenEntryDeclaresZip64Sizes_isUnsupported', () => {
    const bytes = patchCentral(zip(bigEntry), 'word/media/image1.png', { uncompressed: 0xffffffff });
    expect(inspect(bytes)).toMatchObject({ ok: false, reason: 'unsupported', detail: expect.stringMatching(/ZIP64/) });
  });

  it('inspect_whenDocxEmbedsAWorkbookForAChart_isAccepted', () => {
    const bytes = zip({ ...OFFICE, 'word/embeddings/Microsoft_Excel_Worksheet.xlsx': 'PK...' });
    expect(inspect(bytes)).toMatchObject({ ok: true, type: 'docx' });
  });
});
