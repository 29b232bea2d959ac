import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { OutboxEntry } from '@poe/platform';
import type { Collection, Document, Filter, MongoServerError } from 'mongodb';
import type { Model } from 'mongoose';
import { HistoryEntry, ItemStatus, OPEN_STATUSES, ReviewItem } from './review-item';
import { REVIEW_ITEMS_COLLECTION } from './review-item.schema';

type ItemDoc = Omit<ReviewItem, 'claimId'> & { _id: string; outbox?: OutboxEntry[] };

export interface QueueQuery {
  statuses: ItemStatus[];
  programId?: string;
  partnerId?: string;
  assigneeId?: string;
  overdue?: boolean;
  now: Date;
  /** Exclusive: the (dueAt, claimId) of the last row of the previous page. */
  after?: { dueAt: Date; claimId: string };
  limit: number;
}

export interface OverdueCandidate {
  claimId: string;
  partnerId: string;
  claimRevision: number;
  dueAt: Date;
  assigneeId?: string;
}

export interface DecidedRow {
  programId?: string;
  submittedAt?: Date;
  decidedAt: Date;
}

// Written as a whole on every change; history, outbox and event ids are appended instead.
const APPENDED = new Set(['claimId', 'history', 'lastEventIds', 'version']);
const KEPT_EVENT_IDS = 50;

/** The only code that touches the review item collection. */
@Injectable()
export class ReviewItemsRepository {
  readonly collection: Collection<ItemDoc>;

  constructor(@InjectModel(REVIEW_ITEMS_COLLECTION) model: Model<unknown>) {
    this.collection = model.collection as unknown as Collection<ItemDoc>;
  }

  async find(claimId: string): Promise<ReviewItem | undefined> {
    const doc = await this.collection.findOne({ _id: claimId }, { projection: { outbox: 0 } });
    return doc ? toItem(doc) : undefined;
  }

  /**
   * Writes the new state if the stored version is still `item.version` (the one read), appending
   * history and outbox entries in the same single-document write. False if someone wrote first.
   */
  async save(item: ReviewItem, history: HistoryEntry[], outbox: OutboxEntry[], eventId?: string): Promise<boolean> {
    if (item.version === 0) return this.insert(item, history, outbox, eventId);
    const $set: Document = { version: item.version + 1 };
    const $unset: Document = {};
    for (const [key, value] of Object.entries(item)) {
      if (APPENDED.has(key)) continue;
      if (value === undefined) $unset[key] = '';
      else $set[key] = value;
    }
    const $push: Document = {};
    if (history.length) $push.history = { $each: history };
    if (outbox.length) $push.outbox = { $each: outbox };
    if (eventId) $push.lastEventIds = { $each: [eventId], $slice: -KEPT_EVENT_IDS };
    const res = await this.collection.updateOne(
      { _id: item.claimId, version: item.version },
      { $set, ...(Object.keys($unset).length ? { $unset } : {}), ...(Object.keys($push).length ? { $push } : {}) },
    );
    return res.matchedCount === 1;
  }

  private async insert(
    item: ReviewItem,
    history: HistoryEntry[],
    outbox: OutboxEntry[],
    eventId?: string,
  ): Promise<boolean> {
    const { claimId, ...rest } = item;
    const doc = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as unknown as Omit<
      ItemDoc,
      '_id'
    >;
    try {
      await this.collection.insertOne({
        ...doc,
        _id: claimId,
        version: 1,
        history,
        lastEventIds: eventId ? [eventId] : [],
        outbox,
      });
      return true;
    } catch (e) {
      if ((e as MongoServerError)?.code === 11000) return false;
      throw e;
    }
  }

  async listQueue(q: QueueQuery): Promise<ReviewItem[]> {
    // Equalities stay at the top level, where the server matches them to an index; only the
    // conditions that need it go under $and.
    const filter: Filter<ItemDoc> = { status: { $in: q.statuses } };
    if (q.programId) filter.programId = q.programId;
    if (q.partnerId) filter.partnerId = q.partnerId;
    if (q.assigneeId) filter.assigneeId = q.assigneeId;
    const and: Filter<ItemDoc>[] = [];
    if (q.overdue === true) and.push({ status: { $in: [...OPEN_STATUSES] }, dueAt: { $lt: q.now } });
    if (q.overdue === false) and.push({ $or: [{ dueAt: { $gte: q.now } }, { status: { $nin: [...OPEN_STATUSES] } }] });
    if (q.after) {
      and.push({ $or: [{ dueAt: { $gt: q.after.dueAt } }, { dueAt: q.after.dueAt, _id: { $gt: q.after.claimId } }] });
    }
    const docs = await this.collection
      .find(and.length ? { ...filter, $and: and } : filter, { projection: { outbox: 0, history: 0, lastEventIds: 0 } })
      .sort({ dueAt: 1, _id: 1 })
      .limit(q.limit)
      .toArray();
    return docs.map(toItem);
  }

