import { Inject, Injectable, Logger } from '@nestjs/common';
import { OutboxRelay } from '@poe/platform';
import type { Filter } from 'mongodb';
import type { DocumentRecord } from '../documents/document';
import { documentEvent } from '../documents/document-events';
import { DOCUMENTS_OUTBOX } from '../documents/documents.outbox';
import { DocumentsRepository } from '../documents/documents.repository';
import { DOCUMENTS_CONFIG, DocumentsConfig } from '../documents/documents.tokens';
import { ObjectStore } from '../storage/object-store';

export interface RetentionReport {
  unattachedRemoved: number;
  retentionExpiredRemoved: number;
}

/**
 * Removes what no longer has to be kept: uploads never attached to a claim once older than the
 * allowed age, and documents whose retention period (activity date + N months) is over. A document
 * of a submitted claim with no known activity date has no end and stays.
 */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);

  constructor(
    private readonly repo: DocumentsRepository,
    private readonly objects: ObjectStore,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
    @Inject(DOCUMENTS_OUTBOX) private readonly relay: OutboxRelay,
  ) {}

  async run(now = new Date()): Promise<RetentionReport> {
    const unattachedBefore = new Date(now.getTime() - this.config.UNATTACHED_MAX_AGE_HOURS * 3600 * 1000);
    const unattached: Filter<DocumentRecord> = {
      status: { $in: ['stored', 'missing'] },
      attachedAt: { $exists: false },
      submittedWithClaimId: { $exists: false },
      createdAt: { $lt: unattachedBefore },
    };
    const expired: Filter<DocumentRecord> = { status: { $in: ['stored', 'missing'] }, retainUntil: { $lt: now } };
    const report = {
      unattachedRemoved: await this.removeAll(unattached, 'unattached_upload', now),
      retentionExpiredRemoved: await this.removeAll(expired, 'retention_period', now),
    };
    if (report.unattachedRemoved + report.retentionExpiredRemoved > 0) this.relay.nudge();
    return report;
  }

  private async removeAll(
    filter: Filter<DocumentRecord>,
    rule: 'unattached_upload' | 'retention_period',
    now: Date,
  ): Promise<number> {
    let removed = 0;
    for (;;) {
      const docs = await this.repo.find(filter, 200);
      if (docs.length === 0) return removed;
      let removedThisPass = 0;
      for (const doc of docs) {
        const event = documentEvent('poe.documents.document.deleted.v1', {
          documentId: doc._id,
          partnerId: doc.partnerId,
          reason: 'retention_expired',
          retentionRule: rule,
          deletedAt: now.toISOString(),
        });
        // The filter is repeated inside the write: an attachment or submission applied meanwhile wins.
        const { status: _s, ...guard } = filter;
        if (!(await this.repo.markDeleted(doc._id, guard, { deletedAt: now }, [event]))) continue;
        removed++;
        removedThisPass++;
        await this.objects.remove(doc.objectKey).catch((e) =>
          this.logger.warn({
            msg: 'object removal failed; reconcile will retry',
            documentId: doc._id,
            error: (e as Error).message,
          }),
        );
      }
      if (docs.length < 200 || removedThisPass === 0) return removed;
    }
  }
}
