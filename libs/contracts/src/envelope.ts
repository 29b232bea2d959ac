import { randomUUID } from 'node:crypto';
import { ContractError } from './contract-error';
import type { JsonSchema } from './define-event';
import { EventDataOf, EventType, getEventDefinition } from './registry';
import { schemaViolations } from './validation';

/** CloudEvents `source` of each producing service. */
export const EVENT_SOURCES = {
  claims: '/poe-claims/claims',
  documents: '/poe-claims/documents',
  review: '/poe-claims/review',
} as const;

/** Kafka `content-type` header of a structured-mode CloudEvent (attributes and data in the value). */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

/**
 * A CloudEvents 1.0 event in structured JSON mode. `correlationid` and `causationid` are extension
 * attributes; CloudEvents requires attribute names to be lowercase alphanumeric.
 */
export interface CloudEvent<TType extends string = string, TData = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: TType;
  /** The aggregate id; also the Kafka key, so one aggregate's events stay in order. */
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema?: string;
  /** Shared by every event that follows from one request. */
  correlationid: string;
  /** The id of the event (or request) that caused this one. */
  causationid?: string;
  data: TData;
}

export type EventEnvelope<T extends EventType> = CloudEvent<T, EventDataOf<T>>;

/** Union of all registered envelopes: a `switch (event.type)` narrows `event.data`. */
export type AnyEventEnvelope = { [T in EventType]: EventEnvelope<T> }[EventType];

export const ENVELOPE_SCHEMA = {
  type: 'object',
  description: 'CloudEvents 1.0 attributes, structured content mode; `data` holds the event payload.',
  required: ['specversion', 'id', 'source', 'type', 'subject', 'time', 'datacontenttype', 'correlationid', 'data'],
  // Unknown attributes are tolerated (future extensions) but must follow CloudEvents naming.
  propertyNames: { pattern: '^[a-z0-9]+$' },
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', format: 'uuid' },
    source: {
      type: 'string',
      minLength: 1,
      format: 'uri-reference',
      description: 'e.g. /poe-claims/claims',
    },
    type: { type: 'string', minLength: 1, description: 'e.g. poe.claims.claim.submitted.v1' },
    subject: {
      type: 'string',
      minLength: 1,
      description: 'Aggregate id; also the Kafka message key.',
    },
    time: { type: 'string', format: 'date-time' },
    datacontenttype: { const: 'application/json' },
    dataschema: { type: 'string', format: 'uri' },
    correlationid: { type: 'string', minLength: 1 },
    causationid: { type: 'string', minLength: 1 },
    data: { type: 'object' },
  },
} as const satisfies JsonSchema;

export interface CreateEventOptions {
  source: string;
  correlationId: string;
  causationId?: string;
  /** Defaults to the aggregate id in `data`; if given, it must be that id. */
  subject?: string;
  dataSchema?: string;
  id?: string;
  time?: string;
}

/** Builds a validated envelope; throws `ContractError` if `data` breaks the type's schema. */
export function createEvent<T extends EventType>(
  type: T,
  data: EventDataOf<T>,
  options: CreateEventOptions,
): EventEnvelope<T> {
  const definition = getEventDefinition(type);
  if (!definition) throw new ContractError('CONTRACT.UNKNOWN_TYPE', `Unknown event type ${type}`);
  const aggregateId = (data as unknown as Record<string, unknown>)[definition.subjectField];
  if (options.subject !== undefined && options.subject !== aggregateId) {
    throw new ContractError(
      'CONTRACT.INVALID_ENVELOPE',
      `${type}: subject ${options.subject} is not the aggregate id ${definition.subjectField}=${String(aggregateId)}`,
    );
  }
  const event: CloudEvent<T, EventDataOf<T>> = {
    specversion: '1.0',
    id: options.id ?? randomUUID(),
    source: options.source,
    type,
    subject: aggregateId as string,
    time: options.time ?? new Date().toISOString(),
    datacontenttype: 'application/json',
    ...(options.dataSchema !== undefined && { dataschema: options.dataSchema }),
    correlationid: options.correlationId,
    ...(options.causationId !== undefined && { causationid: options.causationId }),
    data,
  };
  return validate(event) as EventEnvelope<T>;
}

export function serializeEvent(event: CloudEvent): string {
  return JSON.stringify(event);
}

/** Parses a structured-mode CloudEvent and validates its attributes and its data. */
export function parseEvent(raw: Buffer | string): AnyEventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (error) {
    throw new ContractError('CONTRACT.INVALID_ENVELOPE', `Event is not JSON: ${(error as Error).message}`);
  }
  return validate(value);
}

/** The record a producer sends: keyed by aggregate id, the CloudEvent as JSON value. */
export function toKafkaMessage(event: CloudEvent): {
  key: string;
  value: string;
  headers: { 'content-type': string };
} {
  return {
    key: event.subject,
    value: serializeEvent(event),
    headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
  };
}

function validate(value: unknown): AnyEventEnvelope {
  const envelopeViolations = schemaViolations(ENVELOPE_SCHEMA, value);
  if (envelopeViolations.length > 0) {
    throw new ContractError('CONTRACT.INVALID_ENVELOPE', 'Invalid event envelope', envelopeViolations);
  }
  const event = value as CloudEvent;
  const definition = getEventDefinition(event.type);
  if (!definition) {
    throw new ContractError('CONTRACT.UNKNOWN_TYPE', `Unknown event type ${event.type} (event ${event.id})`);
  }
  const dataViolations = schemaViolations(definition.schema, event.data, '/data');
  if (dataViolations.length > 0) {
    throw new ContractError(
      'CONTRACT.INVALID_DATA',
      `Invalid data for ${event.type} (event ${event.id})`,
      dataViolations,
    );
  }
  return event as AnyEventEnvelope;
}
