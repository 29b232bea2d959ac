import type {
  DocumentKind,
  DuplicateFlag,
  EventEnvelope,
  ReviewDecision,
  ReviewDecisionMadeV1Data,
  ReviewItemStatus,
} from '@poe/contracts';
import { formatMoney, type MinorMoney, REASON_CODES, REVIEW_ITEM_STATUSES, type ReviewOutcome } from '@poe/contracts';
import { toMinor } from '@poe/platform';
import { ReviewErrors } from './review.errors';

/**
 * A claim as the review team sees it, built from the claims service's events. The claims service
 * owns the claim's status; `status` here is what the reviewer sees: the confirmed status, or the
 * expected outcome of a decision the claims service has not applied yet (`pendingDecision`).
 */
export type ItemStatus = ReviewItemStatus;
export const ITEM_STATUSES: readonly ItemStatus[] = REVIEW_ITEM_STATUSES;
/** Waiting for the review team: these count for the queue length and can become overdue. */
export const OPEN_STATUSES: readonly ItemStatus[] = ['queued', 'in_review'];
/** No decision can follow: decided, or closed because the partner withdrew the claim. */
export const FINAL_STATUSES: readonly ItemStatus[] = ['approved', 'rejected', 'withdrawn'];

export interface DocumentRef {
  documentId: string;
  kind?: DocumentKind;
  note?: string;
}

export interface HistoryEntry {
  at: Date;
  /** `claim.submitted`, `decision.approve`, `assigned`, `overdue`, ... */
  kind: string;
  actor: string;
  eventId?: string;
  claimRevision?: number;
  details?: Record<string, unknown>;
}

export interface PendingDecision {
  decision: ReviewDecision;
  reviewerId: string;
  decidedAt: Date;
  expectedClaimRevision: number;
}

/** The partner's dispute of a rejection, as the review team sees it (docs/review.md, "Disputes"). */
export interface ItemDispute {
  reason: string;
  newDocumentIds: string[];
  disputedAt: Date;
  disputedBy: string;
  rejectedAt: Date;
  rejectionReasonCodes: string[];
  disputeDeadline: string;
  /** The outcome that resolved it (`dispute: true` on the claim's event), or `withdrawn`. */
  resolution?: ReviewOutcome | 'withdrawn';
  resolvedAt?: Date;
}

export interface ReviewItem {
  claimId: string;
  partnerId: string;
  programId?: string;
  campaignId?: string;
  preApprovalId?: string;
  claimedAmount?: MinorMoney;
  /**
   * What the campaign reimburses of the claimed amount, as the latest submission froze it: the
   * most a reviewer may approve. Absent on items from before the rules: the claimed amount.
   */
  reimbursableAmount?: MinorMoney;
  approvedAmount?: MinorMoney;
  /** Every document any submission of the claim cited (kinds and notes come from claim facts). */
  documents: DocumentRef[];
  /** The documents of the latest submission. */
  documentIds: string[];
  duplicateFlags: DuplicateFlag[];
  status: ItemStatus;
  confirmedStatus: ItemStatus;
  pendingDecision?: PendingDecision;
  /** Revision of the last claim event applied: the revision guard, and the decision's expectedClaimRevision. */
  claimRevision: number;
  assigneeId?: string;
  dueAt?: Date;
  submittedAt?: Date;
  firstSubmittedAt?: Date;
  submissionCount: number;
  /** When the claims service confirmed the final decision. */
  decidedAt?: Date;
  lastActionRequest?: { reasonCodes: string[]; message: string };
  /** Set from the claim's `disputed` event on: the item is a dispute until its resolution (and keeps it after). */
  dispute?: ItemDispute;
  /** True once the overdue event for the current due date is in the outbox. */
  overdueNotified: boolean;
  overdueNotifiedFor?: Date;
  /** Bumped by every write; conditional updates on it make concurrent writers take turns. */
  version: number;
  history: HistoryEntry[];
  /** Ids of the last events applied: a second guard next to the revision. */
  lastEventIds: string[];
}

/** Claim events that move the claim through review; they change the queue item. */
type ItemEventType =
  | 'poe.claims.claim.submitted.v1'
  | 'poe.claims.claim.review-started.v1'
  | 'poe.claims.claim.action-required.v1'
  | 'poe.claims.claim.reopened.v1'
  | 'poe.claims.claim.approved.v1'
  | 'poe.claims.claim.rejected.v1'
  | 'poe.claims.claim.withdrawn.v1'
  | 'poe.claims.claim.disputed.v1';

