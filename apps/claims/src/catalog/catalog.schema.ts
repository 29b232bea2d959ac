import { Schema } from 'mongoose';

// The schemas give the collections their shape and indexes; the repository writes through the
// native collection so atomic update paths are not rewritten by mongoose casting.
const base = { _id: String, createdAt: String, createdBy: String };
const options = { versionKey: false, minimize: false } as const;

export const PROGRAMS = 'programs';
export const PLANS = 'plans';
export const PARTNERS = 'partners';
export const CAMPAIGNS = 'campaigns';

export const ProgramSchema = new Schema(
  {
    ...base,
    name: String,
    description: String,
    disputeWindowBusinessDays: Number,
    holidays: [String],
    revision: Number,
    settingsHistory: [Schema.Types.Mixed],
    outbox: [Schema.Types.Mixed],
  },
  { ...options, collection: PROGRAMS },
);

export const PlanSchema = new Schema(
  { ...base, programId: String, name: String, description: String },
  { ...options, collection: PLANS },
);
PlanSchema.index({ programId: 1 });

export const PartnerSchema = new Schema({ ...base, name: String }, { ...options, collection: PARTNERS });

export const CampaignSchema = new Schema(
  {
    ...base,
    programId: String,
    planId: String,
    partnerId: String,
    name: String,
    activityType: String,
    startDate: String,
    endDate: String,
    currency: String,
    claimDeadlineDays: Number,
    allocatedMinor: Number,
    reservedMinor: Number,
    approvedMinor: Number,
    remainingMinor: Number,
    reservations: Schema.Types.Mixed,
    revision: Number,
    outbox: [Schema.Types.Mixed],
  },
  { ...options, collection: CAMPAIGNS },
);
CampaignSchema.index({ partnerId: 1, _id: 1 });
CampaignSchema.index({ planId: 1 });
