import { DomainError } from '@poe/platform';

/** Money as the service keeps it: integer minor units (cents) and an ISO 4217 code. Never a float. */
export interface MinorMoney {
  minor: number;
  currency: string;
}

/** A decimal string plus currency, as money travels over HTTP and in events. */
export interface DecimalMoney {
  amount: string;
  currency: string;
}

// ISO 4217 exponents that are not 2; every other code has two decimals.
const ZERO_DECIMALS = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);

export const minorDigits = (currency: string): number =>
  ZERO_DECIMALS.has(currency) ? 0 : THREE_DECIMALS.has(currency) ? 3 : 2;

const DECIMAL = /^(-?)(\d{1,15})(?:\.(\d+))?$/;

/**
 * Parses "1250.5" in EUR to 125050 minor units by string arithmetic, so no binary rounding can
 * creep in. More decimals than the currency has is an error naming `field`, not a silent rounding.
 */
export function toMinor(money: DecimalMoney, field: string): MinorMoney {
  if (!/^[A-Z]{3}$/.test(money.currency)) {
    throw DomainError.invalidField(
      'MONEY.CURRENCY_INVALID',
      `${field}.currency`,
      'isIso4217',
      `${field}.currency must be an ISO 4217 code such as EUR`,
    );
  }
  const m = DECIMAL.exec(money.amount);
  if (!m) {
    throw DomainError.invalidField(
      'MONEY.AMOUNT_INVALID',
      `${field}.amount`,
      'isDecimal',
      `${field}.amount must be a decimal string such as "1250.00"`,
    );
  }
  const digits = minorDigits(money.currency);
  const fraction = m[3] ?? '';
  if (fraction.length > digits) {
    throw DomainError.invalidField(
      'MONEY.AMOUNT_INVALID',
      `${field}.amount`,
      'currencyPrecision',
      `${field}.amount has more than ${digits} decimals, which ${money.currency} does not allow`,
    );
  }
  const minor = Number(m[2] + fraction.padEnd(digits, '0'));
  // 15 integer digits plus the currency's decimals can pass 2^53: such an amount cannot be exact.
  if (!Number.isSafeInteger(minor)) {
    throw DomainError.invalidField(
      'MONEY.AMOUNT_INVALID',
      `${field}.amount`,
      'isSafeAmount',
      `${field}.amount is too large; at most ${toDecimal(Number.MAX_SAFE_INTEGER, money.currency).amount}`,
    );
  }
  return { minor: m[1] === '-' && minor !== 0 ? -minor : minor, currency: money.currency };
}

/** 125050 EUR -> "1250.50"; the inverse of `toMinor`. */
export function toDecimal(minor: number, currency: string): DecimalMoney {
  if (!Number.isSafeInteger(minor)) throw new Error(`money ${minor} is not an integer amount of minor units`);
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const amount = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return { amount: sign + amount, currency };
}
