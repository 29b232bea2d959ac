import { randomBytes } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { smallPdf } from './client';

/**
 * The bad-uploads corpus of issue #7, generated in code (no binaries in the repository): each case
 * is what a hostile or broken client sends as the `file` part of `POST /documents`, and the
 * problem+json the service must answer. Policies behind the expectations: docs/documents.md.
 */

const MiB = 1024 * 1024;

/** The suite runs the documents service with this UPLOAD_MAX_BYTES, so oversized cases stay cheap. */
export const UPLOAD_LIMIT_BYTES = 2 * MiB;

export interface Expected {
  status: number;
  code: string;
  /** The field the problem names in `errors[]`, with the rule that failed. */
  field: string;
  rule: string;
}

export interface BadUpload {
  name: string;
  /** What the case is about, for the report. */
  why: string;
  /** The file's bytes (built once, lazily: some cases are a few MiB). */
  bytes: () => Buffer;
  /** Raw bytes of the multipart `filename` parameter (UTF-8), so names can hold any byte. */
  fileName: string;
  /** Sent as `filename*=UTF-8''...` (RFC 5987) instead of the plain parameter. */
  extendedFileName?: boolean;
  contentType: string;
  /** `unterminated`: the multipart body ends without its closing boundary (a cut connection). */
  framing?: 'unterminated';
  expected: Expected;
}

const unsupported: Expected = {
  status: 415,
  code: 'DOCUMENT.UNSUPPORTED_TYPE',
  field: 'file',
  rule: 'supportedContent',
};
const truncated: Expected = { status: 422, code: 'DOCUMENT.TRUNCATED', field: 'file', rule: 'complete' };
const malformed: Expected = { status: 422, code: 'DOCUMENT.MALFORMED', field: 'file', rule: 'wellFormed' };
const unsafe = (rule: string): Expected => ({ status: 422, code: 'DOCUMENT.UNSAFE_CONTENT', field: 'file', rule });
const mismatch = (rule: string): Expected => ({ status: 422, code: 'DOCUMENT.TYPE_MISMATCH', field: 'file', rule });
const badName = (rule: string): Expected => ({
  status: 422,
  code: 'DOCUMENT.INVALID_FILE_NAME',
  field: 'filename',
  rule,
});

const PDF = 'application/pdf';
const PNG = 'image/png';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// ---------------------------------------------------------------- builders

const latin1 = (s: string) => Buffer.from(s, 'latin1');

/** A PDF with one page whose content stream is `streamBytes` long: big enough to cut in the middle. */
export function pdfWithStream(streamBytes: number): Buffer {
  const text = Buffer.alloc(streamBytes, 'BT /F1 12 Tf 72 720 Td (padding) Tj ET\n');
  const head = latin1('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n');
  const obj2 = latin1('2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n');
  const obj3 = latin1('3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n');
  const obj4 = Buffer.concat([
    latin1(`4 0 obj\n<< /Length ${text.length} >>\nstream\n`),
    text,
    latin1('\nendstream\nendobj\n'),
  ]);
  const parts = [head, obj2, obj3, obj4];
  // Object 1 starts after the 9-byte header line that opens `head`.
  const offsets = [9];
  let at = head.length;
  for (const p of parts.slice(1)) {
    offsets.push(at);
    at += p.length;
  }
  let xref = `xref\n0 5\n0000000000 65535 f \n`;
  for (const off of offsets) xref += `${String(off).padStart(10, '0')} 00000 n \n`;
  const trailer = `${xref}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`;
  return Buffer.concat([...parts, latin1(trailer)]);
}

