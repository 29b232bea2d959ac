import { Inject, Injectable, Logger } from '@nestjs/common';
import { CallerIdentity, DomainError } from '@poe/platform';
import { CampaignLedger, CampaignState } from '../catalog/campaign';
import { CatalogRepository, Partner, Plan } from '../catalog/catalog.repository';
import { FULL_REIMBURSEMENT } from '../catalog/reimbursement';
import { balanceView, CATALOG_WRITERS, DEFAULT_CLAIM_DEADLINE_DAYS, openCampaign } from '../catalog/catalog.service';
import { CLAIMS_CONFIG } from '../claims.tokens';
import type { ClaimsConfig } from '../config';
import { requireRole } from '../shared/access';
import { pendingEvent, toOutbox } from '../shared/events';
import { toDecimal } from '@poe/platform';
import { PaymentsRepository } from '../payments/payments.repository';
import { AllocationLine, decideLine, LineDecision, readLine, recordOf } from './allocation';
import { AllocationFile, LineViolation, readAllocationFile } from './allocation-file';
import { answer, type ResponseBody } from '@poe/contracts/responses';

const LINE_ATTEMPTS = 50;

type Planned = { line: number; allocation?: AllocationLine; decision: LineDecision };
export type AppliedOutcome = 'campaign_created' | 'allocated' | 'unchanged' | 'refused';

interface Lookups {
  partners: Map<string, Partner>;
  plans: Map<string, Plan>;
}

const lineSummary = (p: { line: number; allocation?: AllocationLine }) => ({
  line: p.line,
  ...(p.allocation
    ? {
        partnerId: p.allocation.partnerId,
        campaignId: p.allocation.campaignId,
        allocationId: p.allocation.allocationId,
        amount: toDecimal(p.allocation.amountMinor, p.allocation.currency),
      }
    : {}),
});

/**
 * Bulk allocations from a CSV file (docs/allocations.md). A dry run answers what each line would do
 * and every problem, line by line, and writes nothing. Apply refuses the whole file while any line
 * breaks a rule; otherwise it applies the lines in order, each in ONE campaign document write (a new
 * campaign with its first allocation, or an allocation added under the campaign's revision guard)
 * with its funds event, so a line is never half applied and a retry of the file counts nothing twice.
 */
@Injectable()
export class AllocationsService {
  private readonly logger = new Logger(AllocationsService.name);

  constructor(
    private readonly repo: CatalogRepository,
    private readonly payments: PaymentsRepository,
    @Inject(CLAIMS_CONFIG) private readonly config: ClaimsConfig,
  ) {}

  async dryRun(caller: CallerIdentity, body: Buffer): Promise<ResponseBody<'AllocationDryRun'>> {
    requireRole(caller, [...CATALOG_WRITERS], 'checking an allocation file');
    const file = readAllocationFile(body, this.config.ALLOCATIONS_CSV_MAX_LINES);
    const { planned } = await this.plan(file, caller);
    const errors = planned.flatMap((p) => (p.decision.kind === 'invalid' ? p.decision.violations : []));
    const count = (kind: LineDecision['kind']) => planned.filter((p) => p.decision.kind === kind).length;
    return answer('AllocationDryRun', {
      dryRun: true,
      file: { sha256: file.sha256, lines: file.lines.length },
      valid: errors.length === 0,
      summary: {
        createCampaign: count('create_campaign'),
        allocate: count('allocate'),
        unchanged: count('unchanged'),
        invalid: count('invalid'),
      },
      lines: planned.map((p) => ({ ...lineSummary(p), outcome: p.decision.kind })),
      errors,
    });
  }

  async apply(caller: CallerIdentity, body: Buffer): Promise<ResponseBody<'AllocationApplied'>> {
    requireRole(caller, [...CATALOG_WRITERS], 'applying an allocation file');
    const file = readAllocationFile(body, this.config.ALLOCATIONS_CSV_MAX_LINES);
    const { planned, lookups } = await this.plan(file, caller);
    const errors = planned.flatMap((p) => (p.decision.kind === 'invalid' ? p.decision.violations : []));
    if (errors.length) {
      const bad = new Set(errors.map((e) => e.line)).size;
      throw new DomainError(
        'ALLOCATIONS.LINES_INVALID',
        'invalid',
        `${bad} of ${file.lines.length} lines break rules (each named in errors, with its line); nothing was applied`,
        errors,
      );
    }
    const done: {
      summary: ReturnType<typeof lineSummary>;
      outcome: AppliedOutcome;
      campaign?: CampaignState;
      errors?: LineViolation[];
    }[] = [];
    for (const p of planned)
      done.push({ summary: lineSummary(p), ...(await this.applyLine(p.allocation!, file, caller, lookups)) });
    // Each line's balance as its write left it, with what payouts counted against the campaign.
    const paid = await this.payments.paidByCampaign([
      ...new Set(done.flatMap((d) => (d.campaign ? [d.campaign.id] : []))),
    ]);
    const lines = done.map(({ summary, outcome, campaign, errors }) => ({
      ...summary,
      outcome,
      ...(campaign ? { balance: balanceView(campaign, paid.get(campaign.id)) } : {}),
      ...(errors ? { errors } : {}),
    }));
    const count = (o: AppliedOutcome) => lines.filter((l) => l.outcome === o).length;
    return answer('AllocationApplied', {
      dryRun: false,
      file: { sha256: file.sha256, lines: file.lines.length },
      summary: {
        campaignCreated: count('campaign_created'),
        allocated: count('allocated'),
        unchanged: count('unchanged'),
        refused: count('refused'),
      },
      lines,
    });
  }

