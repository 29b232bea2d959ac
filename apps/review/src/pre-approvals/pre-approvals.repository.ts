import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { OutboxEntry } from '@poe/platform';
import { pushToOutbox } from '@poe/platform';
import type { Collection, Filter, MongoServerError } from 'mongodb';
import type { Model } from 'mongoose';
import type { PreApproval, PreApprovalStatus } from './pre-approval';
import { COUNTERS_COLLECTION, PRE_APPROVALS_COLLECTION } from './pre-approval.schema';

interface PreApprovalDoc extends Omit<PreApproval, 'id'> {
  _id: string;
  outbox: OutboxEntry[];
}

export interface PreApprovalQuery {
  partnerId?: string;
  campaignId?: string;
  /** Exclusive: rows with a smaller id (newest first). */
  beforeId?: string;
  status?: PreApprovalStatus;
  now: Date;
  limit: number;
}

const isDuplicateKey = (e: unknown) => (e as MongoServerError)?.code === 11000;

/** The only code that touches the pre-approval and counter collections. */
@Injectable()
export class PreApprovalsRepository {
  readonly collection: Collection<PreApprovalDoc>;
  private readonly counters: Collection<{ _id: string; seq: number }>;

  constructor(
    @InjectModel(PRE_APPROVALS_COLLECTION) model: Model<unknown>,
    @InjectModel(COUNTERS_COLLECTION) counters: Model<unknown>,
  ) {
    this.collection = model.collection as unknown as Collection<PreApprovalDoc>;
    this.counters = counters.collection as unknown as Collection<{ _id: string; seq: number }>;
  }

  /** Next number of a yearly sequence; two first callers racing on the upsert both get a number. */
  async nextSequence(name: string): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await this.counters.findOneAndUpdate(
          { _id: name },
          { $inc: { seq: 1 } },
          { upsert: true, returnDocument: 'after' },
        );
        return doc!.seq;
      } catch (e) {
        if (!isDuplicateKey(e) || attempt >= 3) throw e;
      }
    }
  }

  async insert(pa: PreApproval, outbox: OutboxEntry[]): Promise<void> {
    const { id, ...rest } = pa;
    await this.collection.insertOne({ _id: id, ...stripUndefined(rest), outbox });
  }

  async findById(id: string): Promise<PreApproval | undefined> {
    const doc = await this.collection.findOne({ _id: id }, { projection: { outbox: 0 } });
    return doc ? toPreApproval(doc) : undefined;
  }

  async list(q: PreApprovalQuery): Promise<PreApproval[]> {
    const filter: Filter<PreApprovalDoc> = {};
    if (q.partnerId) filter.partnerId = q.partnerId;
    if (q.campaignId) filter.campaignId = q.campaignId;
    if (q.beforeId) filter._id = { $lt: q.beforeId };
    // Mirrors statusOf() in pre-approval.ts, as a query.
    if (q.status === 'revoked') filter.revokedAt = { $exists: true };
    else if (q.status) filter.revokedAt = { $exists: false };
    if (q.status === 'expired') filter.validUntil = { $lt: q.now };
    if (q.status === 'not_yet_valid') filter.validFrom = { $gt: q.now };
    if (q.status === 'active') Object.assign(filter, { validFrom: { $lte: q.now }, validUntil: { $gte: q.now } });
    const docs = await this.collection
      .find(filter, { projection: { outbox: 0 } })
      .sort({ _id: -1 })
      .limit(q.limit)
      .toArray();
    return docs.map(toPreApproval);
  }

  /** Conditional on not being revoked yet, in the same write as the revoked event; false if it lost. */
  async markRevoked(pa: PreApproval, outbox: OutboxEntry[]): Promise<boolean> {
    const res = await this.collection.updateOne(
      { _id: pa.id, revokedAt: { $exists: false } },
      {
        $set: { revokedAt: pa.revokedAt!, revokedBy: pa.revokedBy!, revokeReason: pa.revokeReason! },
        ...pushToOutbox(outbox),
      },
    );
    return res.modifiedCount === 1;
  }
}

function toPreApproval(doc: PreApprovalDoc): PreApproval {
  const { _id, outbox: _outbox, ...rest } = doc;
  return stripUndefined({ id: _id, ...rest }) as PreApproval;
}

export function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}
