import type { ReviewDecisionMadeV1Data } from '@poe/contracts';
import { CLAIM_STATUSES, type ClaimStatus, type MinorMoney, type ReviewOutcome } from '@poe/contracts';
import { toDecimal, toMinor } from '@poe/platform';
import { FULL_REIMBURSEMENT, reimbursableMinor } from '../catalog/reimbursement';
import { endOfDay, isCalendarDate } from '../shared/dates';
import type { PendingEvent } from '../shared/events';
import {
  claimCreated,
  claimDisputed,
  claimExpired,
  claimReopened,
  claimSubmitted,
  claimUpdated,
  claimWithdrawn,
  commentAdded,
  decisionEvent,
  evidenceAttached,
} from './claim-events';
import {
  canTransition,
  checkDispute,
  DECISION_TARGET,
  isFinal,
  reimbursableOf,
  invoiceKeyOf,
  checkExecutionDate,
  checkAmount,
  checkImpressions,
  checkDeadline,
  checkPreApproval,
  checkDocument,
  checkEvidenceTotal,
} from './claim-rules';
import type {
  Evidence,
  HistoryEntry,
  PendingFundsStep,
  ClaimState,
  CampaignTerms,
  KnownDocument,
  KnownPreApproval,
  DetailsChange,
  EvidenceInput,
  SubmitContext,
  DecisionOutcome,
  DisputeContext,
  DisputeInput,
  Snapshot,
} from './claim-types';
import { disputeDeadline } from './dispute-window';
import { reviewDueAt } from './review-due-date';
import { ClaimErrors, RuleViolation, rulesError, violation } from './claims.errors';

/**
 * The PoE claim aggregate: plain TypeScript, every rule a method. It changes its own state and
 * records what happened (history entries and events); claims.repository.ts persists both in one
 * single-document write guarded by the version the claim was read at. Its data types are in
 * claim-types.ts, its rules (the state machine, each field rule) in claim-rules.ts, its event
 * payloads in claim-events.ts; this module re-exports the first two, so callers import the
 * claim from one place.
 */

export { CLAIM_STATUSES };
export type { ClaimStatus };
export * from './claim-types';
export * from './claim-rules';

export class Claim {
  /** Events and history entries this instance produced; saved with the next write. */
  readonly events: PendingEvent[] = [];
  readonly newHistory: HistoryEntry[] = [];
  /** The version the claim was read at: the write's guard. */
  readonly readVersion: number;

  readonly #state: ClaimState;

  constructor(state: ClaimState) {
    this.#state = state;
    this.readVersion = state.version;
  }

  /** The claim's data, read-only: only the aggregate's own methods change it (issue #14). */
  get state(): Snapshot<ClaimState> {
    return this.#state;
  }

  get id() {
    return this.#state.id;
  }

  static create(input: {
    id: string;
    partnerId: string;
    actor: string;
    name: string;
    executionDate: string;
    amount: MinorMoney;
    campaign: CampaignTerms;
    now: Date;
  }): Claim {
    const { campaign, now } = input;
    if (campaign.partnerId !== input.partnerId) throw ClaimErrors.campaignNotFound(campaign.id);
    const problems = [
      ...checkExecutionDate(input.executionDate, campaign),
      ...checkAmount(input.amount, campaign, 0),
      ...checkDeadline(campaign, now),
    ];
    if (problems.length) throw rulesError(problems);
    const at = now.toISOString();
    const claim = new Claim({
      id: input.id,
      partnerId: input.partnerId,
      programId: campaign.programId,
      planId: campaign.planId,
      campaignId: campaign.id,
      status: 'EDITING',
      version: 1,
      name: input.name,
      executionDate: input.executionDate,
      amountMinor: input.amount.minor,
      currency: input.amount.currency,
      claimName: null,
      claimDate: null,
      estimatedImpressions: null,
      preApprovalId: null,
      evidence: null,
      proofDocuments: [],
      comments: [],
      submissionCount: 0,
      submittedAt: null,
      submittedBy: null,
      submittedVersion: null,
      reviewDueAt: null,
      reservation: null,
      approvedMinor: null,
      decision: null,
      duplicateFlags: [],
      pending: null,
      processedEventIds: [],
      history: [],
      createdAt: at,
      createdBy: input.actor,
      updatedAt: at,
    });
    claim.record(input.actor, now, 'created', {
      name: { from: null, to: input.name },
      executionDate: { from: null, to: input.executionDate },
      amount: { from: null, to: toDecimal(input.amount.minor, input.amount.currency) },
    });
    const s = claim.#state;
    claim.events.push(claimCreated(s, input.actor, at));
    return claim;
  }

