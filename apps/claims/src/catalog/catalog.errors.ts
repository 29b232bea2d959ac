import { DomainError } from '@poe/platform';

export const CatalogErrors = {
  alreadyExists: (what: string, id: string) =>
    new DomainError('CATALOG.ALREADY_EXISTS', 'conflict', `${what} ${id} already exists`),
  notFound: (what: 'PROGRAM' | 'PLAN' | 'PARTNER' | 'CAMPAIGN', id: string) =>
    new DomainError(`${what}.NOT_FOUND`, 'not_found', `${what.toLowerCase()} ${id} was not found`),
  referenceUnknown: (field: string, what: string, id: string) =>
    DomainError.invalidField(
      `CATALOG.${what.toUpperCase()}_UNKNOWN`,
      field,
      'exists',
      `${field} names no known ${what} (${id})`,
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
