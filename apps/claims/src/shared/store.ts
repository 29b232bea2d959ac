/**
 * FerretDB's SQLite backend answers a write that could not get the database lock in time with
 * "database is locked (SQLITE_BUSY)"; the write did not happen (its transaction rolled back), so
 * trying again is safe. MongoDB never raises it, so there this is a plain call.
 */
export async function retryWhenBusy<T>(write: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (attempt >= attempts || !/SQLITE_BUSY|database is locked/.test((e as Error)?.message ?? '')) throw e;
      await new Promise((r) => setTimeout(r, 25 * attempt + Math.random() * 50));
    }
  }
}
