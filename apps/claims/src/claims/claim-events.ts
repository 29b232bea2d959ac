import { formatContributionRatio, type ReviewDecisionMadeV1Data } from '@poe/contracts';
import { pendingEvent, PendingEvent } from '../shared/events';
import { toDecimal } from '@poe/platform';
import { reimbursableOf } from './claim-rules';
import type { ClaimDispute, ClaimState, PendingFundsStep, Snapshot } from './claim-types';

/** What every builder reads: the claim's state, never changed here. */
type Facts = Snapshot<ClaimState>;

/**
 * The payloads of every event of the claim, each built here and only here from the claim's state
 * (issue #14: one place per payload); the aggregate decides when, this file says what.
 */

export function claimCreated(s: Facts, actor: string, at: string): PendingEvent {
  return pendingEvent('poe.claims.claim.created.v1', {
    claimId: s.id,
    partnerId: s.partnerId,
    programId: s.programId,
    campaignId: s.campaignId,
    revision: s.version,
    name: s.name,
    executionDate: s.executionDate,
    amount: toDecimal(s.amountMinor, s.currency),
    createdBy: actor,
    createdAt: at,
  });
}

/** PoE fields changed: the fields named, and the claim's PoE fields as they are now. */
export function claimUpdated(s: Facts, changedFields: string[], actor: string, now: Date): PendingEvent {
  return pendingEvent('poe.claims.claim.updated.v1', {
    claimId: s.id,
    partnerId: s.partnerId,
    revision: s.version,
    changedFields: changedFields.map((f) => (f === 'amountMinor' ? 'amount' : f)),
    name: s.name,
    executionDate: s.executionDate,
    amount: toDecimal(s.amountMinor, s.currency),
    updatedBy: actor,
    updatedAt: now.toISOString(),
  });
}

/** Evidence (invoice, CSR) or a proof document (with its note) attached. */
export function evidenceAttached(
  s: Facts,
  document: { documentId: string; kind: 'invoice' | 'csr' | 'proof'; note?: string },
  actor: string,
  now: Date,
): PendingEvent {
  return pendingEvent('poe.claims.claim.evidence-attached.v1', {
    claimId: s.id,
    partnerId: s.partnerId,
    revision: s.version,
    documentId: document.documentId,
    kind: document.kind,
    ...(document.note === undefined ? {} : { note: document.note }),
    attachedBy: actor,
    attachedAt: now.toISOString(),
  });
}

export function commentAdded(s: Facts, text: string, actor: string, now: Date): PendingEvent {
  return pendingEvent('poe.claims.claim.comment-added.v1', {
    claimId: s.id,
    partnerId: s.partnerId,
    revision: s.version,
    text,
    addedBy: actor,
    addedAt: now.toISOString(),
  });
}

export function claimReopened(s: Facts, actor: string, now: Date): PendingEvent {
  return pendingEvent('poe.claims.claim.reopened.v1', {
    claimId: s.id,
    partnerId: s.partnerId,
    revision: s.version,
    reopenedBy: actor,
    reopenedAt: now.toISOString(),
  });
}

/** The submit completed: what was reserved (`p`, the funds step) and the rules it froze. */
export function claimSubmitted(s: Facts, p: Snapshot<PendingFundsStep>, at: string): PendingEvent {
  return pendingEvent('poe.claims.claim.submitted.v1', {
    claimId: s.id,
    partnerId: s.partnerId,
    programId: s.programId,
    campaignId: s.campaignId,
    revision: s.version,
    preApprovalId: s.preApprovalId!,
    amount: toDecimal(s.amountMinor, s.currency),
    reimbursable: toDecimal(p.amountMinor, s.currency),
    ...(p.reimbursement
      ? {
          contributionRatio: formatContributionRatio(p.reimbursement.ratioBasisPoints),
          ...(p.reimbursement.capMinor === null
            ? {}
            : { capPerClaim: toDecimal(p.reimbursement.capMinor, s.currency) }),
        }
      : {}),
    documentIds: [s.evidence!.documentId, ...s.proofDocuments.map((d) => d.documentId)],
    ...(s.duplicateFlags.length
      ? {
          duplicateFlags: s.duplicateFlags.map(({ reason, documentId, matchingClaimIds }) => ({
            reason,
            documentId,
            matchingClaimIds: [...matchingClaimIds],
          })),
        }
      : {}),
    submittedBy: s.submittedBy ?? 'system',
    submittedAt: at,
    reviewDueAt: s.reviewDueAt!,
  });
}

