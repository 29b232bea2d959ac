import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { OutboxEntry } from '@poe/platform';
import type { Collection, Document, Filter } from 'mongodb';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '../shared/events';
import type { MinorMoney } from '@poe/contracts';
import type { CampaignState } from './campaign';
import { CatalogErrors } from './catalog.errors';
import { CAMPAIGNS, PARTNERS, PLANS, PROGRAMS } from './catalog.schema';
import type { ProgramSettingsState } from './program-settings';

export interface Program extends ProgramSettingsState {
  id: string;
  name: string;
  description?: string;
  /** Integer minor units per currency; absent or empty: no minimum (docs/payments.md). */
  minimumPayouts?: MinorMoney[];
  createdAt: string;
  createdBy: string;
}
export interface Plan {
  id: string;
  name: string;
  description?: string;
  createdAt: string;
  createdBy: string;
  programId: string;
}
export interface Partner {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
}

type WithId = { _id: string } & Record<string, unknown>;
const fromDoc = <T>(doc: Document | null): T | null => {
  if (!doc) return null;
  const { _id, outbox: _outbox, ...rest } = doc;
  return { id: _id, ...rest } as T;
};
const toDoc = <T extends { id: string }>(value: T): WithId => {
  const { id, ...rest } = value;
  return { _id: id, ...rest };
};

/** The only code that touches the catalog collections. */
@Injectable()
export class CatalogRepository {
  constructor(
    @InjectModel(PROGRAMS) private readonly programs: Model<unknown>,
    @InjectModel(PLANS) private readonly plans: Model<unknown>,
    @InjectModel(PARTNERS) private readonly partners: Model<unknown>,
    @InjectModel(CAMPAIGNS) private readonly campaigns: Model<unknown>,
  ) {}

  /** The native collection the outbox relay drains. */
  get campaignCollection(): Collection {
    return this.campaigns.collection as unknown as Collection;
  }

  /** Programs carry an outbox too (their settings changes). */
  get programCollection(): Collection {
    return this.programs.collection as unknown as Collection;
  }

  private native(model: Model<unknown>): Collection<WithId> {
    return model.collection as unknown as Collection<WithId>;
  }

  private async insert(model: Model<unknown>, what: string, doc: WithId) {
    try {
      await this.native(model).insertOne(doc);
    } catch (e) {
      if (isDuplicateKey(e)) throw CatalogErrors.alreadyExists(what, doc._id);
      throw e;
    }
  }

  insertProgram = (p: Program) => this.insert(this.programs, 'program', toDoc(p));
  insertPlan = (p: Plan) => this.insert(this.plans, 'plan', toDoc(p));
  insertPartner = (p: Partner) => this.insert(this.partners, 'partner', toDoc(p));
  insertCampaign = (c: CampaignState, outbox: OutboxEntry[]) =>
    this.insert(this.campaigns, 'campaign', { ...toDoc(c), outbox });

  findProgram = async (id: string) => fromDoc<Program>(await this.native(this.programs).findOne({ _id: id }));
  findPlan = async (id: string) => fromDoc<Plan>(await this.native(this.plans).findOne({ _id: id }));
  findPartner = async (id: string) => fromDoc<Partner>(await this.native(this.partners).findOne({ _id: id }));
  findCampaign = async (id: string) =>
    fromDoc<CampaignState>(await this.native(this.campaigns).findOne({ _id: id }, { projection: { outbox: 0 } }));

