import type { ClaimStatus, DocumentKind, DuplicateFlag, MinorMoney, ReviewOutcome } from '@poe/contracts';
import type { Reimbursement } from '../catalog/reimbursement';
import type { DisputeWindowSettings } from './dispute-window';

/**
 * The claim aggregate's data: its state as stored, and what its rules are given to look at
 * (campaign terms, known documents and pre-approvals, submit context). Plain types; the state
 * changes only through the aggregate (claim.ts), the rules that decide live in claim-rules.ts.
 */

export interface InvoiceEvidence {
  kind: 'invoice';
  documentId: string;
  invoiceNumber: string;
  invoiceDate: string;
  vendor: string;
  amountMinor: number;
  currency: string;
  /** Normalised vendor + invoice number, for the duplicate-invoice flag. */
  invoiceKey: string;
}

export interface CsrEvidence {
  kind: 'csr';
  documentId: string;
  /** The report's total, as the documents service generated it. */
  totalMinor: number;
  currency: string;
}

export type Evidence = InvoiceEvidence | CsrEvidence;

export interface ProofDocument {
  documentId: string;
  note: string;
  attachedAt: string;
  attachedBy: string;
}

export interface ClaimComment {
  text: string;
  by: string;
  at: string;
}

export interface HistoryEntry {
  at: string;
  actor: string;
  action: string;
  /** Field -> old and new value, for edits. */
  changes?: Record<string, { from: unknown; to: unknown }>;
  note?: string;
}

/**
 * A funds step on the campaign that this claim has committed to but not yet seen done. Set in the
 * same write as the status change; cleared once the campaign ledger has applied it (see
 * docs/claims-funds.md). While set, no other change is accepted.
 */
export interface PendingFundsStep {
  op: 'submit' | 'release' | 'commit';
  /** Submission key of the reservation on the campaign (`S<n>`). */
  key: string;
  /** What the campaign reserves (submit) or holds (release, commit): the reimbursable amount. */
  amountMinor: number;
  /** For `submit`: the campaign's rules the submission freezes, and what they make reimbursable. */
  reimbursement?: SubmittedReimbursement;
  approvedMinor?: number;
  startedAt: string;
  /** For `submit`: what completing the submit writes. */
  submittedBy?: string;
  duplicateFlags?: ClaimDuplicateFlag[];
  causationId?: string;
  /** For a `submit` that is a dispute's re-reservation: what completing it writes (claim-dispute rules). */
  dispute?: PendingDispute;
}

/**
 * A duplicate flag as the claim keeps it: the event's flag plus which matching claims are the same
 * partner's, the only ones a partner-side caller may be named (the others are other partners').
 * Absent on flags stored before it existed: read as none.
 */
export interface ClaimDuplicateFlag extends DuplicateFlag {
  samePartnerClaimIds?: string[];
}

/** The reimbursement rules a submission froze, and what they made of the claimed amount. */
export interface SubmittedReimbursement extends Reimbursement {
  reimbursableMinor: number;
}

export interface ClaimDecision {
  decision: ReviewOutcome;
  reasonCodes: string[];
  message?: string;
  reviewerId: string;
  decidedAt: string;
}

/** A dispute begun but not yet funded: completing the re-reservation turns it into the claim's `dispute`. */
export interface PendingDispute {
  reason: string;
  proofDocuments: ProofDocument[];
  disputeDeadline: string;
  disputedBy: string;
}

/** The partner's one dispute of a rejection (docs/claims.md, "Disputes"). */
export interface ClaimDispute {
  reason: string;
  /** Proof documents the dispute added to the claim. */
  newDocumentIds: string[];
  /** The rejection disputed, as it was. */
  rejection: ClaimDecision;
  disputeDeadline: string;
  disputedAt: string;
  disputedBy: string;
  /** The review team's first outcome after the dispute. */
  resolution?: { decision: ReviewOutcome; reviewerId: string; decidedAt: string };
}

/** What a dispute is given: the partner's words and documents, and the program's window. */
export interface DisputeInput {
  reason: string;
  proofDocuments: { documentId: string; note: string }[];
}

export interface DisputeContext {
  window: DisputeWindowSettings;
  documents: Map<string, KnownDocument>;
}

export interface ClaimState {
  id: string;
  partnerId: string;
  programId: string;
  planId: string;
  campaignId: string;
  status: ClaimStatus;
  version: number;
  name: string;
  executionDate: string;
  amountMinor: number;
  currency: string;
  claimName: string | null;
  claimDate: string | null;
  estimatedImpressions: number | null;
  preApprovalId: string | null;
  evidence: Evidence | null;
  proofDocuments: ProofDocument[];
  comments: ClaimComment[];
  submissionCount: number;
  submittedAt: string | null;
  submittedBy: string | null;
  /** The claim version the last submit produced; decisions about older versions are stale. */
  submittedVersion: number | null;
  reviewDueAt: string | null;
  /** Funds this claim holds on its campaign (kept through ACTION_REQUIRED until resubmit). */
  reservation: { key: string; amountMinor: number } | null;
  /**
   * Set by each submit: the rules of that submission and the reimbursable amount. Absent on claims
   * never submitted, and on claims submitted before the rules existed (they reimburse all: `reimbursableOf`).
   */
  reimbursement?: SubmittedReimbursement;
  approvedMinor: number | null;
  decision: ClaimDecision | null;
  /** Set once the partner disputed a rejection; a claim is disputed at most once. */
  dispute?: ClaimDispute;
  duplicateFlags: ClaimDuplicateFlag[];
  pending: PendingFundsStep | null;
  processedEventIds: string[];
  history: HistoryEntry[];
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** The campaign as the claim's rules see it. */
export interface CampaignTerms {
  id: string;
  programId: string;
  planId: string;
  partnerId: string;
  startDate: string;
  endDate: string;
  currency: string;
  /** Last day a claim may be submitted (end date + claim deadline days). */
  claimDeadline: string;
  remainingMinor: number;
  /** The rules a submission made today would freeze; absent: the whole cost, no cap. */
  reimbursement?: Reimbursement;
}

export interface KnownDocument {
  id: string;
  partnerId: string;
  kind: DocumentKind;
  sha256: string;
  deleted: boolean;
  totalMinor?: number;
  currency?: string;
}

export interface KnownPreApproval {
  id: string;
  partnerId: string;
  campaignId: string;
  validFrom: string;
  validUntil: string;
  revoked: boolean;
}

export interface DetailsChange {
  name?: string;
  executionDate?: string;
  amount?: MinorMoney;
  claimName?: string | null;
  claimDate?: string | null;
  estimatedImpressions?: number | null;
  preApprovalId?: string | null;
}

export interface EvidenceInput {
  invoice?: { documentId: string; invoiceNumber: string; invoiceDate: string; vendor: string; amount: MinorMoney };
  csr?: { documentId: string };
}

export interface SubmitContext {
  campaign: CampaignTerms;
  preApproval: KnownPreApproval | null;
  documents: Map<string, KnownDocument>;
  duplicateFlags: ClaimDuplicateFlag[];
}

export type DecisionOutcome = { applied: true } | { applied: false; reason: string };

/** `T` read-only all the way down: what the aggregate hands out of its state. */
export type Snapshot<T> = T extends readonly (infer U)[]
  ? readonly Snapshot<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Snapshot<T[K]> }
    : T;

/** A claim's state to change: a deep copy of a snapshot (the snapshot itself stays as it was). */
export const thaw = (s: Snapshot<ClaimState>): ClaimState => structuredClone(s) as ClaimState;
