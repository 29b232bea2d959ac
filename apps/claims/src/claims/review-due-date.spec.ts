import { reviewDueAt } from './review-due-date';

const due = (iso: string) => reviewDueAt(new Date(iso)).toISOString();

describe('reviewDueAt', () => {
  it('reviewDueAt_whenSubmittedMidMonth_isEndOfNextMonth', () => {
    expect(due('2026-11-24T10:15:00.000Z')).toBe('2026-12-31T23:59:59.999Z');
  });

  it('reviewDueAt_whenNextMonthIsShort_isItsLastDay', () => {
    expect(due('2026-03-31T12:00:00.000Z')).toBe('2026-04-30T23:59:59.999Z');
    expect(due('2026-08-31T00:00:00.000Z')).toBe('2026-09-30T23:59:59.999Z');
  });

  it('reviewDueAt_whenNextMonthIsFebruary_handlesLeapYears', () => {
    expect(due('2026-01-31T08:00:00.000Z')).toBe('2026-02-28T23:59:59.999Z');
    expect(due('2028-01-15T08:00:00.000Z')).toBe('2028-02-29T23:59:59.999Z');
    expect(due('2100-01-15T08:00:00.000Z')).toBe('2100-02-28T23:59:59.999Z'); // not a leap year
    expect(due('2000-01-15T08:00:00.000Z')).toBe('2000-02-29T23:59:59.999Z'); // 400-year rule
  });

  it('reviewDueAt_whenSubmittedInDecemberOrNovember_wrapsTheYear', () => {
    expect(due('2026-12-01T00:00:00.000Z')).toBe('2027-01-31T23:59:59.999Z');
    expect(due('2026-12-31T23:59:59.999Z')).toBe('2027-01-31T23:59:59.999Z');
  });

  it('reviewDueAt_usesTheUtcMonthOfSubmission', () => {
    // 2026-11-30T23:30-02:00 is already December in UTC.
    expect(reviewDueAt(new Date('2026-11-30T23:30:00.000-02:00')).toISOString()).toBe('2027-01-31T23:59:59.999Z');
    expect(due('2026-11-01T00:00:00.000Z')).toBe('2026-12-31T23:59:59.999Z');
  });
});
