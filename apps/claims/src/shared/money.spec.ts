import { DomainError } from '@poe/platform';
import { toDecimal, toMinor } from './money';

describe('money', () => {
  it('toMinor_whenDecimalString_isExactMinorUnits', () => {
    expect(toMinor({ amount: '1250.00', currency: 'EUR' }, 'amount').minor).toBe(125000);
    expect(toMinor({ amount: '0.1', currency: 'EUR' }, 'amount').minor).toBe(10);
    expect(toMinor({ amount: '1180.5', currency: 'USD' }, 'amount').minor).toBe(118050);
    expect(toMinor({ amount: '999999999999.99', currency: 'EUR' }, 'amount').minor).toBe(99999999999999);
    expect(toMinor({ amount: '1250', currency: 'JPY' }, 'amount').minor).toBe(1250);
    expect(toMinor({ amount: '1.234', currency: 'KWD' }, 'amount').minor).toBe(1234);
    expect(toMinor({ amount: '-5.00', currency: 'EUR' }, 'amount').minor).toBe(-500);
  });

  it('toMinor_whenMoreDecimalsThanCurrencyAllows_isRejectedNamingTheField', () => {
    const call = () => toMinor({ amount: '10.001', currency: 'EUR' }, 'invoice.amount');
    expect(call).toThrow(DomainError);
    try {
      call();
    } catch (e) {
      expect((e as DomainError).violations[0]).toMatchObject({
        field: 'invoice.amount.amount',
        rule: 'currencyPrecision',
      });
    }
    expect(() => toMinor({ amount: '10.5', currency: 'JPY' }, 'amount')).toThrow(/JPY/);
  });

  // Regression (schemathesis): POST /campaigns with allocated "090107437118708" in a 2-decimal
  // currency made 9010743711870800 cents, past 2^53, and the funds event crashed with a 500.
  it('toMinor_whenMinorUnitsPassTwoToThe53_isRejectedNamingTheField', () => {
    const call = () => toMinor({ amount: '090107437118708', currency: 'EUR' }, 'allocated');
    expect(call).toThrow(DomainError);
    expect(() => call()).toThrow(/too large/);
    try {
      call();
    } catch (e) {
      expect((e as DomainError).violations[0]).toMatchObject({ field: 'allocated.amount', rule: 'isSafeAmount' });
    }
    expect(toMinor({ amount: '90071992547409.91', currency: 'EUR' }, 'amount').minor).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('toMinor_whenNotADecimal_isRejected', () => {
    for (const amount of ['1e3', '12,50', '', '.5', '1.', 'NaN']) {
      expect(() => toMinor({ amount, currency: 'EUR' }, 'amount')).toThrow(DomainError);
    }
    expect(() => toMinor({ amount: '1', currency: 'eur' }, 'amount')).toThrow(/ISO 4217/);
  });

  it('toDecimal_formatsWithTheCurrencyDecimals', () => {
    expect(toDecimal(125050, 'EUR')).toEqual({ amount: '1250.50', currency: 'EUR' });
    expect(toDecimal(5, 'EUR').amount).toBe('0.05');
    expect(toDecimal(0, 'EUR').amount).toBe('0.00');
    expect(toDecimal(1250, 'JPY').amount).toBe('1250');
    expect(toDecimal(1234, 'KWD').amount).toBe('1.234');
    expect(toDecimal(-500, 'EUR').amount).toBe('-5.00');
  });

  it('roundTrip_keepsEveryCent', () => {
    for (let minor = 0; minor < 2000; minor += 7) expect(toMinor(toDecimal(minor, 'EUR'), 'a').minor).toBe(minor);
  });
});
