/** Schema fragments and types shared by the event definitions. */

/** Money never travels as a float: a decimal string plus an ISO 4217 currency code. */
export interface Money {
  /** Non-negative decimal string, e.g. "1250.00". */
  amount: string;
  /** ISO 4217 code, e.g. "EUR". */
  currency: string;
}

export type DocumentKind = 'invoice' | 'csr' | 'proof';

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

export const MONEY = {
  type: 'object',
  required: ['amount', 'currency'],
  properties: {
    amount: { type: 'string', pattern: '^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,3})?$' },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
} as const;

export const DOCUMENT_KIND = { type: 'string', enum: ['invoice', 'csr', 'proof'] } as const;

/** Stable codes such as "INVOICE_ILLEGIBLE"; a list, not an enum, so adding a code is not breaking. */
export const REASON_CODES = {
  type: 'array',
  items: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,63}$' },
} as const;

export const SHA256 = { type: 'string', pattern: '^[a-f0-9]{64}$' } as const;

export const PRE_APPROVAL_ID = { type: 'string', pattern: '^PA-[0-9]{4}-[0-9]{6}$' } as const;

export const TEXT = { type: 'string', maxLength: 4000 } as const;
