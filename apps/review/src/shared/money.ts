import { DomainError } from '@poe/platform';
import type { Money } from '@poe/contracts';

/** Money inside the service: integer minor units, never a float (FerretDB has no Decimal128). */
export interface MinorMoney {
  minor: number;
  currency: string;
}

// ISO 4217 exponents that differ from 2; every other code uses cents.
const EXPONENT: Record<string, number> = {
  JPY: 0,
  KRW: 0,
  CLP: 0,
  ISK: 0,
  VND: 0,
  HUF: 2,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
  IQD: 3,
  LYD: 3,
};

export const exponentOf = (currency: string): number => EXPONENT[currency] ?? 2;

const DECIMAL = /^(0|[1-9][0-9]{0,14})(?:\.([0-9]{1,3}))?$/;

/**
 * Parses a decimal string exactly (string digits, no float). Fractional digits beyond the
 * currency's exponent are accepted only when they are zeros ("10.500" EUR is 1050 cents).
 */
export function parseMoney(money: Money, field = 'amount'): MinorMoney {
  const invalid = (message: string) => DomainError.invalidField('MONEY.INVALID', field, 'isMoney', message);
  if (!/^[A-Z]{3}$/.test(money.currency ?? '')) throw invalid(`currency "${money.currency}" is not an ISO 4217 code`);
  const m = DECIMAL.exec(money.amount ?? '');
  if (!m) throw invalid(`amount "${money.amount}" is not a non-negative decimal string like "1250.00"`);
  const exp = exponentOf(money.currency);
  const fraction = m[2] ?? '';
  if (fraction.length > exp && !/^0+$/.test(fraction.slice(exp))) {
    throw invalid(`${money.currency} has ${exp} decimal places; "${money.amount}" has more`);
  }
  const digits = m[1] + fraction.slice(0, exp).padEnd(exp, '0');
  const minor = Number(digits);
  if (!Number.isSafeInteger(minor)) throw invalid(`amount "${money.amount}" is too large`);
  return { minor, currency: money.currency };
}

/** Formats minor units as the decimal string events and the API carry. */
export function formatMoney(money: MinorMoney): Money {
  const exp = exponentOf(money.currency);
  const digits = String(money.minor).padStart(exp + 1, '0');
  const amount = exp === 0 ? digits : `${digits.slice(0, -exp)}.${digits.slice(-exp)}`;
  return { amount, currency: money.currency };
}
