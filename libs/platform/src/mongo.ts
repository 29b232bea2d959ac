import { Logger } from '@nestjs/common';
import { MongoClient } from 'mongodb';
import type { Connection } from 'mongoose';
import type { ReadinessCheck } from './health';

/** Readiness: the MongoDB API server (FerretDB or MongoDB) answers a ping. */
export function mongoReadiness(connection: Connection): ReadinessCheck {
  return {
    name: 'mongodb',
    async check() {
      if (connection.readyState !== 1 || !connection.db) throw new Error('not connected');
      await connection.db.admin().command({ ping: 1 });
    },
  };
}

/** Options that behave alike on every MongoDB-API server the project runs on; see docs/database.md. */
export const mongooseOptions = (dbName: string) => {
  return {
    dbName,
    serverSelectionTimeoutMS: 5000,
    // FerretDB v1 has no retryable writes; our writes are idempotent instead (docs/database.md).
    retryWrites: false,
    autoIndex: true,
  };
};

/**
 * Once in a fault-suite run (docs/faults.md), after FerretDB restarted under load, one service's
 * driver never reconnected: mongoose stayed disconnected with no socket to the server, while the
 * other services and a fresh connection reached it at once. The cause was not found. This watch
 * turns that state into a clean restart: if the connection has been down for `wedgedAfterMs`
 * while a fresh client can ping the server, the process exits (code 70) and its supervisor
 * starts a new one; the outbox, the consumers' offsets and the claims' recovery pass make that
 * lose nothing.
 */
export class MongoWatchdog {
  private readonly logger = new Logger(MongoWatchdog.name);
  private timer?: NodeJS.Timeout;
  private downSince?: number;

  constructor(
    private readonly connection: Connection,
    private readonly url: string,
    private readonly wedgedAfterMs = 30_000,
    private readonly exit: (code: number) => void = (code) => process.exit(code),
  ) {}

  start(intervalMs = 5_000): void {
    this.timer = setInterval(() => void this.check(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async check(now = Date.now()): Promise<void> {
    if (this.connection.readyState === 1) {
      this.downSince = undefined;
      return;
    }
    this.downSince ??= now;
    if (now - this.downSince < this.wedgedAfterMs) return;
    const probe = new MongoClient(this.url, { serverSelectionTimeoutMS: 2_000, connectTimeoutMS: 2_000 });
    try {
      await probe.connect();
      await probe.db('admin').command({ ping: 1 });
    } catch {
      return; // the server itself is down: waiting for it is right
    } finally {
      await probe.close().catch(() => undefined);
    }
    this.logger.error(
      `the database answers a fresh connection, but this service's connection has been down for ${Math.round(
        (now - this.downSince) / 1000,
      )} s: exiting so that a clean process takes over`,
    );
    this.exit(70);
  }
}
