import { Schema } from 'mongoose';

export const IDEMPOTENCY_KEYS = 'idempotency_keys';

/** One `Idempotency-Key` of one caller for one operation, with the first result once there is one. */
export const IdempotencyKeySchema = new Schema(
  {
    _id: String,
    requestHash: String,
    state: String,
    resourceId: String,
    startedAt: String,
    response: Schema.Types.Mixed,
    // When the key may be forgotten; the sweep deletes by this index (idempotency.service.ts).
    expiresAt: { type: Date, index: true },
  },
  { versionKey: false, collection: IDEMPOTENCY_KEYS },
);
