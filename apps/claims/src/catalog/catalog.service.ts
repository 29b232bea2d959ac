import { Injectable, Logger } from '@nestjs/common';
import { CallerIdentity, DomainError, toDecimal, toMinor } from '@poe/platform';
import { canSee, requireRole, scopeOf } from '../shared/access';
import { endOfDay, isCalendarDate } from '../shared/dates';
import { toOutbox, pendingEvent } from '../shared/events';
import { newId } from '../shared/ids';
import {
  CampaignLedger,
  CampaignState,
  changeReimbursement,
  claimDeadlineOf,
  extendClaimDeadline,
  FundsReason,
  reimbursementOf,
} from './campaign';
import { CatalogErrors } from './catalog.errors';
import { CatalogRepository, Partner, Plan, Program } from './catalog.repository';
import { readReimbursement, Reimbursement, reimbursementProblem, reimbursementView } from './reimbursement';
import { changeSettings, readSettings, settingsOf } from './program-settings';
import type {
  CampaignQueryDto,
  ChangeProgramSettingsDto,
  ChangeReimbursementDto,
  CreateCampaignDto,
  CreatePartnerDto,
  CreatePlanDto,
  CreateProgramDto,
  ExtendClaimDeadlineDto,
} from './dto/catalog.dto';
import { answer, type ResponseBody } from '@poe/contracts/responses';

/** The vendor side of the catalog: the review team and service accounts (e.g. the demo loader). */
export const CATALOG_WRITERS = ['service', 'reviewer'] as const;
export const DEFAULT_CLAIM_DEADLINE_DAYS = 45;
const LEDGER_ATTEMPTS = 50;

export interface NewCampaign {
  id: string;
  plan: Plan;
  partnerId: string;
  name: string;
  activityType: string;
  startDate: string;
  endDate: string;
  claimDeadlineDays: number;
  currency: string;
  allocatedMinor: number;
  reimbursement: Reimbursement;
  createdBy: string;
  now: Date;
  allocations?: CampaignState['allocations'];
}

/** A new campaign's document: all of its allocation is remaining, nothing reserved or approved yet. */
export function openCampaign(c: NewCampaign): CampaignState {
  return {
    id: c.id,
    programId: c.plan.programId,
    planId: c.plan.id,
    partnerId: c.partnerId,
    name: c.name,
    activityType: c.activityType,
    startDate: c.startDate,
    endDate: c.endDate,
    currency: c.currency,
    claimDeadlineDays: c.claimDeadlineDays,
    contributionRatioBasisPoints: c.reimbursement.ratioBasisPoints,
    capPerClaimMinor: c.reimbursement.capMinor,
    allocatedMinor: c.allocatedMinor,
    reservedMinor: 0,
    approvedMinor: 0,
    remainingMinor: c.allocatedMinor,
    reservations: {},
    revision: 1,
    ...(c.allocations ? { allocations: c.allocations } : {}),
    createdAt: c.now.toISOString(),
    createdBy: c.createdBy,
  };
}

export function campaignView(c: CampaignState, paidMinor = 0): ResponseBody<'Campaign'> {
  const money = (minor: number) => toDecimal(minor, c.currency);
  return answer('Campaign', {
    id: c.id,
    programId: c.programId,
    planId: c.planId,
    partnerId: c.partnerId,
    name: c.name,
    activityType: c.activityType,
    startDate: c.startDate,
    endDate: c.endDate,
    claimDeadlineDays: c.claimDeadlineDays,
    claimDeadline: claimDeadlineOf(c),
    claimDeadlineHistory: c.claimDeadlineHistory ?? [],
    ...reimbursementView(reimbursementOf(c), c.currency),
    reimbursementHistory: (c.reimbursementHistory ?? []).map((h) => ({
      ...h,
      from: reimbursementView(h.from, c.currency),
      to: reimbursementView(h.to, c.currency),
    })),
    allocated: money(c.allocatedMinor),
    balance: balanceView(c, paidMinor),
    createdAt: c.createdAt,
  });
}

/** A program as the API answers it: minimum payouts as decimal money, or left out when there are none. */
export function programView(p: Program): ResponseBody<'Program'> {
  const { minimumPayouts, disputeWindowBusinessDays: _d, holidays: _h, revision, settingsHistory, ...rest } = p;
  return answer('Program', {
    ...rest,
    revision: revision ?? 1,
    ...settingsOf(p),
    settingsHistory: settingsHistory ?? [],
    ...(minimumPayouts?.length ? { minimumPayouts: minimumPayouts.map((m) => toDecimal(m.minor, m.currency)) } : {}),
  });
}

