import { Schema } from 'mongoose';

export const CLAIMS = 'claims';
export const KNOWN_DOCUMENTS = 'known_documents';
export const PRE_APPROVALS = 'pre_approvals';
export const EVIDENCE_FINGERPRINTS = 'evidence_fingerprints';

// Shape and indexes only; claims.repository.ts writes through the native collection so that the
// guarded single-document updates go to the server exactly as written.
const Mixed = Schema.Types.Mixed;

export const ClaimSchema = new Schema(
  {
    _id: String,
    partnerId: String,
    programId: String,
    planId: String,
    campaignId: String,
    status: String,
    version: Number,
    name: String,
    executionDate: String,
    amountMinor: Number,
    currency: String,
    claimName: String,
    claimDate: String,
    estimatedImpressions: Number,
    preApprovalId: String,
    evidence: Mixed,
    proofDocuments: [Mixed],
    comments: [Mixed],
    submissionCount: Number,
    submittedAt: String,
    submittedBy: String,
    submittedVersion: Number,
    reviewDueAt: String,
    reservation: Mixed,
    reimbursement: Mixed,
    approvedMinor: Number,
    decision: Mixed,
    dispute: Mixed,
    duplicateFlags: [Mixed],
    pending: Mixed,
    processedEventIds: [String],
    history: [Mixed],
    outbox: [Mixed],
    createdAt: String,
    createdBy: String,
    updatedAt: String,
  },
  { versionKey: false, minimize: false, collection: CLAIMS },
);
// Claim ids sort by creation time, so `_id` is the list's sort key and cursor.
ClaimSchema.index({ partnerId: 1, _id: -1 });
ClaimSchema.index({ partnerId: 1, status: 1, _id: -1 });
ClaimSchema.index({ campaignId: 1, _id: -1 });
// The recovery pass looks for half-done funds steps every few seconds (claims.repository.ts withPendingSteps).
ClaimSchema.index({ 'pending.startedAt': 1 });

/** What the claims service knows of uploaded documents, from the documents service's events. */
export const KnownDocumentSchema = new Schema(
  {
    _id: String,
    partnerId: String,
    kind: String,
    sha256: String,
    claimId: String,
    deleted: Boolean,
    totalMinor: Number,
    currency: String,
    updatedAt: String,
  },
  { versionKey: false, collection: KNOWN_DOCUMENTS },
);
KnownDocumentSchema.index({ sha256: 1 });

/** Pre-approvals issued by the review service, from its events. */
export const PreApprovalSchema = new Schema(
  {
    _id: String,
    partnerId: String,
    campaignId: String,
    validFrom: String,
    validUntil: String,
    revoked: Boolean,
    revokedAt: String,
  },
  { versionKey: false, collection: PRE_APPROVALS },
);

/**
 * Which submitted claims used an evidence file (`sha256:<hex>`) or a vendor + invoice number
 * (`invoice:<key>`): the duplicate-invoice flag looks these up by `_id`.
 */
export const EvidenceFingerprintSchema = new Schema(
  { _id: String, claimIds: [String] },
  { versionKey: false, collection: EVIDENCE_FINGERPRINTS },
);
