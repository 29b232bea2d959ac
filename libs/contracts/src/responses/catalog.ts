/** The catalog's answers (claims service, catalog.service.ts and allocations.service.ts). */
import { CONTRIBUTION_RATIO_PATTERN } from '../reimbursement';
import { DATE, ID, Money, TIMESTAMP } from './common';
import { always, arrayOf, bool, component, describe, enumOf, int, nullable, object, str } from './shape';

const WINDOW_DAYS = int({
  minimum: 1,
  maximum: 60,
  description:
    'business days after the day of a rejection in which the partner may dispute it (weekends and holidays excluded)',
});
const HOLIDAYS = arrayOf(DATE, {
  description: 'days besides weekends that are not business days (UTC calendar dates), ascending',
});

export const ProgramSettings = component(
  'ProgramSettings',
  object({ disputeWindowBusinessDays: WINDOW_DAYS, holidays: HOLIDAYS }),
);
export const ProgramSettingsChange = component(
  'ProgramSettingsChange',
  object({ at: TIMESTAMP, by: str(), from: ProgramSettings, to: ProgramSettings, reason: str() }, [
    'at',
    'by',
    'from',
    'to',
  ]),
);

export const Program = component(
  'Program',
  object(
    {
      id: ID,
      name: str(),
      description: str(),
      minimumPayouts: arrayOf(Money, { description: 'per currency; absent: no minimum payout' }),
      revision: int({ minimum: 1, description: 'raised by each settings change; send it back as expectedRevision' }),
      disputeWindowBusinessDays: WINDOW_DAYS,
      holidays: HOLIDAYS,
      settingsHistory: arrayOf(ProgramSettingsChange),
      createdAt: TIMESTAMP,
      createdBy: str(),
    },
    ['id', 'name', 'revision', 'disputeWindowBusinessDays', 'holidays', 'settingsHistory', 'createdAt', 'createdBy'],
  ),
);
export const ProgramList = component('ProgramList', object({ items: arrayOf(Program) }));

export const Plan = component(
  'Plan',
  object({ id: ID, programId: ID, name: str(), description: str(), createdAt: TIMESTAMP, createdBy: str() }, [
    'id',
    'programId',
    'name',
    'createdAt',
    'createdBy',
  ]),
);
export const PlanList = component('PlanList', object({ items: arrayOf(Plan) }));

export const Partner = component('Partner', object({ id: ID, name: str(), createdAt: TIMESTAMP, createdBy: str() }));
export const PartnerList = component('PartnerList', object({ items: arrayOf(Partner) }));

/** docs/reimbursement.md: the share of a claim's cost the vendor pays, and the most per claim. */
const RATIO = str({
  pattern: CONTRIBUTION_RATIO_PATTERN,
  example: '0.5',
  description: 'a decimal string 0 < ratio <= 1 with at most 4 decimals; "1" pays the whole cost',
});
const CAP_PER_CLAIM = describe(nullable(Money), { description: "in the campaign's currency; null: no cap" });
export const ReimbursementRules = component(
  'ReimbursementRules',
  object({ contributionRatio: RATIO, capPerClaim: CAP_PER_CLAIM }),
);

export const CampaignBalance = component(
  'CampaignBalance',
  object({
    campaignId: ID,
    revision: int({ minimum: 1 }),
    allocated: Money,
    reserved: Money,
    approved: Money,
    /** The part of approved paid out, in the campaign currency (payouts at their rates). */
    paid: Money,
    remaining: Money,
  }),
);

export const Campaign = component(
  'Campaign',
  object({
    id: ID,
    programId: ID,
    planId: ID,
    partnerId: ID,
    name: str(),
    activityType: str(),
    startDate: DATE,
    endDate: DATE,
    claimDeadlineDays: int({ minimum: 0 }),
    claimDeadline: describe(DATE, { description: 'last day a claim may be submitted' }),
    claimDeadlineHistory: arrayOf(
      object({ from: DATE, to: DATE, by: str(), at: TIMESTAMP, reason: str() }, ['from', 'to', 'by', 'at']),
      { description: 'every extension of the claim deadline, oldest first' },
    ),
    contributionRatio: RATIO,
    capPerClaim: CAP_PER_CLAIM,
    reimbursementHistory: arrayOf(
      object({ from: ReimbursementRules, to: ReimbursementRules, by: str(), at: TIMESTAMP, reason: str() }, [
        'from',
        'to',
        'by',
        'at',
      ]),
      { description: 'every change of the reimbursement rules, oldest first' },
    ),
    allocated: Money,
    balance: CampaignBalance,
    createdAt: TIMESTAMP,
  }),
);
export const CampaignList = component('CampaignList', object({ items: arrayOf(Campaign) }));

// ---- allocations (allocations.service.ts) ----
/** One line of an allocation file as the reports name it (absent fields: the line could not be read). */
const ALLOCATION_LINE = {
  line: int({ minimum: 2, description: 'line number in the file; the header is line 1' }),
  partnerId: ID,
  campaignId: ID,
  allocationId: ID,
  amount: Money,
};
export const AllocationProblem = component(
  'AllocationProblem',
  object({ line: int({ minimum: 1 }), field: str(), rule: str(), code: str(), message: str() }, [
    'line',
    'field',
    'rule',
    'code',
    'message',
  ]),
);
export const AllocationFile = component(
  'AllocationFile',
  object({ sha256: str({ pattern: '^[0-9a-f]{64}$' }), lines: int({ minimum: 1 }) }),
);
export const AllocationDryRun = component(
  'AllocationDryRun',
  object({
    dryRun: always(true),
    file: AllocationFile,
    valid: bool,
    summary: object({
      createCampaign: int({ minimum: 0 }),
      allocate: int({ minimum: 0 }),
      unchanged: int({ minimum: 0 }),
      invalid: int({ minimum: 0 }),
    }),
    lines: arrayOf(
      object({ ...ALLOCATION_LINE, outcome: enumOf(['create_campaign', 'allocate', 'unchanged', 'invalid']) }, [
        'line',
        'outcome',
      ]),
    ),
    errors: arrayOf(AllocationProblem),
  }),
);
export const AllocationApplied = component(
  'AllocationApplied',
  object({
    dryRun: always(false),
    file: AllocationFile,
    summary: object({
      campaignCreated: int({ minimum: 0 }),
      allocated: int({ minimum: 0 }),
      unchanged: int({ minimum: 0 }),
      refused: int({ minimum: 0 }),
    }),
    lines: arrayOf(
      object(
        {
          ...ALLOCATION_LINE,
          outcome: enumOf(['campaign_created', 'allocated', 'unchanged', 'refused']),
          balance: CampaignBalance,
          errors: arrayOf(AllocationProblem, {
            description: 'only for a refused line: the catalog changed between the check and the write',
          }),
        },
        ['line', 'outcome'],
      ),
    ),
  }),
);
