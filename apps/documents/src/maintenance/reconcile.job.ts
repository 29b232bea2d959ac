import { Inject, Injectable, Logger } from '@nestjs/common';
import { DocumentsRepository } from '../documents/documents.repository';
import { DOCUMENTS_CONFIG, DocumentsConfig } from '../documents/documents.tokens';
import { ObjectStore } from '../storage/object-store';

export interface ReconcileReport {
  stalePendingRemoved: number;
  orphanObjectsRemoved: number;
  deletedObjectsRemoved: number;
  markedMissing: number;
  foundAgain: number;
}

const OBJECT_PREFIX = 'docs/';
const idOfKey = (key: string) => key.slice(OBJECT_PREFIX.length);

/**
 * Brings the object store and the metadata back in line after a crash, so the system ends with
 * both or neither:
 * - a `pending` record older than the grace period is a dead upload: its object (or unfinished
 *   multipart upload) and the record go;
 * - an object with no record (older than the grace period), or whose record says deleted, goes;
 * - a `stored` record whose object is gone becomes `missing` (and back to `stored` if it returns),
 *   so reviewers see the loss instead of a broken link.
 */
@Injectable()
export class ReconcileJob {
  private readonly logger = new Logger(ReconcileJob.name);

  constructor(
    private readonly repo: DocumentsRepository,
    private readonly objects: ObjectStore,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
  ) {}

  async run(now = new Date()): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      stalePendingRemoved: 0,
      orphanObjectsRemoved: 0,
      deletedObjectsRemoved: 0,
      markedMissing: 0,
      foundAgain: 0,
    };
    const cutoff = new Date(now.getTime() - this.config.PENDING_GRACE_SECONDS * 1000);

    for (const doc of await this.repo.find({ status: 'pending', createdAt: { $lt: cutoff } })) {
      // The record goes first, guarded: an upload that was only slow (its database write waited
      // out an outage) and finishes now wins, and its object stays. Removing the object first left
      // a stored record without its object (the fault suite, after a kill -9 of the database).
      if (!(await this.repo.deleteRecord(doc._id, 'pending'))) continue;
      report.stalePendingRemoved++;
      // If this fails, the object is an orphan now and a later pass removes it.
      await this.objects.abortIncomplete(doc.objectKey).catch(() => undefined);
      await this.objects.remove(doc.objectKey);
    }

    // One listing of the store, compared with the records in batches.
    const listedAt = new Date();
    const present = new Set<string>();
    let batch: { key: string; lastModified: Date }[] = [];
    const flush = async () => {
      const records = new Map(
        (await this.repo.find({ _id: { $in: batch.map((o) => idOfKey(o.key)) } }, batch.length)).map(
          (r) => [r._id, r] as const,
        ),
      );
      for (const o of batch) {
        const record = records.get(idOfKey(o.key));
        if (record && record.objectKey !== o.key) continue;
        if (!record && o.lastModified < cutoff) {
          await this.objects.remove(o.key);
          report.orphanObjectsRemoved++;
        } else if (record?.status === 'deleted') {
          await this.objects.remove(o.key);
          report.deletedObjectsRemoved++;
        }
      }
      batch = [];
    };
    for await (const o of this.objects.list(OBJECT_PREFIX)) {
      present.add(o.key);
      batch.push(o);
      if (batch.length >= 500) await flush();
    }
    if (batch.length) await flush();

    // Only records stored before the listing began can be judged by it. One cursor per status, in
    // `_id` order on the `{status, _id}` index, read in batches of 500. Pages by `_id: {$gt: last}`
    // with both statuses in the filter made SecantusDB collect every match and sort it in Python for
    // each page, holding its interpreter lock for minutes at 100,000 records (a 98,000-record page:
    // 5-13 s, 200 pages; this cursor: 7 s for all, docs/scale-benchmark.md, "Third and fourth runs").
    for (const status of ['stored', 'missing'] as const) {
      const records = this.repo.documents
        .find({ status }, { projection: { _id: 1, status: 1, objectKey: 1, storedAt: 1 } })
        .sort({ _id: 1 })
        .batchSize(500);
      for await (const doc of records) {
        if (!(doc.storedAt instanceof Date && doc.storedAt < listedAt)) continue;
        await this.judge(doc, present.has(doc.objectKey), now, report);
      }
    }
    return report;
  }

  /** A stored record whose object is gone becomes missing; a missing one whose object is back, stored. */
  private async judge(
    doc: { _id: string; status: string; objectKey: string },
    there: boolean,
    now: Date,
    report: ReconcileReport,
  ): Promise<void> {
    if (doc.status === 'stored' && !there) {
      if (
        await this.repo.updateOne(
          { _id: doc._id, status: 'stored' },
          { $set: { status: 'missing', missingSince: now } },
        )
      ) {
        report.markedMissing++;
        this.logger.error({
          msg: 'object of a stored document is missing from the store',
          documentId: doc._id,
          objectKey: doc.objectKey,
        });
      }
    } else if (doc.status === 'missing' && there) {
      if (
        await this.repo.updateOne(
          { _id: doc._id, status: 'missing' },
          { $set: { status: 'stored' }, $unset: { missingSince: '' } },
        )
      )
        report.foundAgain++;
    }
  }
}
