import { crc32 } from 'node:zlib';

/**
 * What a file is, decided from its bytes. Only the first and last bytes are looked at, so the
 * check works on a stream of any length and never expands or parses the body (a ZIP is read from
 * its central directory only: nothing is decompressed, so a zip bomb costs nothing).
 */
export type FileType = 'pdf' | 'png' | 'jpeg' | 'webp' | 'docx' | 'xlsx' | 'pptx';

export interface FileTypeInfo {
  contentType: string;
  extensions: string[];
}

export const FILE_TYPES: Record<FileType, FileTypeInfo> = {
  pdf: { contentType: 'application/pdf', extensions: ['.pdf'] },
  png: { contentType: 'image/png', extensions: ['.png'] },
  jpeg: { contentType: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
  webp: { contentType: 'image/webp', extensions: ['.webp'] },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['.docx'],
  },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['.xlsx'] },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['.pptx'],
  },
};

/** Bytes kept from the start: every signature, a PNG's IHDR, and the 1 KiB a browser sniffs for markup. */
export const HEAD_BYTES = 1024;
/** Bytes kept from the end: the largest ZIP central directory we read (64 KiB) plus its end record. */
export const TAIL_BYTES = 64 * 1024 + 22 + 64;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** The family a file's first bytes claim; OOXML is refined to docx/xlsx/pptx from the tail. */
export type HeadFamily = 'pdf' | 'png' | 'jpeg' | 'webp' | 'zip';

/** Recognises the start of a supported file, or undefined. Needs up to 12 bytes (fewer at end of file). */
export function sniffHead(head: Buffer): HeadFamily | undefined {
  // PDF readers accept the header within the first 1024 bytes, but a real upload starts with it;
  // being strict keeps polyglot files (e.g. HTML with a late %PDF-) out.
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  if (head.length >= 4 && head.subarray(0, 4).equals(ZIP_LOCAL)) return 'zip';
  return undefined;
}

/**
 * The verdict on a whole file. `malformed`: the structure we can see is broken; `unsafe`: it is what
 * it claims, but also something else (a polyglot) or built to explode in a viewer (a bomb).
 */
export type Completeness =
  | { ok: true; type: FileType }
  | { ok: false; reason: 'truncated' | 'unsupported' | 'malformed'; detail: string }
  | { ok: false; reason: 'unsafe'; rule: UnsafeRule; detail: string };

export type UnsafeRule = 'singleFormat' | 'noMarkup' | 'safeArchive' | 'imageWithinLimits';

/**
 * Checks that a file of the given family is whole, from its head, its tail (the last bytes, at
 * most TAIL_BYTES) and its total size. Truncated uploads lose their end marker.
 */
export function checkComplete(family: HeadFamily, head: Buffer, tail: Buffer, size: number): Completeness {
  // A ZIP directory at the end makes any other type a ZIP too (PDF/ZIP, PNG/ZIP, JPEG/ZIP polyglots).
  if (family !== 'zip' && zipDirectoryAtEnd(tail) >= 0)
    return unsafe('singleFormat', `the ${family.toUpperCase()} file also contains a ZIP archive at its end`);
  return checkFamily(family, head, tail, size);
}

function checkFamily(family: HeadFamily, head: Buffer, tail: Buffer, size: number): Completeness {
  switch (family) {
    case 'pdf':
      return checkPdf(head, tail, size);
    case 'png': {
      const header = checkPngHeader(head);
      if (header) return header;
      // IEND is the last chunk; tolerate nothing after it but a few bytes some encoders pad with.
      const end = tail.subarray(Math.max(0, tail.length - 64));
      return end.includes(PNG_IEND) ? { ok: true, type: 'png' } : truncated('PNG has no IEND chunk at its end');
    }
    case 'jpeg': {
      // Inside entropy-coded data 0xFF is always stuffed, so FF D9 near the end is the real EOI marker.
      const end = tail.subarray(Math.max(0, tail.length - 1024));
      return end.includes(Buffer.from([0xff, 0xd9]))
        ? { ok: true, type: 'jpeg' }
        : truncated('JPEG has no end-of-image marker');
    }
    case 'webp': {
      const declared = head.readUInt32LE(4) + 8;
      if (declared === size || declared + 1 === size) return { ok: true, type: 'webp' };
      return truncated(`WebP RIFF header declares ${declared} bytes but the file has ${size}`);
    }
    case 'zip':
      return checkOfficeZip(tail, size);
  }
}

// Tags that make a browser or mail client treat bytes as a page; none can occur in PDF syntax
// (dictionaries are "<<", hex strings hold only hex digits).
const MARKUP = /<\s*(?:!doctype|html|head|body|script|iframe|object|embed|svg|meta|img|form|style|link)\b|javascript:/i;

/**
 * A PDF: `%%EOF` in the last 1024 bytes (else truncated), a `startxref` with an offset inside the
 * file just before it (else malformed: header and %%EOF around garbage), and no HTML in the first
 * 1 KiB (a PDF/HTML polyglot that a browser would render as a page).
 */
