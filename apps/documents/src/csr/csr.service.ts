import { Inject, Injectable } from '@nestjs/common';
import type { CsrGeneratedV1Data } from '@poe/contracts';
import { CallerIdentity, signDocumentReceipt } from '@poe/platform';
import { uploaderPartner } from '../documents/document';
import { documentEvent } from '../documents/document-events';
import { DocumentStore, IncomingFile } from '../documents/document-store';
import { DocumentErrors } from '../documents/documents.errors';
import { DocumentsRepository } from '../documents/documents.repository';
import { DocumentView, toView, uploadedEventData } from '../documents/documents.service';
import { CLOCK, Clock, DOCUMENTS_CONFIG, DocumentsConfig } from '../documents/documents.tokens';
import { CsrInput, fromMinorUnits, validateCsr } from './csr';
import { renderCsrPdf } from './csr-pdf';

const CHUNK = 64 * 1024;

async function* chunksOf(buffer: Buffer): AsyncGenerator<Buffer> {
  for (let p = 0; p < buffer.length; p += CHUNK) yield buffer.subarray(p, p + CHUNK);
}

/**
 * Generates the Certification Service Report PDF from the partner's answers and stores it as a
 * `csr` document through the same path as uploads (hash, checks, metadata, events).
 */
@Injectable()
export class CsrService {
  constructor(
    private readonly store: DocumentStore,
    private readonly repo: DocumentsRepository,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async generate(caller: CallerIdentity, input: CsrInput): Promise<DocumentView> {
    const partnerId = uploaderPartner(caller);
    const report = validateCsr(input);
    // Refused now rather than when the partner attaches it. Only the caller's own claim is checked:
    // another partner's, or one whose events have not arrived yet, reads like any hint (docs/documents.md).
    const claim = await this.repo.findClaimFact(report.claimId);
    if (claim?.partnerId === partnerId && claim.currency && claim.currency !== report.currency)
      throw DocumentErrors.csrCurrencyMismatch(report.claimId, report.currency, claim.currency);
    const generatedAt = this.clock.now();
    const pdf = await renderCsrPdf(report, {
      partnerId,
      acceptedBy: caller.subject,
      generatedAt,
      fontFile: this.config.CSR_FONT_FILE || undefined,
      boldFontFile: this.config.CSR_FONT_BOLD_FILE || undefined,
    });
    const file: IncomingFile & { kind: 'csr' } = {
      partnerId,
      uploadedBy: caller.subject,
      fileName: `CSR-${report.claimId}.pdf`,
      declaredType: 'pdf',
      extensionType: 'pdf',
      kind: 'csr',
      claimId: report.claimId,
      // The retention clock runs from the last execution day.
      activityDate: report.executionEndDate,
    };
    const received = await this.store.receive(file, chunksOf(pdf));
    let generated: CsrGeneratedV1Data | undefined;
    const doc = await this.store.commit(received, file, (r) => {
      generated = {
        documentId: r.id,
        partnerId,
        claimId: report.claimId,
        sha256: r.sha256,
        size: r.size,
        contentType: 'application/pdf',
        total: { amount: fromMinorUnits(report.totalMinor, report.currency), currency: report.currency },
        certifiedBy: report.certifiedBy,
        generatedAt: generatedAt.toISOString(),
      };
      return [documentEvent('poe.documents.document.csr-generated.v1', generated)];
    });
    const receipt = signDocumentReceipt(
      { uploaded: uploadedEventData(doc), csrGenerated: generated },
      this.config.INTERNAL_AUTH_SECRET,
    );
    return { ...toView(caller, doc), receipt };
  }
}
