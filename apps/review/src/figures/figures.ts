import type { DecidedRow } from '../queue/review-items.repository';
import type { ResponseBody } from '@poe/contracts/responses';

/**
 * One program's figures (the `ReviewFigures` response shape, @poe/contracts/responses): queue length
 * (queued or in review), final decisions and resolved disputes within the window, open disputes, the
 * median from the submission that led to a final decision to the decision (null without decisions).
 */
export type ProgramFigures = ResponseBody<'ReviewFigures'>['programs'][number];

export const UNKNOWN_PROGRAM = '(unknown)';

/** Median of a list of numbers; the mean of the two middle values for an even count. */
export function medianOf(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Seconds from submission to decision per program, from the bounded projection of decided items. */
export function secondsToDecisionByProgram(rows: DecidedRow[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of rows) {
    if (!r.submittedAt) continue;
    const seconds = Math.max(0, (r.decidedAt.getTime() - r.submittedAt.getTime()) / 1000);
    const key = r.programId ?? UNKNOWN_PROGRAM;
    out.set(key, [...(out.get(key) ?? []), seconds]);
  }
  return out;
}

/** Adds one group of dispute counts to a program's figures. */
export function addDisputes(p: ProgramFigures, resolution: string | null, n: number): void {
  if (resolution === null) p.disputesOpen += n;
  else if (resolution in p.disputesResolved)
    p.disputesResolved[resolution as keyof ProgramFigures['disputesResolved']] += n;
}

export function emptyProgram(programId: string): ProgramFigures {
  return {
    programId,
    queueLength: 0,
    queued: 0,
    inReview: 0,
    waitingForPartner: 0,
    overdue: 0,
    decided: 0,
    disputesOpen: 0,
    disputesResolved: { approve: 0, reject: 0, request_action: 0, withdrawn: 0 },
    medianSecondsToDecision: null,
  };
}
