import { attachmentDisposition, sanitiseFileName } from './file-name';

describe('file names', () => {
  it('sanitise_whenPathGiven_keepsOnlyTheLastSegment', () => {
    expect(sanitiseFileName('../../etc/passwd.pdf')).toBe('passwd.pdf');
    expect(sanitiseFileName('C:\\Users\\dana\\invoice 4471.pdf')).toBe('invoice 4471.pdf');
  });

  it('sanitise_whenControlOrQuoteCharacters_replacesThem', () => {
    expect(sanitiseFileName('a"b\r\nContent-Type: x;.pdf')).toBe('a_bContent-Type_ x_.pdf');
  });

  it('sanitise_whenHiddenOrEmpty_fallsBack', () => {
    expect(sanitiseFileName('...pdf')).toBe('pdf');
    expect(sanitiseFileName('   ')).toBe('document');
    expect(sanitiseFileName(undefined)).toBe('document');
  });

  it('sanitise_whenTooLong_keepsTheExtension', () => {
    const name = sanitiseFileName('x'.repeat(500) + '.pdf');
    expect(name.length).toBe(120);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('disposition_isAsciiSafeAndKeepsTheUnicodeName', () => {
    expect(attachmentDisposition('Rechnung März.pdf')).toBe(
      `attachment; filename="Rechnung M_rz.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf`,
    );
  });
});
