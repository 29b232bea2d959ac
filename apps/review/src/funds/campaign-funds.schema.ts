import { Schema } from 'mongoose';

export const CAMPAIGN_FUNDS_COLLECTION = 'campaign_funds';

const MinorMoneySchema = new Schema({ minor: Number, currency: String }, { _id: false });

/** The latest balance of a campaign as the claims service reported it (funds-changed events). */
export const CampaignFundsSchema = new Schema(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    programId: { type: String, required: true },
    revision: { type: Number, required: true },
    allocated: MinorMoneySchema,
    reserved: MinorMoneySchema,
    approved: MinorMoneySchema,
    remaining: MinorMoneySchema,
    changedAt: Date,
  },
  { collection: CAMPAIGN_FUNDS_COLLECTION, versionKey: false },
);