function pngChunk(type: string, data: Buffer, crc?: number): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([latin1(type), data]);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc ?? crc32(body));
  return Buffer.concat([len, body, sum]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG with the given IHDR fields (a 1x1 RGB image unless changed) and a real IDAT and IEND. */
export function png(ihdr: { width?: number; height?: number; depth?: number; colour?: number; crc?: number } = {}) {
  const h = Buffer.alloc(13);
  h.writeUInt32BE(ihdr.width ?? 1, 0);
  h.writeUInt32BE(ihdr.height ?? 1, 4);
  h[8] = ihdr.depth ?? 8;
  h[9] = ihdr.colour ?? 2;
  const idat = Buffer.from([0x78, 0x9c, 0x63, 0x60, 0x60, 0x60, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01]);
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', h, ihdr.crc),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface ZipEntry {
  name: string;
  /** Bytes as stored in the archive (already deflated when `method` is 8). */
  stored: Buffer;
  method?: 0 | 8;
  /** Sizes and CRC the central directory declares; default: the truth. */
  uncompressedSize?: number;
  crc?: number;
  /** Point this entry's central record at another entry's local header (overlapping files). */
  sameDataAs?: number;
}

/**
 * A ZIP archive byte by byte: local headers + data, central directory, end record. `baseOffset`
 * shifts every offset, for an archive appended to other bytes (a polyglot); `comment` is the
 * archive comment, which may carry another format's trailer.
 */
export function zipArchive(entries: ZipEntry[], opts: { baseOffset?: number; comment?: Buffer } = {}): Buffer {
  const base = opts.baseOffset ?? 0;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  const localOffsets: number[] = [];
  let offset = 0;
  entries.forEach((e) => {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method ?? 0;
    const size = e.uncompressedSize ?? (method === 0 ? e.stored.length : 0);
    const crc = e.crc ?? (method === 0 ? crc32(e.stored) : 0);
    let localOffset: number;
    if (e.sameDataAs !== undefined) {
      localOffset = localOffsets[e.sameDataAs];
    } else {
      localOffset = offset;
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(method, 8);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(e.stored.length, 18);
      local.writeUInt32LE(size >>> 0, 22);
      local.writeUInt16LE(name.length, 26);
      locals.push(local, name, e.stored);
      offset += 30 + name.length + e.stored.length;
    }
    localOffsets.push(localOffset);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.sameDataAs !== undefined ? entries[e.sameDataAs].stored.length : e.stored.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(base + localOffset, 42);
    centrals.push(central, name);
  });
  const cd = Buffer.concat(centrals);
  const comment = opts.comment ?? Buffer.alloc(0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(base + offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, cd, end, comment]);
}

const CONTENT_TYPES = latin1(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
);
const officeParts = (): ZipEntry[] => [
  { name: '[Content_Types].xml', stored: CONTENT_TYPES },
  { name: '_rels/.rels', stored: latin1('<Relationships/>') },
  { name: 'word/document.xml', stored: latin1('<w:document/>') },
];

/** A minimal Word document the service accepts: the control for every case. */
export const goodDocx = () => zipArchive(officeParts());

/** Office parts plus a deflated entry of `mib` MiB of zeros: a high-ratio entry (~1000:1). */
function highRatioDocx(mib: number): Buffer {
  const zeros = Buffer.alloc(mib * MiB);
  const deflated = deflateRawSync(zeros, { level: 9 });
  return zipArchive([
    ...officeParts(),
    { name: 'word/media/image1.bin', stored: deflated, method: 8, uncompressedSize: zeros.length, crc: crc32(zeros) },
  ]);
}

/** Bytes a slow client sends: a well-formed PDF start and then padding, forever (the limit stops it). */
export function pdfPrefix(): Buffer {
  return latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%');
}

// ---------------------------------------------------------------- the corpus

const pdf = () => smallPdf('Corpus invoice');
const withoutEof = (b: Buffer) => latin1(b.toString('latin1').replace(/%%EOF\s*$/, ''));
const MZ = () =>
  Buffer.concat([latin1('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00'), randomBytes(2048)]);

export const BAD_UPLOADS: BadUpload[] = [
  // --- wrong magic bytes
  {
    name: 'windows-executable-named-pdf',
    why: 'an EXE (MZ header) renamed to .pdf and declared as PDF',
    bytes: MZ,
    fileName: 'invoice.pdf',
    contentType: PDF,
    expected: unsupported,
  },
  {
    name: 'html-page-named-pdf',
    why: 'an HTML page with a script renamed to .pdf',
    bytes: () => latin1('<!DOCTYPE html><html><body><script>fetch("/api/v1/me")</script></body></html>'),
    fileName: 'invoice.pdf',
    contentType: PDF,
    expected: unsupported,
  },
  {
    name: 'elf-binary-named-png',
    why: 'an ELF executable renamed to .png',
    bytes: () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(1024)]),
    fileName: 'screenshot.png',
    contentType: PNG,
    expected: unsupported,
  },
  {
    name: 'gif-named-png',
    why: 'a GIF (not an accepted type) renamed to .png',
    bytes: () => Buffer.concat([latin1('GIF89a'), randomBytes(256), latin1(';')]),
    fileName: 'screenshot.png',
    contentType: PNG,
    expected: unsupported,
  },
  {
    name: 'pdf-header-after-junk',
    why: 'a PDF signature that is not at byte 0 (viewers accept it within 1 KiB; we do not)',
    bytes: () => Buffer.concat([latin1('<html><!-- '), randomBytes(200).map((b) => b | 0x20), pdf()]),
    fileName: 'invoice.pdf',
    contentType: PDF,
    expected: unsupported,
  },
  // --- empty, truncated, malformed PDF
  {
    name: 'empty-file',
    why: 'zero bytes',
    bytes: () => Buffer.alloc(0),
    fileName: 'invoice.pdf',
    contentType: PDF,
    expected: { status: 422, code: 'DOCUMENT.EMPTY', field: 'file', rule: 'notEmpty' },
  },
  {
    name: 'pdf-without-eof-marker',
    why: 'a whole PDF whose %%EOF line is missing',
    bytes: () => withoutEof(pdf()),
    fileName: 'invoice.pdf',
    contentType: PDF,
    expected: truncated,
  },
  {
    name: 'pdf-cut-mid-stream',
    why: 'a 300 KiB PDF cut in the middle of its content stream',
    bytes: () => {
      const whole = pdfWithStream(300 * 1024);
      return whole.subarray(0, Math.floor(whole.length / 2));
    },
    fileName: 'invoice.pdf',
    contentType: PDF,
    expected: truncated,
  },
  {
    name: 'pdf-header-only',
    why: 'nothing but the header line',
    bytes: () => latin1('%PDF-1.7\n'),
    fileName: 'invoice.pdf',
    contentType: PDF,
    expected: truncated,
  },
  {
    name: 'pdf-garbage-between-header-and-eof',
    why: 'a header, random bytes and an %%EOF: no trailer, no cross-reference',
    bytes: () => Buffer.concat([latin1('%PDF-1.7\n'), randomBytes(4096), latin1('\n%%EOF\n')]),
    fileName: 'invoice.pdf',
    contentType: PDF,
    expected: malformed,
  },
  {
    name: 'pdf-startxref-beyond-file',
    why: 'a trailer whose startxref points past the end of the file',
    bytes: () =>
      latin1(
        pdf()
          .toString('latin1')
          .replace(/startxref\n\d+/, 'startxref\n99999999'),
      ),
    fileName: 'invoice.pdf',
    contentType: PDF,
    expected: malformed,
  },
  // --- polyglots
  {
    name: 'pdf-zip-polyglot',
    why: 'valid as a PDF and as a ZIP: an Office package appended, its comment carrying the %%EOF',
    bytes: () => {
      const head = pdf();
      return Buffer.concat([
        head,
        zipArchive(officeParts(), { baseOffset: head.length, comment: latin1('\n%%EOF\n') }),
      ]);
    },
    fileName: 'invoice.pdf',
    contentType: PDF,
    expected: unsafe('singleFormat'),
  },
  {
    name: 'pdf-html-js-polyglot',
    why: 'a PDF whose first bytes are also an HTML page with a script (PDF comment lines)',
    bytes: () => {
      const body = pdf().toString('latin1').slice('%PDF-1.4\n'.length);
      return latin1(`%PDF-1.4\n%<html><body><script>alert(document.cookie)</script></body></html>\n${body}`);
    },
    fileName: 'invoice.pdf',
    contentType: PDF,
    expected: unsafe('noMarkup'),
  },
  {
    name: 'png-zip-polyglot',
    why: 'a PNG with an Office package appended after IEND',
    bytes: () => {
      const head = png();
      return Buffer.concat([head, zipArchive(officeParts(), { baseOffset: head.length })]);
    },
    fileName: 'screenshot.png',
    contentType: PNG,
    expected: unsafe('singleFormat'),
  },
  // --- zip bombs and broken Office packages
  {
    name: 'docx-zip-bomb-high-ratio',
    why: 'a .docx holding a 24 MiB entry deflated to ~24 KiB (about 1000:1)',
    bytes: () => highRatioDocx(24),
    fileName: 'report.docx',
    contentType: DOCX,
    expected: unsafe('safeArchive'),
  },
  {
    name: 'docx-zip-bomb-declared-sizes',
    why: 'a tiny .docx whose entries declare 4 GiB each uncompressed',
    bytes: () =>
      zipArchive([
        ...officeParts(),
        ...[1, 2, 3, 4].map((n) => ({
          name: `word/media/part${n}.bin`,
          stored: randomBytes(64),
          method: 8 as const,
          uncompressedSize: 0xfffffffe,
        })),
      ]),
    fileName: 'report.docx',
    contentType: DOCX,
    expected: unsafe('safeArchive'),
  },
  {
    name: 'docx-zip-bomb-overlapping-entries',
    why: 'central-directory entries sharing one deflated body (the non-recursive zip bomb)',
    bytes: () => {
      const zeros = Buffer.alloc(4 * MiB);
      const body = deflateRawSync(zeros, { level: 9 });
      const first: ZipEntry = {
        name: 'word/media/a0.bin',
        stored: body,
        method: 8,
        uncompressedSize: zeros.length,
        crc: crc32(zeros),
      };
      const copies: ZipEntry[] = Array.from({ length: 200 }, (_, i) => ({
        ...first,
        name: `word/media/a${i + 1}.bin`,
        sameDataAs: 3,
      }));
      return zipArchive([...officeParts(), first, ...copies]);
    },
    fileName: 'report.docx',
    contentType: DOCX,
    expected: unsafe('safeArchive'),
  },
  {
    name: 'docx-nested-archive',
    why: 'a .docx carrying a ZIP inside (nested bombs hide there)',
    bytes: () =>
      zipArchive([
        ...officeParts(),
        { name: 'word/embeddings/inner.zip', stored: zipArchive([{ name: 'a.txt', stored: latin1('a') }]) },
      ]),
    fileName: 'report.docx',
    contentType: DOCX,
    expected: unsafe('safeArchive'),
  },
  {
    name: 'docx-many-entries',
    why: 'a .docx with 5,000 entries',
    bytes: () =>
      zipArchive([
        ...officeParts(),
        ...Array.from({ length: 5000 }, (_, i) => ({ name: `w/${i}`, stored: Buffer.alloc(0) })),
      ]),
    fileName: 'report.docx',
    contentType: DOCX,
    expected: unsafe('safeArchive'),
  },
  {
    name: 'docx-entry-path-traversal',
    why: 'a .docx with an entry named ../../ (zip slip for whoever unpacks it)',
    bytes: () => zipArchive([...officeParts(), { name: '../../home/user/.bashrc', stored: latin1('curl x|sh') }]),
    fileName: 'report.docx',
    contentType: DOCX,
    expected: unsafe('safeArchive'),
  },
  {
    name: 'docx-without-content-types',
    why: 'a ZIP with word/document.xml but no [Content_Types].xml',
    bytes: () => zipArchive(officeParts().slice(1)),
    fileName: 'report.docx',
    contentType: DOCX,
    expected: unsupported,
  },
  {
    name: 'docx-truncated',
    why: 'a .docx cut before its central directory',
    bytes: () => goodDocx().subarray(0, 120),
    fileName: 'report.docx',
    contentType: DOCX,
    expected: truncated,
  },
  // --- images
  {
    name: 'png-bad-ihdr-crc',
    why: 'a PNG whose IHDR chunk fails its CRC',
    bytes: () => png({ crc: 0x12345678 }),
    fileName: 'screenshot.png',
    contentType: PNG,
    expected: malformed,
  },
  {
    name: 'png-zero-width',
    why: 'a PNG whose IHDR says 0 pixels wide',
    bytes: () => png({ width: 0 }),
    fileName: 'screenshot.png',
    contentType: PNG,
    expected: malformed,
  },
  {
    name: 'png-impossible-bit-depth',
    why: 'a PNG with bit depth 7 (not allowed for any colour type)',
    bytes: () => png({ depth: 7 }),
    fileName: 'screenshot.png',
    contentType: PNG,
    expected: malformed,
  },
  {
    name: 'png-pixel-bomb',
    why: 'a tiny PNG declaring 100,000 x 100,000 pixels (a decompression bomb for viewers)',
    bytes: () => png({ width: 100_000, height: 100_000 }),
    fileName: 'screenshot.png',
    contentType: PNG,
    expected: unsafe('imageWithinLimits'),
  },
  {
    name: 'png-truncated',
    why: 'a PNG cut before IEND',
    bytes: () => png().subarray(0, 40),
    fileName: 'screenshot.png',
    contentType: PNG,
    expected: truncated,
  },
  // --- declared type and extension that lie
  {
    name: 'pdf-declared-as-png',
    why: 'PDF bytes sent as image/png named .png',
    bytes: pdf,
    fileName: 'screenshot.png',
    contentType: PNG,
    expected: mismatch('contentMatchesDeclaredType'),
  },
  {
    name: 'png-declared-as-pdf',
    why: 'PNG bytes named .png but declared application/pdf',
    bytes: () => png(),
    fileName: 'screenshot.png',
    contentType: PDF,
    expected: mismatch('contentMatchesDeclaredType'),
  },
  {
    name: 'pdf-named-docx',
    why: 'PDF bytes declared as PDF but named .docx',
    bytes: pdf,
    fileName: 'report.docx',
    contentType: PDF,
    expected: mismatch('contentMatchesExtension'),
  },
  {
    name: 'declared-text-html',
    why: 'a PDF declared as text/html',
    bytes: pdf,
    fileName: 'invoice.pdf',
    contentType: 'text/html',
    expected: unsupported,
  },
  {
    name: 'double-extension-exe',
    why: 'invoice.pdf.exe',
    bytes: MZ,
    fileName: 'invoice.pdf.exe',
    contentType: PDF,
    expected: unsupported,
  },
  // --- size and framing
  {
    name: 'pdf-over-the-limit',
    why: 'a well-formed PDF 200 KiB over UPLOAD_MAX_BYTES, with its Content-Length declared',
    bytes: () => pdfWithStream(UPLOAD_LIMIT_BYTES + 200 * 1024),
    fileName: 'invoice.pdf',
    contentType: PDF,
    expected: { status: 413, code: 'DOCUMENT.TOO_LARGE', field: 'file', rule: 'maxBytes' },
  },
  {
    name: 'multipart-body-ends-mid-file',
    why: 'the body stops inside the file part, without the closing boundary',
    bytes: () => pdfWithStream(600 * 1024).subarray(0, 300 * 1024),
    fileName: 'invoice.pdf',
    contentType: PDF,
    framing: 'unterminated',
    expected: { status: 422, code: 'DOCUMENT.UPLOAD_ABORTED', field: 'file', rule: 'complete' },
  },
  // --- file names
  {
    name: 'name-dot-dot-slash',
    why: 'a relative path climbing out of any directory',
    bytes: pdf,
    fileName: '../../../etc/cron.d/invoice.pdf',
    contentType: PDF,
    expected: badName('noPathParts'),
  },
  {
    name: 'name-dot-dot-backslash',
    why: 'a Windows relative path',
    bytes: pdf,
    fileName: '..\\..\\Windows\\System32\\invoice.pdf',
    contentType: PDF,
    expected: badName('noPathParts'),
  },
  {
    name: 'name-absolute-unix',
    why: 'an absolute POSIX path',
    bytes: pdf,
    fileName: '/var/lib/poe/invoice.pdf',
    contentType: PDF,
    expected: badName('noPathParts'),
  },
  {
    name: 'name-absolute-windows',
    why: 'an absolute Windows path with a drive letter',
    bytes: pdf,
    fileName: 'C:\\Users\\bob\\invoice.pdf',
    contentType: PDF,
    expected: badName('noPathParts'),
  },
  {
    name: 'name-nul-byte',
    why: 'a raw NUL in the name (ends it early in C code): it breaks the part header itself',
    bytes: pdf,
    fileName: 'evil.exe\u0000.pdf',
    contentType: PDF,
    expected: { status: 422, code: 'DOCUMENT.MALFORMED_MULTIPART', field: 'form', rule: 'wellFormed' },
  },
  {
    name: 'name-nul-byte-rfc5987',
    why: 'the same NUL sent percent-encoded in filename*',
    bytes: pdf,
    fileName: 'evil.exe\u0000.pdf',
    extendedFileName: true,
    contentType: PDF,
    expected: badName('noControlCharacters'),
  },
  {
    name: 'name-escape-sequence',
    why: 'an ANSI terminal escape in the name (log injection), percent-encoded in filename*',
    bytes: pdf,
    fileName: 'invoice\u001b[31mRED\u001b[0m.pdf',
    extendedFileName: true,
    contentType: PDF,
    expected: badName('noControlCharacters'),
  },
  {
    name: 'name-rtl-override',
    why: 'U+202E makes "invoice\u202Efdp.exe" display as invoiceexe.pdf; here hidden in a .pdf name',
    bytes: pdf,
    fileName: 'invoice-\u202Egnp.pdf',
    contentType: PDF,
    expected: badName('noControlCharacters'),
  },
  {
    name: 'name-rtl-override-exe',
    why: 'the classic RTL trick ending in .exe',
    bytes: MZ,
    fileName: 'invoice\u202Efdp.exe',
    contentType: PDF,
    expected: badName('noControlCharacters'),
  },
  {
    name: 'name-too-long',
    why: 'a 300-byte name (file systems stop at 255)',
    bytes: pdf,
    fileName: `${'a'.repeat(296)}.pdf`,
    contentType: PDF,
    expected: badName('maxLength'),
  },
  {
    name: 'name-empty',
    why: 'an empty file name: the part is no file at all',
    bytes: pdf,
    fileName: '',
    contentType: PDF,
    expected: { status: 422, code: 'DOCUMENT.FILE_MISSING', field: 'file', rule: 'required' },
  },
];

/** Names the service accepts: the control cases (kept as given, quoting characters replaced). */
export const GOOD_NAMES: { fileName: string; stored: string }[] = [
  { fileName: 'Rechnung März 2026.pdf', stored: 'Rechnung März 2026.pdf' },
  { fileName: 'invoice "final".pdf', stored: 'invoice _final_.pdf' },
  { fileName: 'عقد.pdf', stored: 'عقد.pdf' },
];
