import { addDays, dateOf, endOfDay, isCalendarDate } from '../shared/dates';

/**
 * The dispute window of a rejection, in one place (docs/claims.md, "Disputes"): the partner may
 * dispute until the end (23:59:59.999 UTC) of the `businessDays`-th business day after the day of
 * the rejection. Days are UTC calendar days (programs have no time zone); Saturdays, Sundays and
 * the program's holidays are not business days. The day of the rejection itself does not count.
 */

export const DEFAULT_DISPUTE_WINDOW_BUSINESS_DAYS = 5;
/** Bounds of the program setting: at least one business day, at most about three months. */
export const DISPUTE_WINDOW_MIN_DAYS = 1;
export const DISPUTE_WINDOW_MAX_DAYS = 60;

export interface DisputeWindowSettings {
  businessDays: number;
  /** ISO calendar dates (`YYYY-MM-DD`) that are not business days. */
  holidays: readonly string[];
}

export function isBusinessDay(date: string, holidays: ReadonlySet<string>): boolean {
  const weekday = new Date(`${date}T00:00:00.000Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

/** The last calendar date (UTC) on which a rejection made at `rejectedAt` may be disputed. */
export function disputeDeadline(rejectedAt: Date, settings: DisputeWindowSettings): string {
  if (!Number.isSafeInteger(settings.businessDays) || settings.businessDays < DISPUTE_WINDOW_MIN_DAYS)
    throw new Error(`dispute window must be a whole number of business days >= 1, got ${settings.businessDays}`);
  const holidays = new Set(settings.holidays.filter(isCalendarDate));
  let date = dateOf(rejectedAt);
  let counted = 0;
  while (counted < settings.businessDays) {
    date = addDays(date, 1);
    if (isBusinessDay(date, holidays)) counted += 1;
  }
  return date;
}

/** Open while `now` is on or before the end of the deadline day. */
export function isDisputeWindowOpen(rejectedAt: Date, settings: DisputeWindowSettings, now: Date): boolean {
  return now.getTime() <= endOfDay(disputeDeadline(rejectedAt, settings)).getTime();
}
