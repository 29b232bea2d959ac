import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { JsonSchema } from '../define-event';
import { isPresent, noteOf } from './documented';

// Where class-transformer keeps `@Type(() => ...)` (the package exports no path to it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

/**
 * The JSON schema (OpenAPI 3.0 dialect) of a request body, read from the class-validator rules its
 * DTO class carries: the services validate with the classes, the gateway publishes what this
 * derives from them, so the two cannot disagree. A decorator this does not know is an error, not a
 * rule left out. As the services' pipe validates (whitelist, forbidNonWhitelisted): every object is
 * closed; `@IsOptional()` fields are optional and take `null` as "left out" (`nullable`),
 * `@UnlessAbsent()` ones may be left out but not null; every other field is required.
 */

type Schema = Record<string, unknown>;
type Rule = (constraints: unknown[]) => Schema;
/** A DTO class (abstract ones too: a base class of bodies). */
type DtoClass = abstract new (...args: never[]) => object;

const pattern = ([re, flags]: unknown[]): Schema => {
  const source = re instanceof RegExp ? re : new RegExp(String(re), typeof flags === 'string' ? flags : undefined);
  if (source.flags) throw new Error(`a pattern with flags (${source}) has no JSON schema equivalent`);
  return { type: 'string', pattern: source.source.replace(/\\\//g, '/') };
};

/** class-validator's rule names (the constraint names problem+json reports) and what each publishes. */
const RULES: Record<string, Rule> = {
  isString: () => ({ type: 'string' }),
  minLength: ([n]) => ({ type: 'string', minLength: n }),
  maxLength: ([n]) => ({ type: 'string', maxLength: n }),
  isLength: ([min, max]) => ({ type: 'string', minLength: min, ...(max === undefined ? {} : { maxLength: max }) }),
  matches: pattern,
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  min: ([n]) => ({ minimum: n }),
  max: ([n]) => ({ maximum: n }),
  isBoolean: () => ({ type: 'boolean' }),
  isIn: ([values]) => ({ enum: [...(values as unknown[])] }),
  isDateString: () => ({ type: 'string', format: 'date-time' }),
  isArray: () => ({ type: 'array' }),
  arrayMinSize: ([n]) => ({ type: 'array', minItems: n }),
  arrayMaxSize: ([n]) => ({ type: 'array', maxItems: n }),
  isObject: () => ({ type: 'object' }),
};

/** `integer` is a `number`: the narrower one is kept. */
const mergeType = (a: unknown, b: unknown, at: string) => {
  if (a === undefined || a === b) return b;
  if ((a === 'integer' && b === 'number') || (a === 'number' && b === 'integer')) return 'integer';
  throw new Error(`${at}: rules disagree on the type (${String(a)}, ${String(b)})`);
};

function add(into: Schema, rule: Schema, at: string): void {
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'type') into.type = mergeType(into.type, value, at);
    else if (into[key] !== undefined && JSON.stringify(into[key]) !== JSON.stringify(value))
      throw new Error(`${at}: two rules set ${key}`);
    else into[key] = value;
  }
}

const ruleName = (meta: ValidationMetadata): string => {
  if (!meta.constraintCls) return meta.name ?? meta.type;
  const [constraint] = getMetadataStorage().getTargetValidatorConstraints(meta.constraintCls);
  return constraint?.name ?? meta.name ?? meta.type;
};

/** The properties of a class, its ancestors' first, each in the order it is declared. */
function propertiesOf(type: DtoClass, metas: ValidationMetadata[]): string[] {
  const chain: DtoClass[] = [];
  for (let t = type; t && t !== Function.prototype; t = Object.getPrototypeOf(t)) chain.unshift(t);
  const names: string[] = [];
  for (const t of chain)
    for (const m of metas) if (m.target === t && !names.includes(m.propertyName)) names.push(m.propertyName);
  return names;
}

function nestedType(type: DtoClass, property: string, at: string): DtoClass {
  for (let t = type; t && t !== Function.prototype; t = Object.getPrototypeOf(t)) {
    const found = defaultMetadataStorage.findTypeMetadata(t, property);
    if (found) return found.typeFunction() as DtoClass;
  }
  throw new Error(`${at}: @ValidateNested() without @Type(() => ...)`);
}

const nullable = (schema: Schema): Schema =>
  schema.$ref
    ? { nullable: true, allOf: [{ $ref: schema.$ref }], ...without(schema, '$ref') }
    : { ...schema, nullable: true };
const without = (schema: Schema, key: string): Schema => {
  const { [key]: _, ...rest } = schema;
  return rest;
};

