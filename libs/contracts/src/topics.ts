/** One topic per aggregate; events are keyed by aggregate id so one aggregate's events stay in order. */
export const TOPICS = {
  claim: 'claims.claim.v1',
  /** Campaign funds changes (allocated / reserved / approved / remaining). */
  campaign: 'claims.campaign.v1',
  /** Payouts recorded on approved claims (docs/payments.md). */
  payment: 'claims.payment.v1',
  document: 'documents.document.v1',
  review: 'review.review.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

/** Where a consumer parks a message that keeps failing, together with the error. */
export function dlqTopic<T extends string>(topic: T): `${T}.dlq` {
  return `${topic}.dlq`;
}