  /** PoE fields and claim details. Pre-approval lookups are done by the caller and passed in. */
  updateDetails(
    change: DetailsChange,
    ctx: { campaign: CampaignTerms; preApproval: KnownPreApproval | null },
    actor: string,
    now: Date,
  ): void {
    this.startEdit(actor, now);
    const s = this.#state;
    const problems: RuleViolation[] = [];
    if (change.executionDate !== undefined) problems.push(...checkExecutionDate(change.executionDate, ctx.campaign));
    if (change.amount !== undefined)
      problems.push(...checkAmount(change.amount, ctx.campaign, s.reservation?.amountMinor ?? 0));
    if (change.estimatedImpressions !== undefined && change.estimatedImpressions !== null) {
      problems.push(...checkImpressions(change.estimatedImpressions));
    }
    if (change.claimDate !== undefined && change.claimDate !== null && !isCalendarDate(change.claimDate)) {
      problems.push(
        violation('CLAIM.DATE_INVALID', 'claimDate', 'isCalendarDate', 'claimDate must be a calendar date YYYY-MM-DD'),
      );
    }
    if (change.preApprovalId !== undefined && change.preApprovalId !== null) {
      problems.push(...checkPreApproval(change.preApprovalId, ctx.preApproval, s.partnerId, s.campaignId, now));
    }
    if (problems.length) throw rulesError(problems);

    const changes: NonNullable<HistoryEntry['changes']> = {};
    const set = <K extends keyof ClaimState>(
      key: K,
      value: ClaimState[K],
      shown: (v: ClaimState[K]) => unknown = (v) => v,
    ) => {
      if (value === s[key]) return;
      changes[key] = { from: shown(s[key]), to: shown(value) };
      s[key] = value;
    };
    if (change.name !== undefined) set('name', change.name);
    if (change.executionDate !== undefined) set('executionDate', change.executionDate);
    if (change.amount !== undefined) set('amountMinor', change.amount.minor, (v) => toDecimal(v as number, s.currency));
    if (change.claimName !== undefined) set('claimName', change.claimName);
    if (change.claimDate !== undefined) set('claimDate', change.claimDate);
    if (change.estimatedImpressions !== undefined) set('estimatedImpressions', change.estimatedImpressions);
    if (change.preApprovalId !== undefined) set('preApprovalId', change.preApprovalId);
    if (Object.keys(changes).length === 0) return;
    this.changed(actor, now, 'details_updated', changes);
  }

