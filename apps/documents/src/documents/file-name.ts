export type FileNameRule = 'required' | 'maxLength' | 'noControlCharacters' | 'noPathParts';

/** File systems stop at 255 bytes; a longer name was not made by a user picking a file. */
export const MAX_FILE_NAME_BYTES = 255;

// C0, DEL and C1 controls; bidi marks, embeddings, overrides and isolates (they make "x\u202Efdp.exe"
// display as "xexe.pdf"); invisible separators. ZWJ/ZWNJ (U+200C/D) stay: scripts and emoji need them.
const CONTROL_OR_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;

/**
 * Names that are refused rather than repaired: a path (any / or \, `.` or `..`), control or
 * direction-changing characters, more than 255 bytes, or nothing at all. A person picking a file
 * never sends these; silently repairing them would store a name the sender did not see.
 */
export function fileNameViolation(raw: string | undefined): { rule: FileNameRule; message: string } | undefined {
  const name = raw ?? '';
  if (name.trim() === '') return { rule: 'required', message: 'the file part needs a file name' };
  if (CONTROL_OR_INVISIBLE.test(name))
    return {
      rule: 'noControlCharacters',
      message: 'the file name contains control, invisible or text-direction characters',
    };
  if (/[\\/]/.test(name) || name === '.' || name === '..')
    return { rule: 'noPathParts', message: 'the file name must be a name, not a path (no / or \\)' };
  if (Buffer.byteLength(name, 'utf8') > MAX_FILE_NAME_BYTES)
    return { rule: 'maxLength', message: `the file name is longer than ${MAX_FILE_NAME_BYTES} bytes` };
  return undefined;
}

/**
 * A file name as given by the client, made safe to store and to put into a Content-Disposition
 * header: no path parts, no control or quoting characters, no leading dots, bounded length. The
 * extension is kept so the name still says what the file is.
 */
export function sanitiseFileName(raw: string | undefined, fallback = 'document'): string {
  let name = (raw ?? '').normalize('NFC');
  // Browsers on Windows may send a full path; only the last segment is the name.
  name = name.split(/[\\/]/).pop() ?? '';
  name = name
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/["'`<>:|?*;%\\]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (!name) return fallback;
  if (name.length <= 120) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return name.slice(0, 120 - ext.length) + ext;
}

/**
 * `attachment; filename="..."` with an ASCII fallback and the exact name in RFC 5987 form, so
 * non-ASCII names survive and nothing the user typed can break out of the header.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
