import { ContractError } from './contract-error';
import { defineEvent } from './define-event';
import type { CloudEvent } from './envelope';
import { TOPICS } from './topics';
import { registerUpcaster, upcast } from './upcasting';

// A test-local event that went through two breaking changes:
// v1 had one `name`, v2 split it, v3 made `tags` required.
interface ThingV1 {
  thingId: string;
  name: string;
}
interface ThingV2 {
  thingId: string;
  firstName: string;
  lastName: string;
}
interface ThingV3 {
  thingId: string;
  firstName: string;
  lastName: string;
  tags: string[];
}

const thingV1 = defineEvent<ThingV1>()({
  type: 'poe.test.thing.created.v1',
  topic: TOPICS.claim,
  summary: 'test',
  subjectField: 'thingId',
  schema: {
    type: 'object',
    required: ['thingId', 'name'],
    properties: { thingId: { type: 'string' }, name: { type: 'string' } },
  },
  example: { thingId: 't-1', name: 'Ada Lovelace' },
});
const NAME = { type: 'string', minLength: 1 };
const thingV2 = defineEvent<ThingV2>()({
  type: 'poe.test.thing.created.v2',
  topic: TOPICS.claim,
  summary: 'test',
  subjectField: 'thingId',
  schema: {
    type: 'object',
    required: ['thingId', 'firstName', 'lastName'],
    properties: { thingId: { type: 'string' }, firstName: NAME, lastName: NAME },
  },
  example: { thingId: 't-1', firstName: 'Ada', lastName: 'Lovelace' },
});
const thingV3 = defineEvent<ThingV3>()({
  type: 'poe.test.thing.created.v3',
  topic: TOPICS.claim,
  summary: 'test',
  subjectField: 'thingId',
  schema: {
    type: 'object',
    required: ['thingId', 'firstName', 'lastName', 'tags'],
    properties: {
      thingId: { type: 'string' },
      firstName: NAME,
      lastName: NAME,
      tags: { type: 'array' },
    },
  },
  example: { thingId: 't-1', firstName: 'Ada', lastName: 'Lovelace', tags: [] },
});

function thingV1Event(name: string): CloudEvent<string, ThingV1> {
  return {
    specversion: '1.0',
    id: '6f1c2a9e-8d7b-4c3a-9e1f-0a2b3c4d5e6f',
    source: '/poe-claims/test',
    type: thingV1.type,
    subject: 't-1',
    time: '2026-11-24T10:15:00.000Z',
    datacontenttype: 'application/json',
    dataschema: 'https://example.test/thing.v1.json',
    correlationid: 'req-1',
    causationid: 'cmd-1',
    data: { thingId: 't-1', name },
  };
}

function splitName({ thingId, name }: ThingV1): ThingV2 {
  const [firstName, ...rest] = name.split(' ');
  return { thingId, firstName, lastName: rest.join(' ') };
}

describe('upcasting', () => {
  const unregister: Array<() => void> = [];
  afterEach(() => unregister.splice(0).forEach((remove) => remove()));

  it('upcast_whenUpcasterRegistered_returnsTheNewVersionKeepingIdAndAttributes', () => {
    unregister.push(registerUpcaster(thingV1, thingV2, splitName));

    const upcasted = upcast(thingV1Event('Ada Lovelace'));

    const { dataschema: _dropped, ...attributes } = thingV1Event('Ada Lovelace');
    expect(upcasted).toEqual({
      ...attributes,
      type: 'poe.test.thing.created.v2',
      data: { thingId: 't-1', firstName: 'Ada', lastName: 'Lovelace' },
    });
  });

  it('upcast_whenSeveralVersionsBehind_appliesEveryStepInOrder', () => {
    unregister.push(registerUpcaster(thingV1, thingV2, splitName));
    unregister.push(registerUpcaster(thingV2, thingV3, (data) => ({ ...data, tags: ['migrated'] })));

    const upcasted = upcast(thingV1Event('Ada Lovelace'));

    expect(upcasted.type).toBe('poe.test.thing.created.v3');
    expect(upcasted.data).toEqual({
      thingId: 't-1',
      firstName: 'Ada',
      lastName: 'Lovelace',
      tags: ['migrated'],
    });
  });

  it('upcast_whenNoUpcasterForTheType_returnsTheEventUnchanged', () => {
    const event = thingV1Event('Ada Lovelace');

    expect(upcast(event)).toBe(event);
  });

  it('upcast_whenUpcasterProducesInvalidData_isRejectedWithInvalidData', () => {
    unregister.push(registerUpcaster(thingV1, thingV2, splitName));

    let error: unknown;
    try {
      upcast(thingV1Event('Plato'));
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ code: 'CONTRACT.INVALID_DATA' });
    expect((error as ContractError).message).toContain('/data/lastName must NOT have fewer than 1 characters');
  });

  it('registerUpcaster_whenTheTypeAlreadyHasOne_isRejected', () => {
    unregister.push(registerUpcaster(thingV1, thingV2, splitName));

    expect(() => registerUpcaster(thingV1, thingV3, () => thingV3.example)).toThrow(/already registered/);
  });

  it('registerUpcaster_whenItWouldFormACycle_isRejected', () => {
    unregister.push(registerUpcaster(thingV1, thingV2, splitName));

    expect(() =>
      registerUpcaster(thingV2, thingV1, (data) => ({
        thingId: data.thingId,
        name: data.firstName,
      })),
    ).toThrow(/cycle/);
  });
});
