import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { PAYMENT_EVENT_EXAMPLE, PAYMENT_EVENT_SCHEMA, PaymentEventV1Data } from './payment-common';

export type PayoutRecordedV1Data = PaymentEventV1Data & { status: 'PARTIALLY_PAID' };

export const payoutRecordedV1 = defineEvent<PayoutRecordedV1Data>()({
  type: 'poe.claims.payment.payout-recorded.v1',
  topic: TOPICS.payment,
  summary: 'A payout was recorded on an approved claim; part of the approved amount is still to be paid.',
  subjectField: 'claimId',
  schema: PAYMENT_EVENT_SCHEMA,
  example: { ...PAYMENT_EVENT_EXAMPLE, status: 'PARTIALLY_PAID' },
});
