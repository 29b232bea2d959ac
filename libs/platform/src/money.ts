import { formatMoney, MinorMoney, Money, readMoney } from '@poe/contracts';
import { DomainError } from './errors';

/**
 * The services' side of @poe/contracts' money: a refused amount becomes the 422 domain error that
 * names the field and the rule (`invoice.amount.amount`, `currencyPrecision`).
 */
export function toMinor(money: Money, field: string): MinorMoney {
  const reading = readMoney(money, field);
  if (reading.ok) return reading.money;
  const { code, field: at, rule, message } = reading.violation;
  throw DomainError.invalidField(code, at, rule, message);
}

/** 125050 EUR -> { amount: "1250.50", currency: "EUR" }. */
export const toDecimal = (minor: number, currency: string): Money => formatMoney({ minor, currency });

/** Money in a request body: written once with the other bodies (the gateway publishes it as `MoneyInput`). */
export { MoneyDto } from '@poe/contracts/bodies';
