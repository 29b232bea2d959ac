import {
  type ClaimStatus,
  formatContributionRatio,
  type MinorMoney,
  type Money as DecimalMoney,
  type ReviewDecision,
} from '@poe/contracts';
import { toDecimal } from '@poe/platform';
import { FULL_REIMBURSEMENT, reimbursableMinor } from '../catalog/reimbursement';
import { dateOf, endOfDay, isCalendarDate } from '../shared/dates';
import { RuleViolation, violation } from './claims.errors';
import type {
  CampaignTerms,
  ClaimState,
  DisputeContext,
  DisputeInput,
  Evidence,
  KnownDocument,
  KnownPreApproval,
} from './claim-types';
import { disputeDeadline } from './dispute-window';

/**
 * The claim's rules as plain functions: the state machine, and each rule naming the field it is
 * about (the problem+json `errors[].rule` of docs/rules.md). The aggregate (claim.ts) calls them and
 * turns their violations into refusals.
 */

/** Where a claim can only be once a submit went through and no one sent it back for changes. */
export const SUBMITTED_OR_DECIDED: readonly ClaimStatus[] = ['SUBMITTED', 'UNDER_REVIEW', 'APPROVED', 'REJECTED'];

/** The state machine (docs/claims.md draws it); every status must be listed, so a new one cannot be forgotten. */
const TRANSITIONS = {
  EDITING: ['SUBMITTED', 'WITHDRAWN', 'EXPIRED'],
  SUBMITTED: ['UNDER_REVIEW', 'WITHDRAWN'],
  UNDER_REVIEW: ['APPROVED', 'REJECTED', 'ACTION_REQUIRED', 'WITHDRAWN'],
  ACTION_REQUIRED: ['EDITING', 'WITHDRAWN'],
  APPROVED: [],
  // Disputed once at most, within the program's window (checkDispute); a rejection after a dispute is final.
  REJECTED: ['DISPUTED'],
  DISPUTED: ['UNDER_REVIEW', 'WITHDRAWN'],
  WITHDRAWN: [],
  EXPIRED: [],
} as const satisfies Record<ClaimStatus, readonly ClaimStatus[]>;

/**
 * Where each review decision takes a claim; every decision must be listed (a new one fails the
 * build here), and whether the claim may go there is still the state machine's call.
 */
export const DECISION_TARGET = {
  start_review: 'UNDER_REVIEW',
  request_action: 'ACTION_REQUIRED',
  approve: 'APPROVED',
  reject: 'REJECTED',
} as const satisfies Record<ReviewDecision, ClaimStatus>;

export const canTransition = (from: ClaimStatus, to: ClaimStatus) =>
  (TRANSITIONS[from] as readonly ClaimStatus[]).includes(to);
/** No way out: nothing may change these claims any more. */
export const isFinal = (status: ClaimStatus) => TRANSITIONS[status].length === 0;

const money = (minor: number, currency: string): DecimalMoney => toDecimal(minor, currency);

/** What the campaign reimburses of this claim: frozen by its last submit (the claimed amount before the rules). */
export const reimbursableOf = (s: Pick<ClaimState, 'reimbursement' | 'amountMinor'>): number =>
  s.reimbursement?.reimbursableMinor ?? s.amountMinor;
export const invoiceKeyOf = (vendor: string, invoiceNumber: string) =>
  `${vendor.trim().toLowerCase().replace(/\s+/g, ' ')}|${invoiceNumber.trim().toLowerCase().replace(/\s+/g, '')}`;

export function checkExecutionDate(date: string, campaign: CampaignTerms): RuleViolation[] {
  if (!isCalendarDate(date))
    return [
      violation(
        'CLAIM.DATE_INVALID',
        'executionDate',
        'isCalendarDate',
        'executionDate must be a calendar date YYYY-MM-DD',
      ),
    ];
  if (date < campaign.startDate || date > campaign.endDate) {
    return [
      violation(
        'CLAIM.EXECUTION_DATE_OUTSIDE_CAMPAIGN',
        'executionDate',
        'withinCampaignWindow',
        `executionDate must be between the campaign's start ${campaign.startDate} and end ${campaign.endDate}`,
      ),
    ];
  }
  return [];
}

/**
 * The claimed cost, and what the campaign would reimburse of it against its remaining funds.
 * `heldMinor`: what this claim already holds on the campaign (a resubmit only needs the difference).
 */
