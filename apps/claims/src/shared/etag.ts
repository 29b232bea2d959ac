import { DomainError } from '@poe/platform';

export const etagOf = (version: number) => `"${version}"`;

/** The version an `If-Match` header names (`"3"`, `W/"3"` or `3`); undefined when absent or `*`. */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*' || header.trim() === '') return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!m)
    throw new DomainError(
      'REQUEST.IF_MATCH_INVALID',
      'precondition',
      `If-Match must be an ETag this service issued, e.g. "3"; got ${header}`,
    );
  return Number(m[1]);
}
