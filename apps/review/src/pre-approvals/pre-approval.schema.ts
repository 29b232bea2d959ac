import { Schema } from 'mongoose';

export const PRE_APPROVALS_COLLECTION = 'pre_approvals';
export const COUNTERS_COLLECTION = 'counters';

/** Shape and indexes; writes go through the native collection (see the repository). */
export const PreApprovalSchema = new Schema(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    campaignId: { type: String, required: true },
    description: String,
    validFrom: { type: Date, required: true },
    validUntil: { type: Date, required: true },
    grantedBy: { type: String, required: true },
    grantedAt: { type: Date, required: true },
    revokedAt: Date,
    revokedBy: String,
    revokeReason: String,
    outbox: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: PRE_APPROVALS_COLLECTION, versionKey: false },
);
PreApprovalSchema.index({ partnerId: 1, _id: -1 });
PreApprovalSchema.index({ campaignId: 1 });

/** One document per sequence (e.g. `pre-approval:2026`), advanced with an atomic `$inc`. */
export const CounterSchema = new Schema(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: COUNTERS_COLLECTION, versionKey: false },
);
