import { EVENT_TYPES, getEventDefinition, isEventType } from './registry';
import { ALL_TOPICS, dlqTopic, TOPICS } from './topics';
import { schemaViolations } from './validation';

const definitions = Object.values(EVENT_TYPES);

/** Every `additionalProperties` value anywhere in a schema. */
function additionalPropertiesIn(schema: unknown): unknown[] {
  if (typeof schema !== 'object' || schema === null) return [];
  return Object.entries(schema).flatMap(([key, value]) =>
    key === 'additionalProperties' ? [value] : additionalPropertiesIn(value),
  );
}

describe('event registry', () => {
  it.each(definitions.map((d) => [d.type, d] as const))('definition_%s_followsTheConventions', (type, definition) => {
    const [, service, , , version] = type.split('.');

    expect(type).toMatch(/^poe\.[a-z]+\.[a-z-]+\.[a-z-]+\.v[1-9][0-9]*$/);
    expect(ALL_TOPICS).toContain(definition.topic);
    expect(definition.topic.startsWith(`${service}.`)).toBe(true);
    expect(version).toMatch(/^v\d+$/);
    expect(definition.schema.required).toContain(definition.subjectField);
    expect(schemaViolations(definition.schema, definition.example)).toEqual([]);
  });

  it('schemas_neverForbidUnknownFields_soAddingAFieldKeepsTheVersion', () => {
    const forbidding = definitions.filter((d) => additionalPropertiesIn(d.schema).includes(false));

    expect(forbidding.map((d) => d.type)).toEqual([]);
  });

  it('claimEvents_allCarryClaimIdPartnerIdAndRevision', () => {
    const claimEvents = definitions.filter((d) => d.topic === TOPICS.claim);

    expect(claimEvents).toHaveLength(13);
    for (const definition of claimEvents) {
      expect(definition.schema.required).toEqual(expect.arrayContaining(['claimId', 'partnerId', 'revision']));
    }
  });

  it('everyTopic_hasAtLeastOneEventType', () => {
    expect(new Set(definitions.map((d) => d.topic))).toEqual(new Set(ALL_TOPICS));
  });

  it('getEventDefinition_whenTypeUnknown_returnsUndefined', () => {
    expect(isEventType('poe.claims.claim.submitted.v1')).toBe(true);
    expect(getEventDefinition('poe.claims.claim.submitted.v9')).toBeUndefined();
    expect(getEventDefinition('toString')).toBeUndefined();
  });

  it('dlqTopic_appendsTheDlqSuffix', () => {
    expect(dlqTopic(TOPICS.claim)).toBe('claims.claim.v1.dlq');
  });
});
