import { CATALOG_ID_PATTERN, formatContributionRatio } from '@poe/contracts';
import { DomainError } from '@poe/platform';
import { createHash } from 'node:crypto';
import { type AllocationRecord, type CampaignState, reimbursementOf } from '../catalog/campaign';
import { readReimbursement } from '../catalog/reimbursement';
import { isCalendarDate } from '../shared/dates';
import { toDecimal, toMinor } from '@poe/platform';
import type { Column, LineViolation, RawLine } from './allocation-file';

/**
 * One allocation line's rules, as plain functions: what a line says (`readLine`), and what applying
 * it to the catalog as it stands would do (`decideLine`). A line is identified by its campaign and
 * its `allocationId` (the admin's reference, unique per campaign): the campaign document remembers
 * every allocation it received with a fingerprint of the line, so the same line applied again is
 * recognised and changes nothing, and the same reference with other content is refused.
 */

const CATALOG_ID = CATALOG_ID_PATTERN;
/** No `.` or `$`: the reference is a key of the campaign's `allocations` map. */
export const ALLOCATION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** The fields of the campaign a line creates (or must match, when the campaign exists). */
export interface CampaignFields {
  planId?: string;
  name?: string;
  activityType?: string;
  startDate?: string;
  endDate?: string;
  claimDeadlineDays?: number;
  /** The reimbursement rules (docs/reimbursement.md), each only when the line gives it. */
  contributionRatioBasisPoints?: number;
  capPerClaimMinor?: number;
}

export interface AllocationLine {
  line: number;
  partnerId: string;
  campaignId: string;
  allocationId: string;
  amountMinor: number;
  currency: string;
  fingerprint: string;
  campaign: CampaignFields;
}

/** What applying the line would do. */
export type LineDecision =
  | { kind: 'create_campaign' }
  | { kind: 'allocate' }
  | { kind: 'unchanged' }
  | { kind: 'invalid'; violations: LineViolation[] };

const violation = (line: number, field: string, rule: string, code: string, message: string): LineViolation => ({
  line,
  field,
  rule,
  code,
  message,
});