/** A string, or an enum of strings (`@IsIn` alone says no type). */
export const isStringField = (schema: Record<string, unknown>): boolean =>
  schema.type === 'string' ||
  (schema.type === undefined && Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string'));

/** Adds a field's note; a keyword the rules set may only be narrowed (number to integer), never changed. */
function withNote(schema: Schema, note: Schema | undefined, at: string): Schema {
  if (!note) return schema;
  const { ref, ...keywords } = note as Schema & { ref?: string };
  let out = schema;
  if (ref !== undefined) {
    const to = { $ref: `#/components/schemas/${ref}` };
    if (isStringField(schema)) out = to;
    else if (schema.type === 'array' && isStringField((schema.items ?? {}) as Schema)) out = { ...schema, items: to };
    else throw new Error(`${at}: a component reference stands only for a string field or a list of strings`);
  }
  out = { ...out };
  for (const [key, value] of Object.entries(keywords)) {
    const documentation = ['description', 'example'].includes(key) || out[key] === undefined;
    if (key === 'type') out.type = mergeType(out.type, value, at);
    else if (documentation) out[key] = value;
    else throw new Error(`${at}: a note changes ${key}, a rule of the DTO`);
  }
  return out;
}

export class BodySchemas {
  private readonly names = new Map<DtoClass, string>();

  /** `components`: component name -> DTO class; a nested class named here is a reference, any other is inline. */
  constructor(private readonly components: Readonly<Record<string, DtoClass>>) {
    for (const [name, type] of Object.entries(components)) this.names.set(type, name);
  }

  /** Every component's schema, by name. */
  all(): Record<string, JsonSchema> {
    return Object.fromEntries(Object.entries(this.components).map(([name, type]) => [name, this.objectOf(type, name)]));
  }

  private objectOf(type: DtoClass, at: string): Schema {
    const metas = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
    const properties: Record<string, Schema> = {};
    const required: string[] = [];
    for (const property of propertiesOf(type, metas)) {
      const own = metas.filter((m) => m.propertyName === property);
      const where = `${at}.${property}`;
      let optional = false;
      let mayBeAbsent = false;
      const schema: Schema = {};
      const items: Schema = {};
      let nested: Schema | undefined;
      for (const meta of own) {
        if (meta.type === ValidationTypes.CONDITIONAL_VALIDATION) {
          if (meta.name === 'isOptional') optional = true;
          else if (meta.constraints?.[0] === isPresent) mayBeAbsent = true;
          else throw new Error(`${where}: @ValidateIf with a condition of its own has no published form`);
        } else if (meta.type === ValidationTypes.NESTED_VALIDATION) {
          const child = nestedType(type, property, where);
          const name = this.names.get(child);
          nested = name ? { $ref: `#/components/schemas/${name}` } : this.objectOf(child, where);
          if (meta.each) schema.type = mergeType(schema.type, 'array', where);
        } else if (meta.type === ValidationTypes.CUSTOM_VALIDATION) {
          const name = ruleName(meta);
          const rule = RULES[name];
          if (!rule) throw new Error(`${where}: @${name} has no published form (add it to RULES in json-schema.ts)`);
          add(meta.each ? items : schema, rule(meta.constraints ?? []), where);
        } else if (meta.type !== ValidationTypes.WHITELIST) {
          throw new Error(`${where}: a ${meta.type} rule has no published form`);
        }
      }
      let published: Schema;
      if (nested && schema.type === 'array') {
        if (Object.keys(without(items, 'type')).length > 0 || (items.type ?? 'object') !== 'object')
          throw new Error(`${where}: rules on the items of nested objects`);
        published = { ...schema, items: nested };
      } else if (nested) {
        // `@IsObject()` beside `@ValidateNested()` says what the nested schema already does.
        if (schema.type !== undefined && schema.type !== 'object')
          throw new Error(`${where}: nested but not an object`);
        published = { ...without(schema, 'type'), ...nested };
      } else published = Object.keys(items).length > 0 ? { ...schema, items } : schema;
      if (published.type === 'array' && published.items === undefined) published.items = {};
      published = withNote(published, noteOf(type, property), where);
      if (optional) published = nullable(published);
      else if (!mayBeAbsent) required.push(property);
      properties[property] = published;
    }
    const object: Schema = { type: 'object', additionalProperties: false };
    if (required.length > 0) object.required = required;
    object.properties = properties;
    const note = noteOf(type) ?? {};
    const changed = Object.keys(note).filter((key) => key !== 'description' && key !== 'example');
    if (changed.length > 0)
      throw new Error(`${at}: a class note may only describe the body, not set ${changed.join(', ')}`);
    return { ...object, ...note };
  }
}

/** The published schemas of request bodies, by component name. */
export const bodySchemas = (components: Readonly<Record<string, DtoClass>>): Record<string, JsonSchema> =>
  new BodySchemas(components).all();
