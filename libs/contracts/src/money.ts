import { readFileSync } from 'node:fs';
import { publishDate } from 'currency-codes';

/**
 * Money, once for every service, event and the public API (docs/money.md): integer minor units
 * inside a service, a decimal string plus an ISO 4217 code on the wire, never a float.
 */

/** Money as it travels over HTTP and in events. */
export interface Money {
  /** Non-negative decimal string with at most the currency's decimals, e.g. "1250.00". */
  amount: string;
  /** Active ISO 4217 code, e.g. "EUR". */
  currency: string;
}

/** Money inside a service: an integer count of the currency's minor units (cents). */
export interface MinorMoney {
  minor: number;
  currency: string;
}

/**
 * ISO 4217 list one as `currency-codes` ships it (the ISO XML itself: its `data.js` turns the
 * "N.A." minor unit of gold or the SDR into 0, so it cannot tell them from the yen).
 * Kept: codes with a number of minor units that ISO does not mark as funds (BOV, CHE, CLF, COU...).
 */
function readIsoListOne(): Map<string, number> {
  const xml = readFileSync(require.resolve('currency-codes/iso-4217-list-one.xml'), 'utf8');
  const codes = new Map<string, number>();
  for (const [, entry] of xml.matchAll(/<CcyNtry>([\s\S]*?)<\/CcyNtry>/g)) {
    const code = /<Ccy>([A-Z]{3})<\/Ccy>/.exec(entry)?.[1];
    const minorUnits = /<CcyMnrUnts>(\d)<\/CcyMnrUnts>/.exec(entry)?.[1];
    if (code && minorUnits !== undefined && !/IsFund="true"/.test(entry)) codes.set(code, Number(minorUnits));
  }
  return codes;
}

/**
 * Codes ISO added after the list the package carries (ISO_4217_LIST_DATE). Each one leaves this
 * table when the package's list has it (money.spec.ts fails then).
 */
export const ISO_4217_AMENDMENTS_AFTER_LIST: Readonly<Record<string, number>> = {
  // Caribbean guilder, Curaçao and Sint Maarten, in use since 2025-03-31 (replacing ANG).
  XCG: 2,
};

/** The publication date of the ISO 4217 list the minor units come from. */
export const ISO_4217_LIST_DATE: string = publishDate;

const MINOR_DIGITS: ReadonlyMap<string, number> = new Map(
  [...readIsoListOne(), ...Object.entries(ISO_4217_AMENDMENTS_AFTER_LIST)].sort(([a], [b]) => a.localeCompare(b)),
);

/** Every currency a campaign, claim or decision may use: the active ISO 4217 codes, sorted. */
export const CURRENCY_CODES: readonly string[] = [...MINOR_DIGITS.keys()];

export const isCurrency = (code: string): boolean => MINOR_DIGITS.has(code);

/** ISO 4217 minor units: 2 for EUR, 0 for JPY and XOF, 3 for KWD. Only for a known currency. */
export function minorDigits(currency: string): number {
  const digits = MINOR_DIGITS.get(currency);
  if (digits === undefined) throw new Error(`${currency} is not an active ISO 4217 currency`);
  return digits;
}

/** The most decimals any currency has (4: UYW; 3 for BHD, IQD, JOD, KWD, LYD, OMR, TND). */
export const MAX_MINOR_DIGITS = Math.max(...MINOR_DIGITS.values());

/** At most 15 integer digits, no leading zero, no sign, no exponent. */
const MAX_INTEGER_DIGITS = 15;

/**
 * The shape of every amount (JSON Schema / OpenAPI `pattern`, DTOs): a non-negative decimal with
 * at most MAX_MINOR_DIGITS decimals. The currency's own number of decimals is checked by `readMoney`.
 */
export const AMOUNT_PATTERN = `^(0|[1-9][0-9]{0,${MAX_INTEGER_DIGITS - 1}})(\\.[0-9]{1,${MAX_MINOR_DIGITS}})?$`;
const AMOUNT = new RegExp(AMOUNT_PATTERN);

/** `^(AED|AFN|...)$`: the currency list as a pattern, for schemas that must stay one line. */
export const CURRENCY_PATTERN = `^(${CURRENCY_CODES.join('|')})$`;

/** The JSON Schema of money in events (and the OpenAPI `Money`): pattern and list from above. */
export const MONEY_SCHEMA = {
  type: 'object',
  required: ['amount', 'currency'],
  properties: {
    amount: { type: 'string', pattern: AMOUNT_PATTERN },
    currency: { type: 'string', pattern: CURRENCY_PATTERN },
  },
} as const;

/** The rules `readMoney` applies, as problem+json `errors[].rule` names them. */
export type MoneyRule = 'isIso4217' | 'isDecimal' | 'currencyPrecision' | 'isSafeAmount';

/** Why an amount is refused: a value, so each service raises it in its own error type. */
export interface MoneyViolation {
  code: 'MONEY.CURRENCY_INVALID' | 'MONEY.AMOUNT_INVALID';
  /** e.g. `invoice.amount.amount` for the field `invoice.amount`. */
  field: string;
  rule: MoneyRule;
  message: string;
}

export type MoneyReading = { ok: true; money: MinorMoney } | { ok: false; violation: MoneyViolation };

/**
 * Reads "1250.5" EUR as 125050 minor units by string arithmetic, so no binary rounding can creep
 * in. More decimals than the currency has (even zeros: "10.500" EUR) is refused, never rounded.
 */
export function readMoney(money: Money, field: string): MoneyReading {
  const refuse = (code: MoneyViolation['code'], at: string, rule: MoneyRule, message: string): MoneyReading => ({
    ok: false,
    violation: { code, field: `${field}.${at}`, rule, message },
  });
  const currency = typeof money?.currency === 'string' ? money.currency : '';
  if (!isCurrency(currency)) {
    return refuse(
      'MONEY.CURRENCY_INVALID',
      'currency',
      'isIso4217',
      `${field}.currency must be an active ISO 4217 code such as EUR`,
    );
  }
  const amount = typeof money.amount === 'string' ? money.amount : '';
  if (!AMOUNT.test(amount)) {
    return refuse(
      'MONEY.AMOUNT_INVALID',
      'amount',
      'isDecimal',
      `${field}.amount must be a non-negative decimal string such as "1250.00"`,
    );
  }
  const [whole, fraction = ''] = amount.split('.');
  const digits = minorDigits(currency);
  if (fraction.length > digits) {
    return refuse(
      'MONEY.AMOUNT_INVALID',
      'amount',
      'currencyPrecision',
      `${field}.amount has more than ${digits} decimals, which ${currency} does not allow`,
    );
  }
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  // 15 integer digits plus the currency's decimals can pass 2^53: such an amount cannot be exact.
  if (!Number.isSafeInteger(minor)) {
    return refuse(
      'MONEY.AMOUNT_INVALID',
      'amount',
      'isSafeAmount',
      `${field}.amount is too large; at most ${formatMoney({ minor: Number.MAX_SAFE_INTEGER, currency }).amount}`,
    );
  }
  return { ok: true, money: { minor, currency } };
}

/** 125050 EUR -> "1250.50", 1000 XOF -> "1000"; the inverse of `readMoney`. */
export function formatMoney(money: MinorMoney): Money {
  if (!Number.isSafeInteger(money.minor)) {
    throw new Error(`money ${money.minor} is not an integer amount of minor units`);
  }
  const digits = minorDigits(money.currency);
  const sign = money.minor < 0 ? '-' : '';
  const abs = String(Math.abs(money.minor)).padStart(digits + 1, '0');
  const amount = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return { amount: sign + amount, currency: money.currency };
}