/**
 * Claim events of the draft (created, updated, evidence attached): kept as insert-only facts
 * beside the item (claim-facts.repository.ts), so the queue item is written only from submission on.
 */
type FactEventType =
  'poe.claims.claim.created.v1' | 'poe.claims.claim.updated.v1' | 'poe.claims.claim.evidence-attached.v1';

export type ClaimItemEvent = { [T in ItemEventType]: EventEnvelope<T> }[ItemEventType];
export type ClaimFactEvent = { [T in FactEventType]: EventEnvelope<T> }[FactEventType];

const ITEM_EVENT_TYPES: readonly string[] = [
  'poe.claims.claim.submitted.v1',
  'poe.claims.claim.review-started.v1',
  'poe.claims.claim.action-required.v1',
  'poe.claims.claim.reopened.v1',
  'poe.claims.claim.approved.v1',
  'poe.claims.claim.rejected.v1',
  'poe.claims.claim.withdrawn.v1',
  'poe.claims.claim.disputed.v1',
];
const FACT_EVENT_TYPES: readonly string[] = [
  'poe.claims.claim.created.v1',
  'poe.claims.claim.updated.v1',
  'poe.claims.claim.evidence-attached.v1',
];

export const isItemEvent = (e: { type: string }): e is ClaimItemEvent => ITEM_EVENT_TYPES.includes(e.type);
export const isFactEvent = (e: { type: string }): e is ClaimFactEvent => FACT_EVENT_TYPES.includes(e.type);

export interface Change {
  item: ReviewItem;
  history: HistoryEntry[];
}

const emptyItem = (claimId: string, partnerId: string): ReviewItem => ({
  claimId,
  partnerId,
  documents: [],
  documentIds: [],
  duplicateFlags: [],
  status: 'editing',
  confirmedStatus: 'editing',
  claimRevision: 0,
  submissionCount: 0,
  overdueNotified: false,
  version: 0,
  history: [],
  lastEventIds: [],
});

const withDocument = (docs: DocumentRef[], ref: DocumentRef): DocumentRef[] => {
  const known = docs.find((d) => d.documentId === ref.documentId);
  return known ? docs.map((d) => (d === known ? { ...known, ...ref } : d)) : [...docs, ref];
};

/**
 * Applies one claim event to the item (or creates it). Returns undefined when the event changes
 * nothing: a redelivery, or an event older than one already applied (revision guard).
 */