  /** Several by `_id` at once (allocation files name hundreds); missing ids are left out. */
  private async byIds<T extends { id: string }>(model: Model<unknown>, ids: string[], projection = {}) {
    const out = new Map<string, T>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const docs = await this.native(model)
        .find({ _id: { $in: unique.slice(i, i + 500) } }, { projection })
        .toArray();
      for (const d of docs) out.set(d._id, fromDoc<T>(d)!);
    }
    return out;
  }

  findCampaigns = (ids: string[]) => this.byIds<CampaignState>(this.campaigns, ids, { outbox: 0 });
  findPartners = (ids: string[]) => this.byIds<Partner>(this.partners, ids);
  findPlans = (ids: string[]) => this.byIds<Plan>(this.plans, ids);

  async listPrograms(): Promise<Program[]> {
    return (await this.native(this.programs).find({}).sort({ _id: 1 }).limit(500).toArray()).map((d) =>
      fromDoc<Program>(d)!,
    );
  }

  async listPlans(programId: string): Promise<Plan[]> {
    return (await this.native(this.plans).find({ programId }).sort({ _id: 1 }).limit(500).toArray()).map((d) =>
      fromDoc<Plan>(d)!,
    );
  }

  async listPartners(onlyId?: string): Promise<Partner[]> {
    const filter: Filter<WithId> = onlyId ? { _id: onlyId } : {};
    return (await this.native(this.partners).find(filter).sort({ _id: 1 }).limit(500).toArray()).map((d) =>
      fromDoc<Partner>(d)!,
    );
  }

  async listCampaigns(filter: { partnerId?: string; planId?: string; programId?: string }): Promise<CampaignState[]> {
    const query: Filter<WithId> = {};
    for (const [k, v] of Object.entries(filter)) if (v) query[k] = v;
    const docs = await this.native(this.campaigns)
      .find(query, { projection: { outbox: 0 } })
      .sort({ _id: 1 })
      .limit(500)
      .toArray();
    return docs.map((d) => fromDoc<CampaignState>(d)!);
  }

  /**
   * Writes a ledger change if nobody changed the campaign since it was read (revision guard), with
   * its funds event in the same single-document update. False means: read again and retry.
   */
  async saveLedger(state: CampaignState, expectedRevision: number, outbox: OutboxEntry[]): Promise<boolean> {
    const { reservedMinor, approvedMinor, remainingMinor, reservations, revision } = state;
    const res = await this.native(this.campaigns).updateOne({ _id: state.id, revision: expectedRevision }, {
      $set: { reservedMinor, approvedMinor, remainingMinor, reservations, revision },
      $push: { outbox: { $each: outbox } },
    } as never);
    return res.matchedCount === 1;
  }

  /** An allocation added to a campaign (allocated and remaining raised, the reference kept), guarded like saveLedger. */
  async saveAllocation(state: CampaignState, expectedRevision: number, outbox: OutboxEntry[]): Promise<boolean> {
    const { allocatedMinor, remainingMinor, allocations, revision } = state;
    const res = await this.native(this.campaigns).updateOne({ _id: state.id, revision: expectedRevision }, {
      $set: { allocatedMinor, remainingMinor, allocations, revision },
      $push: { outbox: { $each: outbox } },
    } as never);
    return res.matchedCount === 1;
  }

  /** Writes a claim deadline extension with its event, guarded by the revision read like a ledger change. */
  async saveClaimDeadline(state: CampaignState, expectedRevision: number, outbox: OutboxEntry[]): Promise<boolean> {
    const { claimDeadlineExtendedTo, claimDeadlineHistory, revision } = state;
    const res = await this.native(this.campaigns).updateOne({ _id: state.id, revision: expectedRevision }, {
      $set: { claimDeadlineExtendedTo, claimDeadlineHistory, revision },
      $push: { outbox: { $each: outbox } },
    } as never);
    return res.matchedCount === 1;
  }

  /** Writes a change of the reimbursement rules with its event, guarded by the revision read. */
  async saveReimbursement(state: CampaignState, expectedRevision: number, outbox: OutboxEntry[]): Promise<boolean> {
    const { contributionRatioBasisPoints, capPerClaimMinor, reimbursementHistory, revision } = state;
    const res = await this.native(this.campaigns).updateOne({ _id: state.id, revision: expectedRevision }, {
      $set: { contributionRatioBasisPoints, capPerClaimMinor, reimbursementHistory, revision },
      $push: { outbox: { $each: outbox } },
    } as never);
    return res.matchedCount === 1;
  }

  /** The program's settings, guarded by the revision read (absent on programs never changed: 1). */
  async saveProgramSettings(p: Program, expectedRevision: number, outbox: OutboxEntry[]): Promise<boolean> {
    const { disputeWindowBusinessDays, holidays, settingsHistory, revision } = p;
    const guard = expectedRevision === 1 ? { $in: [1, null] } : expectedRevision;
    const res = await this.native(this.programs).updateOne(
      { _id: p.id, revision: guard } as never,
      {
        $set: { disputeWindowBusinessDays, holidays, settingsHistory, revision },
        $push: { outbox: { $each: outbox } },
      } as never,
    );
    return res.matchedCount === 1;
  }
}
