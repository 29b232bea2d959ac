import { RESPONSE_COMPONENTS, RESPONSE_SCHEMAS } from './index';
import { component, componentSchemas, describe as describeShape, nullable, object, str } from './shape';

type Node = Record<string, unknown>;

/** Every schema node under `schema`, with its path. */
function* nodes(schema: unknown, at: string): Generator<[string, Node]> {
  if (Array.isArray(schema)) {
    for (const [i, s] of schema.entries()) yield* nodes(s, `${at}[${i}]`);
    return;
  }
  if (!schema || typeof schema !== 'object') return;
  const node = schema as Node;
  yield [at, node];
  for (const key of ['items', 'allOf', 'additionalProperties'])
    if (key in node) yield* nodes(node[key], `${at}.${key}`);
  for (const [name, s] of Object.entries((node.properties as Node | undefined) ?? {})) yield* nodes(s, `${at}.${name}`);
}
const everyNode = () => Object.entries(RESPONSE_SCHEMAS).flatMap(([name, s]) => [...nodes(s, name)]);

describe('response shapes', () => {
  it('list each component under its own name', () => {
    for (const [key, c] of Object.entries(RESPONSE_COMPONENTS)) expect(c.name).toBe(key);
    const Foo = component('Foo', str());
    expect(() => componentSchemas({ Bar: Foo })).toThrow('component Foo listed as Bar');
  });

  it('reference only components that exist, and never give a $ref siblings (OpenAPI 3.0 ignores them)', () => {
    const refs = everyNode().filter(([, n]) => '$ref' in n);
    expect(refs.length).toBeGreaterThan(50);
    for (const [at, n] of refs) {
      expect({ at, keys: Object.keys(n) }).toEqual({ at, keys: ['$ref'] });
      const name = String(n.$ref).replace('#/components/schemas/', '');
      expect({ at, known: name in RESPONSE_SCHEMAS }).toEqual({ at, known: true });
    }
  });

  it('close every object and require only properties it lists', () => {
    const objects = everyNode().filter(([, n]) => n.properties);
    expect(objects.length).toBeGreaterThan(40);
    for (const [at, n] of objects) {
      expect({ at, closed: n.additionalProperties }).toEqual({ at, closed: false });
      const listed = Object.keys(n.properties as Node);
      for (const r of (n.required as string[] | undefined) ?? [])
        expect({ at, r, listed: listed.includes(r) }).toEqual({ at, r, listed: true });
    }
  });

  it('write nullable references through allOf, and refuse to describe a bare $ref', () => {
    const Thing = component('Thing', object({ a: str() }));
    expect(nullable(Thing).schema).toEqual({ nullable: true, allOf: [{ $ref: '#/components/schemas/Thing' }] });
    expect(nullable(str()).schema).toEqual({ type: 'string', nullable: true });
    expect(() => describeShape(Thing, { description: 'x' })).toThrow('no siblings');
    expect(describeShape(nullable(Thing), { description: 'x' }).schema).toEqual({
      nullable: true,
      allOf: [{ $ref: '#/components/schemas/Thing' }],
      description: 'x',
    });
  });

  it('require every property unless told which', () => {
    expect(object({ a: str(), b: str() }).schema.required).toEqual(['a', 'b']);
    expect(object({ a: str(), b: str() }, ['b']).schema.required).toEqual(['b']);
    expect(object({ a: str() }, []).schema).not.toHaveProperty('required');
  });
});
