import 'reflect-metadata';
import { schemaValidator } from '@poe/testing/openapi-checks';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ROUTES } from '../routes';
import { EDGE_SCHEMAS } from './openapi';
import { COMPONENT_SCHEMAS, REQUEST_BODIES, RequestSchemaName } from './schemas';

// The published request schemas are derived from the DTO classes (@poe/contracts/bodies), so they
// cannot drift; this checks the derivation itself: each route's example and a few hundred variants
// of it (a field left out, null, of another type, too long, an unknown field) get the same verdict
// from the services' validation (the DTO, as their ValidationPipe runs it) and from the document.
// (It found `invoice: []` and `costLines: [[]]` passing the DTOs: `@ValidateNested()` alone takes an
// array for an object; `@IsObject()` now refuses them, as the schema always did.)

const validatorOf = schemaValidator({
  openapi: '3.0.0',
  info: { title: 'poe-claims API', version: '1' },
  paths: {},
  components: { schemas: { ...COMPONENT_SCHEMAS, ...EDGE_SCHEMAS } },
});

type Body = Record<string, unknown>;
const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);
const OTHER_VALUES: unknown[] = [undefined, null, 12345, true, 'x'.repeat(9000), {}, []];

/** The body with the value at `path` replaced (`undefined`: left out). */
function variant(body: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (Array.isArray(body)) return body.map((item, i) => (String(i) === head ? variant(item, rest, value) : item));
  const copy: Body = { ...(body as Body) };
  const next = variant(copy[head], rest, value);
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

function* paths(value: unknown, at: string[] = []): Generator<string[]> {
  if (isObject(value))
    for (const [key, v] of Object.entries(value)) {
      yield [...at, key];
      yield* paths(v, [...at, key]);
    }
  else if (Array.isArray(value) && value.length > 0) {
    yield [...at, '0'];
    yield* paths(value[0], [...at, '0']);
  }
}

async function verdicts(name: RequestSchemaName, body: unknown) {
  const dto = REQUEST_BODIES[name] as new () => object;
  const errors = isObject(body)
    ? await validate(plainToInstance(dto, body), { whitelist: true, forbidNonWhitelisted: true })
    : ['not an object'];
  return { dto: errors.length === 0, schema: validatorOf({ $ref: `#/components/schemas/${name}` })(body) };
}

const routes = ROUTES.filter((r) => r.body === 'json' && r.requestSchema && isObject(r.requestExample));

test('routes_everyJsonBody_hasAnExampleToCheck', () => {
  const unchecked = ROUTES.filter((r) => r.body === 'json' && !routes.includes(r)).map((r) => r.id);
  expect(unchecked).toEqual([]);
});

test.each(routes.map((r) => [r.id, r] as const))(
  'requestSchemaOf_%s_andItsDto_giveTheSameVerdict_onTheExampleAndItsVariants',
  async (_id, route) => {
    const name = route.requestSchema!;
    const example = route.requestExample as Body;
    expect(await verdicts(name, example)).toEqual({ dto: true, schema: true });
    const disagreements: string[] = [];
    const bodies: [string, unknown][] = [['unknown field', { ...example, notAField: 1 }]];
    for (const path of paths(example))
      for (const value of OTHER_VALUES.filter((v) => v !== undefined || !/^\d+$/.test(path.at(-1)!)))
        bodies.push([`${path.join('.')} = ${JSON.stringify(value)?.slice(0, 12)}`, variant(example, path, value)]);
    for (const [what, body] of bodies) {
      const { dto, schema } = await verdicts(name, body);
      if (dto !== schema)
        disagreements.push(
          `${what}: the DTO ${dto ? 'accepts' : 'refuses'}, the schema ${schema ? 'accepts' : 'refuses'}`,
        );
    }
    expect(disagreements).toEqual([]);
  },
);

test('verdicts_aSchemaThatDisagreesWithItsDto_isCaught', async () => {
  // A hand-edited copy of a derived schema: the maxLength the DTO has is gone.
  const loose = JSON.parse(JSON.stringify(COMPONENT_SCHEMAS.AddComment));
  delete loose.properties.text.maxLength;
  const check = validatorOf(loose);
  const body = { text: 'x'.repeat(4001) };
  expect((await verdicts('AddComment', body)).dto).toBe(false);
  expect(check(body)).toBe(true);
});
