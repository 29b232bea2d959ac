import { attachmentDisposition, fileNameViolation, sanitiseFileName } from './file-name';

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

describe('file names that are refused', () => {
  it.each([
    ['../../etc/passwd.pdf', 'noPathParts'],
    ['..\\..\\win.ini.pdf', 'noPathParts'],
    ['/var/lib/invoice.pdf', 'noPathParts'],
    ['C:\\Users\\dana\\invoice.pdf', 'noPathParts'],
    ['..', 'noPathParts'],
    ['evil.exe\u0000.pdf', 'noControlCharacters'],
    ['invoice\u001b[31m.pdf', 'noControlCharacters'],
    ['invoice\u0085.pdf', 'noControlCharacters'],
    ['invoice\u202Efdp.exe', 'noControlCharacters'],
    ['invoice\u2066x\u2069.pdf', 'noControlCharacters'],
    ['in\u200Bvoice.pdf', 'noControlCharacters'],
    ['', 'required'],
    ['   ', 'required'],
    [`${'a'.repeat(252)}.pdf`, 'maxLength'],
    [`${'ä'.repeat(126)}.pdf`, 'maxLength'],
  ])('violation_for %j_is %s', (name, rule) => {
    expect(fileNameViolation(name)).toMatchObject({ rule });
  });

  it.each([
    'Rechnung März 2026.pdf',
    'invoice "final": v2.pdf',
    'عقد.pdf',
    'शुल्क\u200D.pdf',
    '👩\u200D💻 report.pdf',
    `${'a'.repeat(251)}.pdf`,
  ])('violation_for %j_isNone', (name) => {
    expect(fileNameViolation(name)).toBeUndefined();
  });
});
