import type { JsonSchema } from '../../define-event';
import { DATE, ID, MONEY, Money, REVISION, TIMESTAMP } from '../common';

/** One payout the payments system recorded on an approved claim. */
export interface PayoutV1 {
  /** The payer's reference; unique among the claim's payouts. */
  reference: string;
  date: string;
  /** What was paid, in the payout currency. */
  amount: Money;
  /** Units of the payout currency per unit of the campaign currency; only when they differ. */
  exchangeRate?: string;
  /** What the payout counts against the approved amount, in the campaign currency. */
  counted: Money;
}

/** The data of every payment event: the payout and the claim's payment state after it. */
export interface PaymentEventV1Data {
  claimId: string;
  partnerId: string;
  programId: string;
  campaignId: string;
  /** The claim's payment revision after the change (1 for the first payout). */
  revision: number;
  payout: PayoutV1;
  approved: Money;
  paid: Money;
  outstanding: Money;
  status: 'PARTIALLY_PAID' | 'PAID';
  recordedBy: string;
  recordedAt: string;
}

export const PAYMENT_EVENT_SCHEMA = {
  type: 'object',
  required: [
    'claimId',
    'partnerId',
    'programId',
    'campaignId',
    'revision',
    'payout',
    'approved',
    'paid',
    'outstanding',
    'status',
    'recordedBy',
    'recordedAt',
  ],
  properties: {
    claimId: ID,
    partnerId: ID,
    programId: ID,
    campaignId: ID,
    revision: REVISION,
    payout: {
      type: 'object',
      required: ['reference', 'date', 'amount', 'counted'],
      properties: {
        reference: { type: 'string', minLength: 1, maxLength: 128 },
        date: DATE,
        amount: MONEY,
        exchangeRate: { type: 'string', pattern: '^[0-9]{1,9}(\\.[0-9]{1,10})?$' },
        counted: MONEY,
      },
    },
    approved: MONEY,
    paid: MONEY,
    outstanding: MONEY,
    status: { type: 'string', enum: ['PARTIALLY_PAID', 'PAID'] },
    recordedBy: { type: 'string', minLength: 1 },
    recordedAt: TIMESTAMP,
  },
} as const satisfies JsonSchema;

export const PAYMENT_EVENT_EXAMPLE: PaymentEventV1Data = {
  claimId: 'CLM-m1abc2def3',
  partnerId: 'partner-northwind',
  programId: 'PRG-COOP-2026',
  campaignId: 'CMP-NW-WEBINAR',
  revision: 1,
  payout: {
    reference: 'PAY-2026-12-000117',
    date: '2026-12-15',
    amount: { amount: '108.50', currency: 'USD' },
    exchangeRate: '1.085',
    counted: { amount: '100.00', currency: 'EUR' },
  },
  approved: { amount: '250.00', currency: 'EUR' },
  paid: { amount: '100.00', currency: 'EUR' },
  outstanding: { amount: '150.00', currency: 'EUR' },
  status: 'PARTIALLY_PAID',
  recordedBy: 'svc-payments',
  recordedAt: '2026-12-15T09:00:00.000Z',
};
