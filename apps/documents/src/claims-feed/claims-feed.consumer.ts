import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AnyEventEnvelope } from '@poe/contracts';
import { laterDate, retentionEnd } from '../documents/document';
import { DocumentsRepository } from '../documents/documents.repository';
import { DOCUMENTS_CONFIG, DocumentsConfig } from '../documents/documents.tokens';

/**
 * What the documents service learns from `claims.claim.v1`: a claim's execution date (for the
 * retention clock), which documents are attached, and which went out with a submitted claim (from
 * then on they cannot be deleted). Every write is a `$set` of values fixed by the event, guarded by
 * document id and partner, so a redelivered event changes nothing.
 */
@Injectable()
export class ClaimsFeedConsumer {
  private readonly logger = new Logger(ClaimsFeedConsumer.name);

  constructor(
    private readonly repo: DocumentsRepository,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
  ) {}

  async handle(event: AnyEventEnvelope): Promise<void> {
    switch (event.type) {
      case 'poe.claims.claim.created.v1':
      case 'poe.claims.claim.updated.v1': {
        const d = event.data;
        await this.repo.recordClaimFact({
          _id: d.claimId,
          partnerId: d.partnerId,
          executionDate: d.executionDate,
          currency: d.amount.currency,
          revision: d.revision,
        });
        return;
      }
      case 'poe.claims.claim.evidence-attached.v1': {
        const d = event.data;
        const applied = await this.repo.updateOne(
          { _id: d.documentId, partnerId: d.partnerId, status: { $in: ['stored', 'missing'] } },
          { $set: { claimId: d.claimId, attachedAt: new Date(d.attachedAt) } },
        );
        if (!applied)
          this.logger.debug({
            msg: 'attachment names no live document of the partner (or was applied already)',
            documentId: d.documentId,
          });
        return;
      }
      case 'poe.claims.claim.submitted.v1':
        return this.onSubmitted(
          event.data.claimId,
          event.data.partnerId,
          event.data.documentIds,
          event.data.submittedAt,
        );
      default:
        return;
    }
  }

  private async onSubmitted(
    claimId: string,
    partnerId: string,
    documentIds: string[],
    submittedAt: string,
  ): Promise<void> {
    const fact = await this.repo.findClaimFact(claimId);
    for (const id of documentIds) {
      const doc = await this.repo.findById(id);
      if (!doc || doc.partnerId !== partnerId || doc.status === 'pending') {
        this.logger.warn({ msg: 'submitted claim names an unknown document', claimId, documentId: id });
        continue;
      }
      if (doc.status === 'deleted') {
        this.logger.error({ msg: 'submitted claim names a document already deleted', claimId, documentId: id });
        continue;
      }
      const activityDate = laterDate(doc.activityDate, fact?.executionDate);
      const computed = activityDate ? retentionEnd(activityDate, this.config.RETENTION_MONTHS) : undefined;
      // Retention only ever grows: a later submission cannot shorten what an earlier one promised.
      const retainUntil = computed && doc.retainUntil && doc.retainUntil > computed ? doc.retainUntil : computed;
      await this.repo.updateOne(
        { _id: id, partnerId },
        {
          $set: {
            claimId,
            submittedWithClaimId: doc.submittedWithClaimId ?? claimId,
            submittedAt: doc.submittedAt ?? new Date(submittedAt),
            ...(doc.attachedAt ? {} : { attachedAt: new Date(submittedAt) }),
            ...(activityDate ? { activityDate } : {}),
            ...(retainUntil ? { retainUntil } : {}),
          },
        },
      );
    }
  }
}
