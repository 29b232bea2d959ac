import { DomainError } from '@poe/platform';

/** Opaque paging cursor: the sort key of the last row served, base64url JSON. */
export function encodeCursor(key: Record<string, string>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<K extends string>(cursor: string, keys: readonly K[]): Record<K, string> {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (keys.every((k) => typeof value[k] === 'string')) return value as Record<K, string>;
  } catch {
    // falls through to the error below
  }
  throw DomainError.invalidField(
    'PAGING.INVALID_CURSOR',
    'cursor',
    'isCursor',
    'cursor is not one this service issued',
  );
}
