import { convertToCampaignCurrency, PayableClaim, paymentView, recordPayout } from './payment';

const approved = (approvedMinor: number, extra: Partial<PayableClaim> = {}): PayableClaim => ({
  id: 'CLM-abc',
  partnerId: 'partner-northwind',
  programId: 'PRG-1',
  campaignId: 'CMP-1',
  status: 'APPROVED',
  currency: 'EUR',
  approvedMinor,
  payment: null,
  ...extra,
});
const now = new Date('2026-12-15T09:00:00Z');
const pay = (amount: string, currency = 'EUR', exchangeRate?: string, reference = 'PAY-1') => ({
  reference,
  date: '2026-12-15',
  amount: { amount, currency },
  ...(exchangeRate ? { exchangeRate } : {}),
});
const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'no error';
};

describe('payment rules', () => {
  it('convert_roundsToTheNearestMinorUnitOfTheCampaignCurrency_halvesAwayFromZero', () => {
    expect(convertToCampaignCurrency({ minor: 10850, currency: 'USD' }, '1.085', 'EUR')).toBe(10000);
    // 1.00 USD at 3 USD per EUR is 0.3333 EUR -> 0.33; 2.00 is 0.6666 -> 0.67; 0.03 / 2 = 0.015 -> 0.02
    expect(convertToCampaignCurrency({ minor: 100, currency: 'USD' }, '3', 'EUR')).toBe(33);
    expect(convertToCampaignCurrency({ minor: 200, currency: 'USD' }, '3', 'EUR')).toBe(67);
    expect(convertToCampaignCurrency({ minor: 3, currency: 'USD' }, '2', 'EUR')).toBe(2);
    // currencies of other exponents: 16,000 JPY at 160 JPY per EUR is 100.00 EUR
    expect(convertToCampaignCurrency({ minor: 16000, currency: 'JPY' }, '160', 'EUR')).toBe(10000);
    // 100.00 EUR at 2.65 EUR per KWD is 37.73584 KWD -> 37.736 (three decimals)
    expect(convertToCampaignCurrency({ minor: 10000, currency: 'EUR' }, '2.65', 'KWD')).toBe(37736);
  });

  it('recordPayout_partThenRest_isPartiallyPaidThenPaid_withOneEventEach', () => {
    const first = recordPayout(approved(25000), pay('100.00'), 'svc-payments', now);
    if (first.kind !== 'recorded') throw new Error('expected a payout');
    expect(first.payment).toMatchObject({ revision: 1, status: 'PARTIALLY_PAID', paidMinor: 10000 });
    expect(first.event.type).toBe('poe.claims.payment.payout-recorded.v1');
    const second = recordPayout(
      approved(25000, { payment: first.payment }),
      pay('162.73', 'USD', '1.0849', 'PAY-2'),
      'svc-payments',
      now,
    );
    if (second.kind !== 'recorded') throw new Error('expected a payout');
    expect(second.payment).toMatchObject({ revision: 2, status: 'PAID', paidMinor: 25000 });
    expect(second.event.type).toBe('poe.claims.payment.claim-paid.v1');
    expect(paymentView(approved(25000, { payment: second.payment }))).toMatchObject({
      status: 'PAID',
      paid: { amount: '250.00', currency: 'EUR' },
      outstanding: { amount: '0.00', currency: 'EUR' },
    });
  });

  it('recordPayout_sameReferenceAndFacts_isAlready_otherFacts_isRefused', () => {
    const first = recordPayout(approved(25000), pay('100.00'), 'svc-payments', now);
    if (first.kind !== 'recorded') throw new Error('expected a payout');
    const claim = approved(25000, { payment: first.payment });
    expect(recordPayout(claim, pay('100.00'), 'svc-payments', now)).toEqual({ kind: 'already' });
    expect(codeOf(() => recordPayout(claim, pay('100.01'), 'svc-payments', now))).toBe('PAYMENT.REFERENCE_REUSED');
  });

  it('recordPayout_beyondTheApprovedAmount_isRefused_countedAtItsRate', () => {
    expect(codeOf(() => recordPayout(approved(10000), pay('100.01'), 'svc', now))).toBe('PAYMENT.EXCEEDS_APPROVED');
    // 108.51 USD / 1.085 = 100.0092 EUR -> 100.01, one cent too many; 108.50 counts exactly 100.00
    expect(codeOf(() => recordPayout(approved(10000), pay('108.51', 'USD', '1.085'), 'svc', now))).toBe(
      'PAYMENT.EXCEEDS_APPROVED',
    );
    expect(recordPayout(approved(10000), pay('108.50', 'USD', '1.085'), 'svc', now).kind).toBe('recorded');
    // A figure beyond exact integers is refused the same way, not a server error.
    expect(
      codeOf(() => recordPayout(approved(10000), pay('9999999999999.00', 'USD', '0.0000000001'), 'svc', now)),
    ).toBe('PAYMENT.EXCEEDS_APPROVED');
  });

  it('recordPayout_rateRules_andNotApprovedClaims_areRefused', () => {
    expect(codeOf(() => recordPayout(approved(10000), pay('10.00', 'USD'), 'svc', now))).toBe(
      'PAYMENT.EXCHANGE_RATE_REQUIRED',
    );
    expect(codeOf(() => recordPayout(approved(10000), pay('10.00', 'EUR', '1.1'), 'svc', now))).toBe(
      'PAYMENT.EXCHANGE_RATE_NOT_APPLICABLE',
    );
    expect(codeOf(() => recordPayout(approved(10000), pay('10.00', 'USD', '0.000'), 'svc', now))).toBe(
      'PAYMENT.EXCHANGE_RATE_INVALID',
    );
    expect(codeOf(() => recordPayout(approved(10000), pay('0.00'), 'svc', now))).toBe('PAYMENT.AMOUNT_NOT_POSITIVE');
    expect(codeOf(() => recordPayout(approved(10000, { status: 'UNDER_REVIEW' }), pay('1.00'), 'svc', now))).toBe(
      'PAYMENT.CLAIM_NOT_PAYABLE',
    );
  });

  it('recordPayout_firstPayoutWhilePartnerTotalBelowMinimum_isHeld', () => {
    const minimum = { minor: 20000, currency: 'EUR' };
    expect(
      codeOf(() => recordPayout(approved(5000), pay('50.00'), 'svc', now, { minimum, outstandingMinor: 15000 })),
    ).toBe('PAYMENT.BELOW_MINIMUM_PAYOUT');
    expect(recordPayout(approved(5000), pay('50.00'), 'svc', now, { minimum, outstandingMinor: 20000 }).kind).toBe(
      'recorded',
    );
  });
});
