import { disputeDeadline, isBusinessDay, isDisputeWindowOpen } from './dispute-window';

const five = { businessDays: 5, holidays: [] as string[] };

describe('dispute window (business days after the rejection, UTC)', () => {
  it('disputeDeadline_rejectedOnMonday_isNextMonday', () => {
    // 2026-12-07 is a Monday: Tue..Fri are 4, the next Monday the 5th.
    expect(disputeDeadline(new Date('2026-12-07T10:00:00Z'), five)).toBe('2026-12-14');
  });

  it('disputeDeadline_rejectedOnFriday_skipsBothWeekends', () => {
    // Fri 2026-12-04: Mon 7 .. Fri 11.
    expect(disputeDeadline(new Date('2026-12-04T16:00:00Z'), five)).toBe('2026-12-11');
  });

  it('disputeDeadline_rejectedOnSaturday_countsFromMonday', () => {
    expect(disputeDeadline(new Date('2026-12-05T09:00:00Z'), five)).toBe('2026-12-11');
  });

  it('disputeDeadline_programHolidays_areSkipped', () => {
    // Christmas week 2026: Thu 24 and Fri 25 are holidays; rejected Tue 22 -> Wed 23, Mon 28, Tue 29, Wed 30, Thu 31.
    const settings = { businessDays: 5, holidays: ['2026-12-24', '2026-12-25'] };
    expect(disputeDeadline(new Date('2026-12-22T12:00:00Z'), settings)).toBe('2026-12-31');
    expect(disputeDeadline(new Date('2026-12-22T12:00:00Z'), five)).toBe('2026-12-29');
  });

  it('disputeDeadline_holidayOnAWeekend_changesNothing', () => {
    expect(disputeDeadline(new Date('2026-12-07T10:00:00Z'), { businessDays: 5, holidays: ['2026-12-12'] })).toBe(
      '2026-12-14',
    );
  });

  it('disputeDeadline_theDayIsTheUtcDay', () => {
    // 23:30 UTC on Monday is Monday, whatever the local time elsewhere.
    expect(disputeDeadline(new Date('2026-12-07T23:30:00Z'), five)).toBe('2026-12-14');
    expect(disputeDeadline(new Date('2026-12-08T00:30:00Z'), five)).toBe('2026-12-15');
  });

  it('disputeDeadline_acrossTheYearEnd', () => {
    expect(disputeDeadline(new Date('2026-12-30T10:00:00Z'), { businessDays: 2, holidays: ['2027-01-01'] })).toBe(
      '2027-01-04',
    );
  });

  it('disputeDeadline_oneBusinessDay_isTheNextOne', () => {
    expect(disputeDeadline(new Date('2026-12-07T10:00:00Z'), { businessDays: 1, holidays: [] })).toBe('2026-12-08');
  });

  it('disputeDeadline_noBusinessDays_isRefused', () => {
    expect(() => disputeDeadline(new Date('2026-12-07T10:00:00Z'), { businessDays: 0, holidays: [] })).toThrow();
  });

  it('isDisputeWindowOpen_untilTheEndOfTheLastDay', () => {
    const rejectedAt = new Date('2026-12-07T10:00:00Z');
    expect(isDisputeWindowOpen(rejectedAt, five, new Date('2026-12-14T23:59:59.999Z'))).toBe(true);
    expect(isDisputeWindowOpen(rejectedAt, five, new Date('2026-12-15T00:00:00.000Z'))).toBe(false);
    expect(isDisputeWindowOpen(rejectedAt, five, new Date('2026-12-07T10:00:01Z'))).toBe(true);
  });

  it('isBusinessDay_weekendsAndHolidaysAreNot', () => {
    const holidays = new Set(['2026-12-25']);
    expect(isBusinessDay('2026-12-05', holidays)).toBe(false);
    expect(isBusinessDay('2026-12-06', holidays)).toBe(false);
    expect(isBusinessDay('2026-12-25', holidays)).toBe(false);
    expect(isBusinessDay('2026-12-07', holidays)).toBe(true);
  });
});
