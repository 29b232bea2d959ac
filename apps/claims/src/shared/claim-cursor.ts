import { DomainError } from '@poe/platform';

/**
 * The page cursor of the claims service's claim lists (claims, payables): base64url of the last
 * claim id of the page. A cursor this API never issued is 422 naming `cursor`.
 */
export const encodeClaimCursor = (id: string): string => Buffer.from(id).toString('base64url');

export function decodeClaimCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^CLM-[a-z0-9]+$/.test(id)) {
    throw DomainError.invalidField(
      'REQUEST.CURSOR_INVALID',
      'cursor',
      'isCursor',
      'cursor must be a nextCursor value this API returned',
    );
  }
  return id;
}
