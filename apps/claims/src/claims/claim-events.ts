import { pendingEvent, PendingEvent } from '../shared/events';
import { toDecimal } from '@poe/platform';

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