export function applyClaimEvent(current: ReviewItem | undefined, event: ClaimItemEvent): Change | undefined {
  const d = event.data;
  // A draft withdrawn before it was ever submitted never reached the review team: nothing to close.
  if (!current && event.type === 'poe.claims.claim.withdrawn.v1') return undefined;
  const item = current ?? emptyItem(d.claimId, d.partnerId);
  if (d.revision <= item.claimRevision || item.lastEventIds.includes(event.id)) return undefined;

  // A new claim event is the claims service's word: it confirms or supersedes any pending decision.
  let next: ReviewItem = { ...item, claimRevision: d.revision, pendingDecision: undefined };
  let actor: string;
  let details: Record<string, unknown> | undefined;
  switch (event.type) {
    case 'poe.claims.claim.submitted.v1': {
      const c = event.data;
      const submittedAt = new Date(c.submittedAt);
      // Each submission brings its own due date (see docs/review.md): the rule counts from the submission.
      const dueAt = new Date(c.reviewDueAt);
      let documents = next.documents;
      for (const documentId of c.documentIds) documents = withDocument(documents, { documentId });
      next = {
        ...next,
        programId: c.programId,
        campaignId: c.campaignId,
        preApprovalId: c.preApprovalId,
        claimedAmount: toMinor(c.amount, 'amount'),
        reimbursableAmount: c.reimbursable ? toMinor(c.reimbursable, 'reimbursable') : undefined,
        approvedAmount: undefined,
        documents,
        documentIds: [...c.documentIds],
        duplicateFlags: c.duplicateFlags ?? [],
        submittedAt,
        firstSubmittedAt: next.firstSubmittedAt ?? submittedAt,
        submissionCount: next.submissionCount + 1,
        dueAt,
        decidedAt: undefined,
        overdueNotified: next.overdueNotifiedFor?.getTime() === dueAt.getTime(),
      };
      next = withStatus(next, 'queued');
      actor = c.submittedBy;
      details = {
        submission: next.submissionCount,
        amount: c.amount,
        ...(c.reimbursable ? { reimbursable: c.reimbursable } : {}),
        reviewDueAt: c.reviewDueAt,
        documentIds: c.documentIds,
        duplicateFlags: c.duplicateFlags?.length ?? 0,
      };
      break;
    }
    case 'poe.claims.claim.review-started.v1': {
      const c = event.data;
      next = withStatus({ ...next, assigneeId: next.assigneeId ?? c.reviewerId }, 'in_review');
      actor = c.reviewerId;
      break;
    }
    case 'poe.claims.claim.action-required.v1': {
      const c = event.data;
      next = withStatus(
        {
          ...resolved(next, c.dispute, 'request_action', c.requestedAt),
          lastActionRequest: { reasonCodes: c.reasonCodes, message: c.message },
        },
        'waiting_for_partner',
      );
      actor = c.requestedBy;
      details = { reasonCodes: c.reasonCodes, message: c.message };
      break;
    }
    case 'poe.claims.claim.reopened.v1': {
      // The partner took the claim back to change it after a request for action: it is theirs
      // until the next submission, which queues it again with a new due date.
      next = withStatus(next, 'editing');
      actor = event.data.reopenedBy;
      break;
    }
    case 'poe.claims.claim.approved.v1': {
      const c = event.data;
      next = {
        ...resolved(next, c.dispute, 'approve', c.approvedAt),
        programId: c.programId,
        campaignId: c.campaignId,
        claimedAmount: toMinor(c.claimedAmount, 'claimedAmount'),
        ...(c.reimbursableAmount ? { reimbursableAmount: toMinor(c.reimbursableAmount, 'reimbursableAmount') } : {}),
        approvedAmount: toMinor(c.approvedAmount, 'approvedAmount'),
        decidedAt: new Date(c.approvedAt),
      };
      next = withStatus(next, 'approved');
      actor = c.approvedBy;
      details = { approvedAmount: c.approvedAmount, ...(c.message ? { message: c.message } : {}) };
      break;
    }
    case 'poe.claims.claim.rejected.v1': {
      const c = event.data;
      next = withStatus(
        { ...resolved(next, c.dispute, 'reject', c.rejectedAt), decidedAt: new Date(c.rejectedAt) },
        'rejected',
      );
      actor = c.rejectedBy;
      details = { reasonCodes: c.reasonCodes, message: c.message };
      break;
    }
    case 'poe.claims.claim.withdrawn.v1': {
      // Closed, not decided: it leaves the queue (and any review in progress) and counts as no decision.
      const c = event.data;
      const openDispute = next.dispute && !next.dispute.resolution;
      next = withStatus(
        openDispute
          ? { ...next, dispute: { ...next.dispute!, resolution: 'withdrawn', resolvedAt: new Date(c.withdrawnAt) } }
          : next,
        'withdrawn',
      );
      actor = c.withdrawnBy;
      details = { fromStatus: c.fromStatus, ...(c.reason ? { reason: c.reason } : {}) };
      break;
    }
    case 'poe.claims.claim.disputed.v1': {
      // The rejection is disputed: the item is queued again as a dispute, with the funds reserved
      // again, its own due date, and the new documents beside the earlier ones.
      const c = event.data;
      let documents = next.documents;
      for (const documentId of c.documentIds) documents = withDocument(documents, { documentId });
      const disputedAt = new Date(c.disputedAt);
      const dueAt = new Date(c.reviewDueAt);
      next = {
        ...next,
        programId: c.programId,
        campaignId: c.campaignId,
        claimedAmount: toMinor(c.claimedAmount, 'claimedAmount'),
        reimbursableAmount: toMinor(c.reimbursable, 'reimbursable'),
        approvedAmount: undefined,
        documents,
        documentIds: [...c.documentIds],
        submittedAt: disputedAt,
        submissionCount: next.submissionCount + 1,
        dueAt,
        decidedAt: undefined,
        overdueNotified: next.overdueNotifiedFor?.getTime() === dueAt.getTime(),
        dispute: {
          reason: c.reason,
          newDocumentIds: [...c.newDocumentIds],
          disputedAt,
          disputedBy: c.disputedBy,
          rejectedAt: new Date(c.rejectedAt),
          rejectionReasonCodes: [...c.rejectionReasonCodes],
          disputeDeadline: c.disputeDeadline,
        },
      };
      next = withStatus(next, 'queued');
      actor = c.disputedBy;
      details = {
        reason: c.reason,
        newDocumentIds: c.newDocumentIds,
        reimbursable: c.reimbursable,
        reviewDueAt: c.reviewDueAt,
      };
      break;
    }
  }
  const entry: HistoryEntry = {
    at: new Date(event.time),
    kind: `claim.${event.type.split('.')[3]}`,
    actor,
    eventId: event.id,
    claimRevision: d.revision,
    ...(details ? { details } : {}),
  };
  return { item: next, history: [entry] };
}

