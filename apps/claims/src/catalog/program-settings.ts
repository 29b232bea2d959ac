import type { ProgramSettingsChangedV1Data, ProgramSettingsData } from '@poe/contracts';
import { DomainError } from '@poe/platform';
import {
  DEFAULT_DISPUTE_WINDOW_BUSINESS_DAYS,
  DISPUTE_WINDOW_MAX_DAYS,
  DISPUTE_WINDOW_MIN_DAYS,
  DisputeWindowSettings,
} from '../claims/dispute-window';
import { isCalendarDate } from '../shared/dates';

/**
 * A program's settings (docs/claims.md, "Disputes"): the dispute window in business days and the
 * program's holidays. Programs created before the settings existed read as the defaults.
 */
export interface ProgramSettingsState {
  disputeWindowBusinessDays?: number;
  holidays?: string[];
  /** Absent on programs never changed: 1. */
  revision?: number;
  settingsHistory?: { at: string; by: string; from: ProgramSettingsData; to: ProgramSettingsData; reason?: string }[];
}

export const MAX_HOLIDAYS = 366;

export const settingsOf = (p: ProgramSettingsState): ProgramSettingsData => ({
  disputeWindowBusinessDays: p.disputeWindowBusinessDays ?? DEFAULT_DISPUTE_WINDOW_BUSINESS_DAYS,
  holidays: p.holidays ?? [],
});

/** What the dispute rule counts with; a missing program (never expected) counts with the defaults. */
export const disputeWindowOf = (p: ProgramSettingsState | null): DisputeWindowSettings => {
  const s = settingsOf(p ?? {});
  return { businessDays: s.disputeWindowBusinessDays, holidays: s.holidays };
};

export interface SettingsChange {
  disputeWindowBusinessDays?: number;
  holidays?: string[];
}

/** The settings a change asks for, checked field by field (each refusal names its field and rule). */
export function readSettings(current: ProgramSettingsData, change: SettingsChange): ProgramSettingsData {
  const days = change.disputeWindowBusinessDays ?? current.disputeWindowBusinessDays;
  if (!Number.isSafeInteger(days) || days < DISPUTE_WINDOW_MIN_DAYS || days > DISPUTE_WINDOW_MAX_DAYS)
    throw DomainError.invalidField(
      'PROGRAM.DISPUTE_WINDOW_INVALID',
      'disputeWindowBusinessDays',
      'wholeNumberOfBusinessDays',
      `disputeWindowBusinessDays must be a whole number from ${DISPUTE_WINDOW_MIN_DAYS} to ${DISPUTE_WINDOW_MAX_DAYS}`,
    );
  const holidays = change.holidays ?? current.holidays;
  holidays.forEach((h, i) => {
    if (!isCalendarDate(h))
      throw DomainError.invalidField(
        'PROGRAM.HOLIDAY_INVALID',
        `holidays[${i}]`,
        'isCalendarDate',
        `holidays[${i}] must be a calendar date YYYY-MM-DD`,
      );
  });
  if (holidays.length > MAX_HOLIDAYS)
    throw DomainError.invalidField(
      'PROGRAM.HOLIDAY_INVALID',
      'holidays',
      'atMost366',
      `at most ${MAX_HOLIDAYS} holidays`,
    );
  return { disputeWindowBusinessDays: days, holidays: [...new Set(holidays)].sort() };
}

/**
 * Applies new settings to the program (its revision, history entry) and says what the event
 * carries; the same settings again are a retry and change nothing.
 */
export function changeSettings(
  p: ProgramSettingsState & { id: string },
  next: ProgramSettingsData,
  reason: string | undefined,
  actor: string,
  now: Date,
): { outcome: 'unchanged' } | { outcome: 'changed'; event: ProgramSettingsChangedV1Data } {
  const previous = settingsOf(p);
  if (
    previous.disputeWindowBusinessDays === next.disputeWindowBusinessDays &&
    previous.holidays.join() === next.holidays.join()
  )
    return { outcome: 'unchanged' };
  const at = now.toISOString();
  const why = reason?.trim() || undefined;
  p.disputeWindowBusinessDays = next.disputeWindowBusinessDays;
  p.holidays = next.holidays;
  p.revision = (p.revision ?? 1) + 1;
  p.settingsHistory = [
    ...(p.settingsHistory ?? []),
    { at, by: actor, from: previous, to: next, ...(why ? { reason: why } : {}) },
  ];
  return {
    outcome: 'changed',
    event: {
      programId: p.id,
      revision: p.revision,
      previous,
      ...next,
      ...(why ? { reason: why } : {}),
      changedBy: actor,
      changedAt: at,
    },
  };
}
