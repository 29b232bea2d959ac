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

/** The services that produce and consume events (their CloudEvents `source` is in EVENT_SOURCES). */
export type EventService = 'claims' | 'documents' | 'review';

/** The one service that may produce to each topic: the broker's ACLs and the consumers' source check. */
export const TOPIC_OWNERS = {
  [TOPICS.claim]: 'claims',
  [TOPICS.campaign]: 'claims',
  [TOPICS.payment]: 'claims',
  [TOPICS.document]: 'documents',
  [TOPICS.review]: 'review',
} as const satisfies Record<Topic, EventService>;

/** The topics each service consumes (and whose DLQs it writes): its read ACLs. */
export const TOPICS_CONSUMED = {
  claims: [TOPICS.review, TOPICS.document],
  documents: [TOPICS.claim],
  review: [TOPICS.claim, TOPICS.campaign],
} as const satisfies Record<EventService, readonly Topic[]>;
