import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type {
  CsrGeneratedV1Data,
  DocumentDeletedV1Data,
  DocumentUploadedV1Data,
  PreApprovalGrantedV1Data,
  PreApprovalRevokedV1Data,
} from '@poe/contracts';
import type { Collection, Document, Filter } from 'mongodb';
import type { Model } from 'mongoose';
import { Readable } from 'node:stream';
import { isDuplicateKey, toOutbox } from '../shared/events';
import { toMinor } from '@poe/platform';
import type { Claim, ClaimState, ClaimStatus, KnownDocument, KnownPreApproval } from './claim';
import { CLAIMS, EVIDENCE_FINGERPRINTS, KNOWN_DOCUMENTS, PRE_APPROVALS } from './claim.schema';

type Doc = { _id: string } & Record<string, unknown>;

export interface ClaimListQuery {
  partnerId?: string;
  status?: ClaimStatus;
  campaignId?: string;
  /** Execution date range, inclusive. */
  from?: string;
  to?: string;
  /** Newest first (default) or oldest first. */
  order: 'desc' | 'asc';
  after?: string;
  limit: number;
}

/** How a write is guarded: by the version read (plain changes) or by the pending funds step it completes. */
export type WriteGuard = { kind: 'version' } | { kind: 'pending'; op: string; key: string };

const toState = (doc: Document | null): ClaimState | null => {
  if (!doc) return null;
  const { _id, outbox: _o, ...rest } = doc;
  return { id: _id, ...rest } as ClaimState;
};

/** The only code that touches the claims collection and the read models kept from other services' events. */
@Injectable()
export class ClaimsRepository {
  constructor(
    @InjectModel(CLAIMS) private readonly claims: Model<unknown>,
    @InjectModel(KNOWN_DOCUMENTS) private readonly documents: Model<unknown>,
    @InjectModel(PRE_APPROVALS) private readonly preApprovals: Model<unknown>,
    @InjectModel(EVIDENCE_FINGERPRINTS) private readonly fingerprints: Model<unknown>,
  ) {}

  get claimCollection(): Collection {
    return this.claims.collection as unknown as Collection;
  }

  private col(model: Model<unknown>) {
    return model.collection as unknown as Collection<Doc>;
  }

  /** Inserts a new claim with its events; false if the id exists already (an idempotent retry). */
  async insert(claim: Claim): Promise<boolean> {
    const { id, ...rest } = claim.state;
    try {
      const outbox = toOutbox(claim.events);
      await this.col(this.claims).insertOne({ _id: id, ...rest, outbox });
      return true;
    } catch (e) {
      if (isDuplicateKey(e)) return false;
      throw e;
    }
  }

  async find(id: string): Promise<ClaimState | null> {
    return toState(await this.col(this.claims).findOne({ _id: id }, { projection: { outbox: 0 } }));
  }

  /**
   * Persists the claim's state, its new history entries and its events in one single-document
   * update. False if the guard no longer holds: someone else changed the claim first.
   */
  async save(claim: Claim, guard: WriteGuard, causationId?: string): Promise<boolean> {
    // `payment` belongs to payments.repository.ts: never written back from a claim read earlier.
    const { id, history: _h, payment: _p, ...fields } = claim.state as ClaimState & { payment?: unknown };
    const filter: Filter<Doc> =
      guard.kind === 'version'
        ? { _id: id, version: claim.readVersion, pending: null }
        : { _id: id, 'pending.op': guard.op, 'pending.key': guard.key };
    const update: Document = { $set: fields };
    const push: Document = {};
    if (claim.newHistory.length) push.history = { $each: claim.newHistory };
    if (claim.events.length) push.outbox = { $each: toOutbox(claim.events, causationId) };
    if (Object.keys(push).length) update.$push = push;
    const res = await this.col(this.claims).updateOne(filter, update);
    return res.matchedCount === 1;
  }

