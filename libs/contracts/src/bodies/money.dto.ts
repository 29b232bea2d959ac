import { Matches } from 'class-validator';
import { AMOUNT_PATTERN, Money } from '../money';
import { Documented } from './documented';

/**
 * Money in a request body, as every service's DTO takes it: the shape only (the published
 * pattern); the currency list and its decimals are `toMinor`'s (@poe/platform), so they answer
 * with their own rule (422). Published as the `MoneyInput` component.
 */
export class MoneyDto implements Money {
  @Documented({
    example: '1250.00',
    description: "at most the currency's ISO 4217 decimals: 0 for JPY or XOF, 2 for EUR, 3 for KWD",
  })
  @Matches(new RegExp(AMOUNT_PATTERN), { message: 'amount must be a non-negative decimal string such as "1250.00"' })
  amount!: string;

  /** Published as the `Currency` enum (money's list, a 422 `currencyUnknown` here); the DTO checks the shape. */
  @Documented({ ref: 'Currency' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;
}
