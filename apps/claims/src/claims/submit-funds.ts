import { Injectable } from '@nestjs/common';
import { CatalogService } from '../catalog/catalog.service';
import { ClaimsOutbox } from '../outbox/claims-outbox';
import {
  Claim,
  ClaimState,
  DisputeContext,
  DisputeInput,
  disputeUnfunded,
  insufficientFunds,
  PendingFundsStep,
  Snapshot,
  SubmitContext,
  thaw,
} from './claim';
import { ClaimErrors, RuleViolation } from './claims.errors';
import { ClaimsRepository } from './claims.repository';
import { fingerprintsOf } from './evidence-fingerprints';

/** What the campaign ledger made of the reservation: an expected refusal is a value, not an exception. */
export type Reservation = { kind: 'reserved' } | { kind: 'insufficient'; leftMinor: number };

export type SubmitOutcome =
  /** The claim changed since it was read, so no intent was written; nothing happened. */
  | { kind: 'not_started' }
  | { kind: 'submitted'; state: Snapshot<ClaimState> }
  /** Not enough funds: the claim is the draft it was, at its old version. */
  | { kind: 'refused'; state: ClaimState; problem: RuleViolation };

/**
 * The submit's funds protocol, top to bottom (docs/claims-funds.md): two documents (claim and
 * campaign), no transaction, three writes.
 *
 * 1. intent: the claim records the pending submit (`pending`, key `S<n>`, the reimbursable amount);
 * 2. reserve: the campaign ledger reserves it under that key, or answers that the funds are short;
 * 3. outcome: the claim becomes SUBMITTED, or goes back to its draft, guarded by the pending key;
 * 4. recovery: a claim left pending is finished by steps 2 and 3 again; both are keyed, so a
 *    second run counts nothing twice.
 *
 * Only the expected refusal (not enough funds) is an outcome. Anything else (the database or the
 * broker failing, a campaign too contended: CAMPAIGN.BUSY) propagates: the claim stays pending, the
 * request answers the error, and the recovery pass or the next request finishes the step later.
 */
@Injectable()
export class SubmitFunds {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly catalog: CatalogService,
    private readonly outbox: ClaimsOutbox,
  ) {}

  /** Steps 1 to 3 for a claim read at its current version, with the facts its submit rules look at. */
  async submit(claim: Claim, ctx: SubmitContext, actor: string, now: Date): Promise<SubmitOutcome> {
    // 1. Intent. The rules are checked here (a rule broken is thrown: it is the caller's 422).
    claim.beginSubmit(ctx, actor, now);
    if (!(await this.claims.save(claim, { kind: 'version' }))) return { kind: 'not_started' };
    return this.finish(claim.state);
  }

  /** The same three steps for a dispute of a rejection: the intent re-reserves the frozen reimbursable. */
  async dispute(
    claim: Claim,
    input: DisputeInput,
    ctx: DisputeContext,
    actor: string,
    now: Date,
  ): Promise<SubmitOutcome> {
    claim.beginDispute(input, ctx, actor, now);
    if (!(await this.claims.save(claim, { kind: 'version' }))) return { kind: 'not_started' };
    return this.finish(claim.state);
  }

  /** Steps 2 and 3: for a submit just begun, and for one a crash or an outage left pending (recovery). */
  async finish(state: Snapshot<ClaimState>): Promise<Exclude<SubmitOutcome, { kind: 'not_started' }>> {
    return this.conclude(state, await this.reserve(state));
  }

  /** 2. Reserve the pending step's amount on the campaign, under its submission key. */
  private async reserve(state: Snapshot<ClaimState>): Promise<Reservation> {
    const p = submitStepOf(state);
    const reason = p.dispute ? 'claim_disputed' : 'claim_submitted';
    const outcome = await this.catalog.changeFunds(state.campaignId, reason, state.id, (ledger) => {
      const room = ledger.roomFor(state.id, p.key, p.amountMinor);
      return room.fits ? ledger.reserve(state.id, p.key, p.amountMinor) : room;
    });
    return outcome === 'applied' || outcome === 'already'
      ? { kind: 'reserved' }
      : { kind: 'insufficient', leftMinor: outcome.leftMinor };
  }

  /** 3. Write the outcome on the claim, guarded by the pending step, so only one writer concludes it. */
  private async conclude(
    state: Snapshot<ClaimState>,
    reservation: Reservation,
  ): Promise<Exclude<SubmitOutcome, { kind: 'not_started' }>> {
    const p = submitStepOf(state);
    const guard = { kind: 'pending', op: 'submit', key: p.key } as const;
    const claim = new Claim(thaw(state));
    if (reservation.kind === 'insufficient') {
      claim.abortSubmit();
      // Not saved means another writer concluded it first; either way the claim is read back as it is.
      await this.claims.save(claim, guard);
      return {
        kind: 'refused',
        state: (await this.claims.find(state.id))!,
        problem: p.dispute
          ? disputeUnfunded(reservation.leftMinor, state.currency, p.amountMinor)
          : insufficientFunds(reservation.leftMinor, state.currency, p.amountMinor, state.amountMinor),
      };
    }
    claim.completeSubmit(new Date());
    const saved = await this.claims.save(claim, guard);
    // After the submit, so only submitted claims count; a crash before this misses one flag, nothing more.
    await this.rememberEvidence(claim.state);
    if (saved) {
      this.outbox.nudge();
      return { kind: 'submitted', state: claim.state };
    }
    // The recovery pass may have completed this very submission first; anything else means the
    // claim is not what this submit made of it, and a 200 would be a lie.
    const now = (await this.claims.find(state.id))!;
    if ((now.status === 'SUBMITTED' || now.status === 'DISPUTED') && now.reservation?.key === p.key)
      return { kind: 'submitted', state: now };
    throw ClaimErrors.concurrentChange();
  }

  private async rememberEvidence(s: Snapshot<ClaimState>): Promise<void> {
    const documents = await this.claims.findDocuments(s.evidence ? [s.evidence.documentId] : []);
    await this.claims.recordFingerprints(
      fingerprintsOf(s, documents).map((f) => f.key),
      s.id,
    );
  }
}

function submitStepOf(state: Snapshot<ClaimState>): Snapshot<PendingFundsStep> {
  const p = state.pending;
  if (p?.op !== 'submit') throw new Error(`claim ${state.id} has no pending submit`);
  return p;
}
