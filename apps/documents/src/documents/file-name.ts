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
