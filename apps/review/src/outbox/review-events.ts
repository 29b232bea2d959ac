import { createEvent, EVENT_SOURCES, EventDataOf, EventType, TOPICS } from '@poe/contracts';
import { currentCorrelationId, OutboxEntry, toOutboxEntry } from '@poe/platform';
import { randomUUID } from 'node:crypto';

/**
 * An outbox entry for an event this service publishes on `review.review.v1`, correlated with the
 * request or message being handled; `causationId` names the event that caused it, if any.
 */
export function reviewOutboxEntry<T extends EventType>(
  type: T,
  data: EventDataOf<T>,
  opts: { causationId?: string; time?: Date } = {},
): OutboxEntry {
  const event = createEvent(type, data, {
    source: EVENT_SOURCES.review,
    correlationId: currentCorrelationId() ?? randomUUID(),
    ...(opts.causationId ? { causationId: opts.causationId } : {}),
    ...(opts.time ? { time: opts.time.toISOString() } : {}),
  });
  return toOutboxEntry(TOPICS.review, event);
}
