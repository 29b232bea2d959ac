import { Inject, Injectable } from '@nestjs/common';
import type { CallerIdentity } from '@poe/platform';
import type { ReviewConfig } from '../config';
import { ReviewItemsRepository } from '../queue/review-items.repository';
import { REVIEW_CONFIG } from '../review.tokens';
import { requireRole } from '../shared/access';
import { CLOCK, Clock } from '../shared/clock';
import {
  addDisputes,
  emptyProgram,
  medianOf,
  ProgramFigures,
  secondsToDecisionByProgram,
  UNKNOWN_PROGRAM,
} from './figures';
import { answer, type ResponseBody } from '@poe/contracts/responses';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Figures for the team, per program. Counts come from `$group` with `$sum: 1` (which FerretDB
 * supports); the median is computed here from a bounded projection of recent decisions, since
 * FerretDB has no `$median`/`$percentile` and MongoDB only has them from 7.0.
 */
@Injectable()
export class FiguresService {
  constructor(
    private readonly items: ReviewItemsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REVIEW_CONFIG) private readonly config: ReviewConfig,
  ) {}

  async figures(caller: CallerIdentity): Promise<ResponseBody<'ReviewFigures'>> {
    requireRole(caller, 'reviewer', 'service');
    const now = this.clock.now();
    const since = new Date(now.getTime() - this.config.REVIEW_FIGURES_WINDOW_DAYS * DAY_MS);
    const [counts, overdue, decided, disputes] = await Promise.all([
      this.items.countByProgramAndStatus(['queued', 'in_review', 'waiting_for_partner']),
      this.items.countOverdueByProgram(now),
      this.items.decidedSince(since, this.config.REVIEW_FIGURES_MAX_ITEMS),
      this.items.countDisputesByProgram(since),
    ]);
    const programs = new Map<string, ProgramFigures>();
    const of = (programId?: string) => {
      const key = programId ?? UNKNOWN_PROGRAM;
      if (!programs.has(key)) programs.set(key, emptyProgram(key));
      return programs.get(key)!;
    };
    for (const c of counts) {
      const p = of(c.programId);
      if (c.status === 'queued') p.queued += c.n;
      if (c.status === 'in_review') p.inReview += c.n;
      if (c.status === 'waiting_for_partner') p.waitingForPartner += c.n;
      p.queueLength = p.queued + p.inReview;
    }
    for (const o of overdue) of(o.programId).overdue += o.n;
    for (const d of disputes) addDisputes(of(d.programId), d.resolution, d.n);
    const allSeconds: number[] = [];
    for (const [programId, seconds] of secondsToDecisionByProgram(decided)) {
      const p = of(programId);
      p.decided = seconds.length;
      p.medianSecondsToDecision = medianOf(seconds);
      allSeconds.push(...seconds);
    }
    const list = [...programs.values()].sort((a, b) => a.programId.localeCompare(b.programId));
    const total = list.reduce(
      (t, p) => ({
        ...t,
        queueLength: t.queueLength + p.queueLength,
        queued: t.queued + p.queued,
        inReview: t.inReview + p.inReview,
        waitingForPartner: t.waitingForPartner + p.waitingForPartner,
        overdue: t.overdue + p.overdue,
        decided: t.decided + p.decided,
        disputesOpen: t.disputesOpen + p.disputesOpen,
        disputesResolved: {
          approve: t.disputesResolved.approve + p.disputesResolved.approve,
          reject: t.disputesResolved.reject + p.disputesResolved.reject,
          request_action: t.disputesResolved.request_action + p.disputesResolved.request_action,
          withdrawn: t.disputesResolved.withdrawn + p.disputesResolved.withdrawn,
        },
      }),
      emptyProgram('*'),
    );
    total.medianSecondsToDecision = medianOf(allSeconds);
    const { programId: _all, ...totals } = total;
    return answer('ReviewFigures', {
      asOf: now.toISOString(),
      decisionWindowDays: this.config.REVIEW_FIGURES_WINDOW_DAYS,
      // True when more decisions fell in the window than were read: the median is over the newest ones.
      decisionSampleCapped: decided.length >= this.config.REVIEW_FIGURES_MAX_ITEMS,
      total: totals,
      programs: list,
    });
  }
}
