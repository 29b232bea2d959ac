import { CsrInput, formatMinorUnits, fromMinorUnits, toMinorUnits, validateCsr } from './csr';

const valid = (over: Partial<CsrInput> = {}): CsrInput => ({
  claimId: 'CLM-2026-000042',
  activityDescription: 'Partner webinar on cloud security, 2 sessions',
  executionStartDate: '2026-10-01',
  executionEndDate: '2026-10-15',
  currency: 'EUR',
  costLines: [
    { description: 'Webinar platform licence', quantity: 1, unitCost: '450.00' },
    { description: 'Paid social promotion', quantity: 3, unitCost: '243.50' },
  ],
  total: '1180.50',
  certifiedBy: { name: 'Dana Whitfield', title: 'Marketing Director' },
  statementAccepted: true,
  ...over,
});

const violationsOf = (input: CsrInput) => {
  try {
    validateCsr(input);
    return [];
  } catch (e) {
    return (e as { violations: { field: string; rule: string }[] }).violations.map((v) => `${v.field}:${v.rule}`);
  }
};

describe('certification service report rules', () => {
  it('validate_whenTotalEqualsSumOfLines_isAcceptedInMinorUnits', () => {
    const r = validateCsr(valid());
    expect(r.totalMinor).toBe(118050);
    expect(r.lines.map((l) => l.lineTotalMinor)).toEqual([45000, 73050]);
  });

  it('validate_whenTotalOffByOneCent_isRejected', () => {
    expect(violationsOf(valid({ total: '1180.49' }))).toEqual(['total:equalsSumOfCostLines']);
  });

  it('validate_whenFloatingPointWouldRoundWrongly_staysExact', () => {
    // 0.1 + 0.2 != 0.3 in floating point; in cents it is exact.
    const input = valid({
      costLines: [
        { description: 'a', quantity: 1, unitCost: '0.10' },
        { description: 'b', quantity: 1, unitCost: '0.20' },
      ],
      total: '0.30',
    });
    expect(validateCsr(input).totalMinor).toBe(30);
  });

  it('validate_whenStatementNotAccepted_isRejected', () => {
    expect(violationsOf(valid({ statementAccepted: false }))).toEqual(['statementAccepted:mustBeTrue']);
  });

  it('validate_whenExecutionEndsBeforeItStarts_isRejected', () => {
    expect(violationsOf(valid({ executionStartDate: '2026-10-15', executionEndDate: '2026-10-01' }))).toEqual([
      'executionEndDate:notBeforeStart',
    ]);
  });

  it('validate_whenDateIsNotOnTheCalendar_isRejected', () => {
    expect(violationsOf(valid({ executionStartDate: '2026-02-30' }))).toEqual(['executionStartDate:isDate']);
  });

  it('validate_whenLineHasZeroCostOrFractionalQuantity_reportsEveryProblem', () => {
    const input = valid({
      costLines: [
        { description: 'a', quantity: 1.5, unitCost: '10.00' },
        { description: 'b', quantity: 1, unitCost: '0' },
      ],
      statementAccepted: false,
    });
    expect(violationsOf(input)).toEqual([
      'statementAccepted:mustBeTrue',
      'costLines[0].quantity:isPositiveInteger',
      'costLines[1].unitCost:isPositiveAmount',
    ]);
  });

  it('money_convertsBothWaysWithoutFloats', () => {
    expect(toMinorUnits('1180.5', 'EUR')).toBe(118050);
    expect(toMinorUnits('0.07', 'EUR')).toBe(7);
    expect(toMinorUnits('1.234', 'EUR')).toBeUndefined();
    expect(toMinorUnits('-1', 'EUR')).toBeUndefined();
    expect(fromMinorUnits(118050, 'EUR')).toBe('1180.50');
    expect(formatMinorUnits(123456789, 'EUR')).toBe('1,234,567.89');
  });

  // The currency's ISO decimals, as claims and review read them: an XOF report has none.
  it('money_usesTheCurrencysDecimals', () => {
    expect(toMinorUnits('1000', 'XOF')).toBe(1000);
    expect(toMinorUnits('1000.00', 'XOF')).toBeUndefined();
    expect(toMinorUnits('1.234', 'KWD')).toBe(1234);
    expect(fromMinorUnits(1000, 'XOF')).toBe('1000');
    expect(formatMinorUnits(1234567, 'XOF')).toBe('1,234,567');
    expect(formatMinorUnits(1234567, 'KWD')).toBe('1,234.567');
  });

  it('validate_whenXofReport_sumsInWholeFrancs', () => {
    const xof = valid({
      currency: 'XOF',
      costLines: [
        { description: 'Webinar platform licence', quantity: 1, unitCost: '295000' },
        { description: 'Paid social promotion', quantity: 3, unitCost: '160000' },
      ],
      total: '775000',
    });
    expect(validateCsr(xof).totalMinor).toBe(775000);
    expect(violationsOf({ ...xof, total: '775000.00' })).toEqual(['total:isPositiveAmount']);
  });

  it('validate_whenCurrencyIsNotAnActiveIsoCode_isRejected', () => {
    expect(violationsOf(valid({ currency: 'XAU' }))).toEqual(['currency:isIso4217']);
  });
});
