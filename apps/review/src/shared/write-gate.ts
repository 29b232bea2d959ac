/**
 * Caps how many writes this service has in flight against the database. FerretDB v1 on SQLite
 * takes one writer at a time, and concurrent writers wait in SQLite's busy handler with growing
 * sleeps (or fail with SQLITE_BUSY): queueing them here is much faster. On MongoDB raise the cap.
 */
export class WriteGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(write: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await write();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

export const WRITE_GATE = Symbol('WRITE_GATE');
