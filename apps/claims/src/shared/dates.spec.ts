import { addDays, isCalendarDate } from './dates';

describe('calendar dates', () => {
  it('isCalendarDate_rejectsImpossibleDates', () => {
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
  });

  it('addDays_crossesMonthsYearsAndLeapDays', () => {
    expect(addDays('2026-12-20', 45)).toBe('2027-02-03');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
