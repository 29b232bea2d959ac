import { type ClaimState, reimbursableOf } from '../claims/claim';
import { toDecimal } from '@poe/platform';
import { paymentView, type PaymentState } from '../payments/payment';

/** A claim as the export reads it: its state and the payment sub-document payments.repository.ts keeps on it. */
export type ExportedClaim = ClaimState & { payment?: PaymentState | null };

/**
 * The columns of the finance CSV export of claims, in order. One table so that a new figure is one
 * entry here; nothing else changes (the stream, the route and the tests read this table).
 */
export interface ExportColumn {
  header: string;
  value(claim: ExportedClaim): string;
}

const money = (minor: number | null | undefined, currency: string) =>
  minor === null || minor === undefined ? '' : toDecimal(minor, currency).amount;

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading
 * `'` (OWASP "CSV injection"): claim names are partners' text and finance opens the file.
 */
export const asText = (value: string | null | undefined): string =>
  !value ? '' : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;

export const CLAIM_EXPORT_COLUMNS: readonly ExportColumn[] = [
  { header: 'claimId', value: (c) => c.id },
  { header: 'partnerId', value: (c) => c.partnerId },
  { header: 'programId', value: (c) => c.programId },
  { header: 'campaignId', value: (c) => c.campaignId },
  { header: 'status', value: (c) => c.status },
  { header: 'name', value: (c) => asText(c.name) },
  { header: 'executionDate', value: (c) => c.executionDate },
  { header: 'currency', value: (c) => c.currency },
  { header: 'claimedAmount', value: (c) => money(c.amountMinor, c.currency) },
  // What the campaign pays of the claimed cost, frozen at the last submit (docs/reimbursement.md); empty for a draft.
  {
    header: 'reimbursableAmount',
    value: (c) => (c.submissionCount ? money(reimbursableOf(c), c.currency) : ''),
  },
  { header: 'approvedAmount', value: (c) => money(c.approvedMinor, c.currency) },
  { header: 'createdAt', value: (c) => c.createdAt },
  { header: 'submittedAt', value: (c) => c.submittedAt ?? '' },
  {
    header: 'decidedAt',
    value: (c) => (c.status === 'APPROVED' || c.status === 'REJECTED' ? (c.decision?.decidedAt ?? '') : ''),
  },
  // Payment (docs/payments.md): empty until the claim is approved; the amounts in the campaign currency.
  { header: 'paymentStatus', value: (c) => paymentView(c)?.status ?? '' },
  { header: 'paidAmount', value: (c) => paymentView(c)?.paid.amount ?? '' },
  { header: 'outstandingAmount', value: (c) => paymentView(c)?.outstanding.amount ?? '' },
  { header: 'lastPayoutReference', value: (c) => asText(lastPayout(c)?.reference) },
  { header: 'lastPayoutDate', value: (c) => lastPayout(c)?.date ?? '' },
];

function lastPayout(c: ExportedClaim) {
  const payouts = c.payment?.payouts ?? [];
  return payouts.length ? payouts[payouts.length - 1] : undefined;
}

export const exportRow = (claim: ExportedClaim): string[] => CLAIM_EXPORT_COLUMNS.map((col) => col.value(claim));
