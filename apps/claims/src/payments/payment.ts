import type { PaymentEventV1Data } from '@poe/contracts';
import { DomainError } from '@poe/platform';
import { isCalendarDate } from '../shared/dates';
import type { PendingEvent } from '../shared/events';
import { pendingEvent } from '../shared/events';
import { minorDigits, type Money as DecimalMoney, type MinorMoney } from '@poe/contracts';
import { toDecimal, toMinor } from '@poe/platform';
import { answer, type ResponseBody } from '@poe/contracts/responses';

export type PaymentStatus = 'UNPAID' | 'PARTIALLY_PAID' | 'PAID';

/** One payout as stored: amounts in integer minor units. */
export interface Payout {
  reference: string;
  date: string;
  amount: MinorMoney;
  exchangeRate?: string;
  /** What the payout counts against the approved amount, in the campaign currency's minor units. */
  countedMinor: number;
  recordedAt: string;
  recordedBy: string;
}

/** The claim document's `payment` sub-document; absent until the first payout. */
export interface PaymentState {
  revision: number;
  status: Exclude<PaymentStatus, 'UNPAID'>;
  paidMinor: number;
  payouts: Payout[];
}

/** What the payment rules need to know of the claim. */
export interface PayableClaim {
  id: string;
  partnerId: string;
  programId: string;
  campaignId: string;
  status: string;
  currency: string;
  approvedMinor: number | null;
  payment?: PaymentState | null;
}

export interface PayoutInput {
  reference: string;
  date: string;
  amount: DecimalMoney;
  exchangeRate?: string;
}

const RATE = /^(\d{1,9})(?:\.(\d{1,10}))?$/;

/**
 * A payout amount in the campaign currency: amount / rate, rounded to the nearest minor unit of the
 * campaign currency, halves away from zero (docs/payments.md). Exact: BigInt arithmetic, no float.
 */
export function convertToCampaignCurrency(amount: MinorMoney, rate: string, campaignCurrency: string): number {
  const m = RATE.exec(rate);
  if (!m) throw new Error(`exchange rate ${rate} is not a decimal`);
  const fraction = m[2] ?? '';
  const rateScaled = BigInt(m[1] + fraction);
  const numerator =
    BigInt(amount.minor) * 10n ** BigInt(minorDigits(campaignCurrency)) * 10n ** BigInt(fraction.length) * 2n;
  const denominator = 10n ** BigInt(minorDigits(amount.currency)) * rateScaled;
  // round(n / d) for n, d > 0: floor((2n + d) / 2d), with n already doubled above.
  return Number((numerator + denominator) / (2n * denominator));
}

const fieldError = (code: string, field: string, rule: string, message: string) =>
  DomainError.invalidField(code, field, rule, message);

export const PaymentErrors = {
  notPayable: (id: string, status: string) =>
    new DomainError(
      'PAYMENT.CLAIM_NOT_PAYABLE',
      'conflict',
      `claim ${id} is ${status}; only an APPROVED claim with an approved amount above zero can be paid`,
    ),
  belowMinimum: (minimum: DecimalMoney, outstanding: DecimalMoney) =>
    new DomainError(
      'PAYMENT.BELOW_MINIMUM_PAYOUT',
      'conflict',
      `the partner's unpaid approved total in this program is ${outstanding.amount} ${outstanding.currency}, below the program's minimum payout of ${minimum.amount} ${minimum.currency}; the claim is held until it adds up`,
    ),
  referenceReused: (reference: string) =>
    fieldError(
      'PAYMENT.REFERENCE_REUSED',
      'reference',
      'uniquePerPayout',
      `reference ${reference} was already recorded on this claim with a different date, amount or rate`,
    ),
  exceedsApproved: (counted: DecimalMoney, outstanding: DecimalMoney) =>
    fieldError(
      'PAYMENT.EXCEEDS_APPROVED',
      'amount',
      'atMostOutstanding',
      `the payout counts ${counted.amount} ${counted.currency}, more than the ${outstanding.amount} ${outstanding.currency} still to be paid on this claim`,
    ),
  notPositive: () =>
    fieldError('PAYMENT.AMOUNT_NOT_POSITIVE', 'amount.amount', 'isPositive', 'amount must count more than zero'),
  dateInvalid: () => fieldError('PAYMENT.DATE_INVALID', 'date', 'isCalendarDate', 'date must be a real calendar date'),
  rateRequired: (payout: string, campaign: string) =>
    fieldError(
      'PAYMENT.EXCHANGE_RATE_REQUIRED',
      'exchangeRate',
      'requiredForOtherCurrency',
      `exchangeRate (${payout} per 1 ${campaign}) is required when the payout currency differs from the campaign's`,
    ),
  rateNotApplicable: (currency: string) =>
    fieldError(
      'PAYMENT.EXCHANGE_RATE_NOT_APPLICABLE',
      'exchangeRate',
      'onlyForOtherCurrency',
      `exchangeRate must be left out: the payout is in the campaign's own currency ${currency}`,
    ),
  rateNotPositive: () =>
    fieldError('PAYMENT.EXCHANGE_RATE_INVALID', 'exchangeRate', 'isPositive', 'exchangeRate must be greater than zero'),
};

export const paymentStatusOf = (c: PayableClaim): PaymentStatus => c.payment?.status ?? 'UNPAID';
export const paidOf = (c: PayableClaim): number => c.payment?.paidMinor ?? 0;
export const outstandingOf = (c: PayableClaim): number => (c.approvedMinor ?? 0) - paidOf(c);