/** The line's own rules (shape, money, dates), before the catalog is looked at. */
export function readLine(raw: RawLine): { line?: AllocationLine; violations: LineViolation[] } {
  const out: LineViolation[] = [];
  const n = raw.line;
  const cell = (c: Column) => raw.cells[c];
  const required = (c: Column, pattern: RegExp, what: string) => {
    const v = cell(c);
    if (v === undefined) out.push(violation(n, c, 'isNotEmpty', 'ALLOCATION.FIELD_REQUIRED', `${c} is required`));
    else if (!pattern.test(v)) out.push(violation(n, c, 'matches', 'ALLOCATION.FIELD_INVALID', `${c} must be ${what}`));
    return v;
  };
  const idRule = '1-64 letters, digits or ._- starting with a letter or digit';
  const partnerId = required('partnerId', CATALOG_ID, idRule);
  const campaignId = required('campaignId', CATALOG_ID, idRule);
  const allocationId = required(
    'allocationId',
    ALLOCATION_ID,
    '1-64 letters, digits or _- starting with a letter or digit',
  );

  let money: { minor: number; currency: string } | undefined;
  const amount = cell('amount');
  const currency = cell('currency');
  if (amount === undefined)
    out.push(violation(n, 'amount', 'isNotEmpty', 'ALLOCATION.FIELD_REQUIRED', 'amount is required'));
  if (currency === undefined)
    out.push(violation(n, 'currency', 'isNotEmpty', 'ALLOCATION.FIELD_REQUIRED', 'currency is required'));
  if (amount !== undefined && currency !== undefined) {
    try {
      // A leading `-` reduces the campaign's allocation (decideLine says by how much it may).
      // The rest goes through the one money parser; its field names (`x.amount`) become the column's.
      const reduction = amount.startsWith('-');
      const size = toMinor({ amount: reduction ? amount.slice(1) : amount, currency }, 'x');
      money = { minor: reduction ? -size.minor : size.minor, currency: size.currency };
      if (size.minor === 0) {
        out.push(
          violation(
            n,
            'amount',
            'isNotZero',
            'ALLOCATION.AMOUNT_ZERO',
            'amount must not be zero: more than zero adds funds, less than zero (a leading -) takes them back',
          ),
        );
      }
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      for (const v of e.violations)
        out.push(violation(n, v.field.replace(/^x\./, ''), v.rule, e.code, v.message.replace(/^x\./, '')));
    }
  }

  const campaign: CampaignFields = {};
  const text = (c: 'planId' | 'name' | 'activityType', max: number, pattern?: RegExp) => {
    const v = cell(c);
    if (v === undefined) return;
    if (v.length > max || (pattern && !pattern.test(v)))
      out.push(
        violation(
          n,
          c,
          pattern ? 'matches' : 'maxLength',
          'ALLOCATION.FIELD_INVALID',
          `${c} must be ${pattern ? idRule : `at most ${max} characters`}`,
        ),
      );
    else campaign[c] = v;
  };
  text('planId', 64, CATALOG_ID);
  text('name', 200);
  text('activityType', 100);
  for (const c of ['startDate', 'endDate'] as const) {
    const v = cell(c);
    if (v === undefined) continue;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || !isCalendarDate(v))
      out.push(violation(n, c, 'isCalendarDate', 'ALLOCATION.DATE_INVALID', `${c} must be a calendar date YYYY-MM-DD`));
    else campaign[c] = v;
  }
  if (campaign.startDate && campaign.endDate && campaign.endDate < campaign.startDate)
    out.push(
      violation(
        n,
        'endDate',
        'notBeforeStartDate',
        'CAMPAIGN.DATES_OUT_OF_ORDER',
        'endDate must be on or after startDate',
      ),
    );
  const days = cell('claimDeadlineDays');
  if (days !== undefined) {
    if (!/^\d{1,4}$/.test(days) || Number(days) > 3650)
      out.push(
        violation(
          n,
          'claimDeadlineDays',
          'isInt',
          'ALLOCATION.FIELD_INVALID',
          'claimDeadlineDays must be a whole number 0-3650',
        ),
      );
    else campaign.claimDeadlineDays = Number(days);
  }

  const ratio = cell('contributionRatio');
  const cap = cell('capPerClaim');
  if ((ratio !== undefined || cap !== undefined) && money) {
    const rules = readReimbursement(
      {
        contributionRatio: ratio,
        capPerClaim: cap === undefined ? undefined : { amount: cap, currency: money.currency },
      },
      money.currency,
    );
    if (rules.ok) {
      if (ratio !== undefined) campaign.contributionRatioBasisPoints = rules.rules.ratioBasisPoints;
      if (cap !== undefined) campaign.capPerClaimMinor = rules.rules.capMinor!;
    } else {
      // The cap is an amount in the line's currency: its column is `capPerClaim`.
      for (const p of rules.problems)
        for (const v of p.violations)
          out.push(violation(n, v.field.replace(/^capPerClaim\..*$/, 'capPerClaim'), v.rule, p.code, v.message));
    }
  }

  if (out.length || !partnerId || !campaignId || !allocationId || !money) return { violations: out };
  return {
    violations: [],
    line: {
      line: n,
      partnerId,
      campaignId,
      allocationId,
      amountMinor: money.minor,
      currency: money.currency,
      fingerprint: fingerprintOf(partnerId, campaignId, allocationId, money.minor, money.currency),
      campaign,
    },
  };
}

export const fingerprintOf = (
  partnerId: string,
  campaignId: string,
  allocationId: string,
  minor: number,
  currency: string,
) =>
  createHash('sha256')
    .update(JSON.stringify([partnerId, campaignId, allocationId, minor, currency]))
    .digest('hex');

/** What the catalog knows that a line's decision depends on. */
export interface CatalogFacts {
  /** The campaign as it stands (after the earlier lines of the file, in a dry run), if it exists. */
  campaign?: CampaignState;
  partnerExists: boolean;
  /** The plan the line names for a new campaign, if it exists. */
  planExists: boolean;
}

const NEW_CAMPAIGN_FIELDS = ['planId', 'name', 'activityType', 'startDate', 'endDate'] as const;