/** The claim's event says its decision resolved the dispute: the item records the outcome. */
const resolved = (item: ReviewItem, dispute: boolean | undefined, outcome: ReviewOutcome, at: string): ReviewItem =>
  dispute && item.dispute && !item.dispute.resolution
    ? { ...item, dispute: { ...item.dispute, resolution: outcome, resolvedAt: new Date(at) } }
    : item;

const withStatus = (item: ReviewItem, status: ItemStatus): ReviewItem => ({ ...item, status, confirmedStatus: status });

export type DecisionCommand =
  | { decision: 'start_review'; reviewerId: string }
  | { decision: 'request_action'; reviewerId: string; reasonCodes: string[]; message: string }
  | { decision: 'approve'; reviewerId: string; approvedAmount: MinorMoney; reasonCodes?: string[]; message?: string }
  | { decision: 'reject'; reviewerId: string; reasonCodes: string[]; message: string };

const OUTCOME: Record<ReviewDecision, ItemStatus> = {
  start_review: 'in_review',
  request_action: 'waiting_for_partner',
  approve: 'approved',
  reject: 'rejected',
};

/** The status a claim must be in for each decision, as the claims service's state machine has it. */
const REQUIRED_STATUS: Record<ReviewDecision, ItemStatus> = {
  start_review: 'queued',
  request_action: 'in_review',
  approve: 'in_review',
  reject: 'in_review',
};

export interface Decided extends Change {
  event: ReviewDecisionMadeV1Data;
}

/**
 * A reviewer's decision. The item shows the expected outcome at once; the claims service applies
 * the published decision and its claim event confirms it. Only one decision may be in flight per
 * item: the next one needs the claim revision that the first one produces.
 */
export function decide(item: ReviewItem, cmd: DecisionCommand, now: Date): Decided {
  if (FINAL_STATUSES.includes(item.status)) throw ReviewErrors.alreadyDecided(item.claimId, item.status);
  if (item.pendingDecision) {
    throw ReviewErrors.decisionInProgress(item.claimId, item.pendingDecision.decision, item.pendingDecision.reviewerId);
  }
  if (item.submissionCount === 0) throw ReviewErrors.notSubmitted(item.claimId);
  if (item.status !== REQUIRED_STATUS[cmd.decision]) {
    throw ReviewErrors.illegalTransition(item.claimId, cmd.decision, item.status);
  }

  let reasonCodes: string[] = [];
  let message: string | undefined;
  let approvedAmount: MinorMoney | undefined;
  switch (cmd.decision) {
    case 'start_review':
      break;
    case 'request_action':
    case 'reject':
      reasonCodes = checkReasonCodes(cmd.decision, cmd.reasonCodes, true);
      message = requireMessage(cmd.message, `${cmd.decision} needs a message for the partner`);
      break;
    case 'approve': {
      approvedAmount = checkApprovedAmount(item, cmd.approvedAmount);
      reasonCodes = checkReasonCodes('approve', cmd.reasonCodes ?? [], false);
      message = cmd.message?.trim() || undefined;
      if (approvedAmount.minor < reimbursableOf(item).minor) {
        // Partners are paid less than they claimed: they get to know why.
        message = requireMessage(cmd.message, 'a partial approval needs a message saying what was not approved');
        if (!reasonCodes.includes('PARTIAL_APPROVAL')) reasonCodes = ['PARTIAL_APPROVAL', ...reasonCodes];
      }
      break;
    }
  }

  const pendingDecision: PendingDecision = {
    decision: cmd.decision,
    reviewerId: cmd.reviewerId,
    decidedAt: now,
    expectedClaimRevision: item.claimRevision,
  };
  const next: ReviewItem = {
    ...item,
    status: OUTCOME[cmd.decision],
    pendingDecision,
    // Starting a review takes the item unless someone already has it.
    assigneeId: cmd.decision === 'start_review' ? (item.assigneeId ?? cmd.reviewerId) : item.assigneeId,
  };
  const event: ReviewDecisionMadeV1Data = {
    claimId: item.claimId,
    partnerId: item.partnerId,
    decision: cmd.decision,
    reasonCodes,
    ...(message ? { message } : {}),
    ...(approvedAmount ? { approvedAmount: formatMoney(approvedAmount) } : {}),
    reviewerId: cmd.reviewerId,
    decidedAt: now.toISOString(),
    expectedClaimRevision: item.claimRevision,
  };
  const entry: HistoryEntry = {
    at: now,
    kind: `decision.${cmd.decision}`,
    actor: cmd.reviewerId,
    claimRevision: item.claimRevision,
    details: {
      ...(reasonCodes.length ? { reasonCodes } : {}),
      ...(message ? { message } : {}),
      ...(approvedAmount ? { approvedAmount: formatMoney(approvedAmount) } : {}),
    },
  };
  return { item: next, history: [entry], event };
}

