/** Schema fragments and types shared by the event definitions. */
import { MONEY_SCHEMA } from '../money';
import { DOCUMENT_KINDS, REASON_CODE_PATTERN } from '../vocabulary';

export type { Money } from '../money';

export type { DocumentKind } from '../vocabulary';

export const ID = { type: 'string', minLength: 1, maxLength: 128 } as const;

export const REVISION = {
  type: 'integer',
  minimum: 1,
  description: 'Aggregate revision after the change; consumers ignore a revision they already applied.',
} as const;

/** RFC 3339 with a time zone, e.g. "2026-11-24T10:15:00.000Z". */
export const TIMESTAMP = { type: 'string', format: 'date-time' } as const;

/** Calendar date, e.g. "2026-11-24". */
export const DATE = { type: 'string', format: 'date' } as const;

/** Money in every event: the amount pattern and currency list of `../money`. */
export const MONEY = MONEY_SCHEMA;

export const DOCUMENT_KIND = { type: 'string', enum: DOCUMENT_KINDS } as const;

/** Stable codes such as "INVOICE_ILLEGIBLE"; a list, not an enum, so adding a code is not breaking. */
export const REASON_CODES_SCHEMA = {
  type: 'array',
  items: { type: 'string', pattern: REASON_CODE_PATTERN },
} as const;

export const SHA256 = { type: 'string', pattern: '^[a-f0-9]{64}$' } as const;

export const PRE_APPROVAL_ID = { type: 'string', pattern: '^PA-[0-9]{4}-[0-9]{6}$' } as const;

export const TEXT = { type: 'string', maxLength: 4000 } as const;
