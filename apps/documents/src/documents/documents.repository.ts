import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { OutboxEntry } from '@poe/platform';
import type { Collection, Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import type { DocumentRecord, DuplicateRef } from './document';

export interface ClaimFact {
  _id: string;
  partnerId: string;
  executionDate?: string;
  /** The claim's currency: a CSR generated for the claim must be in it. */
  currency?: string;
  revision: number;
}

// FerretDB v1 has no projection on findAndModify: the outbox is dropped here instead.
function withoutOutbox(doc: DocumentRecord | null): DocumentRecord | null {
  if (!doc) return null;
  const { outbox: _outbox, ...rest } = doc;
  return { ...rest, outbox: [] };
}

/** The only code that touches the `documents` and `claim_facts` collections. */
@Injectable()
export class DocumentsRepository {
  readonly documents: Collection<DocumentRecord>;
  readonly claimFacts: Collection<ClaimFact>;

  constructor(@InjectConnection() connection: Connection) {
    this.documents = connection.collection<DocumentRecord>('documents') as unknown as Collection<DocumentRecord>;
    this.claimFacts = connection.collection<ClaimFact>('claim_facts') as unknown as Collection<ClaimFact>;
  }

  async insertPending(doc: DocumentRecord): Promise<void> {
    await this.documents.insertOne(doc);
  }

  findById(id: string): Promise<DocumentRecord | null> {
    return this.documents.findOne({ _id: id }, { projection: { outbox: 0 } });
  }

  /** Earlier stored documents with this hash, oldest first (bounded: a flag needs a few, not all). */
  async earlierWithHash(sha256: string, exceptId: string): Promise<DuplicateRef[]> {
    const docs = await this.documents
      .find(
        { sha256, _id: { $ne: exceptId }, status: { $in: ['stored', 'missing'] } },
        { projection: { _id: 1, partnerId: 1 } },
      )
      .sort({ storedAt: 1 })
      .limit(50)
      .toArray();
    return docs.map((d) => ({ documentId: d._id, partnerId: d.partnerId }));
  }

  /** pending -> stored with its facts and events, in one conditional write; false if no longer pending. */
  async markStored(id: string, set: Partial<DocumentRecord>, events: OutboxEntry[]): Promise<DocumentRecord | null> {
    return this.documents
      .findOneAndUpdate({ _id: id, status: 'pending' }, { $set: set, $push: { outbox: { $each: events } } } as never, {
        returnDocument: 'after',
      })
      .then(withoutOutbox);
  }

  async removePending(id: string): Promise<void> {
    await this.documents.deleteOne({ _id: id, status: 'pending' });
  }

  /** stored -> deleted, only if `guard` still holds (e.g. not submitted); the event goes in the same write. */
  async markDeleted(
    id: string,
    guard: Filter<DocumentRecord>,
    set: Partial<DocumentRecord>,
    events: OutboxEntry[],
  ): Promise<DocumentRecord | null> {
    return this.documents
      .findOneAndUpdate(
        { _id: id, status: { $in: ['stored', 'missing'] }, ...guard } as Filter<DocumentRecord>,
        { $set: { ...set, status: 'deleted' }, $push: { outbox: { $each: events } } } as never,
        { returnDocument: 'after' },
      )
      .then(withoutOutbox);
  }

  list(filter: Filter<DocumentRecord>, limit: number): Promise<DocumentRecord[]> {
    return this.documents
      .find({ ...filter, status: { $in: ['stored', 'missing'] } } as Filter<DocumentRecord>, {
        projection: { outbox: 0 },
      })
      .sort({ createdAt: -1 })
      .limit(limit)
      .toArray();
  }

  find(filter: Filter<DocumentRecord>, limit = 500): Promise<DocumentRecord[]> {
    return this.documents
      .find(filter, { projection: { outbox: 0 } })
      .limit(limit)
      .toArray();
  }

  async updateOne(filter: Filter<DocumentRecord>, update: object): Promise<boolean> {
    const r = await this.documents.updateOne(filter, update as never);
    return r.modifiedCount > 0;
  }

  async deleteRecord(id: string, status: DocumentRecord['status']): Promise<boolean> {
    const r = await this.documents.deleteOne({ _id: id, status });
    return r.deletedCount > 0;
  }

  /** Keeps the newest facts of a claim; an older or replayed revision changes nothing. */
  async recordClaimFact(fact: ClaimFact): Promise<void> {
    try {
      await this.claimFacts.updateOne(
        { _id: fact._id, revision: { $lt: fact.revision } },
        {
          $set: {
            partnerId: fact.partnerId,
            revision: fact.revision,
            ...(fact.executionDate ? { executionDate: fact.executionDate } : {}),
            ...(fact.currency ? { currency: fact.currency } : {}),
          },
        },
        { upsert: true },
      );
    } catch (e) {
      // The upsert collides with a newer revision already stored: nothing to do.
      if ((e as { code?: number }).code !== 11000) throw e;
    }
  }

  findClaimFact(claimId: string): Promise<ClaimFact | null> {
    return this.claimFacts.findOne({ _id: claimId });
  }
}
