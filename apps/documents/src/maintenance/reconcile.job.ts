import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DocumentRecord } from '../documents/document';
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

    // Only records stored before the listing began can be judged by it.
    let after = '';
    for (;;) {
      const page: DocumentRecord[] = await this.repo.documents
        .find(
          { _id: { $gt: after }, status: { $in: ['stored', 'missing'] }, storedAt: { $lt: listedAt } },
          { projection: { outbox: 0 } },
        )
        .sort({ _id: 1 })
        .limit(500)
        .toArray();
      if (page.length === 0) break;
      for (const doc of page) {
        const there = present.has(doc.objectKey);
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
      after = page[page.length - 1]._id;
    }
    return report;
  }
}
