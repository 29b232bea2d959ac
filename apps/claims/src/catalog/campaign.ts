import type { CampaignFundsChangedV1Data } from '@poe/contracts';
import { toDecimal } from '@poe/platform';
import { CatalogErrors } from './catalog.errors';

/** Funds a submitted claim holds on its campaign; `key` names the submission (`S1`, `S2`, ...). */
export interface Reservation {
  key: string;
  amountMinor: number;
}

export interface CampaignState {
  id: string;
  programId: string;
  planId: string;
  partnerId: string;
  name: string;
  activityType: string;
  startDate: string;
  endDate: string;
  currency: string;
  claimDeadlineDays: number;
  allocatedMinor: number;
  reservedMinor: number;
  approvedMinor: number;
  remainingMinor: number;
  /** Live reservations by claim id: the ledger's memory of which submission it already counted. */
  reservations: Record<string, Reservation>;
  /** Bumped on every funds change; writes are guarded by it, so two changes never interleave. */
  revision: number;
  createdAt: string;
  createdBy: string;
}

export type FundsReason = CampaignFundsChangedV1Data['reason'];

/**
 * The funds ledger of one campaign: allocated = reserved + approved + remaining, always. Each
 * operation is keyed by claim and submission, so applying one twice (a retry, a recovery pass, a
 * duplicate event) is recognised and changes nothing.
 */
export class CampaignLedger {
  constructor(readonly state: CampaignState) {}

  /** Reserve `amountMinor` for the claim's submission `key`, replacing a reservation it held before. */
  reserve(claimId: string, key: string, amountMinor: number): 'applied' | 'already' {
    const held = this.state.reservations[claimId];
    if (held?.key === key) return 'already';
    const delta = amountMinor - (held?.amountMinor ?? 0);
    if (delta > this.state.remainingMinor) {
      throw CatalogErrors.insufficientFunds(
        toDecimal(this.state.remainingMinor, this.state.currency).amount,
        this.state.currency,
      );
    }
    this.state.reservations = { ...this.state.reservations, [claimId]: { key, amountMinor } };
    this.move(-delta, delta, 0);
    return 'applied';
  }

  /** Give a rejected claim's reservation back to the remaining funds. */
  release(claimId: string, key: string): 'applied' | 'already' {
    const held = this.takeReservation(claimId, key);
    if (!held) return 'already';
    this.move(held.amountMinor, -held.amountMinor, 0);
    return 'applied';
  }

  /** Turn an approved claim's reservation into approved funds; what was not approved goes back. */
  commit(claimId: string, key: string, approvedMinor: number): 'applied' | 'already' {
    const held = this.state.reservations[claimId];
    if (held?.key === key && (approvedMinor < 0 || approvedMinor > held.amountMinor)) {
      throw new Error(`approved amount ${approvedMinor} is outside 0..${held.amountMinor} of claim ${claimId}`);
    }
    if (!this.takeReservation(claimId, key)) return 'already';
    this.move(held.amountMinor - approvedMinor, -held.amountMinor, approvedMinor);
    return 'applied';
  }

  /** What another service sees of the balance, after the change. */
  fundsChanged(reason: FundsReason, changedAt: Date, claimId?: string): CampaignFundsChangedV1Data {
    const s = this.state;
    const money = (minor: number) => toDecimal(minor, s.currency);
    return {
      campaignId: s.id,
      partnerId: s.partnerId,
      programId: s.programId,
      revision: s.revision,
      reason,
      ...(claimId ? { claimId } : {}),
      allocated: money(s.allocatedMinor),
      reserved: money(s.reservedMinor),
      approved: money(s.approvedMinor),
      remaining: money(s.remainingMinor),
      changedAt: changedAt.toISOString(),
    };
  }

  private takeReservation(claimId: string, key: string): Reservation | undefined {
    const held = this.state.reservations[claimId];
    if (held?.key !== key) return undefined;
    const rest = { ...this.state.reservations };
    delete rest[claimId];
    this.state.reservations = rest;
    return held;
  }

  private move(remaining: number, reserved: number, approved: number) {
    const s = this.state;
    s.remainingMinor += remaining;
    s.reservedMinor += reserved;
    s.approvedMinor += approved;
    s.revision += 1;
    if (s.remainingMinor < 0 || s.reservedMinor < 0 || s.approvedMinor < 0) {
      throw new Error(`campaign ${s.id} ledger would go negative`);
    }
    if (s.remainingMinor + s.reservedMinor + s.approvedMinor !== s.allocatedMinor) {
      throw new Error(`campaign ${s.id} ledger does not add up`);
    }
  }
}
