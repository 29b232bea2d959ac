import { Schema } from 'mongoose';

export const PAYOUT_RELEASES = 'payout_releases';

/**
 * Claims a program's minimum payout no longer holds (docs/payments.md): once a payout is made
 * while the partner's unpaid total reached the minimum, every claim that made up that total stays
 * payable, even after the payout brings the total left below the minimum again.
 */
export const PayoutReleaseSchema = new Schema(
  { _id: String, releasedAt: String },
  { versionKey: false, collection: PAYOUT_RELEASES },
);
