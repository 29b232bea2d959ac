import { createEvent, EVENT_SOURCES, EventDataOf, EventType, getEventDefinition } from '@poe/contracts';
import { currentCorrelationId, OutboxEntry, toOutboxEntry } from '@poe/platform';
import { randomUUID } from 'node:crypto';

/** An event the domain decided on, not yet wrapped in its envelope. */
export interface PendingEvent<T extends EventType = EventType> {
  type: T;
  data: EventDataOf<T>;
}

export const pendingEvent = <T extends EventType>(type: T, data: EventDataOf<T>): PendingEvent =>
  ({ type, data }) as PendingEvent;

/**
 * Wraps domain events into validated CloudEvents for the aggregate's outbox. The correlation id
 * of the request (or of the consumed event) travels on; `causationId` names what caused them.
 */
export function toOutbox(events: PendingEvent[], causationId?: string): OutboxEntry[] {
  const correlationId = currentCorrelationId() ?? randomUUID();
  return events.map((e) => {
    const envelope = createEvent(e.type, e.data as never, { source: EVENT_SOURCES.claims, correlationId, causationId });
    return toOutboxEntry(getEventDefinition(e.type)!.topic, envelope);
  });
}

/** The MongoDB duplicate-key error, which FerretDB reports with the same code. */
export const isDuplicateKey = (e: unknown) => (e as { code?: number })?.code === 11000;
