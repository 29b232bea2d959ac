import { Schema } from 'mongoose';

export const CLAIM_FACTS_COLLECTION = 'claim_facts';

/** One document per draft-claim event (`<claimId>:<revision>`): inserted once, never updated. */
export const ClaimFactSchema = new Schema(
  {
    _id: { type: String, required: true },
    claimId: { type: String, required: true },
    revision: { type: Number, required: true },
    type: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    data: Schema.Types.Mixed,
  },
  { collection: CLAIM_FACTS_COLLECTION, versionKey: false },
);
ClaimFactSchema.index({ claimId: 1, revision: 1 });
