import { ContractError } from './contract-error';
import type { AnyEventDefinition } from './define-event';
import {
  AnyEventEnvelope,
  CLOUDEVENTS_CONTENT_TYPE,
  createEvent,
  EVENT_SOURCES,
  parseEvent,
  serializeEvent,
  toKafkaMessage,
} from './envelope';
import { EVENT_TYPES, EventType } from './registry';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const options = { source: EVENT_SOURCES.claims, correlationId: 'req-1' };

function submittedEvent() {
  return createEvent('poe.claims.claim.submitted.v1', EVENT_TYPES['poe.claims.claim.submitted.v1'].example, {
    ...options,
    causationId: 'cmd-1',
  });
}

/** The raw JSON of a valid event after `change`, as a broken producer would send it. */
function rawWith(change: (event: Record<string, any>) => void): string {
  const event = JSON.parse(serializeEvent(submittedEvent()));
  change(event);
  return JSON.stringify(event);
}

function contractErrorOf(action: () => unknown): ContractError {
  try {
    action();
  } catch (error) {
    if (error instanceof ContractError) return error;
    throw error;
  }
  throw new Error('expected a ContractError');
}

describe('event round trip', () => {
  const types = Object.keys(EVENT_TYPES) as EventType[];

  it.each(types)('createSerializeParse_for_%s_returnsAnEqualEvent', (type) => {
    const definition: AnyEventDefinition = EVENT_TYPES[type];
    const event = createEvent(type, definition.example as never, options);

    const parsed = parseEvent(serializeEvent(event));

    expect(parsed).toEqual(event);
    expect(parsed.subject).toBe((definition.example as Record<string, unknown>)[definition.subjectField]);
  });
});

describe('createEvent', () => {
  it('create_withoutIdAndTime_fillsAUuidAndTheCurrentTime', () => {
    const before = Date.now();

    const event = submittedEvent();

    expect(event).toMatchObject({
      specversion: '1.0',
      datacontenttype: 'application/json',
      source: '/poe-claims/claims',
      subject: 'CLM-2026-000042',
      correlationid: 'req-1',
      causationid: 'cmd-1',
    });
    expect(event.id).toMatch(UUID);
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before - 1);
  });

  it('create_whenDataBreaksTheSchema_isRejectedWithInvalidData', () => {
    const data = {
      ...EVENT_TYPES['poe.claims.claim.submitted.v1'].example,
      amount: { amount: '12,50', currency: 'EUR' },
    };

    const error = contractErrorOf(() => createEvent('poe.claims.claim.submitted.v1', data, options));

    expect(error.code).toBe('CONTRACT.INVALID_DATA');
    expect(error.violations).toEqual([
      {
        instancePath: '/data/amount/amount',
        message: expect.stringContaining('must match pattern'),
      },
    ]);
  });

  it('create_whenSubjectIsNotTheAggregateId_isRejectedAsInvalidEnvelope', () => {
    const error = contractErrorOf(() =>
      createEvent('poe.claims.claim.submitted.v1', EVENT_TYPES['poe.claims.claim.submitted.v1'].example, {
        ...options,
        subject: 'CLM-OTHER',
      }),
    );

    expect(error.code).toBe('CONTRACT.INVALID_ENVELOPE');
  });

  it('create_whenReviewRejectsWithoutReasonCodes_isRejectedWithInvalidData', () => {
    const data = {
      ...EVENT_TYPES['poe.review.review.decision-made.v1'].example,
      decision: 'reject' as const,
      reasonCodes: [],
    };

    const error = contractErrorOf(() =>
      createEvent('poe.review.review.decision-made.v1', data, {
        ...options,
        source: EVENT_SOURCES.review,
      }),
    );

    expect(error.code).toBe('CONTRACT.INVALID_DATA');
    expect(error.message).toContain('/data/reasonCodes must NOT have fewer than 1 items');
  });
});

