/** Fragments and components every service's answers share: ids, dates, money, duplicate flags. */
import { AMOUNT_PATTERN, CURRENCY_CODES } from '../money';
import { DOCUMENT_KINDS, REASON_CODE_PATTERN, REVIEW_OUTCOMES } from '../vocabulary';
import { arrayOf, component, enumOf, object, str } from './shape';

export const TIMESTAMP = str({ format: 'date-time' });
export const DATE = str({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const ID = str({ minLength: 1, maxLength: 128 });
export const REASON_CODE = str({ pattern: REASON_CODE_PATTERN });

/**
 * The active ISO 4217 codes of money (docs/money.md). Typed `string`, as `Money` is: the set is
 * data (the ISO list), not a union the compiler knows.
 */
export const Currency = component('Currency', str({ enum: [...CURRENCY_CODES], example: 'EUR' }));
/** Money as every service answers it: a decimal string and an ISO 4217 code, never a JSON number. */
export const Money = component('Money', object({ amount: str({ pattern: AMOUNT_PATTERN }), currency: Currency }));

export const DocumentKind = component('DocumentKind', enumOf(DOCUMENT_KINDS));
export const ReviewOutcome = component('ReviewOutcome', enumOf(REVIEW_OUTCOMES));

export const DuplicateReason = component('DuplicateReason', enumOf(['same_file_hash', 'same_vendor_invoice_number']));
/** A duplicate flag as the review service names it: every matching claim. */
export const DuplicateFlag = component(
  'DuplicateFlag',
  object({ reason: DuplicateReason, documentId: ID, matchingClaimIds: arrayOf(ID) }),
);