  /** Every line decided against the catalog as the earlier lines of the file would leave it. */
  private async plan(file: AllocationFile, caller: CallerIdentity) {
    const read = file.lines.map((raw) => ({ raw, ...readLine(raw) }));
    const ok = read.flatMap((r) => (r.line ? [r.line] : []));
    const [campaigns, partners, plans] = await Promise.all([
      this.repo.findCampaigns(ok.map((l) => l.campaignId)),
      this.repo.findPartners(ok.map((l) => l.partnerId)),
      this.repo.findPlans(ok.flatMap((l) => (l.campaign.planId ? [l.campaign.planId] : []))),
    ]);
    const lookups: Lookups = { partners, plans };
    const now = new Date();
    const planned: Planned[] = read.map((r) => {
      if (!r.line) return { line: r.raw.line, decision: { kind: 'invalid', violations: r.violations } };
      const l = r.line;
      const decision = decideLine(l, this.facts(l, campaigns.get(l.campaignId), lookups));
      const record = recordOf(l, file.sha256, caller.subject, now);
      if (decision.kind === 'create_campaign')
        campaigns.set(l.campaignId, this.newCampaign(l, record, lookups, caller, now));
      if (decision.kind === 'allocate')
        new CampaignLedger(campaigns.get(l.campaignId)!).allocate(l.allocationId, record);
      return { line: l.line, allocation: l, decision };
    });
    return { planned, lookups };
  }

  private facts(l: AllocationLine, campaign: CampaignState | undefined | null, lookups: Lookups) {
    return {
      campaign: campaign ?? undefined,
      partnerExists: lookups.partners.has(l.partnerId),
      planExists: l.campaign.planId !== undefined && lookups.plans.has(l.campaign.planId),
    };
  }

  private newCampaign(
    l: AllocationLine,
    record: ReturnType<typeof recordOf>,
    lookups: Lookups,
    caller: CallerIdentity,
    now: Date,
  ): CampaignState {
    const f = l.campaign;
    return openCampaign({
      id: l.campaignId,
      plan: lookups.plans.get(f.planId!)!,
      partnerId: l.partnerId,
      name: f.name!,
      activityType: f.activityType!,
      startDate: f.startDate!,
      endDate: f.endDate!,
      claimDeadlineDays: f.claimDeadlineDays ?? DEFAULT_CLAIM_DEADLINE_DAYS,
      currency: l.currency,
      allocatedMinor: l.amountMinor,
      reimbursement: {
        ratioBasisPoints: f.contributionRatioBasisPoints ?? FULL_REIMBURSEMENT.ratioBasisPoints,
        capMinor: f.capPerClaimMinor ?? null,
      },
      createdBy: caller.subject,
      now,
      allocations: { [l.allocationId]: record },
    });
  }

  /**
   * One line, decided again on the campaign as it is now and written in one document write: an
   * insert of the new campaign (a concurrent insert of the same id makes it an existing campaign,
   * decided afresh) or the allocation under the revision guard (a concurrent change: read again).
   */
  private async applyLine(l: AllocationLine, file: AllocationFile, caller: CallerIdentity, lookups: Lookups) {
    for (let attempt = 1; attempt <= LINE_ATTEMPTS; attempt++) {
      const campaign = await this.repo.findCampaign(l.campaignId);
      const decision = decideLine(l, this.facts(l, campaign, lookups));
      const now = new Date();
      const record = recordOf(l, file.sha256, caller.subject, now);
      const event = (state: CampaignState) =>
        toOutbox([
          pendingEvent('poe.claims.campaign.funds-changed.v1', {
            ...new CampaignLedger(state).fundsChanged('allocated', now),
            allocationId: l.allocationId,
          }),
        ]);
      switch (decision.kind) {
        case 'invalid':
          // The catalog changed since the file was checked (another file or request got there first).
          return { outcome: 'refused' as const, errors: decision.violations };
        case 'unchanged':
          return { outcome: 'unchanged' as const, campaign: campaign! };
        case 'create_campaign': {
          const state = this.newCampaign(l, record, lookups, caller, now);
          try {
            await this.repo.insertCampaign(state, event(state));
            return { outcome: 'campaign_created' as const, campaign: state };
          } catch (e) {
            if ((e as DomainError).code !== 'CATALOG.ALREADY_EXISTS') throw e;
            continue;
          }
        }
        case 'allocate': {
          const state = campaign!;
          const expected = state.revision;
          new CampaignLedger(state).allocate(l.allocationId, record);
          if (await this.repo.saveAllocation(state, expected, event(state)))
            return { outcome: 'allocated' as const, campaign: state };
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
          continue;
        }
        default: {
          const never: never = decision;
          throw new Error(`unknown decision ${JSON.stringify(never)}`);
        }
      }
    }
    this.logger.error({ msg: 'campaign stayed contended during an allocation', campaignId: l.campaignId });
    throw new DomainError(
      'CAMPAIGN.BUSY',
      'unavailable',
      `campaign ${l.campaignId} is too busy right now; retry the file`,
      [],
      1,
    );
  }
}