/**
 * The event of a review decision the claim applied, one per decision (the switch is exhaustive:
 * a new decision fails the build here). `resolvesDispute`: the first outcome after a dispute,
 * marked `dispute: true`.
 */
export function decisionEvent(s: Facts, d: ReviewDecisionMadeV1Data, resolvesDispute: boolean): PendingEvent {
  const base = { claimId: s.id, partnerId: s.partnerId };
  const disputeMark = resolvesDispute ? { dispute: true } : {};
  switch (d.decision) {
    case 'start_review':
      return pendingEvent('poe.claims.claim.review-started.v1', {
        ...base,
        revision: s.version,
        reviewerId: d.reviewerId,
        startedAt: d.decidedAt,
      });
    case 'request_action':
      return pendingEvent('poe.claims.claim.action-required.v1', {
        ...base,
        revision: s.version,
        reasonCodes: d.reasonCodes,
        message: d.message ?? '',
        requestedBy: d.reviewerId,
        requestedAt: d.decidedAt,
        ...disputeMark,
      });
    case 'approve':
      return pendingEvent('poe.claims.claim.approved.v1', {
        ...base,
        programId: s.programId,
        campaignId: s.campaignId,
        revision: s.version,
        claimedAmount: toDecimal(s.amountMinor, s.currency),
        reimbursableAmount: toDecimal(reimbursableOf(s), s.currency),
        approvedAmount: toDecimal(s.approvedMinor!, s.currency),
        ...(d.message ? { message: d.message } : {}),
        approvedBy: d.reviewerId,
        approvedAt: d.decidedAt,
        ...disputeMark,
      });
    case 'reject':
      return pendingEvent('poe.claims.claim.rejected.v1', {
        ...base,
        campaignId: s.campaignId,
        revision: s.version,
        claimedAmount: toDecimal(s.amountMinor, s.currency),
        reasonCodes: d.reasonCodes,
        message: d.message ?? '',
        rejectedBy: d.reviewerId,
        rejectedAt: d.decidedAt,
        ...disputeMark,
      });
    default: {
      const unknown: never = d.decision;
      throw new Error(`no event for decision ${String(unknown)}`);
    }
  }
}

export function claimDisputed(s: Facts, d: ClaimDispute): PendingEvent {
  return pendingEvent('poe.claims.claim.disputed.v1', {
    claimId: s.id,
    partnerId: s.partnerId,
    programId: s.programId,
    campaignId: s.campaignId,
    revision: s.version,
    reason: d.reason,
    newDocumentIds: d.newDocumentIds,
    documentIds: [...(s.evidence ? [s.evidence.documentId] : []), ...s.proofDocuments.map((p) => p.documentId)],
    claimedAmount: toDecimal(s.amountMinor, s.currency),
    reimbursable: toDecimal(s.reservation!.amountMinor, s.currency),
    rejectedAt: d.rejection.decidedAt,
    rejectionReasonCodes: d.rejection.reasonCodes,
    disputeDeadline: d.disputeDeadline,
    disputedBy: d.disputedBy,
    disputedAt: d.disputedAt,
    reviewDueAt: s.reviewDueAt!,
  });
}

export function claimWithdrawn(
  s: Facts,
  from: string,
  reason: string | undefined,
  actor: string,
  now: Date,
): PendingEvent {
  return pendingEvent('poe.claims.claim.withdrawn.v1', {
    claimId: s.id,
    partnerId: s.partnerId,
    campaignId: s.campaignId,
    revision: s.version,
    fromStatus: from,
    ...(s.reservation ? { releasedAmount: toDecimal(s.reservation.amountMinor, s.currency) } : {}),
    ...(reason ? { reason } : {}),
    withdrawnBy: actor,
    withdrawnAt: now.toISOString(),
  });
}

export function claimExpired(s: Facts, claimDeadline: string, now: Date): PendingEvent {
  return pendingEvent('poe.claims.claim.expired.v1', {
    claimId: s.id,
    partnerId: s.partnerId,
    campaignId: s.campaignId,
    revision: s.version,
    claimDeadline,
    expiredAt: now.toISOString(),
  });
}
