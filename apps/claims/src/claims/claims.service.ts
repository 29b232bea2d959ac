import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { decodeClaimCursor, encodeClaimCursor } from '../shared/claim-cursor';
import { InjectConnection } from '@nestjs/mongoose';
import { IDEMPOTENCY_KEY_PATTERN } from '@poe/contracts';
import type { EventEnvelope } from '@poe/contracts';
import { CallerIdentity, DomainError, jobLease, JobLease, Role, toMinor, verifyDocumentReceipt } from '@poe/platform';
import type { Connection } from 'mongoose';
import { CatalogService } from '../catalog/catalog.service';
import { disputeWindowOf } from '../catalog/program-settings';
import { CampaignState, claimDeadlineOf, reimbursementOf } from '../catalog/campaign';
import { CLAIMS_CONFIG } from '../claims.tokens';
import type { ClaimsConfig } from '../config';
import { IdempotencyService, StoredResponse } from '../idempotency/idempotency.service';
import { ClaimsOutbox } from '../outbox/claims-outbox';
import { canSee, requirePartnerUser, requireRole, Scope, scopeOf } from '../shared/access';
import { etagOf } from '../shared/etag';
import { newId } from '../shared/ids';
import {
  CampaignTerms,
  Claim,
  ClaimDuplicateFlag,
  ClaimState,
  ClaimStatus,
  DetailsChange,
  SUBMITTED_OR_DECIDED,
  Snapshot,
  SubmitContext,
  thaw,
} from './claim';
import { claimView, ClaimView, claimWithHistoryView, ClaimWithHistoryView } from './claim-view';
import { ClaimErrors, rulesError } from './claims.errors';
import { ClaimsRepository } from './claims.repository';
import { fingerprintsOf } from './evidence-fingerprints';
import { SubmitFunds, type SubmitOutcome } from './submit-funds';
import type {
  AddCommentDto,
  AttachProofDto,
  CreateClaimDto,
  DisputeClaimDto,
  ListClaimsQueryDto,
  SetEvidenceDto,
  UpdateClaimDto,
  WithdrawClaimDto,
} from './dto/claim.dto';
import type { ResponseBody } from '@poe/contracts/responses';

export interface ClaimResult {
  status: number;
  body: ClaimView;
  etag: string;
}

const WRITE_ATTEMPTS = 5;
const COMMENTERS: Role[] = ['incentives-admin', 'incentives-user', 'reviewer'];

const terms = (c: CampaignState): CampaignTerms => ({
  id: c.id,
  programId: c.programId,
  planId: c.planId,
  partnerId: c.partnerId,
  startDate: c.startDate,
  endDate: c.endDate,
  currency: c.currency,
  claimDeadline: claimDeadlineOf(c),
  remainingMinor: c.remainingMinor,
  reimbursement: reimbursementOf(c),
});

const result = (state: Snapshot<ClaimState>, audience: Scope, status = 200): ClaimResult => ({
  status,
  body: claimView(state, audience),
  etag: etagOf(state.version),
});

const fieldsOf = (o: object) =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k)
    .sort()
    .join(',');
const sameFields = (a: object, b: object) => fieldsOf(a) === fieldsOf(b);