function checkPdf(head: Buffer, tail: Buffer, size: number): Completeness {
  const end = tail.subarray(Math.max(0, tail.length - 1024)).toString('latin1');
  const eof = end.lastIndexOf('%%EOF');
  if (eof < 0) return truncated('PDF has no %%EOF marker in its last 1024 bytes');
  const xref = /startxref\s+(\d+)\s*$/.exec(end.slice(0, eof));
  if (!xref) return malformed('PDF has no startxref before its %%EOF: it has no cross-reference table');
  if (Number(xref[1]) >= size) return malformed(`PDF startxref ${xref[1]} points past the end of the file`);
  if (MARKUP.test(head.toString('latin1')))
    return unsafe('noMarkup', 'the PDF carries HTML or script markup in its first bytes (a PDF/HTML polyglot)');
  return { ok: true, type: 'pdf' };
}

/** Decoded images bigger than this are decompression bombs for viewers (100 megapixels). */
export const MAX_IMAGE_PIXELS = 100_000_000;

/** Bit depths the PNG spec allows per colour type. */
const PNG_DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/** The IHDR chunk, right after the signature: length 13, valid CRC, sane dimensions and depth. */
function checkPngHeader(head: Buffer): Completeness | undefined {
  if (head.length < 33) return truncated('PNG ends inside its IHDR chunk');
  if (head.readUInt32BE(8) !== 13 || head.toString('latin1', 12, 16) !== 'IHDR')
    return malformed('PNG does not start with an IHDR chunk');
  if (crc32(head.subarray(12, 29)) !== head.readUInt32BE(29)) return malformed('PNG IHDR chunk fails its CRC');
  const width = head.readUInt32BE(16);
  const height = head.readUInt32BE(20);
  const [depth, colour, compression, filter, interlace] = head.subarray(24, 29);
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff)
    return malformed(`PNG IHDR declares ${width} x ${height} pixels`);
  if (!PNG_DEPTHS[colour]?.includes(depth) || compression !== 0 || filter !== 0 || interlace > 1)
    return malformed(`PNG IHDR has an invalid colour type ${colour} / bit depth ${depth} combination`);
  if (width * height > MAX_IMAGE_PIXELS)
    return unsafe('imageWithinLimits', `the PNG declares ${width} x ${height} pixels (at most ${MAX_IMAGE_PIXELS})`);
  return undefined;
}

const truncated = (detail: string): Completeness => ({ ok: false, reason: 'truncated', detail });
const unsupported = (detail: string): Completeness => ({ ok: false, reason: 'unsupported', detail });
const malformed = (detail: string): Completeness => ({ ok: false, reason: 'malformed', detail });
const unsafe = (rule: UnsafeRule, detail: string): Completeness => ({ ok: false, reason: 'unsafe', rule, detail });

/** Limits on what an Office package may declare; beyond them it is treated as a zip bomb. */
export const ZIP_LIMITS = {
  maxEntries: 1000,
  /** Sum of the declared uncompressed sizes. */
  maxTotalUncompressed: 512 * 1024 * 1024,
  /** Expansion ratio of one entry, checked for entries above 1 MiB (Office XML stays well below). */
  maxRatio: 200,
  ratioFloor: 1024 * 1024,
};

// Archives inside an Office package are how nested bombs travel; embedded Office files
// (word/embeddings/*.xlsx for charts) are legitimate and stay allowed.
const NESTED_ARCHIVE = /\.(zip|jar|gz|tgz|bz2|xz|zst|7z|rar|tar|cab)$/i;

