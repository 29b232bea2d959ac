import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** Checks of a published OpenAPI 3.0 document, shared by the gateway's unit spec and the e2e tests. */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates against the OpenAPI 3.0 schema and its semantic rules (swagger-parser); the messages, or []. */
export function openApiProblems(document: unknown): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, 'validate-openapi.cjs')],
      { maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`validate-openapi.cjs: ${error.message} ${stderr}`));
        resolve(JSON.parse(stdout) as string[]);
      },
    );
    child.stdin!.end(JSON.stringify(document));
  });
}

/** The schema positions inside a schema: where a generator would look for nested models. */
function* subSchemas(schema: Json, at: string): Generator<[Json, string]> {
  if (isObject(schema.properties))
    for (const [name, s] of Object.entries(schema.properties)) if (isObject(s)) yield [s, `${at}.properties.${name}`];
  if (isObject(schema.items)) yield [schema.items, `${at}.items`];
  if (isObject(schema.additionalProperties)) yield [schema.additionalProperties, `${at}.additionalProperties`];
  if (isObject(schema.not)) yield [schema.not, `${at}.not`];
  for (const key of ['allOf', 'anyOf', 'oneOf'])
    if (Array.isArray(schema[key]))
      for (const [i, s] of (schema[key] as unknown[]).entries()) if (isObject(s)) yield [s, `${at}.${key}[${i}]`];
}

/** Every schema of the document with where it is: components first (`top`: a component itself), then operations. */
function* allSchemas(document: Json): Generator<{ schema: Json; at: string; top: boolean }> {
  const walk = function* (
    schema: Json,
    at: string,
    top: boolean,
  ): Generator<{ schema: Json; at: string; top: boolean }> {
    yield { schema, at, top };
    for (const [s, where] of subSchemas(schema, at)) yield* walk(s, where, false);
  };
  const components = ((document.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  for (const [name, s] of Object.entries(components)) yield* walk(s, `components.schemas.${name}`, true);
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Json>))
    for (const [method, op] of Object.entries(item)) {
      if (!isObject(op)) continue;
      const at = `${method.toUpperCase()} ${path}`;
      for (const p of (op.parameters ?? []) as Json[])
        if (isObject(p.schema)) yield* walk(p.schema, `${at} parameter ${String(p.name)}`, false);
      const bodies: [string, unknown][] = [['requestBody', op.requestBody]];
      for (const [status, r] of Object.entries((op.responses ?? {}) as Json)) bodies.push([`response ${status}`, r]);
      for (const [what, body] of bodies) {
        if (!isObject(body) || !isObject(body.content)) continue;
        for (const [type, media] of Object.entries(body.content))
          if (isObject(media) && isObject(media.schema)) yield* walk(media.schema, `${at} ${what} ${type}`, false);
      }
    }
}

/** A stable text of a schema without its documentation keywords: equal texts are the same schema. */
function canonical(value: unknown, schema = true): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v)).join(',')}]`;
  if (!isObject(value)) return JSON.stringify(value);
  const docs = ['description', 'example', 'examples', 'title'];
  // The keys of `properties` are field names (a field may be called `description`), not keywords.
  const keys = Object.keys(value)
    .filter((k) => !schema || !docs.includes(k))
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k], !(schema && k === 'properties'))}`).join(',')}}`;
}

/** What a client generator turns into a model of its own: an object with properties, or an enum. */
const isModel = (s: Json) => (s.type === 'object' && isObject(s.properties)) || Array.isArray(s.enum);

/**
 * Models written out inline more than once, or inline copies of a component: each should be a
 * `$ref` to one component (generators name inline models after where they stand, so two copies
 * become two models, and a copy of a component a second model with the component's name).
 */
export function schemasWrittenTwice(document: Json): string[] {
  const components = new Map<string, string>();
  const inline = new Map<string, string[]>();
  for (const { schema, at, top } of allSchemas(document)) {
    if (!isModel(schema)) continue;
    const text = canonical(schema);
    if (top) components.set(text, at);
    else inline.set(text, [...(inline.get(text) ?? []), at]);
  }
  const found: string[] = [];
  for (const [text, places] of inline) {
    const component = components.get(text);
    if (component) found.push(`${places.join(', ')}: a copy of ${component}`);
    else if (places.length > 1) found.push(`written ${places.length} times: ${places.join(', ')}`);
  }
  return found;
}

/**
 * OpenAPI 3.0 schema -> JSON Schema for ajv: `nullable: true` becomes "or null" (ajv's own
 * `nullable` needs a `type` beside it, which a nullable `$ref` through `allOf` has not).
 */
export function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'nullable') out[k] = toJsonSchema(v);
  return value.nullable === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

/** `#/components/...` references made absolute (`api#/components/...`), so an inline schema compiles alone. */
function absoluteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absoluteRefs);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value))
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `api${v}` : absoluteRefs(v);
  return out;
}

/** A validator for any schema of the document (a `$ref` or inline), its references resolved in the document. */
export function schemaValidator(document: Json): (schema: Json) => ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ $id: 'api', components: toJsonSchema(document.components ?? {}) } as Json);
  const compiled = new Map<string, ValidateFunction>();
  return (schema) => {
    const key = JSON.stringify(schema);
    let check = compiled.get(key);
    if (!check) compiled.set(key, (check = ajv.compile(absoluteRefs(toJsonSchema(schema)) as Json)));
    return check;
  };
}

/**
 * Checks an answer against the schema the document gives for the operation and status; the
 * problems ([] when it conforms). A status the document does not list is a problem too.
 */
export function responseProblems(
  document: Json,
  validatorOf: (schema: Json) => ValidateFunction,
  method: string,
  path: string,
  status: number,
  body: unknown,
): string[] {
  const op = (document.paths as Record<string, Json>)[path]?.[method.toLowerCase()] as Json | undefined;
  if (!op) return [`${method} ${path} is not in the document`];
  const response = (op.responses as Json)[String(status)] as Json | undefined;
  if (!response) return [`${method} ${path} does not document status ${status}`];
  const media = (response.content as Record<string, Json> | undefined)?.['application/json'];
  if (!media) return body === undefined || body === '' ? [] : [`${method} ${path} ${status} documents no JSON body`];
  const check = validatorOf(media.schema as Json);
  return check(body)
    ? []
    : (check.errors ?? []).map((e) => `${method} ${path} ${status}: ${e.instancePath} ${e.message}`);
}
