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

import { installDocumentWriteSerialization } from './write-serialization';

/** Options that behave alike on FerretDB v1 and MongoDB; see docs/ferretdb.md. */
export const mongooseOptions = (dbName: string) => {
  // Every service that talks to the MongoDB API gets per-document write ordering (see write-serialization.ts).
  installDocumentWriteSerialization();
  return {
    dbName,
    serverSelectionTimeoutMS: 5000,
    // FerretDB v1 has no retryable writes (no replica set); MongoDB ignores the flag being off.
    retryWrites: false,
    autoIndex: true,
  };
};
