import { DomainError } from '@poe/platform';

/** Stable codes of the documents service; the kind decides the HTTP status (problem.ts). */
export const DocumentErrors = {
  notFound: (id: string) => new DomainError('DOCUMENT.NOT_FOUND', 'not_found', `document ${id} was not found`),
  forbiddenRole: (action: string) =>
    new DomainError('DOCUMENT.FORBIDDEN', 'forbidden', `your role does not allow you to ${action}`),
  notMultipart: () =>
    new DomainError(
      'DOCUMENT.NOT_MULTIPART',
      'unsupported_media',
      'upload the file as multipart/form-data with a "file" part',
    ),
  fileMissing: () =>
    DomainError.invalidField('DOCUMENT.FILE_MISSING', 'file', 'required', 'the request has no "file" part'),
  tooManyFiles: () =>
    DomainError.invalidField('DOCUMENT.TOO_MANY_FILES', 'file', 'singleFile', 'send exactly one file per upload'),
  empty: () => DomainError.invalidField('DOCUMENT.EMPTY', 'file', 'notEmpty', 'the file is empty'),
  tooLarge: (max: number) =>
    new DomainError('DOCUMENT.TOO_LARGE', 'too_large', `the file is larger than the limit of ${max} bytes`, [
      { field: 'file', rule: 'maxBytes', message: `at most ${max} bytes` },
    ]),
  unsupportedType: (detail: string) =>
    new DomainError(
      'DOCUMENT.UNSUPPORTED_TYPE',
      'unsupported_media',
      `${detail}; accepted: PDF, PNG, JPEG, WebP, DOCX, XLSX, PPTX`,
      [{ field: 'file', rule: 'supportedContent', message: detail }],
    ),
  typeMismatch: (rule: 'contentMatchesDeclaredType' | 'contentMatchesExtension', detail: string) =>
    DomainError.invalidField('DOCUMENT.TYPE_MISMATCH', 'file', rule, detail),
  truncated: (detail: string) =>
    DomainError.invalidField('DOCUMENT.TRUNCATED', 'file', 'complete', `the file is incomplete: ${detail}`),
  malformed: (detail: string) =>
    DomainError.invalidField('DOCUMENT.MALFORMED', 'file', 'wellFormed', `the file is malformed: ${detail}`),
  /** Content that is what it claims but unsafe to hand to reviewers: polyglots, bombs, markup. */
  unsafeContent: (rule: string, detail: string) =>
    DomainError.invalidField('DOCUMENT.UNSAFE_CONTENT', 'file', rule, `the file is refused: ${detail}`),
  invalidFileName: (rule: string, message: string) =>
    DomainError.invalidField('DOCUMENT.INVALID_FILE_NAME', 'filename', rule, message),
  malformedMultipart: () =>
    DomainError.invalidField(
      'DOCUMENT.MALFORMED_MULTIPART',
      'form',
      'wellFormed',
      'a multipart part header is malformed (raw control characters or broken quoting)',
    ),
  invalidField: (field: string, rule: string, message: string) =>
    DomainError.invalidField('DOCUMENT.INVALID_FIELD', field, rule, message),
  csrCurrencyMismatch: (claimId: string, csrCurrency: string, claimCurrency: string) =>
    DomainError.invalidField(
      'DOCUMENT.CSR_CURRENCY_MISMATCH',
      'currency',
      'matchesClaimCurrency',
      `the CSR is in ${csrCurrency}, claim ${claimId} in ${claimCurrency}`,
    ),
  retained: (id: string) =>
    new DomainError(
      'DOCUMENT.RETAINED',
      'conflict',
      `document ${id} belongs to a submitted claim and is kept until its retention ends`,
    ),
  uploadAborted: () =>
    DomainError.invalidField(
      'DOCUMENT.UPLOAD_ABORTED',
      'file',
      'complete',
      'the upload was interrupted before the file ended',
    ),
};
