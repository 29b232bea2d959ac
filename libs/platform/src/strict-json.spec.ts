import { jsonBodyViolation } from './strict-json';

const check = (body: string | Buffer, maxDepth = 32) =>
  jsonBodyViolation(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, { maxDepth });

test('strictJson_plainBodies_pass', () => {
  expect(check('{"name":"a","amount":{"amount":"1.00","currency":"EUR"},"lines":[1,2.5,-3e2],"x":null}')).toBe(
    undefined,
  );
  expect(check('{"text":"a \\" quoted {[ , key: \\"__proto__\\" and 1e309 inside a string"}')).toBe(undefined);
  expect(check('{"n":1.7976931348623157e308,"m":-0,"o":1e-400}')).toBe(undefined);
});

test('strictJson_depthOverTheLimit_isRefusedNamingWhere', () => {
  const deep = (n: number) => `{"x":${'['.repeat(n)}${']'.repeat(n)}}`;
  expect(check(deep(31))).toBe(undefined);
  expect(check(deep(32))?.rule).toBe('maxDepth');
  expect(check(deep(2000))?.rule).toBe('maxDepth');
  expect(check('[[[1]]]', 2)).toEqual({
    field: '[0][0]',
    rule: 'maxDepth',
    message: 'JSON nesting deeper than 2 levels',
  });
});

test('strictJson_nonFiniteNumbers_areRefusedNamingTheField', () => {
  expect(check('{"estimatedImpressions":1e309}')).toEqual(
    expect.objectContaining({ field: 'estimatedImpressions', rule: 'isFinite' }),
  );
  expect(check('{"a":{"lines":[0,-1E999]}}')).toEqual(
    expect.objectContaining({ field: 'a.lines[1]', rule: 'isFinite' }),
  );
});

test('strictJson_prototypeKeys_areRefusedAtAnyDepth', () => {
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    expect(check(`{"${key}":{}}`)).toEqual(expect.objectContaining({ field: key, rule: 'forbiddenKey' }));
    expect(check(`{"a":[{"b":1},{"${key}":1}]}`)).toEqual(
      expect.objectContaining({ field: `a[1].${key}`, rule: 'forbiddenKey' }),
    );
  }
  // An escaped spelling is the same key once decoded.
  expect(check('{"\\u005f_proto__":1}')?.rule).toBe('forbiddenKey');
});

test('strictJson_duplicateKeys_areRefused_sameKeyInSiblingObjectsIsFine', () => {
  expect(check('{"a":1,"b":{"a":1},"a":2}')).toEqual(expect.objectContaining({ field: 'a', rule: 'noDuplicateKeys' }));
  expect(check('{"items":[{"a":1},{"a":2}]}')).toBe(undefined);
  expect(check('{"n":"x","\\u006e":"y"}')?.rule).toBe('noDuplicateKeys');
});

test('strictJson_invalidUtf8_isRefused_validMultibytePasses', () => {
  expect(check(Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]))).toEqual(
    expect.objectContaining({ field: 'body', rule: 'isUtf8' }),
  );
  expect(check('{"name":"Zürich – 東京 🎉"}')).toBe(undefined);
});