/** Only an approved claim with something approved is ever paid. */
export const isApprovedForPayment = (c: PayableClaim) => c.status === 'APPROVED' && (c.approvedMinor ?? 0) > 0;

export type PayoutOutcome =
  | { kind: 'recorded'; payment: PaymentState; event: PendingEvent }
  /** The same reference was recorded before with the same facts: a retry; nothing changes. */
  | { kind: 'already' };

/**
 * The rule of one payout: the payout counts (converted at its rate when in another currency)
 * against what is still to be paid and never beyond it. `held` is the minimum-payout check's
 * answer for a claim that has no payout yet.
 */
export function recordPayout(
  claim: PayableClaim,
  input: PayoutInput,
  by: string,
  now: Date,
  hold?: { minimum: MinorMoney; outstandingMinor: number },
): PayoutOutcome {
  const amount = toMinor(input.amount, 'amount');
  if (input.exchangeRate !== undefined && !RATE.test(input.exchangeRate)) throw PaymentErrors.rateNotPositive();
  const prior = claim.payment?.payouts.find((p) => p.reference === input.reference);
  if (prior) {
    const same =
      prior.date === input.date &&
      prior.amount.minor === amount.minor &&
      prior.amount.currency === amount.currency &&
      (prior.exchangeRate ?? null) === (input.exchangeRate ?? null);
    if (same) return { kind: 'already' };
    throw PaymentErrors.referenceReused(input.reference);
  }
  if (!isApprovedForPayment(claim)) throw PaymentErrors.notPayable(claim.id, claim.status);
  if (!isCalendarDate(input.date)) throw PaymentErrors.dateInvalid();
  let counted: number;
  if (amount.currency === claim.currency) {
    if (input.exchangeRate !== undefined) throw PaymentErrors.rateNotApplicable(claim.currency);
    counted = amount.minor;
  } else {
    if (input.exchangeRate === undefined) throw PaymentErrors.rateRequired(amount.currency, claim.currency);
    if (!/[1-9]/.test(input.exchangeRate)) throw PaymentErrors.rateNotPositive();
    counted = amount.minor > 0 ? convertToCampaignCurrency(amount, input.exchangeRate, claim.currency) : 0;
  }
  if (counted <= 0) throw PaymentErrors.notPositive();
  const outstanding = outstandingOf(claim);
  if (counted > outstanding) {
    // A tiny rate can make the figure too large to be exact; it is over the approval all the same.
    const shown = Number.isSafeInteger(counted)
      ? toDecimal(counted, claim.currency)
      : { amount: `more than ${toDecimal(Number.MAX_SAFE_INTEGER, claim.currency).amount}`, currency: claim.currency };
    throw PaymentErrors.exceedsApproved(shown, toDecimal(outstanding, claim.currency));
  }
  if (hold && !claim.payment && hold.outstandingMinor < hold.minimum.minor) {
    throw PaymentErrors.belowMinimum(
      toDecimal(hold.minimum.minor, hold.minimum.currency),
      toDecimal(hold.outstandingMinor, hold.minimum.currency),
    );
  }
  const payout: Payout = {
    reference: input.reference,
    date: input.date,
    amount,
    ...(input.exchangeRate !== undefined ? { exchangeRate: input.exchangeRate } : {}),
    countedMinor: counted,
    recordedAt: now.toISOString(),
    recordedBy: by,
  };
  const paidMinor = paidOf(claim) + counted;
  const payment: PaymentState = {
    revision: (claim.payment?.revision ?? 0) + 1,
    status: paidMinor === claim.approvedMinor ? 'PAID' : 'PARTIALLY_PAID',
    paidMinor,
    payouts: [...(claim.payment?.payouts ?? []), payout],
  };
  const money = (minor: number) => toDecimal(minor, claim.currency);
  const data: PaymentEventV1Data = {
    claimId: claim.id,
    partnerId: claim.partnerId,
    programId: claim.programId,
    campaignId: claim.campaignId,
    revision: payment.revision,
    payout: payoutView(payout, claim.currency),
    approved: money(claim.approvedMinor!),
    paid: money(paidMinor),
    outstanding: money(claim.approvedMinor! - paidMinor),
    status: payment.status,
    recordedBy: by,
    recordedAt: payout.recordedAt,
  };
  const event =
    payment.status === 'PAID'
      ? pendingEvent('poe.claims.payment.claim-paid.v1', { ...data, status: 'PAID' })
      : pendingEvent('poe.claims.payment.payout-recorded.v1', { ...data, status: 'PARTIALLY_PAID' });
  return { kind: 'recorded', payment, event };
}

export function payoutView(p: Payout, campaignCurrency: string) {
  return {
    reference: p.reference,
    date: p.date,
    amount: toDecimal(p.amount.minor, p.amount.currency),
    ...(p.exchangeRate !== undefined ? { exchangeRate: p.exchangeRate } : {}),
    counted: toDecimal(p.countedMinor, campaignCurrency),
  };
}

/** The claim's `payment` field: null until the claim is approved. */
export function paymentView(c: PayableClaim): ResponseBody<'ClaimPayment'> | null {
  if (c.status !== 'APPROVED' || c.approvedMinor === null) return null;
  const money = (minor: number) => toDecimal(minor, c.currency);
  return answer('ClaimPayment', {
    status: c.approvedMinor === 0 ? ('PAID' as const) : paymentStatusOf(c),
    paid: money(paidOf(c)),
    outstanding: money(outstandingOf(c)),
    payouts: (c.payment?.payouts ?? []).map((p) => ({
      ...payoutView(p, c.currency),
      recordedAt: p.recordedAt,
      recordedBy: p.recordedBy,
    })),
  });
}
