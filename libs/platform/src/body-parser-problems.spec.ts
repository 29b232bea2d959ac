import { DomainError } from './errors';
import type { NextFunction, Request, Response } from 'express';
import { bodyParserProblems, RequestValidationError } from './problem';
import { JsonBodyRefused } from './strict-json';

const translate = (err: unknown) => {
  let passed: unknown;
  bodyParserProblems('256kb')(err, {} as Request, {} as Response, ((e: unknown) => (passed = e)) as NextFunction);
  return passed;
};

test('bodyParserProblems_tooLarge_becomes413Problem', () => {
  expect(translate(Object.assign(new Error('request entity too large'), { type: 'entity.too.large' }))).toEqual(
    expect.objectContaining({ kind: 'too_large', code: 'REQUEST.TOO_LARGE' }),
  );
});

test('bodyParserProblems_malformedJson_becomes400NamingBody', () => {
  const e = translate(Object.assign(new SyntaxError('Unexpected end'), { type: 'entity.parse.failed' }));
  expect(e).toBeInstanceOf(RequestValidationError);
  expect((e as RequestValidationError).violations).toEqual([
    expect.objectContaining({ field: 'body', rule: 'isJson' }),
  ]);
});

test('bodyParserProblems_otherErrors_passUnchanged', () => {
  const other = new Error('boom');
  expect(translate(other)).toBe(other);
  expect(translate(other)).not.toBeInstanceOf(DomainError);
});

test('bodyParserProblems_strictJsonRefusal_becomes400NamingFieldAndRule', () => {
  const e = translate(new JsonBodyRefused({ field: 'a.b', rule: 'maxDepth', message: 'too deep' }));
  expect(e).toBeInstanceOf(RequestValidationError);
  expect((e as RequestValidationError).violations).toEqual([{ field: 'a.b', rule: 'maxDepth', message: 'too deep' }]);
});
