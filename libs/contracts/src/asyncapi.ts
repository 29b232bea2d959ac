import { stringify } from 'yaml';
import { CLOUDEVENTS_CONTENT_TYPE, createEvent, ENVELOPE_SCHEMA } from './envelope';
import { EVENT_TYPES, EventType } from './registry';
import { ALL_TOPICS, Topic } from './topics';

/** Component name of the envelope schema; event data schemas are named by their event type. */
export const ENVELOPE_COMPONENT = 'CloudEventEnvelope';

export const ASYNCAPI_HEADER =
  '# Generated from libs/contracts by scripts/gen-asyncapi.ts; do not edit by hand.\n' +
  '# Regenerate: npx ts-node --transpile-only scripts/gen-asyncapi.ts\n';

const DESCRIPTION = `Integration events of poe-claims, one Kafka topic per aggregate.

Every message is a CloudEvents 1.0 event in structured content mode: the Kafka value is a JSON
object holding the attributes (specversion, id, source, type, subject, time, datacontenttype,
optional dataschema) plus the extension attributes correlationid and causationid, and the event
payload in \`data\`. The Kafka header \`content-type\` is \`${CLOUDEVENTS_CONTENT_TYPE}\`.
The Kafka key is the aggregate id, equal to the CloudEvents subject, so one aggregate's events
stay in order.

Compatibility: adding an optional field keeps an event's version, so consumers must ignore
fields they do not know (no schema here forbids additional properties). A breaking change adds
a new event type version next to the old one. Delivery is at least once: deduplicate by event id.
A message that keeps failing is moved to \`<topic>.dlq\` with the error.`;

/** Channel ids cannot be topic names as is: `claims.claim.v1` -> `claimsClaimV1`. */
export function channelId(topic: Topic): string {
  return topic.replace(/\.([a-z0-9])/g, (_match, next: string) => next.toUpperCase());
}

/** The AsyncAPI 3.0 document of every registered topic and event type. */
export function buildAsyncApiDocument() {
  const definitions = Object.values(EVENT_TYPES);
  const ref = (path: string) => ({ $ref: `#/components/${path}` });

  const channels = Object.fromEntries(
    ALL_TOPICS.map((topic) => [
      channelId(topic),
      {
        address: topic,
        title: topic,
        messages: Object.fromEntries(
          definitions
            .filter((definition) => definition.topic === topic)
            .map((definition) => [definition.type, ref(`messages/${definition.type}`)]),
        ),
      },
    ]),
  );

  const messages = Object.fromEntries(
    definitions.map((definition) => [
      definition.type,
      {
        name: definition.type,
        summary: definition.summary,
        contentType: 'application/cloudevents+json',
        headers: {
          type: 'object',
          properties: { 'content-type': { const: CLOUDEVENTS_CONTENT_TYPE } },
        },
        payload: {
          allOf: [
            ref(`schemas/${ENVELOPE_COMPONENT}`),
            {
              type: 'object',
              properties: {
                type: { const: definition.type },
                data: ref(`schemas/${definition.type}`),
              },
            },
          ],
        },
        bindings: {
          kafka: {
            key: {
              type: 'string',
              description: `${definition.subjectField} (the aggregate id, also the CloudEvents subject)`,
            },
            bindingVersion: '0.5.0',
          },
        },
        examples: [{ name: 'example', payload: exampleEvent(definition.type) }],
      },
    ]),
  );

  return {
    asyncapi: '3.0.0',
    info: { title: 'poe-claims events', version: '1.0.0', description: DESCRIPTION },
    defaultContentType: 'application/cloudevents+json',
    channels,
    components: {
      schemas: {
        [ENVELOPE_COMPONENT]: ENVELOPE_SCHEMA,
        ...Object.fromEntries(definitions.map((definition) => [definition.type, definition.schema])),
      },
      messages,
    },
  };
}

export function renderAsyncApiYaml(): string {
  // No anchors/aliases for the shared schema fragments: the file is read by people.
  return (
    ASYNCAPI_HEADER +
    stringify(buildAsyncApiDocument(), {
      aliasDuplicateObjects: false,
      blockQuote: 'literal',
      lineWidth: 100,
      // YAML 1.1 rules make it quote timestamps and yes/no, which 1.1 readers would not keep as strings.
      version: '1.1',
    })
  );
}

/** Fixed id and time so the generated file only changes when a contract changes. */
function exampleEvent(type: EventType) {
  const definition = EVENT_TYPES[type];
  return createEvent(type, definition.example as never, {
    source: `/poe-claims/${definition.topic.split('.')[0]}`,
    correlationId: 'req-5c2d1b7e',
    id: '0b7c6a52-3f1e-4d8a-9c4b-2e5f7a1d9e30',
    time: '2026-11-24T10:15:00.000Z',
  });
}
