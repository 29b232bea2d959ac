import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Collection, MongoServerError } from 'mongodb';
import type { Model } from 'mongoose';
import type { ClaimFactEvent } from './review-item';
import { CLAIM_FACTS_COLLECTION } from './claim-fact.schema';

export interface ClaimFact {
  claimId: string;
  revision: number;
  type: ClaimFactEvent['type'];
  at: Date;
  actor: string;
  data: ClaimFactEvent['data'];
}

type FactDoc = ClaimFact & { _id: string };

const actorOf = (e: ClaimFactEvent): string => {
  switch (e.type) {
    case 'poe.claims.claim.created.v1':
      return e.data.createdBy;
    case 'poe.claims.claim.updated.v1':
      return e.data.updatedBy;
    case 'poe.claims.claim.evidence-attached.v1':
      return e.data.attachedBy;
  }
};

/**
 * What the partner did on the draft (name, date, amount, evidence with notes), for the reviewer's
 * view. Insert-only with the claim revision in the key: a redelivered event collides and is
 * dropped, and no existing document is read or rewritten (on FerretDB v1 every update scans the
 * collection, an insert does not).
 */
@Injectable()
export class ClaimFactsRepository {
  private readonly collection: Collection<FactDoc>;

  constructor(@InjectModel(CLAIM_FACTS_COLLECTION) model: Model<unknown>) {
    this.collection = model.collection as unknown as Collection<FactDoc>;
  }

  async record(event: ClaimFactEvent): Promise<boolean> {
    try {
      await this.collection.insertOne({
        _id: `${event.data.claimId}:${event.data.revision}`,
        claimId: event.data.claimId,
        revision: event.data.revision,
        type: event.type,
        at: new Date(event.time),
        actor: actorOf(event),
        data: event.data,
      });
      return true;
    } catch (e) {
      if ((e as MongoServerError)?.code === 11000) return false;
      throw e;
    }
  }

  /** Facts of some claims, by claim and revision. */
  async ofClaims(claimIds: string[]): Promise<ClaimFact[]> {
    if (claimIds.length === 0) return [];
    const docs = await this.collection
      .find(claimIds.length === 1 ? { claimId: claimIds[0] } : { claimId: { $in: claimIds } })
      .sort({ claimId: 1, revision: 1 })
      .toArray();
    return docs.map(({ _id, ...fact }) => fact);
  }
}