  /** Exactly one of a third-party invoice or a CSR; replaces evidence attached before. */
  setEvidence(input: EvidenceInput, documents: Map<string, KnownDocument>, actor: string, now: Date): void {
    this.startEdit(actor, now);
    const s = this.#state;
    if (!!input.invoice === !!input.csr) {
      throw rulesError([
        violation(
          'CLAIM.EVIDENCE_EXACTLY_ONE',
          'evidence',
          'exactlyOneOfInvoiceOrCsr',
          'give exactly one of invoice or csr',
        ),
      ]);
    }
    let evidence: Evidence;
    if (input.invoice) {
      const inv = input.invoice;
      const problems = checkDocument(
        inv.documentId,
        'invoice',
        documents.get(inv.documentId),
        s.partnerId,
        'invoice.documentId',
      );
      if (!isCalendarDate(inv.invoiceDate)) {
        problems.push(
          violation(
            'CLAIM.DATE_INVALID',
            'invoice.invoiceDate',
            'isCalendarDate',
            'invoice.invoiceDate must be a calendar date YYYY-MM-DD',
          ),
        );
      }
      evidence = {
        kind: 'invoice',
        documentId: inv.documentId,
        invoiceNumber: inv.invoiceNumber.trim(),
        invoiceDate: inv.invoiceDate,
        vendor: inv.vendor.trim(),
        amountMinor: inv.amount.minor,
        currency: inv.amount.currency,
        invoiceKey: invoiceKeyOf(inv.vendor, inv.invoiceNumber),
      };
      problems.push(...checkEvidenceTotal(evidence, s));
      if (problems.length) throw rulesError(problems);
    } else {
      const id = input.csr!.documentId;
      const doc = documents.get(id);
      const problems = checkDocument(id, 'csr', doc, s.partnerId, 'csr.documentId');
      if (!problems.length && (doc!.totalMinor === undefined || doc!.currency === undefined))
        // The report is known (its upload event came) but its total is not yet (its generation event
        // has not): "not yet", never "too low".
        problems.push(
          violation(
            'CLAIM.DOCUMENT_NOT_READY',
            'csr.documentId',
            'totalKnown',
            `the total of report ${id} has not reached the claims service yet; retry in a moment, or send the receipt of the generate answer`,
          ),
        );
      if (problems.length) throw rulesError(problems);
      evidence = { kind: 'csr', documentId: id, totalMinor: doc!.totalMinor!, currency: doc!.currency! };
      const totals = checkEvidenceTotal(evidence, s);
      if (totals.length) throw rulesError(totals);
    }
    const before = s.evidence;
    s.evidence = evidence;
    this.changed(actor, now, 'evidence_attached', {
      evidence: { from: before ? evidenceSummary(before) : null, to: evidenceSummary(evidence) },
    });
    this.events.push(evidenceAttached(s, { documentId: evidence.documentId, kind: evidence.kind }, actor, now));
  }

  removeEvidence(actor: string, now: Date): void {
    this.startEdit(actor, now);
    const before = this.#state.evidence;
    if (!before) throw ClaimErrors.noEvidence();
    this.#state.evidence = null;
    this.changed(actor, now, 'evidence_removed', { evidence: { from: evidenceSummary(before), to: null } }, [
      'evidence',
    ]);
  }

  attachProof(documentId: string, note: string, doc: KnownDocument | undefined, actor: string, now: Date): void {
    this.startEdit(actor, now);
    const s = this.#state;
    if (s.proofDocuments.some((p) => p.documentId === documentId)) throw ClaimErrors.proofAlreadyAttached(documentId);
    const problems = checkDocument(documentId, 'proof', doc, s.partnerId, 'documentId');
    if (!note.trim())
      problems.push(
        violation('CLAIM.PROOF_NOTE_REQUIRED', 'note', 'isNotEmpty', 'every proof document needs an explanatory note'),
      );
    if (problems.length) throw rulesError(problems);
    s.proofDocuments = [
      ...s.proofDocuments,
      { documentId, note: note.trim(), attachedAt: now.toISOString(), attachedBy: actor },
    ];
    this.changed(actor, now, 'proof_attached', {
      proofDocuments: { from: null, to: { documentId, note: note.trim() } },
    });
    this.events.push(evidenceAttached(s, { documentId, kind: 'proof', note: note.trim() }, actor, now));
  }

  removeProof(documentId: string, actor: string, now: Date): void {
    this.startEdit(actor, now);
    const s = this.#state;
    const found = s.proofDocuments.find((p) => p.documentId === documentId);
    if (!found) throw ClaimErrors.proofNotAttached(documentId);
    s.proofDocuments = s.proofDocuments.filter((p) => p !== found);
    this.changed(
      actor,
      now,
      'proof_removed',
      { proofDocuments: { from: { documentId, note: found.note }, to: null } },
      ['proofDocuments'],
    );
  }

  /** Final comments by the partner, or remarks by the review team; allowed until a final decision. */
  addComment(text: string, actor: string, now: Date): void {
    const s = this.#state;
    // A rejection is a final decision for comments; the partner's word against it is a dispute's reason.
    if (isFinal(s.status) || s.status === 'REJECTED') throw ClaimErrors.notEditable(s.status);
    if (s.pending) throw ClaimErrors.submitInProgress();
    s.comments = [...s.comments, { text, by: actor, at: now.toISOString() }];
    this.bump(now);
    this.record(actor, now, 'comment_added', undefined, text);
    // Every revision is one event (a subscriber guarding on revision tells a gap from a lost message).
    this.events.push(commentAdded(s, text, actor, now));
  }