export function checkAmount(amount: MinorMoney, campaign: CampaignTerms, heldMinor: number): RuleViolation[] {
  if (amount.currency !== campaign.currency) {
    return [
      violation(
        'CLAIM.CURRENCY_MISMATCH',
        'amount.currency',
        'matchesCampaignCurrency',
        `amount.currency must be the campaign's currency ${campaign.currency}`,
      ),
    ];
  }
  if (amount.minor <= 0)
    return [violation('CLAIM.AMOUNT_NOT_POSITIVE', 'amount.amount', 'isPositive', 'amount must be greater than zero')];
  const reimbursable = reimbursableMinor(amount.minor, campaign.reimbursement ?? FULL_REIMBURSEMENT);
  if (reimbursable === 0)
    return [
      violation(
        'CLAIM.NOTHING_REIMBURSABLE',
        'amount.amount',
        'reimbursableIsPositive',
        `the campaign reimburses ${formatContributionRatio(campaign.reimbursement!.ratioBasisPoints)} of the cost, which is less than one minor unit of ${amount.currency} for this amount`,
      ),
    ];
  if (reimbursable > campaign.remainingMinor + heldMinor)
    return [insufficientFunds(campaign.remainingMinor + heldMinor, campaign.currency, reimbursable, amount.minor)];
  return [];
}

/**
 * The reimbursable amount needs more than the campaign has left for this claim. The message names
 * the reimbursable amount when the campaign's rules make it less than the claimed one.
 */
export function insufficientFunds(
  leftMinor: number,
  currency: string,
  reimbursableMinor: number,
  claimedMinor: number,
): RuleViolation {
  const left = money(leftMinor, currency);
  const what =
    reimbursableMinor === claimedMinor
      ? 'amount is'
      : `the reimbursable ${money(reimbursableMinor, currency).amount} of the claimed ${money(claimedMinor, currency).amount} is`;
  return violation(
    'CLAIM.AMOUNT_EXCEEDS_REMAINING_FUNDS',
    'amount.amount',
    'withinRemainingFunds',
    `${what} more than the campaign's remaining funds (${left.amount} ${left.currency})`,
  );
}

/**
 * A dispute re-reserves what the rejection released; when the campaign has less left the dispute is
 * refused and nothing changes (the claim stays REJECTED, its window runs on).
 */
export function disputeUnfunded(leftMinor: number, currency: string, reimbursableMinor: number): RuleViolation {
  return violation(
    'CLAIM.DISPUTE_UNFUNDED',
    'reimbursable',
    'withinRemainingFunds',
    `a dispute reserves the reimbursable ${money(reimbursableMinor, currency).amount} ${currency} again, and the campaign has ${money(leftMinor, currency).amount} ${currency} left; ask the program to add funds, then dispute again within the window`,
  );
}

export function checkImpressions(n: number): RuleViolation[] {
  return Number.isSafeInteger(n) && n >= 0
    ? []
    : [
        violation(
          'CLAIM.IMPRESSIONS_INVALID',
          'estimatedImpressions',
          'isWholeNumberAtLeastZero',
          'estimatedImpressions must be a whole number >= 0',
        ),
      ];
}

export function checkDeadline(campaign: CampaignTerms, now: Date): RuleViolation[] {
  return now.getTime() > endOfDay(campaign.claimDeadline).getTime()
    ? [
        violation(
          'CLAIM.DEADLINE_PASSED',
          'campaignId',
          'beforeClaimDeadline',
          `claims for this campaign were due by ${campaign.claimDeadline} (today is ${dateOf(now)})`,
        ),
      ]
    : [];
}

export function checkPreApproval(
  id: string,
  pa: KnownPreApproval | null,
  partnerId: string,
  campaignId: string,
  now: Date,
): RuleViolation[] {
  // Another partner's pre-approval reads as unknown, so ids of other partners cannot be probed.
  if (!pa || pa.id !== id || pa.partnerId !== partnerId)
    return [
      violation(
        'CLAIM.PRE_APPROVAL_UNKNOWN',
        'preApprovalId',
        'exists',
        `preApprovalId ${id} names no pre-approval issued to your partner org`,
      ),
    ];
  if (pa.campaignId !== campaignId)
    return [
      violation(
        'CLAIM.PRE_APPROVAL_WRONG_CAMPAIGN',
        'preApprovalId',
        'sameCampaign',
        `preApprovalId ${id} was issued for another campaign`,
      ),
    ];
  if (pa.revoked)
    return [violation('CLAIM.PRE_APPROVAL_REVOKED', 'preApprovalId', 'notRevoked', `preApprovalId ${id} was revoked`)];
  if (now.getTime() > new Date(pa.validUntil).getTime())
    return [
      violation(
        'CLAIM.PRE_APPROVAL_EXPIRED',
        'preApprovalId',
        'notExpired',
        `preApprovalId ${id} expired at ${pa.validUntil}`,
      ),
    ];
  if (now.getTime() < new Date(pa.validFrom).getTime())
    return [
      violation(
        'CLAIM.PRE_APPROVAL_NOT_YET_VALID',
        'preApprovalId',
        'isValidNow',
        `preApprovalId ${id} is valid from ${pa.validFrom}`,
      ),
    ];
  return [];
}

