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

/** Bytes kept from the start: enough for every signature below. */
export const HEAD_BYTES = 64;
/** Bytes kept from the end: the largest ZIP central directory we read (64 KiB) plus its end record. */
export const TAIL_BYTES = 64 * 1024 + 22 + 64;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

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

export type Completeness =
  { ok: true; type: FileType } | { ok: false; reason: 'truncated' | 'unsupported'; detail: string };

/**
 * Checks that a file of the given family is whole, from its head, its tail (the last bytes, at
 * most TAIL_BYTES) and its total size. Truncated uploads lose their end marker.
 */
export function checkComplete(family: HeadFamily, head: Buffer, tail: Buffer, size: number): Completeness {
  switch (family) {
    case 'pdf': {
      // The spec puts %%EOF in the last 1024 bytes; a cut-off download or upload has none there.
      const end = tail.subarray(Math.max(0, tail.length - 1024)).toString('latin1');
      return end.includes('%%EOF')
        ? { ok: true, type: 'pdf' }
        : truncated('PDF has no %%EOF marker in its last 1024 bytes');
    }
    case 'png': {
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

const truncated = (detail: string): Completeness => ({ ok: false, reason: 'truncated', detail });
const unsupported = (detail: string): Completeness => ({ ok: false, reason: 'unsupported', detail });

/**
 * OOXML from the ZIP central directory alone: the end record must sit at the end, the directory
 * must end where the end record starts (so nothing is missing), and its entry names must include
 * `[Content_Types].xml` plus the main part of Word, Excel or PowerPoint. Macro-enabled packages
 * (vbaProject.bin) are refused. Entries are never decompressed.
 */
export function checkOfficeZip(tail: Buffer, size: number): Completeness {
  const eocd = findEndOfCentralDirectory(tail);
  if (eocd < 0) return truncated('ZIP end-of-central-directory record not found at the end of the file');
  const entries = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
    return unsupported('ZIP64 archives are not accepted');
  const eocdOffsetInFile = size - (tail.length - eocd);
  if (cdOffset + cdSize !== eocdOffsetInFile)
    return truncated('ZIP central directory does not line up with the file size');
  const cdStartInTail = eocd - cdSize;
  if (cdStartInTail < 0) return unsupported('ZIP central directory is larger than 64 KiB');
  const names: string[] = [];
  let p = cdStartInTail;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > eocd || tail.readUInt32LE(p) !== 0x02014b50)
      return truncated('ZIP central directory entry is damaged');
    const nameLen = tail.readUInt16LE(p + 28);
    const extraLen = tail.readUInt16LE(p + 30);
    const commentLen = tail.readUInt16LE(p + 32);
    const localOffset = tail.readUInt32LE(p + 42);
    if (localOffset >= cdOffset) return truncated('ZIP entry points past the data area');
    names.push(tail.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (p !== eocd) return truncated('ZIP central directory size does not match its entries');
  if (!names.includes('[Content_Types].xml')) return unsupported('ZIP archive is not an Office Open XML package');
  if (names.some((n) => n.toLowerCase().endsWith('vbaproject.bin')))
    return unsupported('macro-enabled Office files are not accepted');
  if (names.includes('word/document.xml')) return { ok: true, type: 'docx' };
  if (names.includes('xl/workbook.xml')) return { ok: true, type: 'xlsx' };
  if (names.includes('ppt/presentation.xml')) return { ok: true, type: 'pptx' };
  return unsupported('Office package is not a Word, Excel or PowerPoint document');
}

/** The end record is 22 bytes plus a comment of up to 64 KiB; search backwards for its signature. */
function findEndOfCentralDirectory(tail: Buffer): number {
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - 22 - 0xffff); i--) {
    if (tail.readUInt32LE(i) === 0x06054b50 && i + 22 + tail.readUInt16LE(i + 20) === tail.length) return i;
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