  /**
   * Every submit rule at once, then the first half of the submit: the claim commits to reserving
   * its amount under submission key `S<n>`; the campaign ledger does the reserving next.
   */
  beginSubmit(ctx: SubmitContext, actor: string, now: Date): PendingFundsStep {
    const s = this.#state;
    if (s.pending) throw ClaimErrors.submitInProgress();
    if (!canTransition(s.status, 'SUBMITTED')) throw ClaimErrors.illegalTransition(s.status, 'SUBMITTED');
    const problems = this.submitViolations(ctx, now);
    if (problems.length) throw rulesError(problems);
    const rules = ctx.campaign.reimbursement ?? FULL_REIMBURSEMENT;
    const reimbursable = reimbursableMinor(s.amountMinor, rules);
    s.pending = {
      op: 'submit',
      key: `S${s.submissionCount + 1}`,
      amountMinor: reimbursable,
      reimbursement: { ...rules, reimbursableMinor: reimbursable },
      startedAt: now.toISOString(),
      submittedBy: actor,
      duplicateFlags: ctx.duplicateFlags,
    };
    return s.pending;
  }

  submitViolations(ctx: SubmitContext, now: Date): RuleViolation[] {
    const s = this.#state;
    const problems: RuleViolation[] = [];
    if (!s.evidence) {
      problems.push(
        violation(
          'CLAIM.EVIDENCE_MISSING',
          'evidence',
          'exactlyOneOfInvoiceOrCsr',
          'a claim needs exactly one of a third-party invoice or a CSR before it can be submitted',
        ),
      );
    } else {
      const field = s.evidence.kind === 'invoice' ? 'invoice.documentId' : 'csr.documentId';
      problems.push(
        ...checkDocument(
          s.evidence.documentId,
          s.evidence.kind,
          ctx.documents.get(s.evidence.documentId),
          s.partnerId,
          field,
        ),
      );
      problems.push(...checkEvidenceTotal(s.evidence, s));
    }
    s.proofDocuments.forEach((p, i) => {
      problems.push(
        ...checkDocument(
          p.documentId,
          'proof',
          ctx.documents.get(p.documentId),
          s.partnerId,
          `proofDocuments[${i}].documentId`,
        ),
      );
      if (!p.note?.trim())
        problems.push(
          violation(
            'CLAIM.PROOF_NOTE_REQUIRED',
            `proofDocuments[${i}].note`,
            'isNotEmpty',
            'every proof document needs an explanatory note',
          ),
        );
    });
    if (!s.preApprovalId) {
      problems.push(
        violation(
          'CLAIM.PRE_APPROVAL_REQUIRED',
          'preApprovalId',
          'isNotEmpty',
          'a claim needs the pre-approval ID of its marketing materials',
        ),
      );
    } else {
      problems.push(...checkPreApproval(s.preApprovalId, ctx.preApproval, s.partnerId, s.campaignId, now));
    }
    if (s.estimatedImpressions === null) {
      problems.push(
        violation(
          'CLAIM.IMPRESSIONS_REQUIRED',
          'estimatedImpressions',
          'isNotEmpty',
          'estimatedImpressions is required to submit',
        ),
      );
    } else {
      problems.push(...checkImpressions(s.estimatedImpressions));
    }
    problems.push(...checkExecutionDate(s.executionDate, ctx.campaign));
    problems.push(
      ...checkAmount({ minor: s.amountMinor, currency: s.currency }, ctx.campaign, s.reservation?.amountMinor ?? 0),
    );
    problems.push(...checkDeadline(ctx.campaign, now));
    return problems;
  }