/** `paidMinor`: what payouts counted against the campaign's approved claims (docs/payments.md). */
export function balanceView(c: CampaignState, paidMinor = 0): ResponseBody<'CampaignBalance'> {
  const money = (minor: number) => toDecimal(minor, c.currency);
  return answer('CampaignBalance', {
    campaignId: c.id,
    revision: c.revision,
    allocated: money(c.allocatedMinor),
    reserved: money(c.reservedMinor),
    approved: money(c.approvedMinor),
    paid: money(paidMinor),
    remaining: money(c.remainingMinor),
  });
}

@Injectable()
export class CatalogService {
  private readonly logger = new Logger(CatalogService.name);

  constructor(private readonly repo: CatalogRepository) {}

  async createProgram(caller: CallerIdentity, dto: CreateProgramDto) {
    requireRole(caller, [...CATALOG_WRITERS], 'creating a program');
    const minimums = (dto.minimumPayouts ?? []).map((m, i) => toMinor(m, `minimumPayouts[${i}]`));
    minimums.forEach((m, i) => {
      if (m.minor <= 0) throw CatalogErrors.minimumPayoutNotPositive(i);
      if (minimums.findIndex((o) => o.currency === m.currency) !== i) throw CatalogErrors.minimumPayoutTwice(i);
    });
    const settings = readSettings(settingsOf({}), {
      disputeWindowBusinessDays: dto.disputeWindowBusinessDays,
      holidays: dto.holidays,
    });
    const program: Program = {
      id: dto.id ?? newId('PRG'),
      name: dto.name,
      ...settings,
      revision: 1,
      ...(dto.description ? { description: dto.description } : {}),
      ...(minimums.length ? { minimumPayouts: minimums } : {}),
      createdAt: new Date().toISOString(),
      createdBy: caller.subject,
    };
    await this.repo.insertProgram(program);
    return programView(program);
  }

  async createPlan(caller: CallerIdentity, programId: string, dto: CreatePlanDto): Promise<Plan> {
    requireRole(caller, [...CATALOG_WRITERS], 'creating a plan');
    if (!(await this.repo.findProgram(programId))) throw CatalogErrors.programNotFound(programId);
    const plan: Plan = {
      id: dto.id ?? newId('PLN'),
      programId,
      name: dto.name,
      ...(dto.description ? { description: dto.description } : {}),
      createdAt: new Date().toISOString(),
      createdBy: caller.subject,
    };
    await this.repo.insertPlan(plan);
    return plan;
  }

  async createPartner(caller: CallerIdentity, dto: CreatePartnerDto): Promise<Partner> {
    requireRole(caller, [...CATALOG_WRITERS], 'creating a partner org');
    const partner: Partner = {
      id: dto.id ?? newId('PRT'),
      name: dto.name,
      createdAt: new Date().toISOString(),
      createdBy: caller.subject,
    };
    await this.repo.insertPartner(partner);
    return partner;
  }

  async createCampaign(caller: CallerIdentity, dto: CreateCampaignDto) {
    requireRole(caller, [...CATALOG_WRITERS], 'creating a campaign');
    if (!isCalendarDate(dto.startDate)) throw CatalogErrors.dateInvalid('startDate');
    if (!isCalendarDate(dto.endDate)) throw CatalogErrors.dateInvalid('endDate');
    if (dto.endDate < dto.startDate) throw CatalogErrors.datesOutOfOrder();
    const allocated = toMinor(dto.allocated, 'allocated');
    if (allocated.minor <= 0) throw CatalogErrors.allocationNotPositive();
    const rules = readReimbursement(dto, allocated.currency);
    if (!rules.ok) throw reimbursementProblem(rules.problems);
    const [plan, partner] = await Promise.all([this.repo.findPlan(dto.planId), this.repo.findPartner(dto.partnerId)]);
    if (!plan) throw CatalogErrors.planUnknown(dto.planId);
    if (!partner) throw CatalogErrors.partnerUnknown(dto.partnerId);
    const now = new Date();
    const state = openCampaign({
      id: dto.id ?? newId('CMP'),
      plan,
      partnerId: partner.id,
      name: dto.name,
      activityType: dto.activityType,
      startDate: dto.startDate,
      endDate: dto.endDate,
      claimDeadlineDays: dto.claimDeadlineDays ?? DEFAULT_CLAIM_DEADLINE_DAYS,
      currency: allocated.currency,
      allocatedMinor: allocated.minor,
      reimbursement: rules.rules,
      createdBy: caller.subject,
      now,
    });
    const ledger = new CampaignLedger(state);
    await this.repo.insertCampaign(
      state,
      toOutbox([pendingEvent('poe.claims.campaign.funds-changed.v1', ledger.fundsChanged('allocated', now))]),
    );
    return campaignView(state);
  }

