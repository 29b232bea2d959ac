import { DomainError } from '@poe/platform';

export const CatalogErrors = {
  minimumPayoutNotPositive: (i: number) =>
    DomainError.invalidField(
      'PROGRAM.MINIMUM_PAYOUT_NOT_POSITIVE',
      `minimumPayouts[${i}].amount`,
      'isPositive',
      `minimumPayouts[${i}].amount must be greater than zero`,
    ),
  minimumPayoutTwice: (i: number) =>
    DomainError.invalidField(
      'PROGRAM.MINIMUM_PAYOUT_CURRENCY_TWICE',
      `minimumPayouts[${i}].currency`,
      'oncePerCurrency',
      `minimumPayouts[${i}].currency is listed twice; give one minimum per currency`,
    ),
  alreadyExists: (what: string, id: string) =>
    new DomainError('CATALOG.ALREADY_EXISTS', 'conflict', `${what} ${id} already exists`),
  programRevisionMismatch: (expected: number, actual: number) =>
    new DomainError(
      'PROGRAM.REVISION_MISMATCH',
      'precondition',
      `expectedRevision is ${expected} but the program is at revision ${actual}; reload it and retry`,
    ),
  programNotFound: (id: string) => new DomainError('PROGRAM.NOT_FOUND', 'not_found', `program ${id} was not found`),
  partnerNotFound: (id: string) => new DomainError('PARTNER.NOT_FOUND', 'not_found', `partner ${id} was not found`),
  campaignNotFound: (id: string) => new DomainError('CAMPAIGN.NOT_FOUND', 'not_found', `campaign ${id} was not found`),
  planUnknown: (id: string) =>
    DomainError.invalidField('CATALOG.PLAN_UNKNOWN', 'planId', 'exists', `planId names no known plan (${id})`),
  partnerUnknown: (id: string) =>
    DomainError.invalidField(
      'CATALOG.PARTNER_UNKNOWN',
      'partnerId',
      'exists',
      `partnerId names no known partner (${id})`,
    ),
  datesOutOfOrder: () =>
    DomainError.invalidField(
      'CAMPAIGN.DATES_OUT_OF_ORDER',
      'endDate',
      'notBeforeStartDate',
      'endDate must be on or after startDate',
    ),
  dateInvalid: (field: string) =>
    DomainError.invalidField(
      'CAMPAIGN.DATE_INVALID',
      field,
      'isCalendarDate',
      `${field} must be a calendar date YYYY-MM-DD`,
    ),
  allocationNotPositive: () =>
    DomainError.invalidField(
      'CAMPAIGN.ALLOCATION_NOT_POSITIVE',
      'allocated.amount',
      'isPositive',
      'allocated.amount must be greater than zero',
    ),
  deadlineNotLater: (current: string) =>
    DomainError.invalidField(
      'CAMPAIGN.DEADLINE_NOT_LATER',
      'claimDeadline',
      'laterThanCurrentDeadline',
      `claimDeadline must be later than the current claim deadline ${current}; a deadline is only ever extended`,
    ),
  insufficientFunds: (remaining: string, currency: string) =>
    DomainError.invalidField(
      'CLAIM.AMOUNT_EXCEEDS_REMAINING_FUNDS',
      'amount.amount',
      'withinRemainingFunds',
      `amount is more than the campaign's remaining funds (${remaining} ${currency})`,
    ),
};
