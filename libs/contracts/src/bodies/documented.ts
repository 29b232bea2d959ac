import 'reflect-metadata';
import { Matches, ValidateIf, ValidationOptions } from 'class-validator';
import type { JsonSchema } from '../define-event';

/**
 * What the published schema of a body field says beyond its class-validator rules: words for the
 * reader (`description`, `example`) and the domain's rules that answer 422 after the DTO passed
 * (`format: 'date'`, the contribution ratio's pattern, a whole number of impressions). `ref` names a
 * component of the document whose values the field takes (`Currency`: the currency list is money's
 * rule, the DTO checks the shape). Never a copy of a DTO rule: the derivation refuses a note that
 * changes a keyword the decorators already set (json-schema.ts).
 */
export type SchemaNote = JsonSchema & { readonly ref?: string };

const CLASS_NOTE = '';
const notes = new WeakMap<object, Map<string, SchemaNote>>();

/** On a property: adds to its published schema; on a class: adds to the object's (e.g. a cross-field rule). */
export function Documented(note: SchemaNote) {
  return (target: object, property?: string | symbol): void => {
    const owner = property === undefined ? (target as { prototype: object }).prototype : target;
    const own = notes.get(owner) ?? new Map<string, SchemaNote>();
    notes.set(owner, own);
    const key = property === undefined ? CLASS_NOTE : String(property);
    own.set(key, { ...own.get(key), ...note });
  };
}

/** The note of a property (`property` given) or of the class, inherited notes included. */
export function noteOf(type: { prototype: object }, property: string = CLASS_NOTE): SchemaNote | undefined {
  for (let proto = type.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const note = notes.get(proto)?.get(property);
    if (note) return note;
  }
  return undefined;
}

/** YYYY-MM-DD, as the DTOs match it; an impossible date (2026-02-30) is the domain's 422, published as `format: date`. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const IsCalendarDate =
  (options?: ValidationOptions) =>
  (target: object, property: string): void => {
    Matches(DATE_PATTERN, options)(target, property);
    Documented({ format: 'date' })(target, property);
  };

/** The condition of `UnlessAbsent`: validate whatever is there, `null` included. */
export const isPresent = (_: object, value: unknown): boolean => value !== undefined;
/** May be left out, but not `null`: `@IsOptional` would let null through to the rules (a 500 before). */
export const UnlessAbsent = () => ValidateIf(isPresent);
