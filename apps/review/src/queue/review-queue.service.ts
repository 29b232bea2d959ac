import { Inject, Injectable } from '@nestjs/common';
import { REASON_CODES } from '@poe/contracts';
import type { CallerIdentity } from '@poe/platform';
import { CampaignFundsRepository } from '../funds/campaign-funds.repository';
import { reviewOutboxEntry } from '../outbox/review-events';
import { ReviewOutbox } from '../outbox/review-outbox';
import { requireRole } from '../shared/access';
import { CLOCK, Clock } from '../shared/clock';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { toMinor } from '@poe/platform';
import type { QueueQueryDto } from './dto/review.dto';
import { assign, Change, decide, DecisionCommand, ItemStatus, ReviewItem } from './review-item';
import { ReviewErrors } from './review.errors';
import { ReviewItemsRepository } from './review-items.repository';
import { ClaimFactsRepository } from './claim-facts.repository';
import { draftDetails } from './claim-facts';
import { itemDetailView, itemSummaryView, ReviewItemDetailView } from './review-item.view';
import type { ResponseBody } from '@poe/contracts/responses';

const DEFAULT_STATUSES: ItemStatus[] = ['queued', 'in_review'];
const SAVE_ATTEMPTS = 4;

export type DecisionInput =
  | { decision: 'start_review' }
  | { decision: 'request_action'; reasonCodes: string[]; message: string }
  | {
      decision: 'approve';
      approvedAmount: { amount: string; currency: string };
      reasonCodes?: string[];
      message?: string;
    }
  | { decision: 'reject'; reasonCodes: string[]; message: string };

/** The review team's use cases on the queue. Every one of them is for reviewers only. */
@Injectable()
export class ReviewQueueService {
  constructor(
    private readonly items: ReviewItemsRepository,
    private readonly funds: CampaignFundsRepository,
    private readonly facts: ClaimFactsRepository,
    private readonly outbox: ReviewOutbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(caller: CallerIdentity, q: QueueQueryDto): Promise<ResponseBody<'ReviewQueue'>> {
    requireRole(caller, 'reviewer');
    const limit = q.limit ?? 50;
    const now = this.clock.now();
    let after: { dueAt: Date; claimId: string } | undefined;
    if (q.cursor) {
      const c = decodeCursor(q.cursor, ['d', 'c'] as const);
      after = { dueAt: new Date(c.d), claimId: c.c };
      if (Number.isNaN(after.dueAt.getTime())) after = undefined;
    }
    const rows = await this.items.listQueue({
      statuses: (q.status as ItemStatus[] | undefined)?.length ? (q.status as ItemStatus[]) : DEFAULT_STATUSES,
      programId: q.programId,
      partnerId: q.partnerId,
      assigneeId: q.assignedToMe ? caller.subject : undefined,
      overdue: q.overdue,
      now,
      after,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    // Two bounded lookups for the page: names from the draft facts, balances from the funds.
    const [facts, funds] = await Promise.all([
      this.facts.ofClaims(page.map((i) => i.claimId)),
      this.funds.findMany(page.flatMap((i) => (i.campaignId ? [i.campaignId] : []))),
    ]);
    const factsOf = new Map<string, typeof facts>();
    for (const f of facts) factsOf.set(f.claimId, [...(factsOf.get(f.claimId) ?? []), f]);
    return {
      items: page.map((item) =>
        itemSummaryView(
          item,
          now,
          draftDetails(factsOf.get(item.claimId) ?? []).name,
          item.campaignId ? funds.get(item.campaignId) : undefined,
        ),
      ),
      ...(rows.length > limit && last?.dueAt
        ? { nextCursor: encodeCursor({ d: last.dueAt.toISOString(), c: last.claimId }) }
        : {}),
    };
  }

  async get(caller: CallerIdentity, claimId: string): Promise<ReviewItemDetailView> {
    requireRole(caller, 'reviewer');
    const item = await this.items.find(claimId);
    if (!item || item.submissionCount === 0) throw ReviewErrors.notFound(claimId);
    return this.detail(item, this.clock.now());
  }

  reasonCodes(caller: CallerIdentity): ResponseBody<'ReasonCodes'> {
    requireRole(caller, 'reviewer');
    return REASON_CODES;
  }

  async assign(caller: CallerIdentity, claimId: string, assigneeId: string, expectedVersion?: number | null) {
    requireRole(caller, 'reviewer');
    return this.change(claimId, expectedVersion, (item, now) => {
      const change = assign(item, assigneeId, caller.subject, now);
      return change && { ...change, outbox: [] };
    });
  }

  async decide(caller: CallerIdentity, claimId: string, input: DecisionInput, expectedVersion?: number | null) {
    requireRole(caller, 'reviewer');
    const cmd: DecisionCommand =
      input.decision === 'approve'
        ? { ...input, reviewerId: caller.subject, approvedAmount: toMinor(input.approvedAmount, 'approvedAmount') }
        : { ...input, reviewerId: caller.subject };
    const view = await this.change(claimId, expectedVersion, (item, now) => {
      const decided = decide(item, cmd, now);
      return {
        ...decided,
        outbox: [reviewOutboxEntry('poe.review.review.decision-made.v1', decided.event, { time: now })],
      };
    });
    this.outbox.nudge();
    return view;
  }

  /**
   * Read, decide, write conditionally on the version read. When another write got in first (a
   * claim event, the overdue check, another reviewer) the rule runs again on the fresh state, so a
   * second decision on the same item fails with the rule's 409 (decision in progress, already decided).
   */
  private async change(
    claimId: string,
    /** null, as an optional body field takes it, is "left out" (docs/gateway.md). */
    expectedVersion: number | null | undefined,
    rule: (item: ReviewItem, now: Date) => (Change & { outbox: ReturnType<typeof reviewOutboxEntry>[] }) | undefined,
  ): Promise<ReviewItemDetailView> {
    for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
      const item = await this.items.find(claimId);
      if (!item || item.submissionCount === 0) throw ReviewErrors.notFound(claimId);
      if (expectedVersion != null && item.version !== expectedVersion) {
        throw ReviewErrors.staleItem(claimId, expectedVersion, item.version);
      }
      const now = this.clock.now();
      const change = rule(item, now);
      if (!change) return this.detail(item, now);
      if (await this.items.save(change.item, change.history, change.outbox)) {
        const saved = { ...change.item, version: item.version + 1, history: [...item.history, ...change.history] };
        return this.detail(saved, now);
      }
    }
    throw ReviewErrors.concurrentUpdate(claimId);
  }

  private async detail(item: ReviewItem, now: Date): Promise<ReviewItemDetailView> {
    const [facts, funds] = await Promise.all([
      this.facts.ofClaims([item.claimId]),
      item.campaignId ? this.funds.find(item.campaignId) : undefined,
    ]);
    return itemDetailView(item, facts, funds, now);
  }
}
