import { retryWhenBusy } from './store';

describe('retryWhenBusy', () => {
  it('retryWhenBusy_whenFerretDbReportsSqliteBusy_triesAgainUntilItSucceeds', async () => {
    let calls = 0;
    const result = await retryWhenBusy(async () => {
      calls++;
      if (calls < 3) throw new Error('[collection.go:177] database is locked (5) (SQLITE_BUSY)');
      return 'written';
    });
    expect(result).toBe('written');
    expect(calls).toBe(3);
  });

  it('retryWhenBusy_whenAnotherError_failsAtOnce', async () => {
    let calls = 0;
    await expect(
      retryWhenBusy(async () => {
        calls++;
        throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
      }),
    ).rejects.toThrow('E11000');
    expect(calls).toBe(1);
  });

  it('retryWhenBusy_whenBusyEveryTime_givesUpAfterTheAttempts', async () => {
    let calls = 0;
    await expect(
      retryWhenBusy(async () => {
        calls++;
        throw new Error('database is locked (5) (SQLITE_BUSY)');
      }, 3),
    ).rejects.toThrow('SQLITE_BUSY');
    expect(calls).toBe(3);
  });
});
