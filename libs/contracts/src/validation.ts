import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './define-event';
import type { SchemaViolation } from './contract-error';

// allErrors: report every problem of a bad event at once; the producers are our own services.
// strictRequired is off because if/then rules require fields declared in the parent schema.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);

const validators = new WeakMap<JsonSchema, ValidateFunction>();

/** Violations of `value` against `schema`; paths are prefixed with `pathPrefix` (e.g. `/data`). */
export function schemaViolations(schema: JsonSchema, value: unknown, pathPrefix = ''): SchemaViolation[] {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => ({
    instancePath: pathPrefix + error.instancePath,
    message: error.message ?? error.keyword,
  }));
}
