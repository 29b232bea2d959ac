import { DomainError, FieldViolation } from '@poe/platform';

/** One broken rule with its stable code; several found at once are reported together. */
export interface RuleViolation extends FieldViolation {
  code: string;
}

export const violation = (code: string, field: string, rule: string, message: string): RuleViolation => ({
  code,
  field,
  rule,
  message,
});

/** One violation keeps its own code; several become `CLAIM.RULES_VIOLATED` listing each field. */
export function rulesError(violations: RuleViolation[]): DomainError {
  const errors = violations.map(({ field, rule, message }) => ({ field, rule, message }));
  if (violations.length === 1) return new DomainError(violations[0].code, 'invalid', violations[0].message, errors);
  return new DomainError(
    'CLAIM.RULES_VIOLATED',
    'invalid',
    `${violations.length} rules are broken: ${violations.map((v) => v.code).join(', ')}`,
    errors,
  );
}

export const ClaimErrors = {
  notFound: (id: string) => new DomainError('CLAIM.NOT_FOUND', 'not_found', `claim ${id} was not found`),
  receiptInvalid: (field: string, documentId: string) =>
    DomainError.invalidField(
      'CLAIM.DOCUMENT_RECEIPT_INVALID',
      field,
      'validReceipt',
      `${field} is not the receipt the documents service gave for document ${documentId} of your partner org`,
    ),
  campaignNotFound: (id: string) =>
    DomainError.invalidField(
      'CLAIM.CAMPAIGN_UNKNOWN',
      'campaignId',
      'exists',
      `campaignId names no campaign of your partner org (${id})`,
    ),
  stale: (expected: number, actual: number) =>
    new DomainError(
      'CLAIM.VERSION_MISMATCH',
      'precondition',
      `If-Match names version ${expected} but the claim is at version ${actual}; reload it and retry`,
    ),
  concurrentChange: () =>
    new DomainError(
      'CLAIM.CONCURRENT_CHANGE',
      'conflict',
      'the claim changed while this request was applied; reload it and retry',
    ),
  illegalTransition: (from: string, to: string) =>
    new DomainError('CLAIM.ILLEGAL_TRANSITION', 'conflict', `a claim in ${from} cannot move to ${to}`),
  notEditable: (status: string) =>
    new DomainError(
      'CLAIM.NOT_EDITABLE',
      'conflict',
      `a claim in ${status} cannot be changed; only EDITING or ACTION_REQUIRED claims can`,
    ),
  submitInProgress: () =>
    new DomainError(
      'CLAIM.SUBMIT_IN_PROGRESS',
      'conflict',
      'a submit of this claim is being completed; retry in a moment',
      [],
      2,
    ),
  proofAlreadyAttached: (documentId: string) =>
    new DomainError(
      'CLAIM.PROOF_ALREADY_ATTACHED',
      'conflict',
      `document ${documentId} is already attached to this claim`,
    ),
  proofNotAttached: (documentId: string) =>
    new DomainError(
      'CLAIM.PROOF_NOT_FOUND',
      'not_found',
      `document ${documentId} is not a proof document of this claim`,
    ),
  alreadyDisputed: (disputedAt: string, status: string) =>
    new DomainError(
      'CLAIM.ALREADY_DISPUTED',
      'conflict',
      `this claim's rejection was disputed on ${disputedAt.slice(0, 10)} and the claim is ${status} now; a claim can be disputed once, a rejection after a dispute is final`,
    ),
  noEvidence: () => new DomainError('CLAIM.EVIDENCE_NOT_FOUND', 'not_found', 'the claim has no evidence to remove'),
};
