import type {
  CampaignClaimDeadlineExtendedV1Data,
  CampaignFundsChangedV1Data,
  CampaignReimbursementChangedV1Data,
} from '@poe/contracts';
import { toDecimal } from '@poe/platform';
import { addDays, isCalendarDate } from '../shared/dates';
import { CatalogErrors } from './catalog.errors';
import { FULL_REIMBURSEMENT, Reimbursement, reimbursementData, sameReimbursement } from './reimbursement';

/** Funds a submitted claim holds on its campaign; `key` names the submission (`S1`, `S2`, ...). */
export interface Reservation {
  key: string;
  amountMinor: number;
}

/** An allocation the campaign received from an allocation file (allocations/allocation.ts). */
export interface AllocationRecord {
  amountMinor: number;
  /** SHA-256 of partner, campaign, reference, amount and currency: the line's identity of content. */
  fingerprint: string;
  appliedAt: string;
  appliedBy: string;
  /** The file (SHA-256) and line it came from. */
  fileSha256: string;
  line: number;
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
  /** Set once an admin extended the claim deadline: it replaces end date + claimDeadlineDays. */
  claimDeadlineExtendedTo?: string;
  /** Every extension, oldest first (absent on campaigns never extended). */
  claimDeadlineHistory?: ClaimDeadlineChange[];
  /**
   * The vendor's share of a claim's cost in basis points (docs/reimbursement.md); absent on
   * campaigns made before the rules existed, which pay all of it.
   */
  contributionRatioBasisPoints?: number;
  /** The most one claim is reimbursed, in minor units; absent or null: no cap. */
  capPerClaimMinor?: number | null;
  /** Every change of the rules, oldest first (absent on campaigns whose rules never changed). */
  reimbursementHistory?: ReimbursementChange[];
  allocatedMinor: number;
  reservedMinor: number;
  approvedMinor: number;
  remainingMinor: number;
  /** Live reservations by claim id: the ledger's memory of which submission it already counted. */
  reservations: Record<string, Reservation>;
  /** Bumped on every funds change; writes are guarded by it, so two changes never interleave. */
  revision: number;
  /** Allocations received by reference (`allocationId`); absent on campaigns made by POST /campaigns alone. */
  allocations?: Record<string, AllocationRecord>;
  createdAt: string;
  createdBy: string;
}

export type FundsReason = CampaignFundsChangedV1Data['reason'];

export interface ClaimDeadlineChange {
  from: string;
  to: string;
  by: string;
  at: string;
  reason?: string;
}

export interface ReimbursementChange {
  from: Reimbursement;
  to: Reimbursement;
  by: string;
  at: string;
  reason?: string;
}

/** The rules a claim of this campaign is reimbursed by today. */
export const reimbursementOf = (c: Pick<CampaignState, 'contributionRatioBasisPoints' | 'capPerClaimMinor'>) =>
  ({
    ratioBasisPoints: c.contributionRatioBasisPoints ?? FULL_REIMBURSEMENT.ratioBasisPoints,
    capMinor: c.capPerClaimMinor ?? null,
  }) satisfies Reimbursement;

export type ReimbursementUpdate =
  | { outcome: 'changed'; event: CampaignReimbursementChangedV1Data }
  /** The campaign already has these rules: a retry, nothing to write. */
  | { outcome: 'unchanged' };

/**
 * The vendor side changes a campaign's ratio or cap. Claims submitted before keep the rules their
 * submission froze; the next submission of any claim takes these. One revision and one event.
 */
export function changeReimbursement(
  state: CampaignState,
  to: Reimbursement,
  reason: string | undefined,
  actor: string,
  now: Date,
): ReimbursementUpdate {
  const from = reimbursementOf(state);
  if (sameReimbursement(from, to)) return { outcome: 'unchanged' };
  const at = now.toISOString();
  const why = reason?.trim() || undefined;
  state.contributionRatioBasisPoints = to.ratioBasisPoints;
  state.capPerClaimMinor = to.capMinor;
  state.reimbursementHistory = [
    ...(state.reimbursementHistory ?? []),
    { from, to, by: actor, at, ...(why ? { reason: why } : {}) },
  ];
  state.revision += 1;
  return {
    outcome: 'changed',
    event: {
      campaignId: state.id,
      partnerId: state.partnerId,
      programId: state.programId,
      revision: state.revision,
      previous: reimbursementData(from, state.currency),
      ...reimbursementData(to, state.currency),
      ...(why ? { reason: why } : {}),
      changedBy: actor,
      changedAt: at,
    },
  };
}

