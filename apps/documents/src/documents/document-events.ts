import { createEvent, EVENT_SOURCES, EventDataOf, EventType, TOPICS } from '@poe/contracts';
import { currentCorrelationId, OutboxEntry, toOutboxEntry } from '@poe/platform';
import { randomUUID } from 'node:crypto';

/**
 * Outbox entries for `documents.document.v1`. The correlation id is the request's (or the
 * consumed event's); a job run gets a fresh one so its events can still be traced together.
 */
export function documentEvent<T extends EventType>(type: T, data: EventDataOf<T>, causationId?: string): OutboxEntry {
  const event = createEvent(type, data, {
    source: EVENT_SOURCES.documents,
    correlationId: currentCorrelationId() ?? randomUUID(),
    ...(causationId ? { causationId } : {}),
  });
  return toOutboxEntry(TOPICS.document, event);
}