describe('parseEvent', () => {
  it('parse_whenDataMissesRequiredField_isRejectedNamingTheField', () => {
    const raw = rawWith((event) => delete event.data.reviewDueAt);

    const error = contractErrorOf(() => parseEvent(raw));

    expect(error.code).toBe('CONTRACT.INVALID_DATA');
    expect(error.message).toContain("/data must have required property 'reviewDueAt'");
  });

  it('parse_whenSeveralDataFieldsAreInvalid_listsEveryViolation', () => {
    const raw = rawWith((event) => {
      event.data.revision = 0;
      event.data.amount.currency = 'eur';
    });

    const error = contractErrorOf(() => parseEvent(raw));

    expect(error.code).toBe('CONTRACT.INVALID_DATA');
    expect(error.violations.map((v) => v.instancePath).sort()).toEqual(['/data/amount/currency', '/data/revision']);
  });

  it('parse_whenDataHasAFieldThisVersionDoesNotKnow_acceptsAndKeepsIt', () => {
    const raw = rawWith((event) => (event.data.estimatedImpressions = 12000));

    const parsed = parseEvent(raw);

    expect(parsed.data).toMatchObject({ estimatedImpressions: 12000 });
  });

  it('parse_whenGivenABuffer_readsItAsUtf8Json', () => {
    const event = submittedEvent();

    expect(parseEvent(Buffer.from(serializeEvent(event), 'utf8'))).toEqual(event);
  });

  it.each<[string, (event: Record<string, any>) => void, string]>([
    ['CorrelationIdMissing', (e) => delete e.correlationid, "must have required property 'correlationid'"],
    ['IdIsNotAUuid', (e) => (e.id = 'evt-1'), '/id must match format "uuid"'],
    ['TimeHasNoTimeZone', (e) => (e.time = '2026-11-24T10:15:00'), '/time must match format "date-time"'],
    ['SpecVersionIsNot1_0', (e) => (e.specversion = '0.3'), '/specversion must be equal to constant'],
    ['DataIsNotJsonContent', (e) => (e.datacontenttype = 'application/xml'), '/datacontenttype'],
    ['ExtensionNameIsNotLowercase', (e) => (e.correlationId = 'req-1'), 'property name must be valid'],
    ['DataIsMissing', (e) => delete e.data, "must have required property 'data'"],
  ])('parse_when%s_isRejectedAsInvalidEnvelope', (_case, change, expected) => {
    const error = contractErrorOf(() => parseEvent(rawWith(change)));

    expect(error.code).toBe('CONTRACT.INVALID_ENVELOPE');
    expect(error.message).toContain(expected);
  });

  it('parse_whenValueIsNotJson_isRejectedAsInvalidEnvelope', () => {
    const error = contractErrorOf(() => parseEvent('{"specversion":'));

    expect(error.code).toBe('CONTRACT.INVALID_ENVELOPE');
  });

  it('parse_whenTypeIsNotRegistered_isRejectedAsUnknownType', () => {
    const raw = rawWith((event) => (event.type = 'poe.claims.claim.teleported.v1'));

    const error = contractErrorOf(() => parseEvent(raw));

    expect(error.code).toBe('CONTRACT.UNKNOWN_TYPE');
    expect(error.message).toContain('poe.claims.claim.teleported.v1');
  });

  it('parse_narrowsDataByType', () => {
    const parsed: AnyEventEnvelope = parseEvent(serializeEvent(submittedEvent()));

    // Compiles only because `type` narrows `data` to ClaimSubmittedV1Data.
    const reviewDueAt = parsed.type === 'poe.claims.claim.submitted.v1' ? parsed.data.reviewDueAt : undefined;

    expect(reviewDueAt).toBe('2026-12-31T23:59:59.999Z');
  });
});

describe('toKafkaMessage', () => {
  it('toKafkaMessage_keysByAggregateIdWithTheStructuredContentType', () => {
    const event = submittedEvent();

    expect(toKafkaMessage(event)).toEqual({
      key: 'CLM-2026-000042',
      value: serializeEvent(event),
      headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE },
    });
  });
});
