import {
  formatContributionRatio,
  type Money,
  RATIO_SCALE,
  readContributionRatio,
  type ReimbursementRulesData,
} from '@poe/contracts';
import { DomainError, toDecimal, toMinor } from '@poe/platform';
import { answer, type ResponseBody } from '@poe/contracts/responses';

/**
 * A campaign's reimbursement rules (docs/reimbursement.md): the vendor pays `ratio` of a claim's
 * cost, at most `capMinor` per claim. Integer arithmetic only: the ratio is basis points (1/10^4).
 */
export interface Reimbursement {
  /** 1..10000; 10000 pays the whole claimed cost. */
  ratioBasisPoints: number;
  /** In the campaign's currency; null: no cap. */
  capMinor: number | null;
}

/** What campaigns made before the rules existed pay: all of the cost, no cap. */
export const FULL_REIMBURSEMENT: Reimbursement = { ratioBasisPoints: RATIO_SCALE, capMinor: null };

/**
 * What the vendor pays of `claimedMinor`: claimed x ratio, rounded down to the currency's minor
 * unit (a vendor never pays a fraction of a cent more than its ratio says), then at most the cap.
 */
export function reimbursableMinor(claimedMinor: number, rules: Reimbursement): number {
  const share = Number((BigInt(claimedMinor) * BigInt(rules.ratioBasisPoints)) / BigInt(RATIO_SCALE));
  return rules.capMinor === null ? share : Math.min(share, rules.capMinor);
}

export const reimbursementView = (r: Reimbursement, currency: string): ResponseBody<'ReimbursementRules'> =>
  answer('ReimbursementRules', {
    contributionRatio: formatContributionRatio(r.ratioBasisPoints),
    capPerClaim: r.capMinor === null ? null : toDecimal(r.capMinor, currency),
  });

/** As events carry the rules: no `capPerClaim` when there is no cap. */
export const reimbursementData = (r: Reimbursement, currency: string): ReimbursementRulesData => ({
  contributionRatio: formatContributionRatio(r.ratioBasisPoints),
  ...(r.capMinor === null ? {} : { capPerClaim: toDecimal(r.capMinor, currency) }),
});

export const sameReimbursement = (a: Reimbursement, b: Reimbursement) =>
  a.ratioBasisPoints === b.ratioBasisPoints && a.capMinor === b.capMinor;

/**
 * Reads the rules a request (or an allocation line) gives for a campaign in `currency`: the ratio
 * defaults to "1", a missing or null cap means none. Every problem at once, each naming its field.
 */
export function readReimbursement(
  input: { contributionRatio?: unknown; capPerClaim?: Money | null },
  currency: string,
): { ok: true; rules: Reimbursement } | { ok: false; problems: DomainError[] } {
  const problems: DomainError[] = [];
  let ratioBasisPoints = RATIO_SCALE;
  if (input.contributionRatio !== undefined && input.contributionRatio !== null) {
    const ratio = readContributionRatio(input.contributionRatio);
    if (ratio.ok) ratioBasisPoints = ratio.basisPoints;
    else problems.push(ratio.rule === 'isRatio' ? ratioNotDecimal(ratio.message) : ratioOutOfRange(ratio.message));
  }
  let capMinor: number | null = null;
  if (input.capPerClaim) {
    try {
      const cap = toMinor(input.capPerClaim, 'capPerClaim');
      if (cap.currency !== currency) problems.push(capCurrencyMismatch(currency));
      else if (cap.minor <= 0) problems.push(capNotPositive());
      else capMinor = cap.minor;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      problems.push(e);
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, rules: { ratioBasisPoints, capMinor } };
}

/** One 422 naming every field (each with its own code when there are several), for an HTTP answer. */
export function reimbursementProblem(problems: DomainError[]): DomainError {
  if (problems.length === 1) return problems[0];
  return new DomainError(
    'CAMPAIGN.REIMBURSEMENT_INVALID',
    'invalid',
    problems.map((p) => p.message).join('; '),
    problems.flatMap((p) => p.violations.map((v) => ({ ...v, code: p.code }))),
  );
}

const ratioNotDecimal = (message: string) =>
  DomainError.invalidField('CAMPAIGN.CONTRIBUTION_RATIO_INVALID', 'contributionRatio', 'isRatio', message);

const ratioOutOfRange = (message: string) =>
  DomainError.invalidField('CAMPAIGN.CONTRIBUTION_RATIO_INVALID', 'contributionRatio', 'inRange', message);

const capCurrencyMismatch = (currency: string) =>
  DomainError.invalidField(
    'CAMPAIGN.CAP_CURRENCY_MISMATCH',
    'capPerClaim.currency',
    'matchesCampaignCurrency',
    `capPerClaim must be in the campaign's currency ${currency}`,
  );

const capNotPositive = () =>
  DomainError.invalidField(
    'CAMPAIGN.CAP_NOT_POSITIVE',
    'capPerClaim.amount',
    'isPositive',
    'capPerClaim must be greater than zero; leave it out (or null) for no cap',
  );