  /** Second half, once the campaign holds the funds: the claim is SUBMITTED and says so. */
  completeSubmit(now: Date): void {
    const s = this.#state;
    const p = s.pending;
    if (!p || p.op !== 'submit') throw new Error(`claim ${s.id} has no submit to complete`);
    if (p.dispute) return this.completeDispute(now);
    const at = now.toISOString();
    s.status = 'SUBMITTED';
    s.submissionCount += 1;
    s.submittedAt = at;
    s.submittedBy = p.submittedBy ?? null;
    s.reviewDueAt = reviewDueAt(now).toISOString();
    s.reservation = { key: p.key, amountMinor: p.amountMinor };
    if (p.reimbursement) s.reimbursement = p.reimbursement;
    s.duplicateFlags = p.duplicateFlags ?? [];
    s.decision = null;
    s.pending = null;
    this.bump(now);
    s.submittedVersion = s.version;
    this.record(
      p.submittedBy ?? 'system',
      now,
      'submitted',
      { status: { from: 'EDITING', to: 'SUBMITTED' } },
      s.duplicateFlags.length ? `duplicate flags: ${s.duplicateFlags.map((f) => f.reason).join(', ')}` : undefined,
    );
    this.events.push(claimSubmitted(s, p, at));
  }

  /** The campaign could not hold the funds: the claim stays in EDITING, unchanged. */
  abortSubmit(): void {
    this.#state.pending = null;
  }

  /**
   * Applies a reviewer's decision. A duplicate, stale or illegal decision changes nothing and says
   * why; the consumer logs it (docs/claims.md, "Decisions that do not apply").
   */
  applyDecision(d: ReviewDecisionMadeV1Data, eventId: string, now: Date): DecisionOutcome {
    const s = this.#state;
    if (s.processedEventIds.includes(eventId)) return { applied: false, reason: 'duplicate event' };
    if (d.partnerId !== s.partnerId)
      return { applied: false, reason: `decision names partner ${d.partnerId}, claim belongs to ${s.partnerId}` };
    if (
      d.expectedClaimRevision !== undefined &&
      s.submittedVersion !== null &&
      d.expectedClaimRevision < s.submittedVersion
    ) {
      return {
        applied: false,
        reason: `decision is about revision ${d.expectedClaimRevision}, the claim was resubmitted at ${s.submittedVersion}`,
      };
    }
    if (s.pending) return { applied: false, reason: 'a funds step is still pending' };
    const target = DECISION_TARGET[d.decision];
    if (!canTransition(s.status, target))
      return { applied: false, reason: `illegal transition ${s.status} -> ${target}` };
    const from = s.status;
    const at = now.toISOString();
    const decidedAt = d.decidedAt;
    if (d.decision === 'approve') {
      const approved = d.approvedAmount;
      if (!approved || approved.currency !== s.currency)
        return { applied: false, reason: 'approved amount is missing or in another currency' };
      let approvedMinor: number;
      try {
        approvedMinor = toMinor(approved, 'approvedAmount').minor;
      } catch {
        return { applied: false, reason: `approved amount ${approved.amount} is not valid in ${s.currency}` };
      }
      if (approvedMinor > s.amountMinor)
        return { applied: false, reason: 'approved amount is more than the claimed amount' };
      if (approvedMinor > reimbursableOf(s))
        return { applied: false, reason: 'approved amount is more than the reimbursable amount' };
      s.approvedMinor = approvedMinor;
      s.pending = {
        op: 'commit',
        key: s.reservation!.key,
        amountMinor: s.reservation!.amountMinor,
        approvedMinor,
        startedAt: at,
        causationId: eventId,
      };
    }
    if (d.decision === 'reject') {
      s.pending = {
        op: 'release',
        key: s.reservation!.key,
        amountMinor: s.reservation!.amountMinor,
        startedAt: at,
        causationId: eventId,
      };
    }
    s.status = target;
    if (d.decision !== 'start_review') {
      s.decision = {
        decision: d.decision,
        reasonCodes: d.reasonCodes,
        ...(d.message ? { message: d.message } : {}),
        reviewerId: d.reviewerId,
        decidedAt,
      };
    }
    // The first outcome after a dispute resolves it; its event says so.
    const resolvesDispute = d.decision !== 'start_review' && !!s.dispute && !s.dispute.resolution;
    if (resolvesDispute)
      s.dispute = {
        ...s.dispute!,
        resolution: { decision: d.decision as ReviewOutcome, reviewerId: d.reviewerId, decidedAt },
      };
    s.processedEventIds = [...s.processedEventIds, eventId];
    this.bump(now);
    const changes: HistoryEntry['changes'] = { status: { from, to: target } };
    if (d.decision === 'approve') changes.approvedAmount = { from: null, to: toDecimal(s.approvedMinor!, s.currency) };
    this.record(
      d.reviewerId,
      now,
      `review_${d.decision}`,
      changes,
      [d.reasonCodes.join(', '), d.message].filter(Boolean).join(': ') || undefined,
    );
    this.events.push(decisionEvent(s, d, resolvesDispute));
    return { applied: true };
  }

