import { AMOUNT_PATTERN, formatMoney, MinorMoney, Money, readMoney } from '@poe/contracts';
import { Matches } from 'class-validator';
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

/**
 * Money in a request body, as every service's DTO takes it: the shape only (the published
 * pattern); the currency list and its decimals are `toMinor`'s, so they answer with their own rule.
 */
export class MoneyDto implements Money {
  @Matches(new RegExp(AMOUNT_PATTERN), { message: 'amount must be a non-negative decimal string such as "1250.00"' })
  amount!: string;

  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;
}