/** The claim use cases: the partner's flow over HTTP and the review team's decisions from events. */
@Injectable()
export class ClaimsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ClaimsService.name);
  private recoveryTimer?: NodeJS.Timeout;
  private recovering?: Promise<number>;
  private expiryTimer?: NodeJS.Timeout;
  private expiring?: Promise<number>;
  private readonly expiryLease: JobLease;

  private readonly recoveryLease: JobLease;

  constructor(
    private readonly repo: ClaimsRepository,
    private readonly catalog: CatalogService,
    private readonly submitFunds: SubmitFunds,
    private readonly idempotency: IdempotencyService,
    private readonly outbox: ClaimsOutbox,
    @Inject(CLAIMS_CONFIG) private readonly config: ClaimsConfig,
    @InjectConnection() connection: Connection,
  ) {
    // One instance runs the timed recovery pass (docs/instances.md); the others take over two
    // passes after it stopped renewing. The pass itself is safe to overlap: each step is conditional.
    this.recoveryLease = jobLease(connection, 'claims.recovery', 2 * config.CLAIMS_RECOVERY_INTERVAL_MS);
    // The expiry pass likewise runs on one instance; each expiry is a version-guarded write, so an overlap is harmless.
    this.expiryLease = jobLease(connection, 'claims.expiry', 2 * config.CLAIMS_EXPIRY_INTERVAL_MS);
  }

  onApplicationBootstrap(): void {
    const every = this.config.CLAIMS_RECOVERY_INTERVAL_MS;
    if (every <= 0) return;
    const tick = () => {
      void this.recoveryLease
        .runIfHeld(() => this.recoverPending())
        .catch((e) => this.logger.warn({ msg: 'recovery pass failed', error: (e as Error).message }))
        .finally(() => {
          if (this.recoveryTimer) this.recoveryTimer = setTimeout(tick, every).unref();
        });
    };
    this.recoveryTimer = setTimeout(tick, 0).unref();
    this.startExpiryTimer();
  }

  private startExpiryTimer(): void {
    const every = this.config.CLAIMS_EXPIRY_INTERVAL_MS;
    if (every <= 0) return;
    const tick = () => {
      void this.expiryLease
        .runIfHeld(() => this.expireDrafts())
        .catch((e) => this.logger.warn({ msg: 'expiry pass failed', error: (e as Error).message }))
        .finally(() => {
          if (this.expiryTimer) this.expiryTimer = setTimeout(tick, every).unref();
        });
    };
    this.expiryTimer = setTimeout(tick, every).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    const timed = this.recoveryTimer !== undefined;
    clearTimeout(this.recoveryTimer);
    this.recoveryTimer = undefined;
    await this.recovering;
    if (timed) await this.recoveryLease.release().catch(() => undefined);
    const expiryTimed = this.expiryTimer !== undefined;
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    await this.expiring;
    if (expiryTimed) await this.expiryLease.release().catch(() => undefined);
  }

  // ---- partner flow ----

  async create(caller: CallerIdentity, dto: CreateClaimDto, idempotencyKey?: string): Promise<ClaimResult> {
    const partnerId = requirePartnerUser(caller, 'adding a PoE');
    const audience: Scope = { kind: 'partner', partnerId };
    const work = async (claimId: string, takeover = false) => {
      // A retry taking over from a crashed request: the claim may already be written under this id.
      const existing = takeover ? await this.repo.find(claimId) : null;
      if (existing) return result(existing, audience, 201);
      const campaign = await this.catalog.findCampaign(dto.campaignId);
      if (!campaign || campaign.partnerId !== partnerId) throw ClaimErrors.campaignNotFound(dto.campaignId);
      const claim = Claim.create({
        id: claimId,
        partnerId,
        actor: caller.subject,
        name: dto.name,
        executionDate: dto.executionDate,
        amount: toMinor(dto.amount, 'amount'),
        campaign: terms(campaign),
        now: new Date(),
      });
      if (!(await this.repo.insert(claim))) return result((await this.repo.find(claimId))!, audience, 201);
      this.outbox.nudge();
      return result(claim.state, audience, 201);
    };
    if (idempotencyKey === undefined) return work(newId('CLM'));
    return this.idempotent(caller, partnerId, 'create', idempotencyKey, dto, () => newId('CLM'), work);
  }

  async get(caller: CallerIdentity, id: string): Promise<{ body: ClaimWithHistoryView; etag: string }> {
    const state = await this.visible(caller, id);
    return { body: claimWithHistoryView(state, scopeOf(caller)), etag: etagOf(state.version) };
  }

  async list(caller: CallerIdentity, q: ListClaimsQueryDto): Promise<ResponseBody<'ClaimList'>> {
    const scope = scopeOf(caller);
    if (scope.kind === 'partner' && q.partnerId && q.partnerId !== scope.partnerId)
      return { items: [], nextCursor: null };
    const limit = q.limit ?? 20;
    const states = await this.repo.list({
      partnerId: scope.kind === 'partner' ? scope.partnerId : q.partnerId,
      status: q.status,
      campaignId: q.campaignId,
      from: q.from,
      to: q.to,
      order: q.sort === 'createdAt' ? 'asc' : 'desc',
      after: q.cursor ? decodeClaimCursor(q.cursor) : undefined,
      limit: limit + 1,
    });
    const page = states.slice(0, limit);
    return {
      items: page.map((s) => claimView(s, scope)),
      nextCursor: states.length > limit ? encodeClaimCursor(page[page.length - 1].id) : null,
    };
  }

  updateDetails(caller: CallerIdentity, id: string, dto: UpdateClaimDto, ifMatch?: number) {
    const partnerId = requirePartnerUser(caller, 'changing a claim');
    return this.mutate(partnerId, id, ifMatch, async (claim) => {
      const campaign = await this.campaignOf(claim.state);
      const change: DetailsChange = {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.executionDate !== undefined && { executionDate: dto.executionDate }),
        ...(dto.amount !== undefined && { amount: toMinor(dto.amount, 'amount') }),
        ...(dto.claimName !== undefined && { claimName: dto.claimName }),
        ...(dto.claimDate !== undefined && { claimDate: dto.claimDate }),
        ...(dto.estimatedImpressions !== undefined && { estimatedImpressions: dto.estimatedImpressions }),
        ...(dto.preApprovalId !== undefined && { preApprovalId: dto.preApprovalId }),
      };
      const preApproval = change.preApprovalId ? await this.repo.findPreApproval(change.preApprovalId) : null;
      claim.updateDetails(change, { campaign: terms(campaign), preApproval }, caller.subject, new Date());
    });
  }

  setEvidence(caller: CallerIdentity, id: string, dto: SetEvidenceDto, ifMatch?: number) {
    const partnerId = requirePartnerUser(caller, 'attaching evidence');
    return this.mutate(partnerId, id, ifMatch, async (claim) => {
      const docId = dto.invoice?.documentId ?? dto.csr?.documentId;
      const ref = dto.invoice ? { ...dto.invoice, field: 'invoice.receipt' } : { ...dto.csr, field: 'csr.receipt' };
      if (docId) await this.rememberReceipt(ref.receipt, docId, partnerId, ref.field);
      const documents = await this.repo.findDocuments(docId ? [docId] : []);
      claim.setEvidence(
        {
          ...(dto.invoice && { invoice: { ...dto.invoice, amount: toMinor(dto.invoice.amount, 'invoice.amount') } }),
          ...(dto.csr && { csr: dto.csr }),
        },
        documents,
        caller.subject,
        new Date(),
      );
    });
  }

  removeEvidence(caller: CallerIdentity, id: string, ifMatch?: number) {
    const partnerId = requirePartnerUser(caller, 'removing evidence');
    return this.mutate(partnerId, id, ifMatch, (claim) => claim.removeEvidence(caller.subject, new Date()));
  }

  attachProof(caller: CallerIdentity, id: string, dto: AttachProofDto, ifMatch?: number) {
    const partnerId = requirePartnerUser(caller, 'attaching a proof document');
    return this.mutate(partnerId, id, ifMatch, async (claim) => {
      await this.rememberReceipt(dto.receipt, dto.documentId, partnerId, 'receipt');
      const documents = await this.repo.findDocuments([dto.documentId]);
      claim.attachProof(dto.documentId, dto.note ?? '', documents.get(dto.documentId), caller.subject, new Date());
    });
  }

  removeProof(caller: CallerIdentity, id: string, documentId: string, ifMatch?: number) {
    const partnerId = requirePartnerUser(caller, 'removing a proof document');
    return this.mutate(partnerId, id, ifMatch, (claim) => claim.removeProof(documentId, caller.subject, new Date()));
  }

  addComment(caller: CallerIdentity, id: string, dto: AddCommentDto, ifMatch?: number) {
    requireRole(caller, COMMENTERS, 'commenting on a claim');
    const scope = scopeOf(caller);
    return this.mutate(scope.kind === 'partner' ? scope.partnerId : undefined, id, ifMatch, (claim) =>
      claim.addComment(dto.text, caller.subject, new Date()),
    );
  }

  async submit(caller: CallerIdentity, id: string, ifMatch?: number, idempotencyKey?: string): Promise<ClaimResult> {
    const partnerId = requirePartnerUser(caller, 'submitting a claim');
    if (idempotencyKey === undefined) return this.submitOnce(caller, partnerId, id, ifMatch, false);
    return this.idempotent(
      caller,
      partnerId,
      `submit:${id}`,
      idempotencyKey,
      { id, ifMatch },
      () => id,
      (_, takeover) => this.submitOnce(caller, partnerId, id, ifMatch, takeover),
    );
  }

  private async submitOnce(
    caller: CallerIdentity,
    partnerId: string,
    id: string,
    ifMatch: number | undefined,
    takeover: boolean,
  ): Promise<ClaimResult> {
    let state: Snapshot<ClaimState> = await this.ownClaim(partnerId, id);
    if (state.pending && this.abandoned(state)) state = await this.finishPending(state);
    // A retry taking over from a crashed request whose submit went through: that is the first
    // result, also when the review team has already taken it further (a fault-suite finding).
    if (takeover && SUBMITTED_OR_DECIDED.includes(state.status)) return result(state, { kind: 'partner', partnerId });
    if (ifMatch !== undefined && state.version !== ifMatch) throw ClaimErrors.stale(ifMatch, state.version);
    const claim = new Claim(thaw(state));
    const context = await this.submitContext(claim.state);
    const outcome = await this.submitFunds.submit(claim, context, caller.subject, new Date());
    return this.answerOf(outcome, partnerId, id, ifMatch);
  }

  /** The answer to a submit or a dispute from the funds protocol's outcome. */
  private async answerOf(
    outcome: SubmitOutcome,
    partnerId: string,
    id: string,
    ifMatch: number | undefined,
  ): Promise<ClaimResult> {
    switch (outcome.kind) {
      case 'submitted':
        return result(outcome.state, { kind: 'partner', partnerId });
      case 'refused':
        throw rulesError([outcome.problem]);
      case 'not_started': {
        const current = await this.ownClaim(partnerId, id);
        if (current.pending) throw ClaimErrors.submitInProgress();
        throw ifMatch !== undefined ? ClaimErrors.stale(ifMatch, current.version) : ClaimErrors.concurrentChange();
      }
    }
  }

  /** Everything the submit rules look at besides the claim itself. */
  private async submitContext(s: Snapshot<ClaimState>): Promise<SubmitContext> {
    const docIds = [...(s.evidence ? [s.evidence.documentId] : []), ...s.proofDocuments.map((p) => p.documentId)];
    const [campaign, preApproval, documents] = await Promise.all([
      this.campaignOf(s),
      s.preApprovalId ? this.repo.findPreApproval(s.preApprovalId) : Promise.resolve(null),
      this.repo.findDocuments(docIds),
    ]);
    return {
      campaign: terms(campaign),
      preApproval,
      documents,
      duplicateFlags: await this.duplicateFlags(s, documents),
    };
  }

  /**
   * Same file (hash) or same vendor + invoice number as evidence of another submitted claim:
   * flagged for reviewers, not refused.
   */
  private async duplicateFlags(
    s: Snapshot<ClaimState>,
    documents: SubmitContext['documents'],
  ): Promise<ClaimDuplicateFlag[]> {
    const keys = fingerprintsOf(s, documents);
    if (!keys.length) return [];
    const found = await this.repo.claimsWithFingerprints(keys.map((k) => k.key));
    const matches = new Map(keys.map(({ key }) => [key, (found.get(key) ?? []).filter((id) => id !== s.id)]));
    // Which matches are the same partner's: all a partner-side caller may be told (claim-view.ts).
    const partners = await this.repo.partnersOfClaims([...new Set([...matches.values()].flat())]);
    const flags: ClaimDuplicateFlag[] = [];
    for (const { key, reason } of keys) {
      const others = matches.get(key)!;
      if (!others.length) continue;
      const samePartnerClaimIds = others.filter((id) => partners.get(id) === s.partnerId);
      flags.push({ reason, documentId: s.evidence!.documentId, matchingClaimIds: others, samePartnerClaimIds });
    }
    return flags;
  }

  /** The partner takes back a claim no one has decided yet; the funds it holds are released. */
  withdraw(caller: CallerIdentity, id: string, dto: WithdrawClaimDto, ifMatch?: number) {
    const partnerId = requirePartnerUser(caller, 'withdrawing a claim');
    // A retry of a withdrawal that went through answers the withdrawn claim, whatever If-Match says.
    return this.mutate(
      partnerId,
      id,
      ifMatch,
      (claim) => {
        claim.withdraw(dto.reason, caller.subject, new Date());
      },
      { retryOf: 'WITHDRAWN' },
    );
  }

  /**
   * The partner disputes a rejection (docs/claims.md, "Disputes"): the same funds protocol as a
   * submit (intent, reserve, outcome, recovery), reserving the frozen reimbursable amount again.
   * With an Idempotency-Key a retry gets the first answer; without one, a claim already DISPUTED
   * by this same dispute answers itself (a lost answer's retry), any other second dispute is 409.
   */
  async dispute(
    caller: CallerIdentity,
    id: string,
    dto: DisputeClaimDto,
    ifMatch?: number,
    idempotencyKey?: string,
  ): Promise<ClaimResult> {
    const partnerId = requirePartnerUser(caller, 'disputing a rejection');
    if (idempotencyKey === undefined) return this.disputeOnce(caller, partnerId, id, dto, ifMatch, false);
    return this.idempotent(
      caller,
      partnerId,
      `dispute:${id}`,
      idempotencyKey,
      { id, ifMatch, dto },
      () => id,
      (_, takeover) => this.disputeOnce(caller, partnerId, id, dto, ifMatch, takeover),
    );
  }

  private async disputeOnce(
    caller: CallerIdentity,
    partnerId: string,
    id: string,
    dto: DisputeClaimDto,
    ifMatch: number | undefined,
    takeover: boolean,
  ): Promise<ClaimResult> {
    const audience: Scope = { kind: 'partner', partnerId };
    let state: Snapshot<ClaimState> = await this.ownClaim(partnerId, id);
    if (state.pending && this.abandoned(state)) state = await this.finishPending(state);
    const reason = dto.reason?.trim() ?? '';
    const sameDispute = state.dispute && state.dispute.disputedBy === caller.subject && state.dispute.reason === reason;
    if (sameDispute && (takeover || (state.status === 'DISPUTED' && !state.pending))) return result(state, audience);
    if (ifMatch !== undefined && state.version !== ifMatch) throw ClaimErrors.stale(ifMatch, state.version);
    const proofs = dto.proofDocuments ?? [];
    for (const [i, p] of proofs.entries())
      await this.rememberReceipt(p.receipt, p.documentId, partnerId, `proofDocuments[${i}].receipt`);
    const [program, documents] = await Promise.all([
      this.catalog.findProgram(state.programId),
      this.repo.findDocuments(proofs.map((p) => p.documentId)),
    ]);
    const claim = new Claim(thaw(state));
    const input = { reason, proofDocuments: proofs.map((p) => ({ documentId: p.documentId, note: p.note ?? '' })) };
    const outcome = await this.submitFunds.dispute(
      claim,
      input,
      { window: disputeWindowOf(program), documents },
      caller.subject,
      new Date(),
    );
    return this.answerOf(outcome, partnerId, id, ifMatch);
  }

  // ---- funds steps (docs/claims-funds.md) ----

  /** Release (reject) or commit (approve) on the campaign, then clear the claim's pending step. */
  private async finishSettlement(state: Snapshot<ClaimState>): Promise<Snapshot<ClaimState>> {
    const p = state.pending!;
    const id = state.id;
    if (p.op === 'release') {
      await this.catalog.changeFunds(
        state.campaignId,
        state.status === 'WITHDRAWN' ? 'claim_withdrawn' : 'claim_rejected',
        id,
        (l) => l.release(id, p.key),
        p.causationId,
      );
    } else {
      await this.catalog.changeFunds(
        state.campaignId,
        'claim_approved',
        id,
        (l) => l.commit(id, p.key, p.approvedMinor ?? 0),
        p.causationId,
      );
    }
    const claim = new Claim(thaw(state));
    claim.completeSettlement();
    await this.repo.save(claim, { kind: 'pending', op: p.op, key: p.key });
    this.outbox.nudge();
    return (await this.repo.find(id))!;
  }

  /**
   * Finishes a funds step someone else left half done. A submit refused for lack of funds is
   * finished too (the claim is its draft again); an outage propagates, and the claim stays pending.
   */
  private async finishPending(state: Snapshot<ClaimState>): Promise<Snapshot<ClaimState>> {
    if (state.pending!.op !== 'submit') return this.finishSettlement(state);
    return (await this.submitFunds.finish(state)).state;
  }

  private abandoned(state: Snapshot<ClaimState>): boolean {
    return (
      !!state.pending &&
      Date.now() - new Date(state.pending.startedAt).getTime() >= this.config.CLAIMS_PENDING_TAKEOVER_MS
    );
  }

  /**
   * Completes funds steps left half done by a crash or an outage; each step is keyed, so running it
   * twice is harmless. Answers how many it finished (a step that failed again stays for the next pass).
   */
  recoverPending(): Promise<number> {
    const pass = async () => {
      const cutoff = new Date(Date.now() - this.config.CLAIMS_PENDING_TAKEOVER_MS).toISOString();
      const stuck = await this.repo.withPendingSteps(cutoff);
      let finished = 0;
      for (const state of stuck) {
        const step = { claimId: state.id, op: state.pending!.op, key: state.pending!.key };
        this.logger.warn({ msg: 'completing a half-done funds step', ...step });
        try {
          await this.finishPending(state);
          finished += 1;
        } catch (e) {
          // Still pending: the next pass tries again. One claim's outage does not hold up the others.
          this.logger.warn({ msg: 'funds step still not done', ...step, error: (e as Error).message });
        }
      }
      return finished;
    };
    this.recovering = (this.recovering ?? Promise.resolve(0)).catch(() => 0).then(pass);
    return this.recovering;
  }

  /**
   * Expires every never-submitted draft of a campaign whose claim deadline has passed. Idempotent:
   * an expired draft is no longer a draft, and a write that loses to a partner's change (a submit in
   * time, an edit) is skipped; the next pass looks again.
   */
  expireDrafts(now = new Date()): Promise<number> {
    const pass = async () => {
      let expired = 0;
      for (const campaign of await this.catalog.campaignsPastDeadline(now)) {
        for (const state of await this.repo.neverSubmittedDrafts(campaign.id)) {
          const claim = new Claim(state);
          if (claim.expire(campaign.claimDeadline, now) !== 'expired') continue;
          if (await this.repo.save(claim, { kind: 'version' })) expired += 1;
        }
      }
      if (expired) this.outbox.nudge();
      return expired;
    };
    this.expiring = (this.expiring ?? Promise.resolve(0)).catch(() => 0).then(pass);
    return this.expiring;
  }

  // ---- review decisions (from events) ----

  async applyDecision(event: EventEnvelope<'poe.review.review.decision-made.v1'>): Promise<void> {
    const d = event.data;
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      let state: Snapshot<ClaimState> | null = await this.repo.find(d.claimId);
      if (!state) {
        this.logger.warn({ msg: 'decision for an unknown claim ignored', claimId: d.claimId, eventId: event.id });
        return;
      }
      if (state.pending && state.pending.op !== 'submit') state = await this.finishSettlement(state);
      const claim = new Claim(thaw(state));
      const outcome = claim.applyDecision(d, event.id, new Date());
      if (!outcome.applied) {
        const level = outcome.reason === 'duplicate event' ? 'debug' : 'warn';
        this.logger[level]({
          msg: 'review decision not applied',
          claimId: d.claimId,
          decision: d.decision,
          eventId: event.id,
          reason: outcome.reason,
        });
        return;
      }
      if (await this.repo.save(claim, { kind: 'version' }, event.id)) {
        this.outbox.nudge();
        if (claim.state.pending) await this.finishSettlement(claim.state);
        return;
      }
    }
    throw new Error(`claim ${d.claimId} kept changing while decision ${event.id} was applied`);
  }

  // ---- helpers ----

  /**
   * A document named with the receipt of its upload is known from the receipt's signed facts,
   * recorded exactly as its events will record them (first write wins, so they change nothing
   * after): read-your-writes while the documents events are still on their way.
   */
  private async rememberReceipt(
    receipt: string | null | undefined,
    documentId: string,
    partnerId: string,
    field: string,
  ) {
    if (!receipt) return;
    const facts = verifyDocumentReceipt(receipt, this.config.INTERNAL_AUTH_SECRET);
    if (!facts || facts.uploaded.documentId !== documentId || facts.uploaded.partnerId !== partnerId)
      throw ClaimErrors.receiptInvalid(field, documentId);
    await this.repo.documentUploaded(facts.uploaded);
    if (facts.csrGenerated) await this.repo.csrGenerated(facts.csrGenerated);
  }

  private async idempotent(
    caller: CallerIdentity,
    partnerId: string,
    operation: string,
    key: string,
    request: unknown,
    newResourceId: () => string,
    work: (resourceId: string, takeover: boolean) => Promise<ClaimResult>,
  ): Promise<ClaimResult> {
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw DomainError.invalidField(
        'IDEMPOTENCY.KEY_INVALID',
        'Idempotency-Key',
        'isKey',
        'Idempotency-Key must be 8-128 letters, digits or _.:-',
      );
    }
    const scopeKey = `${partnerId}|${caller.subject}|${operation}|${key}`;
    const stored = await this.idempotency.run(
      scopeKey,
      IdempotencyService.hash({ operation, request }),
      newResourceId,
      work as (id: string, t: boolean) => Promise<StoredResponse>,
      (answer, claimId) => this.replayed(answer as ClaimResult, claimId, { kind: 'partner', partnerId }),
    );
    return stored as ClaimResult;
  }

  /**
   * A retry of a finished create or submit gets the stored answer while it still has the claim's
   * shape. An answer stored before the claim view gained or lost a field (an upgrade within the
   * key's lifetime) would break the published, closed schema: the retry then gets the claim as it
   * is now, with the stored status code. The view's top-level fields do not depend on the claim's
   * state (absent values are null), so comparing them tells an old shape from a later state.
   */
  private async replayed(answer: ClaimResult, claimId: string, audience: Scope): Promise<ClaimResult> {
    const state = await this.repo.find(claimId);
    if (!state) return answer;
    const now = result(state, audience, answer.status);
    return sameFields(answer.body, now.body) ? answer : now;
  }

  private async visible(caller: CallerIdentity, id: string): Promise<ClaimState> {
    const state = await this.repo.find(id);
    if (!state || !canSee(scopeOf(caller), state.partnerId)) throw ClaimErrors.notFound(id);
    return state;
  }

  private async ownClaim(partnerId: string | undefined, id: string): Promise<ClaimState> {
    const state = await this.repo.find(id);
    if (!state || (partnerId !== undefined && state.partnerId !== partnerId)) throw ClaimErrors.notFound(id);
    return state;
  }

  private async campaignOf(s: Pick<ClaimState, 'campaignId'>): Promise<CampaignState> {
    const c = await this.catalog.findCampaign(s.campaignId);
    if (!c) throw new Error(`campaign ${s.campaignId} of a claim is missing`);
    return c;
  }

  /**
   * Load, apply one change, save guarded by the version read. With If-Match the caller's version
   * must be current (412 otherwise); without it a concurrent change is retried on fresh state.
   */
  private async mutate(
    partnerId: string | undefined,
    id: string,
    ifMatch: number | undefined,
    change: (claim: Claim) => void | Promise<void>,
    opts: { retryOf?: ClaimStatus } = {},
  ): Promise<ClaimResult> {
    const audience: Scope = partnerId ? { kind: 'partner', partnerId } : { kind: 'all' };
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      let state: Snapshot<ClaimState> = await this.ownClaim(partnerId, id);
      if (opts.retryOf && state.status === opts.retryOf && !state.pending) return result(state, audience);
      if (ifMatch !== undefined && state.version !== ifMatch) throw ClaimErrors.stale(ifMatch, state.version);
      if (state.pending && this.abandoned(state)) state = await this.finishPending(state);
      const claim = new Claim(thaw(state));
      await change(claim);
      if (claim.state.version === claim.readVersion) return result(claim.state, audience);
      if (await this.repo.save(claim, { kind: 'version' })) {
        this.outbox.nudge();
        // A change that gave funds back (a withdrawal) completes its release on the campaign now.
        const p = claim.state.pending;
        return result(p && p.op !== 'submit' ? await this.finishSettlement(claim.state) : claim.state, audience);
      }
      if (ifMatch !== undefined) {
        const current = await this.ownClaim(partnerId, id);
        throw current.pending ? ClaimErrors.submitInProgress() : ClaimErrors.stale(ifMatch, current.version);
      }
    }
    throw ClaimErrors.concurrentChange();
  }
}
