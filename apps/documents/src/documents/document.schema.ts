import { DOCUMENT_KINDS } from '@poe/contracts';
import { Schema } from 'mongoose';

/**
 * Shape and indexes of the `documents` collection. Writes go through the native collection in the
 * repository (conditional single-document updates); the schema is where the indexes live.
 */
export const DOCUMENT_MODEL = 'Document';

export const DocumentSchema = new Schema(
  {
    _id: { type: String, required: true },
    status: { type: String, required: true, enum: ['pending', 'stored', 'deleted', 'missing'] },
    partnerId: { type: String, required: true },
    kind: { type: String, required: true, enum: DOCUMENT_KINDS },
    objectKey: { type: String, required: true },
    fileName: { type: String, required: true },
    contentType: String,
    size: Number,
    sha256: String,
    duplicateOf: { type: [{ _id: false, documentId: String, partnerId: String }], default: [] },
    uploadedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    storedAt: Date,
    claimId: String,
    attachedAt: Date,
    submittedWithClaimId: String,
    submittedAt: Date,
    activityDate: String,
    retainUntil: Date,
    deletedAt: Date,
    deletedBy: String,
    missingSince: Date,
    outbox: { type: [Schema.Types.Mixed], default: [] },
    appliedEvents: { type: [String], default: [] },
  },
  { collection: 'documents', versionKey: false },
);
DocumentSchema.index({ sha256: 1 });
DocumentSchema.index({ partnerId: 1, createdAt: -1 });
DocumentSchema.index({ status: 1, createdAt: 1 });
// Reconcile's pages: one status at a time in `_id` order (maintenance/reconcile.job.ts).
DocumentSchema.index({ status: 1, _id: 1 });
DocumentSchema.index({ claimId: 1 });
DocumentSchema.index({ objectKey: 1 }, { unique: true });

/** What the documents service knows of a claim from its events: enough for the retention clock. */
export const CLAIM_FACT_MODEL = 'ClaimFact';

export const ClaimFactSchema = new Schema(
  {
    _id: { type: String, required: true },
    partnerId: { type: String, required: true },
    executionDate: String,
    currency: String,
    revision: { type: Number, required: true },
  },
  { collection: 'claim_facts', versionKey: false },
);
