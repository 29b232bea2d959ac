/** Calendar dates (`YYYY-MM-DD`) and instants, in UTC. The rules that use them live in their domain modules. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date: "2026-02-29" is false, "2028-02-29" is true. */
export function isCalendarDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The UTC calendar date of an instant. */
export const dateOf = (instant: Date): string => instant.toISOString().slice(0, 10);

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const m = ISO_DATE.exec(date)!;
  return dateOf(new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + days)));
}

/** The last instant of a calendar day, UTC. */
export const endOfDay = (date: string): Date => new Date(`${date}T23:59:59.999Z`);
