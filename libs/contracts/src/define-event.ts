import type { Topic } from './topics';

/** A JSON Schema (draft-07) fragment. Loose on purpose: ajv checks the keywords when it compiles. */
export type JsonSchema = { readonly [keyword: string]: unknown };

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/**
 * The schema of an event's `data`, tied to its TypeScript type: `properties` must name exactly the
 * type's fields and `required` exactly its non-optional ones (checked by `defineEvent`).
 *
 * No `additionalProperties: false`, at any level: adding a field keeps the event's version, so a
 * consumer on an older build must accept (and ignore) fields it does not know yet.
 */
export type DataSchema<TData> = {
  readonly type: 'object';
  readonly description?: string;
  readonly required: readonly RequiredKeys<TData>[];
  readonly properties: { readonly [K in keyof TData]-?: JsonSchema };
  /** Cross-field rules (if/then), e.g. a rejection must carry reason codes. */
  readonly allOf?: readonly JsonSchema[];
};

/** What the envelope, the registry and the AsyncAPI generator need to know about any event. */
export interface AnyEventDefinition {
  readonly type: string;
  readonly topic: Topic;
  readonly summary: string;
  readonly subjectField: string;
  readonly schema: JsonSchema;
  readonly example: unknown;
}

export interface EventDefinition<TType extends string, TData> extends AnyEventDefinition {
  /** CloudEvents `type`, `poe.<service>.<aggregate>.<event>.v<version>`. */
  readonly type: TType;
  readonly topic: Topic;
  /** One line for the AsyncAPI document. */
  readonly summary: string;
  /** The aggregate id in `data`: it becomes the CloudEvents `subject` and the Kafka key. */
  readonly subjectField: keyof TData & string;
  readonly schema: DataSchema<TData>;
  /** Valid data, used by the round-trip tests and as the AsyncAPI example. */
  readonly example: TData;
}

type AllRequiredListed<TData, TListed> = [Exclude<RequiredKeys<TData>, TListed>] extends [never]
  ? unknown
  : { schemaRequiredIsMissing: Exclude<RequiredKeys<TData>, TListed> };

/**
 * `defineEvent<Data>()({ type: 'poe.x.y.happened.v1', ... })`. Curried so that `Data` is given
 * while the literal `type` and the `required` list are inferred; a required field of `Data`
 * missing from `schema.required` is a compile error naming the field.
 */
export function defineEvent<TData>() {
  return <const TType extends string, const TRequired extends readonly RequiredKeys<TData>[]>(
    definition: EventDefinition<TType, TData> & {
      readonly schema: { readonly required: TRequired };
    } & AllRequiredListed<TData, TRequired[number]>,
  ): EventDefinition<TType, TData> => definition;
}