  async list(q: ClaimListQuery): Promise<ClaimState[]> {
    const filter: Filter<Doc> = {};
    if (q.partnerId) filter.partnerId = q.partnerId;
    if (q.status) filter.status = q.status;
    if (q.campaignId) filter.campaignId = q.campaignId;
    if (q.from || q.to) filter.executionDate = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: q.to } : {}) };
    if (q.after) filter._id = q.order === 'desc' ? { $lt: q.after } : { $gt: q.after };
    const docs = await this.col(this.claims)
      .find(filter, { projection: { outbox: 0, history: 0, processedEventIds: 0 } })
      .sort({ _id: q.order === 'desc' ? -1 : 1 })
      .limit(q.limit)
      .toArray();
    return docs.map((d) => toState(d)!);
  }

  /**
   * Every claim matching the filter, oldest first, as a stream read from a database cursor in
   * batches (the finance export: no row limit, memory bounded by the batch). Heavy fields stay out.
   */
  streamAll(q: Omit<ClaimListQuery, 'order' | 'after' | 'limit'>, batchSize = 500): Readable {
    const filter: Filter<Doc> = {};
    if (q.partnerId) filter.partnerId = q.partnerId;
    if (q.status) filter.status = q.status;
    if (q.campaignId) filter.campaignId = q.campaignId;
    if (q.from || q.to) filter.executionDate = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: q.to } : {}) };
    const projection = { outbox: 0, history: 0, processedEventIds: 0, comments: 0, proofDocuments: 0, evidence: 0 };
    const cursor = this.col(this.claims).find(filter, { projection }).sort({ _id: 1 }).batchSize(batchSize);
    return Readable.from(
      (async function* () {
        try {
          for await (const doc of cursor) yield toState(doc)!;
        } finally {
          await cursor.close();
        }
      })(),
      { objectMode: true, highWaterMark: batchSize },
    );
  }

  /** Drafts of a campaign never submitted: the ones its claim deadline can expire. */
  async neverSubmittedDrafts(campaignId: string, limit = 100): Promise<ClaimState[]> {
    const docs = await this.col(this.claims)
      .find({ campaignId, status: 'EDITING', submissionCount: 0 }, { projection: { outbox: 0 } })
      .limit(limit)
      .toArray();
    return docs.map((d) => toState(d)!);
  }

  /** Claims whose funds step was left half done (a crash, a lost connection) before `startedBefore`. */
  async withPendingSteps(startedBefore: string, limit = 100): Promise<ClaimState[]> {
    const docs = await this.col(this.claims)
      .find({ 'pending.startedAt': { $lt: startedBefore } }, { projection: { outbox: 0 } })
      .limit(limit)
      .toArray();
    return docs.map((d) => toState(d)!);
  }

  /**
   * Claims already submitted with these evidence fingerprints (`sha256:<hex>`, `invoice:<vendor|number>`).
   * Looked up by `_id` only, which FerretDB answers without scanning the collection.
   */
  async claimsWithFingerprints(keys: string[]): Promise<Map<string, string[]>> {
    const found = await Promise.all(keys.map((k) => this.col(this.fingerprints).findOne({ _id: k })));
    return new Map(keys.map((k, i) => [k, (found[i]?.claimIds as string[] | undefined) ?? []]));
  }

  /** The partner of each of these claims (missing ids are left out). */
  async partnersOfClaims(ids: string[]): Promise<Map<string, string>> {
    const found = await Promise.all(
      ids.map((id) => this.col(this.claims).findOne({ _id: id }, { projection: { partnerId: 1 } })),
    );
    return new Map(found.flatMap((d) => (d ? [[d._id, d.partnerId as string] as const] : [])));
  }

  /** Remembers a submitted claim's fingerprints; `$addToSet` makes a repeat harmless. */
  async recordFingerprints(keys: string[], claimId: string): Promise<void> {
    await Promise.all(
      keys.map((k) =>
        this.col(this.fingerprints)
          .updateOne({ _id: k }, { $addToSet: { claimIds: claimId } } as never, {
            upsert: true,
          })
          .catch((e) => {
            if (!isDuplicateKey(e)) throw e;
            return this.col(this.fingerprints).updateOne({ _id: k }, { $addToSet: { claimIds: claimId } } as never);
          }),
      ),
    );
  }

  // ---- documents read model ----

  async findDocuments(ids: string[]): Promise<Map<string, KnownDocument>> {
    // One lookup by `_id` per document (a claim cites a handful): FerretDB answers those from its index.
    const docs = await Promise.all([...new Set(ids)].map((id) => this.col(this.documents).findOne({ _id: id })));
    return new Map(
      docs.filter((d): d is Doc => !!d).map((d) => [d._id, { id: d._id, ...d } as unknown as KnownDocument]),
    );
  }

  /** First write wins: a redelivered upload changes nothing, and never revives a deleted document. */
  async documentUploaded(d: DocumentUploadedV1Data): Promise<void> {
    await this.upsertOnce(this.documents, d.documentId, {
      partnerId: d.partnerId,
      kind: d.kind,
      sha256: d.sha256,
      ...(d.claimId ? { claimId: d.claimId } : {}),
      deleted: false,
      updatedAt: d.uploadedAt,
    });
  }

  /** The report's total is set on every delivery (same value); the rest only on first sight. */
  async csrGenerated(d: CsrGeneratedV1Data): Promise<void> {
    const total = toMinor(d.total, 'total');
    await this.col(this.documents)
      .updateOne(
        { _id: d.documentId },
        {
          $set: { totalMinor: total.minor, currency: total.currency },
          $setOnInsert: {
            partnerId: d.partnerId,
            kind: 'csr',
            sha256: d.sha256,
            claimId: d.claimId,
            deleted: false,
            updatedAt: d.generatedAt,
          },
        },
        { upsert: true },
      )
      .catch((e) => {
        if (!isDuplicateKey(e)) throw e;
      });
  }

  async documentDeleted(d: DocumentDeletedV1Data): Promise<void> {
    await this.col(this.documents)
      .updateOne(
        { _id: d.documentId },
        {
          $set: { deleted: true, updatedAt: d.deletedAt },
          $setOnInsert: { partnerId: d.partnerId, kind: 'proof', sha256: '' },
        },
        { upsert: true },
      )
      .catch((e) => {
        if (!isDuplicateKey(e)) throw e;
      });
  }

  // ---- pre-approvals read model ----

  async findPreApproval(id: string): Promise<KnownPreApproval | null> {
    const d = await this.col(this.preApprovals).findOne({ _id: id });
    return d ? ({ id: d._id, ...d } as unknown as KnownPreApproval) : null;
  }

  /** A grant never clears a revocation: the two may be replayed in any order and revoked stays revoked. */
  async preApprovalGranted(d: PreApprovalGrantedV1Data): Promise<void> {
    await this.col(this.preApprovals)
      .updateOne(
        { _id: d.preApprovalId },
        {
          $set: { partnerId: d.partnerId, campaignId: d.campaignId, validFrom: d.validFrom, validUntil: d.validUntil },
          $setOnInsert: { revoked: false },
        },
        { upsert: true },
      )
      .catch((e) => {
        if (!isDuplicateKey(e)) throw e;
      });
  }

  async preApprovalRevoked(d: PreApprovalRevokedV1Data): Promise<void> {
    await this.col(this.preApprovals)
      .updateOne(
        { _id: d.preApprovalId },
        {
          $set: { revoked: true, revokedAt: d.revokedAt, partnerId: d.partnerId, campaignId: d.campaignId },
          $setOnInsert: { validFrom: d.revokedAt, validUntil: d.revokedAt },
        },
        { upsert: true },
      )
      .catch((e) => {
        if (!isDuplicateKey(e)) throw e;
      });
  }

  private async upsertOnce(model: Model<unknown>, id: string, fields: Record<string, unknown>) {
    try {
      await this.col(model).updateOne({ _id: id }, { $setOnInsert: fields }, { upsert: true });
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
    }
  }
}
