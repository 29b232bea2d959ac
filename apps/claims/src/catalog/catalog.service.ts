import { Injectable, Logger } from '@nestjs/common';
import { CallerIdentity, DomainError } from '@poe/platform';
import { canSee, requireRole, scopeOf } from '../shared/access';
import { endOfDay, isCalendarDate } from '../shared/dates';
import { toOutbox, pendingEvent } from '../shared/events';
import { newId } from '../shared/ids';
import { toDecimal, toMinor } from '../shared/money';
import { CampaignLedger, CampaignState, claimDeadlineOf, extendClaimDeadline, FundsReason } from './campaign';
import { CatalogErrors } from './catalog.errors';
import { CatalogRepository, Partner, Plan, Program } from './catalog.repository';
import type {
  CampaignQueryDto,
  CreateCampaignDto,
  CreatePartnerDto,
  CreatePlanDto,
  CreateProgramDto,
  ExtendClaimDeadlineDto,
} from './dto/catalog.dto';

/** The vendor side of the catalog: the review team and service accounts (e.g. the demo loader). */
const CATALOG_WRITERS = ['service', 'reviewer'] as const;
export const DEFAULT_CLAIM_DEADLINE_DAYS = 45;
const LEDGER_ATTEMPTS = 50;

export function campaignView(c: CampaignState) {
  const money = (minor: number) => toDecimal(minor, c.currency);
  return {
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
    allocated: money(c.allocatedMinor),
    balance: balanceView(c),
    createdAt: c.createdAt,
  };
}

export function balanceView(c: CampaignState) {
  const money = (minor: number) => toDecimal(minor, c.currency);
  return {
    campaignId: c.id,
    revision: c.revision,
    allocated: money(c.allocatedMinor),
    reserved: money(c.reservedMinor),
    approved: money(c.approvedMinor),
    remaining: money(c.remainingMinor),
  };
}

@Injectable()
export class CatalogService {
  private readonly logger = new Logger(CatalogService.name);

  constructor(private readonly repo: CatalogRepository) {}

  async createProgram(caller: CallerIdentity, dto: CreateProgramDto): Promise<Program> {
    requireRole(caller, [...CATALOG_WRITERS], 'creating a program');
    const program: Program = {
      id: dto.id ?? newId('PRG'),
      name: dto.name,
      ...(dto.description ? { description: dto.description } : {}),
      createdAt: new Date().toISOString(),
      createdBy: caller.subject,
    };
    await this.repo.insertProgram(program);
    return program;
  }

  async createPlan(caller: CallerIdentity, programId: string, dto: CreatePlanDto): Promise<Plan> {
    requireRole(caller, [...CATALOG_WRITERS], 'creating a plan');
    if (!(await this.repo.findProgram(programId))) throw CatalogErrors.notFound('PROGRAM', programId);
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
    const [plan, partner] = await Promise.all([this.repo.findPlan(dto.planId), this.repo.findPartner(dto.partnerId)]);
    if (!plan) throw CatalogErrors.referenceUnknown('planId', 'plan', dto.planId);
    if (!partner) throw CatalogErrors.referenceUnknown('partnerId', 'partner', dto.partnerId);
    const now = new Date();
    const state: CampaignState = {
      id: dto.id ?? newId('CMP'),
      programId: plan.programId,
      planId: plan.id,
      partnerId: partner.id,
      name: dto.name,
      activityType: dto.activityType,
      startDate: dto.startDate,
      endDate: dto.endDate,
      currency: allocated.currency,
      claimDeadlineDays: dto.claimDeadlineDays ?? DEFAULT_CLAIM_DEADLINE_DAYS,
      allocatedMinor: allocated.minor,
      reservedMinor: 0,
      approvedMinor: 0,
      remainingMinor: allocated.minor,
      reservations: {},
      revision: 1,
      createdAt: now.toISOString(),
      createdBy: caller.subject,
    };
    const ledger = new CampaignLedger(state);
    await this.repo.insertCampaign(
      state,
      toOutbox([pendingEvent('poe.claims.campaign.funds-changed.v1', ledger.fundsChanged('allocated', now))]),
    );
    return campaignView(state);
  }

  async listPrograms(caller: CallerIdentity) {
    scopeOf(caller);
    return this.repo.listPrograms();
  }

  async getProgram(caller: CallerIdentity, id: string) {
    scopeOf(caller);
    const p = await this.repo.findProgram(id);
    if (!p) throw CatalogErrors.notFound('PROGRAM', id);
    return p;
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
    if (!p || !canSee(scopeOf(caller), p.id)) throw CatalogErrors.notFound('PARTNER', id);
    return p;
  }

  async listCampaigns(caller: CallerIdentity, q: CampaignQueryDto) {
    const scope = scopeOf(caller);
    // A partner-side caller only ever lists its own campaigns, whatever partnerId it asks for.
    const partnerId = scope.kind === 'partner' ? scope.partnerId : q.partnerId;
    if (scope.kind === 'partner' && q.partnerId && q.partnerId !== scope.partnerId) return [];
    return (await this.repo.listCampaigns({ partnerId, planId: q.planId, programId: q.programId })).map(campaignView);
  }

  /** A campaign the caller may see; another partner's answers 404 like a missing one. */
  async visibleCampaign(caller: CallerIdentity, id: string): Promise<CampaignState> {
    const c = await this.repo.findCampaign(id);
    if (!c || !canSee(scopeOf(caller), c.partnerId)) throw CatalogErrors.notFound('CAMPAIGN', id);
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
      if (!state) throw CatalogErrors.notFound('CAMPAIGN', id);
      const expected = state.revision;
      const change = extendClaimDeadline(state, dto.claimDeadline, dto.reason, caller.subject, new Date());
      if (change.outcome === 'unchanged') return campaignView(state);
      const outbox = toOutbox([pendingEvent('poe.claims.campaign.claim-deadline-extended.v1', change.event)]);
      if (await this.repo.saveClaimDeadline(state, expected, outbox)) return campaignView(state);
    }
    throw new DomainError('CAMPAIGN.BUSY', 'unavailable', `campaign ${id} is too busy right now; retry`);
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
   */
  async changeFunds(
    campaignId: string,
    reason: FundsReason,
    claimId: string,
    operation: (ledger: CampaignLedger) => 'applied' | 'already',
    causationId?: string,
  ): Promise<'applied' | 'already'> {
    for (let attempt = 1; attempt <= LEDGER_ATTEMPTS; attempt++) {
      const state = await this.repo.findCampaign(campaignId);
      if (!state) throw new DomainError('CAMPAIGN.NOT_FOUND', 'not_found', `campaign ${campaignId} was not found`);
      const expected = state.revision;
      const ledger = new CampaignLedger(state);
      if (operation(ledger) === 'already') return 'already';
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