  /** Open items past their due date whose overdue event was not written yet, oldest first. */
  async findOverdueCandidates(now: Date, limit: number): Promise<OverdueCandidate[]> {
    const docs = await this.collection
      .find(
        { overdueNotified: false, status: { $in: [...OPEN_STATUSES] }, dueAt: { $lt: now } },
        { projection: { partnerId: 1, claimRevision: 1, dueAt: 1, assigneeId: 1 } },
      )
      .sort({ dueAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((d) => ({
      claimId: d._id,
      partnerId: d.partnerId,
      claimRevision: d.claimRevision,
      dueAt: d.dueAt!,
      ...(d.assigneeId ? { assigneeId: d.assigneeId } : {}),
    }));
  }

  /**
   * Flags the item overdue for this due date and queues its event, in one conditional write: a
   * second checker (another replica, or a rerun after a crash) matches nothing and publishes nothing.
   */
  async markOverdue(c: OverdueCandidate, now: Date, history: HistoryEntry, outbox: OutboxEntry): Promise<boolean> {
    const res = await this.collection.updateOne(
      { _id: c.claimId, dueAt: c.dueAt, status: { $in: [...OPEN_STATUSES] }, overdueNotifiedFor: { $ne: c.dueAt } },
      {
        $set: { overdueNotified: true, overdueNotifiedFor: c.dueAt },
        $inc: { version: 1 },
        $push: { history, outbox },
      },
    );
    return res.modifiedCount === 1;
  }

  /** Item counts per program and status, for the open statuses (FerretDB supports a `$sum: 1` count). */
  async countByProgramAndStatus(
    statuses: readonly ItemStatus[],
  ): Promise<{ programId?: string; status: ItemStatus; n: number }[]> {
    const rows = await this.collection
      .aggregate<{ _id: { programId?: string; status: ItemStatus }; n: number }>([
        { $match: { status: { $in: [...statuses] } } },
        { $group: { _id: { programId: '$programId', status: '$status' }, n: { $sum: 1 } } },
      ])
      .toArray();
    return rows.map((r) => ({ programId: r._id.programId ?? undefined, status: r._id.status, n: r.n }));
  }

  async countOverdueByProgram(now: Date): Promise<{ programId?: string; n: number }[]> {
    const rows = await this.collection
      .aggregate<{ _id: string | null; n: number }>([
        { $match: { status: { $in: [...OPEN_STATUSES] }, dueAt: { $lt: now } } },
        { $group: { _id: '$programId', n: { $sum: 1 } } },
      ])
      .toArray();
    return rows.map((r) => ({ programId: r._id ?? undefined, n: r.n }));
  }

  /** Disputes per program: open ones (waiting for the team or the partner), and those resolved since `since`, by outcome. */
  async countDisputesByProgram(since: Date): Promise<{ programId?: string; resolution: string | null; n: number }[]> {
    const rows = await this.collection
      .aggregate<{ _id: { programId?: string; resolution?: string }; n: number }>([
        {
          $match: {
            'dispute.disputedAt': { $exists: true },
            $or: [{ 'dispute.resolvedAt': { $exists: false } }, { 'dispute.resolvedAt': { $gte: since } }],
          },
        },
        { $group: { _id: { programId: '$programId', resolution: '$dispute.resolution' }, n: { $sum: 1 } } },
      ])
      .toArray();
    return rows.map((r) => ({ programId: r._id.programId ?? undefined, resolution: r._id.resolution ?? null, n: r.n }));
  }

  /** Final decisions since `since`, newest first, at most `max` rows of three fields. */
  async decidedSince(since: Date, max: number): Promise<DecidedRow[]> {
    const docs = await this.collection
      .find({ decidedAt: { $gte: since } }, { projection: { programId: 1, submittedAt: 1, decidedAt: 1 } })
      .sort({ decidedAt: -1 })
      .limit(max)
      .toArray();
    return docs.map((d) => ({ programId: d.programId, submittedAt: d.submittedAt, decidedAt: d.decidedAt! }));
  }
}

function toItem(doc: ItemDoc): ReviewItem {
  const { _id, outbox: _outbox, ...rest } = doc;
  const item = { claimId: _id, ...rest } as ReviewItem;
  for (const key of Object.keys(item) as (keyof ReviewItem)[]) if (item[key] === null) delete item[key];
  item.history ??= [];
  item.lastEventIds ??= [];
  item.documents ??= [];
  item.documentIds ??= [];
  item.duplicateFlags ??= [];
  return item;
}
