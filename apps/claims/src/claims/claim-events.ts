import { pendingEvent, PendingEvent } from '../shared/events';
import { toDecimal } from '@poe/platform';
import type { ClaimDispute } from './claim-types';

/**
 * The payloads of the claim's lifecycle events after a decision (withdrawal, expiry, dispute), each
 * built here and only here from the claim's state (issue #14: one place per payload).
 */

/** What the payloads read of the claim (structural, so this file does not import the aggregate back). */
interface ClaimFacts {
  id: string;
  partnerId: string;
  campaignId: string;
  version: number;
  currency: string;
  reservation: { amountMinor: number } | null;
}

export function claimDisputed(
  s: ClaimFacts & {
    programId: string;
    amountMinor: number;
    reviewDueAt: string | null;
    evidence: { documentId: string } | null;
    proofDocuments: { documentId: string }[];
  },
  d: ClaimDispute,
): PendingEvent {
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
  s: ClaimFacts,
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

export function claimExpired(s: ClaimFacts, claimDeadline: string, now: Date): PendingEvent {
  return pendingEvent('poe.claims.claim.expired.v1', {
    claimId: s.id,
    partnerId: s.partnerId,
    campaignId: s.campaignId,
    revision: s.version,
    claimDeadline,
    expiredAt: now.toISOString(),
  });
}
