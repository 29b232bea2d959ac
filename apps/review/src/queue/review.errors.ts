import { DomainError } from '@poe/platform';

export const ReviewErrors = {
  notFound: (claimId: string) =>
    new DomainError('REVIEW.ITEM_NOT_FOUND', 'not_found', `claim ${claimId} is not in the review queue`),
  alreadyDecided: (claimId: string, status: string) =>
    new DomainError('REVIEW.ALREADY_DECIDED', 'conflict', `claim ${claimId} is already ${status}`),
  decisionInProgress: (claimId: string, decision: string, reviewerId: string) =>
    new DomainError(
      'REVIEW.DECISION_IN_PROGRESS',
      'conflict',
      `claim ${claimId} has a decision (${decision} by ${reviewerId}) the claims service has not applied yet; retry shortly`,
      [],
      // "Not yet", not "never": the claims service applies the decision within a second or so.
      1,
    ),
  illegalTransition: (claimId: string, decision: string, status: string) =>
    new DomainError(
      'REVIEW.ILLEGAL_TRANSITION',
      'conflict',
      `cannot ${decision} claim ${claimId} while it is ${status}`,
    ),
  staleItem: (claimId: string, expected: number, actual: number) =>
    new DomainError(
      'REVIEW.STALE_ITEM',
      'conflict',
      `claim ${claimId} changed since you loaded it (version ${expected}, now ${actual}); reload it`,
    ),
  concurrentUpdate: (claimId: string) =>
    new DomainError('REVIEW.CONCURRENT_UPDATE', 'conflict', `claim ${claimId} kept changing while saving; try again`),
  notSubmitted: (claimId: string) =>
    new DomainError('REVIEW.NOT_SUBMITTED', 'conflict', `claim ${claimId} has not been submitted for review`),
  unknownReasonCode: (field: string, code: string, decision: string) =>
    DomainError.invalidField(
      'REVIEW.UNKNOWN_REASON_CODE',
      field,
      'isKnownReasonCode',
      `${code} is not a reason code for ${decision}`,
    ),
  reasonCodesRequired: (decision: string) =>
    DomainError.invalidField(
      'REVIEW.REASON_CODES_REQUIRED',
      'reasonCodes',
      'isNotEmpty',
      `${decision} needs at least one reason code`,
    ),
  messageRequired: (why: string) => DomainError.invalidField('REVIEW.MESSAGE_REQUIRED', 'message', 'isNotEmpty', why),
  currencyMismatch: (given: string, claimed: string) =>
    DomainError.invalidField(
      'REVIEW.CURRENCY_MISMATCH',
      'approvedAmount.currency',
      'equalsClaimCurrency',
      `the claim is in ${claimed}, not ${given}`,
    ),
  approvedAboveClaimed: (approved: string, claimed: string) =>
    DomainError.invalidField(
      'REVIEW.APPROVED_ABOVE_CLAIMED',
      'approvedAmount.amount',
      'atMostClaimed',
      `the approved amount ${approved} is more than the claimed ${claimed}`,
    ),
  approvedAboveReimbursable: (approved: string, reimbursable: string) =>
    DomainError.invalidField(
      'REVIEW.AMOUNT_ABOVE_REIMBURSABLE',
      'approvedAmount.amount',
      'atMostReimbursable',
      `the approved amount ${approved} is more than the campaign reimburses of this claim (${reimbursable})`,
    ),
  approvedNotPositive: () =>
    DomainError.invalidField(
      'REVIEW.APPROVED_NOT_POSITIVE',
      'approvedAmount.amount',
      'isPositive',
      'the approved amount must be more than zero; reject the claim instead',
    ),
};