/**
 * The last day a claim of this campaign may be created or submitted (end of day UTC): the end date
 * plus the claim deadline in days, unless an admin extended it.
 */
export const claimDeadlineOf = (c: Pick<CampaignState, 'endDate' | 'claimDeadlineDays' | 'claimDeadlineExtendedTo'>) =>
  c.claimDeadlineExtendedTo ?? addDays(c.endDate, c.claimDeadlineDays);

export type DeadlineExtension =
  | { outcome: 'extended'; event: CampaignClaimDeadlineExtendedV1Data }
  /** The deadline already is that date: a retry, nothing to write. */
  | { outcome: 'unchanged' };

/**
 * An admin moves the claim deadline later (never earlier: drafts partners were told they may still
 * submit must stay submittable). One revision and one event, the change kept in the history.
 */
export function extendClaimDeadline(
  state: CampaignState,
  to: string,
  reason: string | undefined,
  actor: string,
  now: Date,
): DeadlineExtension {
  if (!isCalendarDate(to)) throw CatalogErrors.dateInvalid('claimDeadline');
  const from = claimDeadlineOf(state);
  if (to === from) return { outcome: 'unchanged' };
  if (to < from) throw CatalogErrors.deadlineNotLater(from);
  const at = now.toISOString();
  const why = reason?.trim() || undefined;
  state.claimDeadlineExtendedTo = to;
  state.claimDeadlineHistory = [
    ...(state.claimDeadlineHistory ?? []),
    { from, to, by: actor, at, ...(why ? { reason: why } : {}) },
  ];
  state.revision += 1;
  return {
    outcome: 'extended',
    event: {
      campaignId: state.id,
      partnerId: state.partnerId,
      programId: state.programId,
      revision: state.revision,
      previousDeadline: from,
      claimDeadline: to,
      ...(why ? { reason: why } : {}),
      extendedBy: actor,
      extendedAt: at,
    },
  };
}

/**
 * The funds ledger of one campaign: allocated = reserved + approved + remaining, always. Each
 * operation is keyed by claim and submission, so applying one twice (a retry, a recovery pass, a
 * duplicate event) is recognised and changes nothing.
 */
export class CampaignLedger {
  constructor(readonly state: CampaignState) {}

  /**
   * Whether `reserve` would find the funds (a submission already counted always does): the
   * expected "not enough funds" as a value, with what the campaign has left for this claim.
   */
  roomFor(claimId: string, key: string, amountMinor: number): { fits: true } | { fits: false; leftMinor: number } {
    const held = this.state.reservations[claimId];
    if (held?.key === key) return { fits: true };
    const leftMinor = this.state.remainingMinor + (held?.amountMinor ?? 0);
    return amountMinor <= leftMinor ? { fits: true } : { fits: false, leftMinor };
  }

  /**
   * Reserve `amountMinor` for the claim's submission `key`, replacing a reservation it held before.
   * Callers ask `roomFor` first; the refusal here keeps the ledger from going below zero regardless.
   */
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

  /**
   * Adds an allocation's funds under its reference, or takes some of the remaining funds back (a
   * negative amount); the reference already present means this allocation was counted (callers
   * compare fingerprints and check the remaining funds first: allocations/allocation.ts).
   */
  allocate(allocationId: string, record: AllocationRecord): 'applied' | 'already' {
    const held = this.state.allocations?.[allocationId];
    if (held) {
      if (held.fingerprint !== record.fingerprint)
        throw new Error(`allocation ${allocationId} of campaign ${this.state.id} was applied with other content`);
      return 'already';
    }
    if (!Number.isSafeInteger(record.amountMinor) || record.amountMinor === 0)
      throw new Error(`allocation ${allocationId} amount ${record.amountMinor} is zero or not a whole number`);
    this.state.allocations = { ...(this.state.allocations ?? {}), [allocationId]: record };
    this.state.allocatedMinor += record.amountMinor;
    this.move(record.amountMinor, 0, 0);
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
