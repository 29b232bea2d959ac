import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { OutboxEntry } from '@poe/platform';
import type { Collection, Document, Filter } from 'mongodb';
import type { Model } from 'mongoose';
import { CLAIMS } from '../claims/claim.schema';
import { isDuplicateKey } from '../shared/events';
import { PAYOUT_RELEASES } from './payment.schema';
import type { PayableClaim, PaymentState } from './payment';

type Doc = { _id: string } & Record<string, unknown>;

const PAYABLE_FIELDS = {
  partnerId: 1,
  programId: 1,
  campaignId: 1,
  status: 1,
  currency: 1,
  approvedMinor: 1,
  payment: 1,
} as const;

const toPayable = (d: Document): PayableClaim => ({
  id: d._id as string,
  partnerId: d.partnerId,
  programId: d.programId,
  campaignId: d.campaignId,
  status: d.status,
  currency: d.currency,
  approvedMinor: d.approvedMinor ?? null,
  payment: (d.payment as PaymentState | undefined) ?? null,
});

export interface PayableQuery {
  programId?: string;
  partnerId?: string;
  currency?: string;
  after?: string;
  limit: number;
}

/**
 * The payment sub-document of the claims collection. Only this file writes `payment`; the claims
 * repository never `$set`s it, so a claim change and a payout never overwrite each other.
 */
@Injectable()
export class PaymentsRepository {
  constructor(
    @InjectModel(CLAIMS) private readonly claims: Model<unknown>,
    @InjectModel(PAYOUT_RELEASES) private readonly releases: Model<unknown>,
  ) {}

  private get col() {
    return this.claims.collection as unknown as Collection<Doc>;
  }

  async find(claimId: string): Promise<PayableClaim | null> {
    const d = await this.col.findOne({ _id: claimId }, { projection: PAYABLE_FIELDS });
    return d ? toPayable(d) : null;
  }

  /**
   * Writes the payment state and its event in one update, guarded by the payment revision read
   * (absent before the first payout) and the claim still APPROVED. False: read again and retry.
   */
  async save(claim: PayableClaim, payment: PaymentState, outbox: OutboxEntry[]): Promise<boolean> {
    const filter: Filter<Doc> = { _id: claim.id, status: 'APPROVED' };
    if (claim.payment) filter['payment.revision'] = claim.payment.revision;
    else filter.payment = null;
    const res = await this.col.updateOne(filter, {
      $set: { payment },
      $push: { outbox: { $each: outbox } },
    } as never);
    return res.matchedCount === 1;
  }

  /** Approved claims not fully paid, oldest first, by claim id (the cursor). */
  async listPayable(q: PayableQuery): Promise<PayableClaim[]> {
    const filter: Filter<Doc> = { status: 'APPROVED', approvedMinor: { $gt: 0 }, 'payment.status': { $ne: 'PAID' } };
    if (q.programId) filter.programId = q.programId;
    if (q.partnerId) filter.partnerId = q.partnerId;
    if (q.currency) filter.currency = q.currency;
    if (q.after) filter._id = { $gt: q.after };
    const docs = await this.col.find(filter, { projection: PAYABLE_FIELDS }).sort({ _id: 1 }).limit(q.limit).toArray();
    return docs.map(toPayable);
  }

  /**
   * What the partner is still owed in one program and currency, over every approved claim, and
   * the claims of it with no payout yet (the ones a minimum payout can hold).
   */
  async outstandingOfPartner(
    partnerId: string,
    programId: string,
    currency: string,
  ): Promise<{ outstandingMinor: number; unpaidClaimIds: string[] }> {
    const docs = await this.col
      .find(
        { partnerId, status: 'APPROVED', programId, currency, 'payment.status': { $ne: 'PAID' } },
        { projection: { approvedMinor: 1, 'payment.paidMinor': 1 } },
      )
      .toArray();
    const paidOf = (d: Doc) => (d.payment as { paidMinor?: number } | undefined)?.paidMinor;
    return {
      outstandingMinor: docs.reduce((sum, d) => sum + ((d.approvedMinor as number) ?? 0) - (paidOf(d) ?? 0), 0),
      unpaidClaimIds: docs.filter((d) => paidOf(d) === undefined).map((d) => d._id),
    };
  }

  /** Of these claims, the ones a minimum payout no longer holds. */
  async releasedOf(claimIds: string[]): Promise<Set<string>> {
    if (!claimIds.length) return new Set();
    const docs = await this.releaseCol.find({ _id: { $in: claimIds } }, { projection: { _id: 1 } }).toArray();
    return new Set(docs.map((d) => d._id));
  }

  /** Releases claims from the minimum payout's hold, for good; releasing one twice changes nothing. */
  async release(claimIds: string[], at: string): Promise<void> {
    await Promise.all(
      claimIds.map((id) =>
        this.releaseCol.updateOne({ _id: id }, { $setOnInsert: { releasedAt: at } }, { upsert: true }).catch((e) => {
          if (!isDuplicateKey(e)) throw e;
        }),
      ),
    );
  }

  private get releaseCol() {
    return this.releases.collection as unknown as Collection<Doc>;
  }

  /** Paid per campaign, in each campaign's currency: the sum of its claims' counted payouts. */
  async paidByCampaign(campaignIds: string[]): Promise<Map<string, number>> {
    const paid = new Map<string, number>();
    if (!campaignIds.length) return paid;
    const docs = await this.col
      .find(
        { campaignId: { $in: campaignIds }, 'payment.paidMinor': { $gt: 0 } },
        { projection: { campaignId: 1, 'payment.paidMinor': 1 } },
      )
      .toArray();
    for (const d of docs) {
      const id = d.campaignId as string;
      paid.set(id, (paid.get(id) ?? 0) + (d.payment as { paidMinor: number }).paidMinor);
    }
    return paid;
  }
}
