import { dateOf, endOfDay } from '../shared/dates';

/**
 * When a submitted claim's review is due: end of the last day of the month after the month of
 * submission, UTC (submitted 2026-11-24 -> 2026-12-31T23:59:59.999Z). Day 0 of month m+2 is the last
 * day of month m+1, which covers month lengths, leap years and the year wrap at once.
 */
export function reviewDueAt(submittedAt: Date): Date {
  const lastDay = new Date(Date.UTC(submittedAt.getUTCFullYear(), submittedAt.getUTCMonth() + 2, 0));
  return endOfDay(dateOf(lastDay));
}