  /**
   * The partner disputes a rejection (docs/claims.md, "Disputes"): once per claim, within the
   * program's window. Like a submit it is two halves: this one commits to reserving the
   * reimbursable amount the rejected submission froze again (key `S<n>`, funds reason
   * `claim_disputed`); completeDispute makes the claim DISPUTED once the campaign holds it.
   */
  beginDispute(input: DisputeInput, ctx: DisputeContext, actor: string, now: Date): PendingFundsStep {
    const s = this.#state;
    if (s.pending) throw ClaimErrors.submitInProgress();
    if (s.dispute) throw ClaimErrors.alreadyDisputed(s.dispute.disputedAt, s.status);
    if (!canTransition(s.status, 'DISPUTED')) throw ClaimErrors.illegalTransition(s.status, 'DISPUTED');
    const problems = checkDispute(s, input, ctx, now);
    if (problems.length) throw rulesError(problems);
    const at = now.toISOString();
    s.pending = {
      op: 'submit',
      key: `S${s.submissionCount + 1}`,
      amountMinor: reimbursableOf(s),
      ...(s.reimbursement ? { reimbursement: s.reimbursement } : {}),
      startedAt: at,
      submittedBy: actor,
      duplicateFlags: s.duplicateFlags,
      dispute: {
        reason: input.reason.trim(),
        proofDocuments: input.proofDocuments.map((p) => ({
          documentId: p.documentId,
          note: p.note.trim(),
          attachedAt: at,
          attachedBy: actor,
        })),
        disputeDeadline: disputeDeadline(new Date(s.decision!.decidedAt), ctx.window),
        disputedBy: actor,
      },
    };
    return s.pending;
  }

  /** Second half of a dispute: the campaign holds the funds again, the claim is DISPUTED and waits for review. */
  private completeDispute(now: Date): void {
    const s = this.#state;
    const p = s.pending!;
    const d = p.dispute!;
    const at = now.toISOString();
    s.status = 'DISPUTED';
    s.dispute = {
      reason: d.reason,
      newDocumentIds: d.proofDocuments.map((x) => x.documentId),
      rejection: s.decision!,
      disputeDeadline: d.disputeDeadline,
      disputedAt: at,
      disputedBy: d.disputedBy,
    };
    s.proofDocuments = [...s.proofDocuments, ...d.proofDocuments];
    s.submissionCount += 1;
    s.reviewDueAt = reviewDueAt(now).toISOString();
    s.reservation = { key: p.key, amountMinor: p.amountMinor };
    s.decision = null;
    s.approvedMinor = null;
    s.pending = null;
    this.bump(now);
    // Decisions about the rejected revision are stale from here on.
    s.submittedVersion = s.version;
    this.record(
      d.disputedBy,
      now,
      'disputed',
      {
        status: { from: 'REJECTED', to: 'DISPUTED' },
        reserved: { from: null, to: toDecimal(p.amountMinor, s.currency) },
        ...(d.proofDocuments.length
          ? {
              proofDocuments: {
                from: null,
                to: d.proofDocuments.map((x) => ({ documentId: x.documentId, note: x.note })),
              },
            }
          : {}),
      },
      d.reason,
    );
    this.events.push(claimDisputed(s, s.dispute));
  }

