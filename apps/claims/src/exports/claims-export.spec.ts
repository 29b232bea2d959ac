import type { ClaimState } from '../claims/claim';
import { asText, CLAIM_EXPORT_COLUMNS, type ExportedClaim, exportRow } from './claims-export';

const claim = (over: Partial<ExportedClaim> = {}) =>
  ({
    id: 'CLM-1',
    partnerId: 'PRT-1',
    programId: 'PRG-1',
    campaignId: 'CMP-1',
    status: 'APPROVED',
    name: 'October webinar',
    executionDate: '2026-10-15',
    amountMinor: 125_000,
    currency: 'EUR',
    approvedMinor: 100_000,
    submissionCount: 1,
    reimbursement: { ratioBasisPoints: 10_000, capMinor: null, reimbursableMinor: 125_000 },
    createdAt: '2026-10-16T09:00:00.000Z',
    submittedAt: '2026-10-20T08:00:00.000Z',
    decision: { decision: 'approve', reasonCodes: [], reviewerId: 'rita', decidedAt: '2026-10-28T14:30:00.000Z' },
    ...over,
  }) as ClaimState;

const cell = (row: string[], header: string) => row[CLAIM_EXPORT_COLUMNS.findIndex((c) => c.header === header)];

describe('claims export', () => {
  it('exportRow_ofADecidedClaim_givesAmountsAsDecimalsInTheClaimsCurrency_andItsDates', () => {
    const row = exportRow(claim());
    expect(row).toEqual([
      'CLM-1',
      'PRT-1',
      'PRG-1',
      'CMP-1',
      'APPROVED',
      'October webinar',
      '2026-10-15',
      'EUR',
      '1250.00',
      '1250.00',
      '1000.00',
      '2026-10-16T09:00:00.000Z',
      '2026-10-20T08:00:00.000Z',
      '2026-10-28T14:30:00.000Z',
      'UNPAID',
      '0.00',
      '1000.00',
      '',
      '',
    ]);
  });

  it('exportRow_ofAPartlyPaidClaim_givesItsPaymentState_paidAndOutstanding_andTheLastPayout', () => {
    const payout = (reference: string, date: string, minor: number) => ({
      reference,
      date,
      amount: { minor, currency: 'EUR' },
      countedMinor: minor,
      recordedAt: `${date}T10:00:00.000Z`,
      recordedBy: 'svc-payments',
    });
    const paid = claim({
      payment: {
        revision: 2,
        status: 'PARTIALLY_PAID',
        paidMinor: 60_000,
        payouts: [payout('PAY-1', '2026-11-02', 40_000), payout('=PAY-2', '2026-11-09', 20_000)],
      },
    } as Partial<ExportedClaim>);
    const row = exportRow(paid);
    expect(
      ['paymentStatus', 'paidAmount', 'outstandingAmount', 'lastPayoutReference', 'lastPayoutDate'].map((h) =>
        cell(row, h),
      ),
    ).toEqual(['PARTIALLY_PAID', '600.00', '400.00', "'=PAY-2", '2026-11-09']);
  });

  it('exportRow_ofAnUndecidedClaim_leavesApprovedAmountAndDecisionDateEmpty', () => {
    const actionRequired = claim({ status: 'ACTION_REQUIRED', approvedMinor: null, submittedAt: null });
    const row = exportRow(actionRequired);
    expect([cell(row, 'approvedAmount'), cell(row, 'decidedAt'), cell(row, 'submittedAt')]).toEqual(['', '', '']);
    expect([cell(row, 'paymentStatus'), cell(row, 'paidAmount'), cell(row, 'outstandingAmount')]).toEqual(['', '', '']);
    expect(cell(exportRow(claim({ currency: 'XOF', amountMinor: 1500 })), 'claimedAmount')).toBe('1500');
  });

  it('exportRow_givesTheReimbursableFrozenAtSubmit_andNoneForADraft', () => {
    const halved = claim({
      amountMinor: 100_000,
      approvedMinor: null,
      status: 'SUBMITTED',
      reimbursement: { ratioBasisPoints: 5_000, capMinor: null, reimbursableMinor: 50_000 },
    });
    expect([cell(exportRow(halved), 'claimedAmount'), cell(exportRow(halved), 'reimbursableAmount')]).toEqual([
      '1000.00',
      '500.00',
    ]);
    const draft = claim({ status: 'EDITING', submissionCount: 0, reimbursement: undefined, approvedMinor: null });
    expect(cell(exportRow(draft), 'reimbursableAmount')).toBe('');
  });

  it('asText_aCellASpreadsheetWouldRunAsAFormula_startsWithAQuote', () => {
    expect(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tx'].map(asText)).toEqual([
      `'=HYPERLINK("x")`,
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
    ]);
    expect(asText('Webinar = success')).toBe('Webinar = success');
    expect(cell(exportRow(claim({ name: '=cmd|" /C calc"!A0' })), 'name')).toBe(`'=cmd|" /C calc"!A0`);
  });
});
