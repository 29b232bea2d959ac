import { formatContributionRatio, readContributionRatio } from '@poe/contracts';
import { readReimbursement, reimbursableMinor } from './reimbursement';

const rules = (ratioBasisPoints: number, capMinor: number | null = null) => ({ ratioBasisPoints, capMinor });

describe('reimbursable amount: claimed x ratio, rounded down to the minor unit, at most the cap', () => {
  it('reimbursable_atRatioOne_isTheClaimedAmount', () => {
    expect(reimbursableMinor(123_456, rules(10_000))).toBe(123_456);
  });

  it('reimbursable_atHalf_withACapAbove_isHalf', () => {
    expect(reimbursableMinor(100_000, rules(5_000, 60_000))).toBe(50_000);
  });

  it('reimbursable_whenTheShareIsAboveTheCap_isTheCap', () => {
    expect(reimbursableMinor(300_000, rules(5_000, 60_000))).toBe(60_000);
    expect(reimbursableMinor(300_000, rules(10_000, 60_000))).toBe(60_000);
  });

  it('reimbursable_roundsDown_neverUp', () => {
    // 0.3333 of 1.00 EUR (100 cents) is 33.33 cents: 33.
    expect(reimbursableMinor(100, rules(3_333))).toBe(33);
    // Half of 0.01 EUR is half a cent: nothing.
    expect(reimbursableMinor(1, rules(5_000))).toBe(0);
    // 0.9999 of 9999 minor units is 9998.0001: 9998.
    expect(reimbursableMinor(9_999, rules(9_999))).toBe(9_998);
  });

  it('reimbursable_inEveryCurrencyExponent_roundsToItsOwnMinorUnit', () => {
    // JPY (0 decimals): 0.75 of 1001 yen = 750.75 yen -> 750.
    expect(reimbursableMinor(1_001, rules(7_500))).toBe(750);
    // EUR (2): 0.75 of 10.01 EUR = 7.5075 -> 7.50.
    expect(reimbursableMinor(1_001, rules(7_500))).toBe(750);
    // KWD (3): 0.1234 of 1.000 KWD = 0.1234 -> 0.123.
    expect(reimbursableMinor(1_000, rules(1_234))).toBe(123);
    // UYW (4): 0.1234 of 1.0000 = 0.1234 exactly.
    expect(reimbursableMinor(10_000, rules(1_234))).toBe(1_234);
  });

  it('reimbursable_ofTheLargestExactAmount_staysExact', () => {
    const max = Number.MAX_SAFE_INTEGER; // 9007199254740991
    expect(reimbursableMinor(max, rules(5_000))).toBe(4_503_599_627_370_495);
    expect(reimbursableMinor(max, rules(10_000))).toBe(max);
  });
});

describe('contribution ratio: a decimal string 0 < r <= 1 with at most 4 decimals', () => {
  it.each([
    ['1', 10_000],
    ['1.0000', 10_000],
    ['0.5', 5_000],
    ['0.05', 500],
    ['0.0001', 1],
    ['0.1234', 1_234],
  ])('ratio_%s_is_%i_basisPoints', (text, basisPoints) => {
    expect(readContributionRatio(text)).toEqual({ ok: true, basisPoints });
  });

  it.each([
    ['0', 'inRange'],
    ['0.0000', 'inRange'],
    ['1.0001', 'inRange'],
    ['0.12345', 'isRatio'],
    ['2', 'isRatio'],
    ['.5', 'isRatio'],
    ['-0.5', 'isRatio'],
    ['0.5e0', 'isRatio'],
    ['50%', 'isRatio'],
  ])('ratio_%s_isRefused_by_%s', (text, rule) => {
    expect(readContributionRatio(text)).toMatchObject({ ok: false, rule });
  });

  it('ratio_asANumber_isRefused', () => {
    expect(readContributionRatio(0.5)).toMatchObject({ ok: false, rule: 'isRatio' });
  });

  it('ratio_formatted_isTheShortestForm_andReadsBack', () => {
    for (const bp of [1, 10, 500, 1_234, 5_000, 9_999, 10_000]) {
      const text = formatContributionRatio(bp);
      expect(readContributionRatio(text)).toEqual({ ok: true, basisPoints: bp });
    }
    expect(formatContributionRatio(5_000)).toBe('0.5');
    expect(formatContributionRatio(10_000)).toBe('1');
    expect(formatContributionRatio(500)).toBe('0.05');
  });
});

describe('readReimbursement: the rules a campaign is given', () => {
  it('rules_leftOut_areTheWholeCostWithoutCap', () => {
    expect(readReimbursement({}, 'EUR')).toEqual({ ok: true, rules: { ratioBasisPoints: 10_000, capMinor: null } });
    expect(readReimbursement({ capPerClaim: null }, 'EUR')).toMatchObject({ ok: true, rules: { capMinor: null } });
  });

  it('rules_withRatioAndCap_areReadInMinorUnitsOfTheCurrency', () => {
    expect(
      readReimbursement({ contributionRatio: '0.5', capPerClaim: { amount: '600', currency: 'JPY' } }, 'JPY'),
    ).toEqual({ ok: true, rules: { ratioBasisPoints: 5_000, capMinor: 600 } });
  });

  it('rules_withEveryProblem_nameEachField', () => {
    const read = readReimbursement(
      { contributionRatio: '1.5', capPerClaim: { amount: '10.00', currency: 'USD' } },
      'EUR',
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map((p) => [p.code, p.violations[0].field, p.violations[0].rule])).toEqual([
      ['CAMPAIGN.CONTRIBUTION_RATIO_INVALID', 'contributionRatio', 'inRange'],
      ['CAMPAIGN.CAP_CURRENCY_MISMATCH', 'capPerClaim.currency', 'matchesCampaignCurrency'],
    ]);
  });

  it('rules_withAZeroCap_orTooManyDecimals_areRefused', () => {
    const zero = readReimbursement({ capPerClaim: { amount: '0.00', currency: 'EUR' } }, 'EUR');
    expect(zero.ok || zero.problems[0].code).toBe('CAMPAIGN.CAP_NOT_POSITIVE');
    const precise = readReimbursement({ capPerClaim: { amount: '1.005', currency: 'EUR' } }, 'EUR');
    expect(precise.ok || precise.problems[0].violations[0]).toMatchObject({
      field: 'capPerClaim.amount',
      rule: 'currencyPrecision',
    });
  });
});
