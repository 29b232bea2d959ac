import { Schema } from 'mongoose';

export const REVIEW_ITEMS_COLLECTION = 'review_items';

/**
 * One document per claim: the queue row, the reviewer's view and its outbox. Nested parts stay
 * Mixed: writes go through the native collection with the shapes in review-item.ts.
 */
export const ReviewItemSchema = new Schema(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    programId: String,
    campaignId: String,
    preApprovalId: String,
    name: String,
    executionDate: String,
    claimedAmount: Schema.Types.Mixed,
    reimbursableAmount: Schema.Types.Mixed,
    approvedAmount: Schema.Types.Mixed,
    documents: [Schema.Types.Mixed],
    documentIds: [String],
    duplicateFlags: [Schema.Types.Mixed],
    status: { type: String, required: true },
    confirmedStatus: { type: String, required: true },
    pendingDecision: Schema.Types.Mixed,
    claimRevision: { type: Number, required: true },
    assigneeId: String,
    dueAt: Date,
    submittedAt: Date,
    firstSubmittedAt: Date,
    submissionCount: Number,
    decidedAt: Date,
    lastActionRequest: Schema.Types.Mixed,
    overdueNotified: Boolean,
    overdueNotifiedFor: Date,
    version: { type: Number, required: true },
    history: [Schema.Types.Mixed],
    lastEventIds: [String],
    outbox: [Schema.Types.Mixed],
  },
  { collection: REVIEW_ITEMS_COLLECTION, versionKey: false },
);
// The queue: by status, due date, then claim id (the cursor's order), optionally per program/partner/assignee.
ReviewItemSchema.index({ status: 1, dueAt: 1, _id: 1 });
ReviewItemSchema.index({ programId: 1, status: 1, dueAt: 1 });
ReviewItemSchema.index({ partnerId: 1, status: 1, dueAt: 1 });
ReviewItemSchema.index({ assigneeId: 1, status: 1, dueAt: 1 });
// The overdue check and the figures.
ReviewItemSchema.index({ overdueNotified: 1, dueAt: 1 });
ReviewItemSchema.index({ decidedAt: 1 });
