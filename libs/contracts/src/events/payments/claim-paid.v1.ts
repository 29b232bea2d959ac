import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { PAYMENT_EVENT_EXAMPLE, PAYMENT_EVENT_SCHEMA, PaymentEventV1Data } from './payment-common';

export type ClaimPaidV1Data = PaymentEventV1Data & { status: 'PAID' };

export const claimPaidV1 = defineEvent<ClaimPaidV1Data>()({
  type: 'poe.claims.payment.claim-paid.v1',
  topic: TOPICS.payment,
  summary: "A payout was recorded that pays the rest of the claim's approved amount (final).",
  subjectField: 'claimId',
  schema: PAYMENT_EVENT_SCHEMA,
  example: {
    ...PAYMENT_EVENT_EXAMPLE,
    revision: 2,
    payout: {
      reference: 'PAY-2026-12-000190',
      date: '2026-12-20',
      amount: { amount: '150.00', currency: 'EUR' },
      counted: { amount: '150.00', currency: 'EUR' },
    },
    paid: { amount: '250.00', currency: 'EUR' },
    outstanding: { amount: '0.00', currency: 'EUR' },
    status: 'PAID',
  },
});
