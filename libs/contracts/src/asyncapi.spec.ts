import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { channelId, ENVELOPE_COMPONENT, renderAsyncApiYaml } from './asyncapi';
import { ENVELOPE_SCHEMA, parseEvent } from './envelope';
import { EVENT_TYPES } from './registry';
import { ALL_TOPICS } from './topics';

const DOC_PATH = join(__dirname, '..', '..', '..', 'docs', 'asyncapi.yaml');
const onDisk = readFileSync(DOC_PATH, 'utf8');
const doc = parse(onDisk);
const definitions = Object.values(EVENT_TYPES);

describe('docs/asyncapi.yaml', () => {
  it('file_isWhatTheGeneratorWrites_elseRunGenAsyncapi', () => {
    // On failure: npx ts-node --transpile-only scripts/gen-asyncapi.ts
    expect(onDisk).toBe(renderAsyncApiYaml());
  });

  it('channels_areExactlyTheTopics', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(Object.values(doc.channels).map((channel: any) => channel.address)).toEqual([...ALL_TOPICS]);
  });

  it('messages_areExactlyTheRegisteredEventTypes_eachInItsTopicsChannel', () => {
    expect(Object.keys(doc.components.messages)).toEqual(Object.keys(EVENT_TYPES));
    for (const topic of ALL_TOPICS) {
      const inChannel = Object.keys(doc.channels[channelId(topic)].messages);
      expect(inChannel).toEqual(definitions.filter((d) => d.topic === topic).map((d) => d.type));
    }
  });

  it('schemas_areIdenticalToTheRegistry_andNothingElse', () => {
    expect(doc.components.schemas).toEqual({
      [ENVELOPE_COMPONENT]: ENVELOPE_SCHEMA,
      ...Object.fromEntries(definitions.map((d) => [d.type, d.schema])),
    });
  });

  it.each(definitions.map((d) => [d.type, d] as const))('message_%s_pointsAtItsSchemaAndKey', (type, definition) => {
    const message = doc.components.messages[type];

    expect(message.payload.allOf[1].properties).toEqual({
      type: { const: type },
      data: { $ref: `#/components/schemas/${type}` },
    });
    expect(message.bindings.kafka.key.description).toContain(definition.subjectField);
    for (const example of message.examples) {
      expect(parseEvent(JSON.stringify(example.payload)).data).toEqual(definition.example);
    }
  });
});
