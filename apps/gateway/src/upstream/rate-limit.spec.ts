import { AuthFailureLimiter, RateLimited, RateLimiter } from './rate-limit';

test('take_withinBurst_passes_thenRefusesWithRetryAfter_thenRefillsOverTime', () => {
  let now = 0;
  const limiter = new RateLimiter(10, 3, () => now);
  limiter.take('bob');
  limiter.take('bob');
  limiter.take('bob');
  let refused: RateLimited | undefined;
  try {
    limiter.take('bob');
  } catch (e) {
    refused = e as RateLimited;
  }
  expect(refused?.code).toBe('RATE.LIMITED');
  expect(refused?.retryAfterSeconds).toBe(1);
  now += 100; // one token back at 10/s
  expect(() => limiter.take('bob')).not.toThrow();
  expect(() => limiter.take('bob')).toThrow(RateLimited);
});

test('take_keepsClientsApart', () => {
  const limiter = new RateLimiter(1, 1, () => 0);
  limiter.take('alice');
  expect(() => limiter.take('alice')).toThrow(RateLimited);
  expect(() => limiter.take('carol')).not.toThrow();
});

test('authFailures_limitPerWindow_thenCheckRefusesWithoutSpending_thenTheWindowRefills', () => {
  let now = 0;
  const failures = AuthFailureLimiter.of(3, 10, () => now);
  expect(() => failures.check('10.0.0.1')).not.toThrow();
  failures.take('10.0.0.1');
  failures.take('10.0.0.1');
  failures.take('10.0.0.1');
  expect(() => failures.check('10.0.0.1')).toThrow(expect.objectContaining({ code: 'AUTH.TOO_MANY_FAILURES' }));
  expect(() => failures.take('10.0.0.1')).toThrow(expect.objectContaining({ retryAfterSeconds: 4 }));
  expect(() => failures.check('10.0.0.2')).not.toThrow();
  now += 10_000; // the whole window: the full budget is back
  for (let i = 0; i < 3; i++) failures.take('10.0.0.1');
});