/** What applying the line to the catalog as `facts` describe it would do. */
export function decideLine(l: AllocationLine, facts: CatalogFacts): LineDecision {
  const out: LineViolation[] = [];
  const n = l.line;
  if (!facts.partnerExists)
    out.push(
      violation(
        n,
        'partnerId',
        'exists',
        'CATALOG.PARTNER_UNKNOWN',
        `partnerId names no known partner (${l.partnerId})`,
      ),
    );
  const c = facts.campaign;
  if (!c) {
    for (const f of NEW_CAMPAIGN_FIELDS) {
      if (l.campaign[f] === undefined)
        out.push(
          violation(
            n,
            f,
            'requiredForNewCampaign',
            'ALLOCATION.FIELD_REQUIRED',
            `${f} is required: campaign ${l.campaignId} does not exist yet`,
          ),
        );
    }
    if (l.campaign.planId !== undefined && !facts.planExists)
      out.push(
        violation(n, 'planId', 'exists', 'CATALOG.PLAN_UNKNOWN', `planId names no known plan (${l.campaign.planId})`),
      );
    if (l.amountMinor < 0)
      out.push(
        violation(
          n,
          'amount',
          'positiveForNewCampaign',
          'ALLOCATION.REDUCTION_OF_NEW_CAMPAIGN',
          `amount must be greater than zero: campaign ${l.campaignId} does not exist yet, so there is nothing to take back`,
        ),
      );
    return out.length ? { kind: 'invalid', violations: out } : { kind: 'create_campaign' };
  }
  const mismatch = (field: string, theirs: string | number) =>
    out.push(
      violation(
        n,
        field,
        'matchesCampaign',
        'ALLOCATION.CAMPAIGN_MISMATCH',
        `${field} differs from campaign ${c.id}'s (${theirs})`,
      ),
    );
  if (facts.partnerExists && c.partnerId !== l.partnerId) mismatch('partnerId', c.partnerId);
  for (const f of [...NEW_CAMPAIGN_FIELDS, 'claimDeadlineDays'] as const) {
    const mine = l.campaign[f];
    if (mine !== undefined && mine !== c[f]) mismatch(f, c[f]);
  }
  // A line does not change the rules of a campaign that exists (PUT .../reimbursement does).
  const rules = reimbursementOf(c);
  const ratio = l.campaign.contributionRatioBasisPoints;
  if (ratio !== undefined && ratio !== rules.ratioBasisPoints)
    mismatch('contributionRatio', formatContributionRatio(rules.ratioBasisPoints));
  const cap = l.campaign.capPerClaimMinor;
  if (cap !== undefined && cap !== rules.capMinor)
    mismatch('capPerClaim', rules.capMinor === null ? 'no cap' : toDecimal(rules.capMinor, c.currency).amount);
  if (l.currency !== c.currency)
    out.push(
      violation(
        n,
        'currency',
        'sameCurrencyAsCampaign',
        'ALLOCATION.CURRENCY_MISMATCH',
        `currency must be the campaign's (${c.currency})`,
      ),
    );
  if (!Number.isSafeInteger(c.allocatedMinor + l.amountMinor))
    out.push(
      violation(
        n,
        'amount',
        'isSafeAmount',
        'MONEY.AMOUNT_INVALID',
        `amount would take campaign ${c.id}'s allocation past what can be counted exactly`,
      ),
    );
  const applied = c.allocations?.[l.allocationId];
  if (!applied && l.amountMinor < 0 && -l.amountMinor > c.remainingMinor) {
    // Funds reserved for submitted claims or approved are the partner's; only what remains can go back.
    const remaining = toDecimal(c.remainingMinor, c.currency);
    out.push(
      violation(
        n,
        'amount',
        'atMostRemaining',
        'ALLOCATION.REDUCTION_EXCEEDS_REMAINING',
        `amount takes back more than campaign ${c.id} has left (${remaining.amount} ${remaining.currency}); reserved and approved funds stay`,
      ),
    );
  }
  if (applied && applied.fingerprint !== l.fingerprint) {
    const was = toDecimal(applied.amountMinor, c.currency);
    out.push(
      violation(
        n,
        'allocationId',
        'sameAsApplied',
        'ALLOCATION.REFERENCE_REUSED',
        `allocation ${l.allocationId} of campaign ${c.id} was applied with other content (${was.amount} ${was.currency}, line ${applied.line} of file ${applied.fileSha256.slice(0, 12)})`,
      ),
    );
  }
  if (out.length) return { kind: 'invalid', violations: out };
  return applied ? { kind: 'unchanged' } : { kind: 'allocate' };
}

export const recordOf = (l: AllocationLine, fileSha256: string, appliedBy: string, at: Date): AllocationRecord => ({
  amountMinor: l.amountMinor,
  fingerprint: l.fingerprint,
  appliedAt: at.toISOString(),
  appliedBy,
  fileSha256,
  line: l.line,
});
