import { DomainError } from '@poe/platform';
import { formatMoney, parseMoney } from './money';

describe('money', () => {
  it('parseMoney_whenTwoDecimals_givesExactCents', () => {
    expect(parseMoney({ amount: '1250.00', currency: 'EUR' })).toEqual({ minor: 125000, currency: 'EUR' });
    expect(parseMoney({ amount: '0.1', currency: 'EUR' }).minor).toBe(10);
    expect(parseMoney({ amount: '1180.55', currency: 'USD' }).minor).toBe(118055);
  });

  it('parseMoney_whenFloatWouldRound_staysExact', () => {
    // 1.005 * 100 is 100.49999999999999 in floating point; strings do not drift.
    expect(parseMoney({ amount: '1.01', currency: 'EUR' }).minor).toBe(101);
    expect(parseMoney({ amount: '4.35', currency: 'EUR' }).minor).toBe(435);
  });

  it('parseMoney_whenMoreDecimalsThanCurrency_isRejectedUnlessZeros', () => {
    expect(parseMoney({ amount: '10.500', currency: 'EUR' }).minor).toBe(1050);
    expect(() => parseMoney({ amount: '10.505', currency: 'EUR' })).toThrow(DomainError);
    expect(() => parseMoney({ amount: '10.5', currency: 'JPY' })).toThrow(DomainError);
  });

  it('parseMoney_whenCurrencyHasOtherExponent_usesIt', () => {
    expect(parseMoney({ amount: '1500', currency: 'JPY' }).minor).toBe(1500);
    expect(parseMoney({ amount: '1.234', currency: 'KWD' }).minor).toBe(1234);
  });

  it('parseMoney_whenNotADecimalString_isRejected', () => {
    for (const amount of ['-1.00', '1e3', '01.00', '', '1,00', ' 1.00']) {
      expect(() => parseMoney({ amount, currency: 'EUR' })).toThrow(DomainError);
    }
    expect(() => parseMoney({ amount: '1.00', currency: 'eur' })).toThrow(DomainError);
  });

  it('formatMoney_roundTripsParse', () => {
    expect(formatMoney({ minor: 5, currency: 'EUR' })).toEqual({ amount: '0.05', currency: 'EUR' });
    expect(formatMoney({ minor: 110000, currency: 'EUR' })).toEqual({ amount: '1100.00', currency: 'EUR' });
    expect(formatMoney({ minor: 1500, currency: 'JPY' })).toEqual({ amount: '1500', currency: 'JPY' });
    expect(formatMoney(parseMoney({ amount: '0.007', currency: 'BHD' }))).toEqual({ amount: '0.007', currency: 'BHD' });
  });
});
