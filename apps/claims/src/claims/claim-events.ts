import { pendingEvent, PendingEvent } from '../shared/events';
import { toDecimal } from '../shared/money';
import type { ClaimState, ClaimStatus } from './claim';

/**
 * The payloads of the claim's lifecycle events after a decision (withdrawal, expiry, dispute), each
 * built here and only here from the claim's state (issue #14: one place per payload).
 */

export function claimWithdrawn(
  s: ClaimState,
  from: ClaimStatus,
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

export function claimExpired(s: ClaimState, claimDeadline: string, now: Date): PendingEvent {
  return pendingEvent('poe.claims.claim.expired.v1', {
    claimId: s.id,
    partnerId: s.partnerId,
    campaignId: s.campaignId,
    revision: s.version,
    claimDeadline,
    expiredAt: now.toISOString(),
  });
}
