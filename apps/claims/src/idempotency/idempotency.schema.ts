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
  },
  { versionKey: false, collection: IDEMPOTENCY_KEYS },
);
