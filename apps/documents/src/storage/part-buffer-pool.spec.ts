import { PartBufferPool } from './part-buffer-pool';

describe('part buffer pool', () => {
  it('acquire_whenCapReached_waitsForARelease', async () => {
    const pool = new PartBufferPool(16, 2);
    const a = await pool.acquire();
    await pool.acquire();
    let third: Buffer | undefined;
    const waiting = pool.acquire().then((b) => (third = b));
    await Promise.resolve();
    expect(third).toBeUndefined();
    expect(pool.stats).toEqual({ allocated: 2, free: 0, waiting: 1 });
    pool.release(a);
    await waiting;
    expect(third).toBe(a);
    expect(pool.stats.allocated).toBe(2);
  });

  it('release_whenNobodyWaits_keepsTheBufferForReuse', async () => {
    const pool = new PartBufferPool(16, 4);
    const a = await pool.acquire();
    pool.release(a);
    expect(await pool.acquire()).toBe(a);
    expect(pool.stats).toEqual({ allocated: 1, free: 0, waiting: 0 });
  });
});
