import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CampaignFundsChangedV1Data, MinorMoney } from '@poe/contracts';
import type { Collection, MongoServerError } from 'mongodb';
import type { Model } from 'mongoose';
import { toMinor } from '@poe/platform';
import { CAMPAIGN_FUNDS_COLLECTION } from './campaign-funds.schema';

export interface CampaignFunds {
  campaignId: string;
  partnerId: string;
  programId: string;
  revision: number;
  allocated: MinorMoney;
  reserved: MinorMoney;
  approved: MinorMoney;
  remaining: MinorMoney;
  changedAt: Date;
}

type FundsDoc = Omit<CampaignFunds, 'campaignId'> & { _id: string };

/** The only code that touches the campaign funds collection. */
@Injectable()
export class CampaignFundsRepository {
  private readonly collection: Collection<FundsDoc>;

  constructor(@InjectModel(CAMPAIGN_FUNDS_COLLECTION) model: Model<unknown>) {
    this.collection = model.collection as unknown as Collection<FundsDoc>;
  }

  /**
   * Keeps the newest balance: the upsert only matches an older revision, so a replayed or late event
   * either changes nothing or collides with the newer document (duplicate key) and is dropped.
   */
  async apply(data: CampaignFundsChangedV1Data): Promise<boolean> {
    try {
      const res = await this.collection.updateOne(
        { _id: data.campaignId, revision: { $lt: data.revision } },
        {
          $set: {
            partnerId: data.partnerId,
            programId: data.programId,
            revision: data.revision,
            allocated: toMinor(data.allocated, 'allocated'),
            reserved: toMinor(data.reserved, 'reserved'),
            approved: toMinor(data.approved, 'approved'),
            remaining: toMinor(data.remaining, 'remaining'),
            changedAt: new Date(data.changedAt),
          },
        },
        { upsert: true },
      );
      return res.modifiedCount + res.upsertedCount > 0;
    } catch (e) {
      if ((e as MongoServerError)?.code === 11000) return false;
      throw e;
    }
  }

  async find(campaignId: string): Promise<CampaignFunds | undefined> {
    return (await this.findMany([campaignId])).get(campaignId);
  }

  async findMany(campaignIds: string[]): Promise<Map<string, CampaignFunds>> {
    const ids = [...new Set(campaignIds)];
    if (ids.length === 0) return new Map();
    const docs = await this.collection.find(ids.length === 1 ? { _id: ids[0] } : { _id: { $in: ids } }).toArray();
    return new Map(docs.map(({ _id, ...rest }) => [_id, { campaignId: _id, ...rest }]));
  }
}