export function checkDocument(
  id: string,
  kind: KnownDocument['kind'],
  doc: KnownDocument | undefined,
  partnerId: string,
  field: string,
): RuleViolation[] {
  if (!doc || doc.partnerId !== partnerId)
    return [
      violation(
        'CLAIM.DOCUMENT_UNKNOWN',
        field,
        'exists',
        `${field} names no document of your partner org (${id}); upload it first`,
      ),
    ];
  if (doc.deleted)
    return [violation('CLAIM.DOCUMENT_DELETED', field, 'notDeleted', `${field} names a deleted document (${id})`)];
  if (doc.kind !== kind)
    return [
      violation(
        'CLAIM.DOCUMENT_WRONG_KIND',
        field,
        'isKind',
        `${field} must name a ${kind} document, ${id} is a ${doc.kind}`,
      ),
    ];
  return [];
}

export function checkEvidenceTotal(e: Evidence, s: Pick<ClaimState, 'amountMinor' | 'currency'>): RuleViolation[] {
  const field = e.kind === 'invoice' ? 'invoice.amount' : 'csr.documentId';
  const total = e.kind === 'invoice' ? e.amountMinor : e.totalMinor;
  if (e.currency !== s.currency) {
    return [
      violation(
        'CLAIM.EVIDENCE_CURRENCY_MISMATCH',
        e.kind === 'invoice' ? 'invoice.amount.currency' : field,
        'matchesClaimCurrency',
        `the ${e.kind} is in ${e.currency}, the claim in ${s.currency}`,
      ),
    ];
  }
  if (total < s.amountMinor) {
    return [
      violation(
        'CLAIM.EVIDENCE_TOTAL_TOO_LOW',
        field,
        'atLeastClaimedAmount',
        `the ${e.kind} total ${money(total, e.currency).amount} is less than the claimed amount ${money(s.amountMinor, s.currency).amount}`,
      ),
    ];
  }
  return [];
}

/**
 * A dispute's own rules (the status, and that it is the first, are checked by the aggregate): a
 * reason, proof documents as at attach, and the program's window counted from the rejection.
 */
export function checkDispute(
  s: Pick<ClaimState, 'partnerId' | 'proofDocuments' | 'decision'>,
  input: DisputeInput,
  ctx: DisputeContext,
  now: Date,
): RuleViolation[] {
  const problems: RuleViolation[] = [];
  if (!input.reason.trim())
    problems.push(
      violation(
        'CLAIM.DISPUTE_REASON_REQUIRED',
        'reason',
        'isNotEmpty',
        'a dispute needs the reason the rejection is wrong',
      ),
    );
  input.proofDocuments.forEach((p, i) => {
    const field = `proofDocuments[${i}]`;
    problems.push(
      ...checkDocument(p.documentId, 'proof', ctx.documents.get(p.documentId), s.partnerId, `${field}.documentId`),
    );
    if (!p.note.trim())
      problems.push(
        violation(
          'CLAIM.PROOF_NOTE_REQUIRED',
          `${field}.note`,
          'isNotEmpty',
          'every proof document needs an explanatory note',
        ),
      );
    if (
      s.proofDocuments.some((d) => d.documentId === p.documentId) ||
      input.proofDocuments.findIndex((o) => o.documentId === p.documentId) !== i
    )
      problems.push(
        violation(
          'CLAIM.PROOF_ALREADY_ATTACHED',
          `${field}.documentId`,
          'isNew',
          `document ${p.documentId} is already a proof document of this claim`,
        ),
      );
  });
  const rejectedAt = new Date(s.decision!.decidedAt);
  const last = disputeDeadline(rejectedAt, ctx.window);
  if (now.getTime() > endOfDay(last).getTime())
    problems.push(
      violation(
        'CLAIM.DISPUTE_WINDOW_CLOSED',
        'decision.decidedAt',
        'withinDisputeWindow',
        `a rejection can be disputed within ${ctx.window.businessDays} business days (weekends and the program's holidays excluded); this one, of ${dateOf(rejectedAt)}, could be disputed until ${last} (today is ${dateOf(now)})`,
      ),
    );
  return problems;
}
