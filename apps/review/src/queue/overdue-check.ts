import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { jobLease, JobLease } from '@poe/platform';
import type { Connection } from 'mongoose';
import type { ReviewConfig } from '../config';
import { reviewOutboxEntry } from '../outbox/review-events';
import { ReviewOutbox } from '../outbox/review-outbox';
import { REVIEW_CONFIG } from '../review.tokens';
import { CLOCK, Clock } from '../shared/clock';
import { ReviewItemsRepository } from './review-items.repository';

const BATCH = 200;

/**
 * Flags items whose due date passed and publishes `review item overdue` once per item and due
 * date. Its state lives in the items (`overdueNotifiedFor`), so a restart resumes where it was. Of
 * several instances, the one holding the job's lease runs the timed pass (docs/instances.md); were
 * two to overlap, the conditional write would still let only one of them flag an item.
 */
@Injectable()
export class OverdueCheck implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OverdueCheck.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private readonly lease: JobLease;

  constructor(
    private readonly items: ReviewItemsRepository,
    private readonly outbox: ReviewOutbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REVIEW_CONFIG) private readonly config: ReviewConfig,
    @InjectConnection() connection: Connection,
  ) {
    // Another instance takes over two ticks after this one stopped renewing.
    this.lease = jobLease(connection, 'review.overdue-check', 2 * config.REVIEW_OVERDUE_CHECK_INTERVAL_MS);
  }

  onApplicationBootstrap(): void {
    const every = this.config.REVIEW_OVERDUE_CHECK_INTERVAL_MS;
    if (every <= 0) return;
    const tick = () =>
      void this.lease
        .runIfHeld(() => this.runOnce())
        .catch((e) => this.logger.warn({ msg: 'overdue check failed', error: (e as Error).message }));
    // First pass right away: after downtime, items that fell due meanwhile are caught at start.
    tick();
    this.timer = setInterval(tick, every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    if (this.timer) await this.lease.release().catch(() => undefined);
  }

  /** One pass; returns how many items became overdue. Overlapping calls share the pass in flight. */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const now = this.clock.now();
    let flagged = 0;
    for (;;) {
      const candidates = await this.items.findOverdueCandidates(now, BATCH);
      const before = flagged;
      for (const c of candidates) {
        const event = reviewOutboxEntry(
          'poe.review.review.item-overdue.v1',
          {
            claimId: c.claimId,
            partnerId: c.partnerId,
            reviewDueAt: c.dueAt.toISOString(),
            ...(c.assigneeId ? { assigneeId: c.assigneeId } : {}),
            detectedAt: now.toISOString(),
          },
          { time: now },
        );
        const history = {
          at: now,
          kind: 'overdue',
          actor: 'review-service',
          claimRevision: c.claimRevision,
          details: { reviewDueAt: c.dueAt.toISOString() },
        };
        if (await this.items.markOverdue(c, now, history, event)) flagged++;
      }
      // A full batch where nothing could be flagged would come back the same: stop instead of spinning.
      if (candidates.length < BATCH || flagged === before) break;
    }
    if (flagged > 0) {
      this.outbox.nudge();
      this.logger.log({ msg: 'items became overdue', count: flagged });
    }
    return flagged;
  }
}
