import { paymentView, PaymentState } from '../payments/payment';
import type { Scope } from '../shared/access';
import { toDecimal } from '@poe/platform';
import { reimbursementView } from '../catalog/reimbursement';
import { type ClaimDuplicateFlag, type ClaimState, reimbursableOf, type Snapshot } from './claim';
import { answer, type ResponseBody } from '@poe/contracts/responses';

/** A claim as the API answers it (the `Claim` response shape of @poe/contracts/responses). */
export type ClaimView = ResponseBody<'Claim'>;
/** GET /claims/{id}: the claim and its history. */
export type ClaimWithHistoryView = ResponseBody<'ClaimWithHistory'>;

/**
 * A duplicate flag as `audience` may see it. The review team and service accounts get every
 * matching claim; a partner-side caller learns that duplicates exist and how many, but is named
 * only its own partner's claims: another partner's claim id is not its business (issue #13).
 */
export function duplicateFlagView(
  f: Snapshot<ClaimDuplicateFlag>,
  audience: Scope,
): ResponseBody<'ClaimDuplicateFlag'> {
  return answer('ClaimDuplicateFlag', {
    reason: f.reason,
    documentId: f.documentId,
    matchingClaimCount: f.matchingClaimIds.length,
    matchingClaimIds: audience.kind === 'all' ? f.matchingClaimIds : (f.samePartnerClaimIds ?? []),
  });
}

/**
 * The public shape of a claim for `audience`: money as decimal strings, internals (outbox, pending
 * steps) left out.
 */
export function claimView(s: Snapshot<ClaimState>, audience: Scope): ClaimView {
  const money = (minor: number) => toDecimal(minor, s.currency);
  const e = s.evidence;
  return answer('Claim', {
    id: s.id,
    partnerId: s.partnerId,
    programId: s.programId,
    planId: s.planId,
    campaignId: s.campaignId,
    status: s.status,
    version: s.version,
    name: s.name,
    executionDate: s.executionDate,
    amount: money(s.amountMinor),
    // Claimed, reimbursable (from the rules the last submit froze), approved: docs/reimbursement.md.
    claimed: money(s.amountMinor),
    reimbursable: s.submissionCount ? money(reimbursableOf(s)) : null,
    approved: s.approvedMinor === null ? null : money(s.approvedMinor),
    reimbursement: s.reimbursement ? reimbursementView(s.reimbursement, s.currency) : null,
    details: {
      claimName: s.claimName,
      claimDate: s.claimDate,
      estimatedImpressions: s.estimatedImpressions,
      preApprovalId: s.preApprovalId,
    },
    evidence: !e
      ? null
      : e.kind === 'invoice'
        ? {
            invoice: {
              documentId: e.documentId,
              invoiceNumber: e.invoiceNumber,
              invoiceDate: e.invoiceDate,
              vendor: e.vendor,
              amount: toDecimal(e.amountMinor, e.currency),
            },
          }
        : { csr: { documentId: e.documentId, total: toDecimal(e.totalMinor, e.currency) } },
    proofDocuments: s.proofDocuments,
    comments: s.comments,
    submission: s.submissionCount
      ? { count: s.submissionCount, submittedAt: s.submittedAt, submittedBy: s.submittedBy, reviewDueAt: s.reviewDueAt }
      : null,
    reserved: s.reservation ? money(s.reservation.amountMinor) : null,
    approvedAmount: s.approvedMinor === null ? null : money(s.approvedMinor),
    decision: s.decision,
    dispute: s.dispute ?? null,
    payment: paymentView({ ...s, payment: (s as ClaimState & { payment?: PaymentState }).payment ?? null }),
    duplicateFlags: s.duplicateFlags.map((f) => duplicateFlagView(f, audience)),
    createdAt: s.createdAt,
    createdBy: s.createdBy,
    updatedAt: s.updatedAt,
  });
}

/** The claim with its history, the answer to GET /claims/{id}. */
export function claimWithHistoryView(s: Snapshot<ClaimState>, audience: Scope): ClaimWithHistoryView {
  return answer('ClaimWithHistory', { ...claimView(s, audience), history: s.history });
}
