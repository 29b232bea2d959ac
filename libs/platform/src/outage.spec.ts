import type { ArgumentsHost } from '@nestjs/common';
import { outageOf } from './outage';
import { ProblemDetailsFilter } from './problem';

const named = (name: string, message = 'x') => Object.assign(new Error(message), { name });

test('outageOf_driverSelectionAndNetworkErrors_areTheDatabase', () => {
  expect(outageOf(named('MongoServerSelectionError', 'connect ECONNREFUSED 127.0.0.1:27017'))).toBe('the database');
  expect(outageOf(named('MongoNetworkError', 'connection 5 closed'))).toBe('the database');
  expect(outageOf(named('MongoPoolClearedError'))).toBe('the database');
});

test('outageOf_refusedSocket_evenWrappedAsCause_isADependency', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' });
  expect(outageOf(refused)).toBe('a dependency');
  expect(outageOf(new Error('S3 request failed', { cause: refused }))).toBe('a dependency');
});

test('outageOf_bugsAndRefusals_areNotOutages', () => {
  expect(outageOf(new TypeError('cannot read properties of undefined'))).toBeUndefined();
  expect(outageOf(named('MongoServerError', 'E11000 duplicate key'))).toBeUndefined();
  expect(outageOf('a string')).toBeUndefined();
});

function answer(exception: unknown) {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const res = {
    setHeader: (k: string, v: string) => (sent.headers[k] = v),
    status(code: number) {
      sent.status = code;
      return this;
    },
    type(t: string) {
      sent.headers['content-type'] = t;
      return this;
    },
    send(body: string) {
      sent.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({ getResponse: () => res, getRequest: () => ({ originalUrl: '/claims' }) }),
  } as unknown as ArgumentsHost;
  new ProblemDetailsFilter().catch(exception, host);
  return { ...sent, problem: JSON.parse(sent.body ?? '{}') };
}

test('problemFilter_databaseDown_is503WithRetryAfter_notA500', () => {
  const r = answer(named('MongoServerSelectionError', 'connect ECONNREFUSED 127.0.0.1:27017'));
  expect(r.status).toBe(503);
  expect(r.headers['retry-after']).toBe('2');
  expect(r.headers['content-type']).toBe('application/problem+json');
  expect(r.problem).toMatchObject({ code: 'SERVICE.UNAVAILABLE', detail: expect.stringContaining('database') });
});

test('problemFilter_aBug_staysA500WithoutRetryAfter', () => {
  const r = answer(new TypeError('boom'));
  expect(r.status).toBe(500);
  expect(r.headers['retry-after']).toBeUndefined();
  expect(r.problem.code).toBe('INTERNAL');
});