interface ZipEntryInfo {
  name: string;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

/**
 * OOXML from the ZIP central directory alone: the end record must sit at the end, the directory
 * must end where the end record starts (so nothing is missing), and its entry names must include
 * `[Content_Types].xml` plus the main part of Word, Excel or PowerPoint. Macro-enabled packages
 * (vbaProject.bin) are refused, and so are zip bombs, judged from what the directory declares
 * (sizes, ratios, overlapping entries, nested archives) and entry names that are paths out of the
 * package. Entries are never decompressed.
 */
export function checkOfficeZip(tail: Buffer, size: number): Completeness {
  const eocd = findEndOfCentralDirectory(tail);
  if (eocd < 0) return truncated('ZIP end-of-central-directory record not found at the end of the file');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    return unsupported('ZIP64 archives are not accepted');
  if (count > ZIP_LIMITS.maxEntries)
    return unsafe('safeArchive', `the archive has ${count} entries (at most ${ZIP_LIMITS.maxEntries})`);
  const eocdOffsetInFile = size - (tail.length - eocd);
  if (cdOffset + cdSize !== eocdOffsetInFile)
    return truncated('ZIP central directory does not line up with the file size');
  const cdStartInTail = eocd - cdSize;
  if (cdStartInTail < 0) return unsupported('ZIP central directory is larger than 64 KiB');
  const entries: ZipEntryInfo[] = [];
  let p = cdStartInTail;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || tail.readUInt32LE(p) !== 0x02014b50)
      return truncated('ZIP central directory entry is damaged');
    const nameLen = tail.readUInt16LE(p + 28);
    const extraLen = tail.readUInt16LE(p + 30);
    const commentLen = tail.readUInt16LE(p + 32);
    const entry = {
      name: tail.toString('utf8', p + 46, p + 46 + nameLen),
      compressed: tail.readUInt32LE(p + 20),
      uncompressed: tail.readUInt32LE(p + 24),
      localOffset: tail.readUInt32LE(p + 42),
    };
    if (entry.localOffset >= cdOffset) return truncated('ZIP entry points past the data area');
    if (entry.compressed === 0xffffffff || entry.uncompressed === 0xffffffff)
      return unsupported('ZIP64 entries are not accepted');
    entries.push(entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (p !== eocd) return truncated('ZIP central directory size does not match its entries');
  const bomb = archiveRisk(entries, cdOffset);
  if (bomb) return unsafe('safeArchive', bomb);
  const names = entries.map((e) => e.name);
  if (!names.includes('[Content_Types].xml')) return unsupported('ZIP archive is not an Office Open XML package');
  if (names.some((n) => n.toLowerCase().endsWith('vbaproject.bin')))
    return unsupported('macro-enabled Office files are not accepted');
  if (names.includes('word/document.xml')) return { ok: true, type: 'docx' };
  if (names.includes('xl/workbook.xml')) return { ok: true, type: 'xlsx' };
  if (names.includes('ppt/presentation.xml')) return { ok: true, type: 'pptx' };
  return unsupported('Office package is not a Word, Excel or PowerPoint document');
}

/** Why a package's directory looks like a bomb or a path-traversal carrier, or undefined. */
function archiveRisk(entries: ZipEntryInfo[], cdOffset: number): string | undefined {
  const seen = new Set<string>();
  let total = 0;
  for (const e of entries) {
    if (/(^|[\\/])\.\.([\\/]|$)/.test(e.name) || /^([\\/]|[A-Za-z]:)/.test(e.name) || e.name.includes('\0'))
      return `the entry "${e.name}" is a path outside the package`;
    if (seen.has(e.name)) return `the entry "${e.name}" appears twice`;
    seen.add(e.name);
    if (NESTED_ARCHIVE.test(e.name)) return `the entry "${e.name}" is an archive inside the package`;
    if (e.uncompressed > ZIP_LIMITS.ratioFloor && e.uncompressed > ZIP_LIMITS.maxRatio * Math.max(1, e.compressed))
      return `the entry "${e.name}" expands ${Math.round(e.uncompressed / Math.max(1, e.compressed))} times`;
    total += e.uncompressed;
  }
  if (total > ZIP_LIMITS.maxTotalUncompressed)
    return `the entries declare ${total} bytes uncompressed (at most ${ZIP_LIMITS.maxTotalUncompressed})`;
  // Entries sharing or overlapping their data are the non-recursive zip bomb: each must end
  // (local header, name, data) before the next begins.
  const byOffset = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 0; i < byOffset.length; i++) {
    const e = byOffset[i];
    const next = i + 1 < byOffset.length ? byOffset[i + 1].localOffset : cdOffset;
    if (e.localOffset + 30 + Buffer.byteLength(e.name) + e.compressed > next)
      return `the entry "${e.name}" overlaps the data of another entry`;
  }
  return undefined;
}

/** The end record is 22 bytes plus a comment of up to 64 KiB; search backwards for its signature. */
function findEndOfCentralDirectory(tail: Buffer): number {
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 0xffff); i--) {
    if (tail.readUInt32LE(i) === 0x06054b50 && i + 22 + tail.readUInt16LE(i + 20) === tail.length) return i;
  }
  return -1;
}

/**
 * Whether the tail holds a ZIP end record whose central directory really starts where it says,
 * even with bytes after it (lenient ZIP readers accept those). Used to catch polyglots.
 */
export function zipDirectoryAtEnd(tail: Buffer): number {
  let i = tail.lastIndexOf(ZIP_END);
  while (i >= 0) {
    if (i + 22 <= tail.length) {
      const cdStart = i - tail.readUInt32LE(i + 12);
      if (tail.readUInt16LE(i + 10) === 0 || (cdStart >= 0 && tail.readUInt32LE(cdStart) === 0x02014b50)) return i;
    }
    i = i > 0 ? tail.lastIndexOf(ZIP_END, i - 1) : -1;
  }
  return -1;
}

/** The type a file name's extension stands for, if any. */
export function typeOfExtension(fileName: string): FileType | undefined {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = fileName.slice(dot).toLowerCase();
  return (Object.keys(FILE_TYPES) as FileType[]).find((t) => FILE_TYPES[t].extensions.includes(ext));
}

/** The type a declared content type stands for (parameters such as charset ignored). */
export function typeOfContentType(contentType: string): FileType | undefined {
  const bare = contentType.split(';')[0].trim().toLowerCase();
  return (Object.keys(FILE_TYPES) as FileType[]).find((t) => FILE_TYPES[t].contentType === bare);
}
