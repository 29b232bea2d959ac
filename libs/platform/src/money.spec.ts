import { DomainError } from './errors';
import { toDecimal, toMinor } from './money';

describe('toMinor', () => {
  it('toMinor_whenValid_isMinorUnits', () => {
    expect(toMinor({ amount: '1000', currency: 'XOF' }, 'amount')).toEqual({ minor: 1000, currency: 'XOF' });
    expect(toDecimal(1000, 'XOF')).toEqual({ amount: '1000', currency: 'XOF' });
  });

  // The exception filter answers an `invalid` domain error as 422 problem+json with `errors[]`.
  it('toMinor_whenMoreDecimalsThanCurrencyAllows_isAn422NamingTheFieldAndRule', () => {
    let error: unknown;
    try {
      toMinor({ amount: '1000.00', currency: 'XOF' }, 'approvedAmount');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'MONEY.AMOUNT_INVALID',
      kind: 'invalid',
      violations: [{ field: 'approvedAmount.amount', rule: 'currencyPrecision' }],
    });
  });
});