  /**
   * The partner withdraws a claim no one has decided yet (final). Funds it holds (a submission, or
   * one kept through ACTION_REQUIRED) are released through the same pending step a rejection uses.
   * Withdrawing a withdrawn claim again is a retry and changes nothing.
   */
  withdraw(reason: string | undefined, actor: string, now: Date): 'withdrawn' | 'already_withdrawn' {
    const s = this.#state;
    if (s.status === 'WITHDRAWN') return 'already_withdrawn';
    if (s.pending) throw ClaimErrors.submitInProgress();
    if (!canTransition(s.status, 'WITHDRAWN')) throw ClaimErrors.illegalTransition(s.status, 'WITHDRAWN');
    const from = s.status;
    const held = s.reservation;
    if (held) s.pending = { op: 'release', key: held.key, amountMinor: held.amountMinor, startedAt: now.toISOString() };
    s.status = 'WITHDRAWN';
    this.bump(now);
    this.record(actor, now, 'withdrawn', { status: { from, to: 'WITHDRAWN' } }, reason?.trim() || undefined);
    this.events.push(claimWithdrawn(s, from, reason?.trim() || undefined, actor, now));
    return 'withdrawn';
  }

  /**
   * A draft never submitted by its campaign's claim deadline expires (final). It reserved nothing,
   * so nothing is released. A draft sent back for changes is not one: it was submitted and holds
   * its funds until the partner resubmits or withdraws it.
   */
  expire(claimDeadline: string, now: Date): 'expired' | 'not_due' {
    const s = this.#state;
    const draft = s.status === 'EDITING' && s.submissionCount === 0 && !s.reservation && !s.pending;
    if (!draft || now.getTime() <= endOfDay(claimDeadline).getTime()) return 'not_due';
    s.status = 'EXPIRED';
    this.bump(now);
    this.record(
      'system',
      now,
      'expired',
      { status: { from: 'EDITING', to: 'EXPIRED' } },
      `claim deadline ${claimDeadline}`,
    );
    this.events.push(claimExpired(s, claimDeadline, now));
    return 'expired';
  }

  /** The campaign ledger applied the release or commit: the claim no longer holds funds. */
  completeSettlement(): void {
    const s = this.#state;
    if (!s.pending || s.pending.op === 'submit') throw new Error(`claim ${s.id} has no settlement to complete`);
    s.pending = null;
    s.reservation = null;
  }

  /** Edits are allowed in EDITING; the first edit of an ACTION_REQUIRED claim moves it back to EDITING. */
  private startEdit(actor: string, now: Date): void {
    const s = this.#state;
    if (s.pending) throw ClaimErrors.submitInProgress();
    if (s.status === 'ACTION_REQUIRED') {
      s.status = 'EDITING';
      this.bump(now);
      this.record(actor, now, 'reopened', { status: { from: 'ACTION_REQUIRED', to: 'EDITING' } });
      // Its own revision, so its own event; the change that reopened it follows as the next one.
      this.events.push(claimReopened(s, actor, now));
      return;
    }
    if (s.status !== 'EDITING') throw ClaimErrors.notEditable(s.status);
  }

  private changed(
    actor: string,
    now: Date,
    action: string,
    changes: NonNullable<HistoryEntry['changes']>,
    changedFields = Object.keys(changes),
  ) {
    const s = this.#state;
    this.bump(now);
    this.record(actor, now, action, changes);
    if (action === 'evidence_attached' || action === 'proof_attached') return; // they have their own event
    this.events.push(claimUpdated(s, changedFields, actor, now));
  }

  private bump(now: Date) {
    this.#state.version += 1;
    this.#state.updatedAt = now.toISOString();
  }

  private record(actor: string, now: Date, action: string, changes?: HistoryEntry['changes'], note?: string) {
    const shown =
      changes && Object.fromEntries(Object.entries(changes).map(([k, v]) => [k === 'amountMinor' ? 'amount' : k, v]));
    const entry: HistoryEntry = {
      at: now.toISOString(),
      actor,
      action,
      ...(shown ? { changes: shown } : {}),
      ...(note ? { note } : {}),
    };
    this.#state.history = [...this.#state.history, entry];
    this.newHistory.push(entry);
  }
}

function evidenceSummary(e: Evidence) {
  return e.kind === 'invoice'
    ? {
        kind: 'invoice',
        documentId: e.documentId,
        invoiceNumber: e.invoiceNumber,
        vendor: e.vendor,
        amount: toDecimal(e.amountMinor, e.currency),
      }
    : { kind: 'csr', documentId: e.documentId, total: toDecimal(e.totalMinor, e.currency) };
}