  async listPrograms(caller: CallerIdentity) {
    scopeOf(caller);
    return (await this.repo.listPrograms()).map(programView);
  }

  async getProgram(caller: CallerIdentity, id: string) {
    scopeOf(caller);
    const p = await this.repo.findProgram(id);
    if (!p) throw CatalogErrors.programNotFound(id);
    return programView(p);
  }

  findProgram(id: string): Promise<Program | null> {
    return this.repo.findProgram(id);
  }

  async listPlans(caller: CallerIdentity, programId: string) {
    await this.getProgram(caller, programId);
    return this.repo.listPlans(programId);
  }

  async listPartners(caller: CallerIdentity) {
    const scope = scopeOf(caller);
    return this.repo.listPartners(scope.kind === 'partner' ? scope.partnerId : undefined);
  }

  async getPartner(caller: CallerIdentity, id: string) {
    const p = await this.repo.findPartner(id);
    if (!p || !canSee(scopeOf(caller), p.id)) throw CatalogErrors.partnerNotFound(id);
    return p;
  }

  async listCampaigns(caller: CallerIdentity, q: CampaignQueryDto): Promise<CampaignState[]> {
    const scope = scopeOf(caller);
    // A partner-side caller only ever lists its own campaigns, whatever partnerId it asks for.
    const partnerId = scope.kind === 'partner' ? scope.partnerId : q.partnerId;
    if (scope.kind === 'partner' && q.partnerId && q.partnerId !== scope.partnerId) return [];
    return this.repo.listCampaigns({ partnerId, planId: q.planId, programId: q.programId });
  }

  /** A campaign the caller may see; another partner's answers 404 like a missing one. */
  async visibleCampaign(caller: CallerIdentity, id: string): Promise<CampaignState> {
    const c = await this.repo.findCampaign(id);
    if (!c || !canSee(scopeOf(caller), c.partnerId)) throw CatalogErrors.campaignNotFound(id);
    return c;
  }

  /**
   * The vendor side moves a campaign's claim deadline later: drafts can then be created and
   * submitted until the new date. Setting the date it already has is a retry and changes nothing.
   */
  async extendClaimDeadline(caller: CallerIdentity, id: string, dto: ExtendClaimDeadlineDto) {
    requireRole(caller, [...CATALOG_WRITERS], 'extending a claim deadline');
    for (let attempt = 1; attempt <= LEDGER_ATTEMPTS; attempt++) {
      const state = await this.repo.findCampaign(id);
      if (!state) throw CatalogErrors.campaignNotFound(id);
      const expected = state.revision;
      const change = extendClaimDeadline(state, dto.claimDeadline, dto.reason, caller.subject, new Date());
      if (change.outcome === 'unchanged') return campaignView(state);
      const outbox = toOutbox([pendingEvent('poe.claims.campaign.claim-deadline-extended.v1', change.event)]);
      if (await this.repo.saveClaimDeadline(state, expected, outbox)) return campaignView(state);
    }
    throw new DomainError('CAMPAIGN.BUSY', 'unavailable', `campaign ${id} is too busy right now; retry`);
  }