function checkReasonCodes(decision: ReviewOutcome, codes: string[], required: boolean): string[] {
  const unique = [...new Set(codes)];
  if (required && unique.length === 0) throw ReviewErrors.reasonCodesRequired(decision);
  const known: readonly string[] = REASON_CODES[decision];
  unique.forEach((code, i) => {
    if (!known.includes(code)) throw ReviewErrors.unknownReasonCode(`reasonCodes[${i}]`, code, decision);
  });
  return unique;
}

function requireMessage(message: string | undefined, why: string): string {
  const trimmed = message?.trim();
  if (!trimmed) throw ReviewErrors.messageRequired(why);
  return trimmed;
}

/** The most a reviewer may approve: the reimbursable amount the submission froze. */
export const reimbursableOf = (item: Pick<ReviewItem, 'claimedAmount' | 'reimbursableAmount'>): MinorMoney =>
  item.reimbursableAmount ?? item.claimedAmount!;

function checkApprovedAmount(item: ReviewItem, approved: MinorMoney): MinorMoney {
  const claimed = item.claimedAmount!;
  if (approved.currency !== claimed.currency) throw ReviewErrors.currencyMismatch(approved.currency, claimed.currency);
  if (approved.minor <= 0) throw ReviewErrors.approvedNotPositive();
  if (approved.minor > claimed.minor) {
    throw ReviewErrors.approvedAboveClaimed(formatMoney(approved).amount, formatMoney(claimed).amount);
  }
  const reimbursable = reimbursableOf(item);
  if (approved.minor > reimbursable.minor) {
    throw ReviewErrors.approvedAboveReimbursable(formatMoney(approved).amount, formatMoney(reimbursable).amount);
  }
  return approved;
}

/** Assigns the item to a reviewer; undefined when it already is theirs (nothing to write). */
export function assign(item: ReviewItem, assigneeId: string, actor: string, now: Date): Change | undefined {
  if (FINAL_STATUSES.includes(item.status)) throw ReviewErrors.alreadyDecided(item.claimId, item.status);
  if (item.submissionCount === 0) throw ReviewErrors.notSubmitted(item.claimId);
  if (item.assigneeId === assigneeId) return undefined;
  return {
    item: { ...item, assigneeId },
    history: [
      {
        at: now,
        kind: 'assigned',
        actor,
        claimRevision: item.claimRevision,
        details: { assigneeId, ...(item.assigneeId ? { previous: item.assigneeId } : {}) },
      },
    ],
  };
}

/** Overdue: still waiting for the review team after the end of its due date. */
export const isOverdue = (item: Pick<ReviewItem, 'status' | 'dueAt'>, now: Date): boolean =>
  OPEN_STATUSES.includes(item.status) && item.dueAt !== undefined && item.dueAt.getTime() < now.getTime();
