import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Documented } from '../bodies/documented';
import { bodySchemas, isStringField } from '../bodies/json-schema';

/**
 * How a query's text becomes a value, strictly: the gateway checks with the same classes, and
 * what it publishes (an integer, a list, a boolean) is what these accept, nothing looser.
 */
type Raw = { value: unknown };
/** `20` is 20; `020`, `2.0`, ` 20` stay text and fail `@IsInt()`. */
export const toInteger = ({ value }: Raw): unknown =>
  typeof value === 'string' && /^(?:0|[1-9]\d{0,15})$/.test(value) ? Number(value) : value;
/** `a,b` is `['a', 'b']`; an empty entry (`a,`) stays and fails the list's rule. */
export const toList = ({ value }: Raw): unknown => (typeof value === 'string' ? value.split(',') : value);
/** `true` and `false` only. */
export const toBoolean = ({ value }: Raw): unknown => (value === 'true' ? true : value === 'false' ? false : value);

type PropertyDecorator = (target: object, property: string) => void;
const all =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, property) => {
    for (const decorate of decorators) decorate(target, property);
  };

/** `limit`: an optional page size of 1 to `max`. */
export const PageSize = (max: number): PropertyDecorator =>
  all(
    Documented({ description: `page size, 1-${max}` }),
    IsOptional(),
    Transform(toInteger),
    IsInt(),
    Min(1),
    Max(max),
  );

/** `cursor`: the `nextCursor` of the previous page, in the list's own cursor pattern. */
export const PageCursor = (pattern: RegExp): PropertyDecorator =>
  all(Documented({ description: 'the nextCursor of the previous page' }), IsOptional(), Matches(pattern));

/** A query DTO class: every field optional (`@IsOptional()`), each a query parameter. */
export type QueryClass = new () => object;

type Schema = Record<string, unknown>;

/** A query parameter as OpenAPI 3.0 publishes it. */
export type QueryParameter = {
  name: string;
  in: 'query';
  required: false;
  description?: string;
  schema: Schema;
  /** Lists are comma-separated (`status=queued,in_review`), not repeated. */
  style?: 'form';
  explode?: false;
};

/** An enum of strings is a string (the DTO's `@IsIn` says which; the query carries text). */
const typed = (schema: Schema): Schema =>
  schema.type === undefined && isStringField(schema) ? { type: 'string', ...schema } : schema;

/**
 * The published parameters of a query DTO, derived from its class-validator rules as the bodies'
 * schemas are (json-schema.ts): the service validates with the class, the gateway checks with it
 * and publishes this, so none of the three can say something the others do not.
 */
export function queryParameters(type: QueryClass): QueryParameter[] {
  const object = bodySchemas({ [type.name]: type })[type.name] as { properties?: Record<string, Schema> };
  return Object.entries(object.properties ?? {}).map(([name, published]) => {
    const { nullable, description, ...rules } = published;
    if (nullable !== true) throw new Error(`${type.name}.${name}: a query parameter must be @IsOptional()`);
    // An optional reference is `{nullable, allOf: [$ref]}` in a body; a parameter is optional by `required: false`.
    const schema =
      Array.isArray(rules.allOf) && rules.allOf.length === 1 && Object.keys(rules).length === 1
        ? (rules.allOf[0] as Schema)
        : typed(rules);
    if (schema.type === 'array') schema.items = typed((schema.items as Schema | undefined) ?? {});
    return {
      name,
      in: 'query' as const,
      required: false as const,
      ...(typeof description === 'string' ? { description } : {}),
      schema,
      ...(schema.type === 'array' ? { style: 'form' as const, explode: false as const } : {}),
    };
  });
}