  /**
   * The vendor side changes a campaign's contribution ratio and cap per claim. Submitted claims
   * keep the rules they froze; the next submission takes these. The rules it already has: a retry.
   */
  async changeReimbursement(caller: CallerIdentity, id: string, dto: ChangeReimbursementDto) {
    requireRole(caller, [...CATALOG_WRITERS], 'changing reimbursement rules');
    for (let attempt = 1; attempt <= LEDGER_ATTEMPTS; attempt++) {
      const state = await this.repo.findCampaign(id);
      if (!state) throw CatalogErrors.campaignNotFound(id);
      const rules = readReimbursement(dto, state.currency);
      if (!rules.ok) throw reimbursementProblem(rules.problems);
      const expected = state.revision;
      const change = changeReimbursement(state, rules.rules, dto.reason, caller.subject, new Date());
      if (change.outcome === 'unchanged') return campaignView(state);
      const outbox = toOutbox([pendingEvent('poe.claims.campaign.reimbursement-changed.v1', change.event)]);
      if (await this.repo.saveReimbursement(state, expected, outbox)) return campaignView(state);
    }
    throw new DomainError('CAMPAIGN.BUSY', 'unavailable', `campaign ${id} is too busy right now; retry`);
  }

  /**
   * The vendor side changes a program's dispute window or holidays, guarded by the revision the
   * caller read (`expectedRevision`, 412 otherwise); the settings it already has answer unchanged.
   */
  async changeProgramSettings(caller: CallerIdentity, id: string, dto: ChangeProgramSettingsDto) {
    requireRole(caller, [...CATALOG_WRITERS], 'changing program settings');
    for (let attempt = 1; attempt <= LEDGER_ATTEMPTS; attempt++) {
      const program = await this.repo.findProgram(id);
      if (!program) throw CatalogErrors.programNotFound(id);
      const expected = program.revision ?? 1;
      const next = readSettings(settingsOf(program), dto);
      const change = changeSettings(program, next, dto.reason, caller.subject, new Date());
      if (change.outcome === 'unchanged') return programView(program);
      if (dto.expectedRevision !== undefined && dto.expectedRevision !== expected)
        throw CatalogErrors.programRevisionMismatch(dto.expectedRevision, expected);
      const outbox = toOutbox([pendingEvent('poe.claims.program.settings-changed.v1', change.event)]);
      if (await this.repo.saveProgramSettings(program, expected, outbox)) return programView(program);
      if (dto.expectedRevision !== undefined) {
        const now = await this.repo.findProgram(id);
        throw CatalogErrors.programRevisionMismatch(dto.expectedRevision, now?.revision ?? 1);
      }
    }
    throw new DomainError('PROGRAM.BUSY', 'unavailable', `program ${id} is too busy right now; retry`);
  }

  /** Campaigns whose claim deadline ended before `now`: where drafts may be due to expire. */
  async campaignsPastDeadline(now: Date): Promise<{ id: string; claimDeadline: string }[]> {
    return (await this.repo.listCampaigns({}))
      .map((c) => ({ id: c.id, claimDeadline: claimDeadlineOf(c) }))
      .filter((c) => endOfDay(c.claimDeadline).getTime() < now.getTime());
  }

  findCampaign(id: string): Promise<CampaignState | null> {
    return this.repo.findCampaign(id);
  }

  /**
   * Applies one keyed ledger operation with its funds event: read, decide, write guarded by the
   * revision; a concurrent change makes the write miss and the whole step runs again on fresh state.
   * Only 'applied' is written; any other answer of the operation ('already', or a refusal it
   * returns as a value) is returned as it is, with nothing written.
   */
  async changeFunds<Other = 'already'>(
    campaignId: string,
    reason: FundsReason,
    claimId: string,
    operation: (ledger: CampaignLedger) => 'applied' | Other,
    causationId?: string,
  ): Promise<'applied' | Other> {
    for (let attempt = 1; attempt <= LEDGER_ATTEMPTS; attempt++) {
      const state = await this.repo.findCampaign(campaignId);
      if (!state) throw new DomainError('CAMPAIGN.NOT_FOUND', 'not_found', `campaign ${campaignId} was not found`);
      const expected = state.revision;
      const ledger = new CampaignLedger(state);
      const outcome = operation(ledger);
      if (outcome !== 'applied') return outcome;
      const event = pendingEvent(
        'poe.claims.campaign.funds-changed.v1',
        ledger.fundsChanged(reason, new Date(), claimId),
      );
      if (await this.repo.saveLedger(state, expected, toOutbox([event], causationId))) return 'applied';
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
    }
    this.logger.error({ msg: 'campaign ledger stayed contended', campaignId, claimId });
    throw new DomainError('CAMPAIGN.BUSY', 'unavailable', `campaign ${campaignId} is too busy right now; retry`);
  }
}
