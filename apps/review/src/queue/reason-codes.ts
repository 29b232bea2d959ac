/**
 * The reason codes reviewers pick from. Fixed here so reports can count them; the event schema
 * only fixes their shape, so adding a code is not a breaking change.
 */
export const REASON_CODES = {
  request_action: [
    'INVOICE_ILLEGIBLE',
    'INVOICE_DETAILS_MISSING',
    'INVOICE_AMOUNT_MISMATCH',
    'CSR_INCOMPLETE',
    'PROOF_INSUFFICIENT',
    'PROOF_NOTE_UNCLEAR',
    'EXECUTION_DATE_UNCLEAR',
    'PRE_APPROVAL_MISMATCH',
    'OTHER',
  ],
  reject: [
    'DUPLICATE_INVOICE',
    'DATE_OUTSIDE_CAMPAIGN',
    'ACTIVITY_NOT_ELIGIBLE',
    'EXPENSES_NOT_ELIGIBLE',
    'PRE_APPROVAL_INVALID',
    'NO_PROOF_OF_EXECUTION',
    'SUBMITTED_TOO_LATE',
    'OTHER',
  ],
  approve: ['PARTIAL_APPROVAL', 'EXPENSES_PARTLY_NOT_ELIGIBLE', 'OTHER'],
} as const;

export type CodedDecision = keyof typeof REASON_CODES;

export const reasonCodesFor = (decision: CodedDecision): readonly string[] => REASON_CODES[decision];
