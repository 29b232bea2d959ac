/**
 * A response shape: one value that is both the JSON schema the gateway publishes (OpenAPI 3.0
 * dialect: `nullable`, no `type: 'null'`, siblings of `$ref` through `allOf`) and, for the compiler
 * only, the TypeScript type of the body it describes (`BodyOf<typeof shape>`). The services type
 * their view mappers with those types, so a field added, dropped or renamed on one side and not on
 * the other fails `tsc` (docs/gateway.md, "How to add a response shape").
 *
 * Objects are closed (`additionalProperties: false`): an internal field leaking out breaks the
 * contract. An object or enum used in more than one place is a component, named once and
 * referenced: client generators make one model per inline object.
 */

/** A JSON schema fragment as the document carries it. */
export type Schema = Record<string, unknown>;

declare const BODY: unique symbol;

/** A schema and, as a type only, the body it describes. */
export interface Shape<T> {
  readonly schema: Schema;
  /** Never set: carries `T` for `BodyOf`. */
  readonly [BODY]?: T;
}

/** A named component (components.schemas): used as a property, it is a `$ref` to its definition. */
export interface Component<N extends string, T> extends Shape<T> {
  readonly name: N;
  readonly definition: Shape<T>;
}

/** The TypeScript type of the body a shape describes. */
export type BodyOf<S> = S extends Shape<infer T> ? T : never;

type AllKeys<B> = B extends unknown ? keyof B : never;
type At<B, K extends PropertyKey> = B extends unknown ? (K extends keyof B ? B[K] : never) : never;
/**
 * `T` with every field that body type `B` does not list, at any depth, typed `undefined` (left out
 * of the JSON; `{ eventId: undefined }` clears a field). A return
 * type checks excess fields only where the literal writes them; this also catches those that came
 * in through a spread (`...record`, `...(x ? { a } : {})`), where internal fields leak.
 */
export type Exact<T, B> = unknown extends B
  ? T
  : [NonNullable<B>] extends [readonly (infer BI)[]]
    ? T extends readonly (infer TI)[]
      ? readonly Exact<TI, BI>[]
      : T
    : T extends object
      ? { [K in keyof T]: K extends AllKeys<NonNullable<B>> ? Exact<T[K], At<NonNullable<B>, K>> : undefined }
      : T;

type AnyShape = Shape<unknown>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

const shape = <T>(schema: Schema): Shape<T> => ({ schema });
const isRef = (s: Schema) => '$ref' in s;

export const str = (extra: Schema = {}): Shape<string> => shape({ type: 'string', ...extra });
/** A closed set of strings, typed as their union. */
export const enumOf = <const V extends readonly string[]>(values: V, extra: Schema = {}): Shape<V[number]> =>
  shape({ type: 'string', enum: [...values], ...extra });
export const int = (extra: Schema = {}): Shape<number> => shape({ type: 'integer', ...extra });
export const num = (extra: Schema = {}): Shape<number> => shape({ type: 'number', ...extra });
export const bool: Shape<boolean> = shape({ type: 'boolean' });
/** A boolean that is always `value` (e.g. the `dryRun` of an allocation answer). */
export const always = <const B extends boolean>(value: B): Shape<B> => shape({ type: 'boolean', enum: [value] });
/** Any JSON value (the before/after of a history change). */
export const anyValue: Shape<unknown> = shape({});
/** A free-form object (event details). */
export const anyObject: Shape<Record<string, unknown>> = shape({ type: 'object', additionalProperties: true });

/** `T` or null. OpenAPI 3.0 ignores siblings of `$ref`: a nullable reference goes through `allOf`. */
export const nullable = <T>(s: Shape<T>): Shape<T | null> =>
  shape(isRef(s.schema) ? { nullable: true, allOf: [s.schema] } : { ...s.schema, nullable: true });

/** The same shape with more keywords (a description, an example). */
export const describe = <T>(s: Shape<T>, extra: Schema): Shape<T> => {
  if (isRef(s.schema))
    throw new Error('a $ref takes no siblings in OpenAPI 3.0: describe nullable(ref) or the component');
  return shape({ ...s.schema, ...extra });
};

/** Typed `readonly T[]`: a mapper may answer an array it was handed read-only. */
export const arrayOf = <T>(items: Shape<T>, extra: Schema = {}): Shape<readonly T[]> =>
  shape({ type: 'array', items: items.schema, ...extra });

/** An object whose keys are free and whose values all have one shape. */
export const mapOf = <T>(values: Shape<T>): Shape<Record<string, T>> =>
  shape({ type: 'object', additionalProperties: values.schema });

type Properties = Record<string, AnyShape>;
type ObjectBody<P extends Properties, R extends keyof P> = Simplify<
  { -readonly [K in R]: BodyOf<P[K]> } & { -readonly [K in Exclude<keyof P, R>]?: BodyOf<P[K]> }
>;

const schemasOf = (properties: Properties): Schema =>
  Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, s.schema]));

/** A closed object: every property listed, `required` the ones always present (all by default). */
export function object<P extends Properties, R extends keyof P & string = keyof P & string>(
  properties: P,
  required?: readonly R[],
): Shape<ObjectBody<P, R>> {
  const names = required ?? Object.keys(properties);
  return shape({
    type: 'object',
    additionalProperties: false,
    ...(names.length ? { required: [...names] } : {}),
    properties: schemasOf(properties),
  });
}

/** An object with exactly one of the properties (e.g. evidence: an invoice or a CSR). */
export function exactlyOne<P extends Properties>(
  properties: P,
  extra: Schema = {},
): Shape<{ [K in keyof P]: { [Q in K]: BodyOf<P[Q]> } }[keyof P]> {
  return shape({
    type: 'object',
    ...extra,
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    properties: schemasOf(properties),
  });
}

/** A page of a list: `items`, and the cursor of the next page. */
export const page = <T, C, R extends 'items' | 'nextCursor' = 'items'>(
  items: Shape<T>,
  nextCursor: Shape<C>,
  required?: readonly R[],
) => object({ items: arrayOf(items), nextCursor }, required ?? (['items'] as R[]));

/** Names `definition` as a component; the value is a `$ref` to it wherever it is used. */
export const component = <const N extends string, T>(name: N, definition: Shape<T>): Component<N, T> => ({
  name,
  definition,
  schema: { $ref: `#/components/schemas/${name}` },
});

/** The schemas of the components, by name, in the order given; a key that is not its component's name is an error. */
export function componentSchemas(components: Record<string, Component<string, unknown>>): Record<string, Schema> {
  return Object.fromEntries(
    Object.entries(components).map(([key, c]) => {
      if (key !== c.name) throw new Error(`component ${c.name} listed as ${key}`);
      return [key, c.definition.schema];
    }),
  );
}
