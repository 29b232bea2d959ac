import { Inject, Injectable, Logger } from '@nestjs/common';
import { type DocumentKind, type DocumentUploadedV1Data, ID_PATTERN, UPLOADABLE_DOCUMENT_KINDS } from '@poe/contracts';
import { CallerIdentity, OutboxRelay, signDocumentReceipt } from '@poe/platform';
import type { Filter } from 'mongodb';
import type { Readable } from 'node:stream';
import { ObjectStore } from '../storage/object-store';
import { typeOfContentType, typeOfExtension } from './content-type';
import {
  assertDeletable,
  canRead,
  claimListingScope,
  DocumentRecord,
  isStaffReader,
  readScope,
  uploaderPartner,
  visibleDuplicates,
} from './document';
import { documentEvent } from './document-events';
import { DocumentStore, IncomingFile, ReceivedFile } from './document-store';
import { DocumentErrors } from './documents.errors';
import { DOCUMENTS_OUTBOX } from './documents.outbox';
import { DocumentsRepository } from './documents.repository';
import { CLOCK, Clock, DOCUMENTS_CONFIG, DocumentsConfig } from './documents.tokens';
import { attachmentDisposition, fileNameViolation, sanitiseFileName } from './file-name';
import { answer, type ResponseBody } from '@poe/contracts/responses';

/**
 * What callers see of a document (the `Document` response shape); duplicates are filtered to what
 * the caller may know. `receipt` only in the answer to the upload (or CSR generation): the upload's
 * facts signed for the claims service, to pass back when naming the document before its event
 * arrived there.
 */
export type DocumentView = ResponseBody<'Document'>;

/** A file as the transport received it: the client's name and type, the bytes as a stream. */
export interface UploadedFile {
  fileName: string;
  mimeType: string;
  stream: Readable;
  /** Form fields that came before the file. */
  fieldsSoFar: Record<string, string>;
}

/** One upload in progress (DocumentsService.startUpload). */
export interface UploadSession {
  receive(file: UploadedFile): Promise<void>;
  complete(fields: Record<string, string>): Promise<DocumentView>;
  abandon(): Promise<void>;
}

export type DownloadLink = ResponseBody<'DownloadLink'>;

const CLAIM_ID = ID_PATTERN;

@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);

  constructor(
    private readonly repo: DocumentsRepository,
    private readonly store: DocumentStore,
    private readonly objects: ObjectStore,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DOCUMENTS_OUTBOX) private readonly relay: OutboxRelay,
  ) {}

  /** The largest file an upload may carry (the transport refuses a body declared bigger at once). */
  get maxUploadBytes(): number {
    return this.config.UPLOAD_MAX_BYTES;
  }

  /**
   * One upload: fields `kind` (invoice | proof), optional `claimId`, and one file. The transport
   * (the controller's multipart reader) hands the file over as a stream with the fields sent before
   * it (`receive`), then the complete fields (`complete`); on any failure it calls `abandon`. The
   * file streams straight into the object store; nothing is kept if it is refused.
   */
  startUpload(caller: CallerIdentity): UploadSession {
    const partnerId = uploaderPartner(caller);
    let incoming: IncomingFile | undefined;
    let received: ReceivedFile | undefined;
    return {
      receive: async (file) => {
        // Fields sent before the file are checked before any byte is stored.
        if (file.fieldsSoFar.kind !== undefined) parseKind(file.fieldsSoFar.kind);
        if (file.fieldsSoFar.claimId !== undefined) parseClaimId(file.fieldsSoFar.claimId);
        incoming = describeIncoming(partnerId, caller.subject, file.fileName, file.mimeType);
        received = await this.store.receive(incoming, file.stream);
      },
      complete: async (fields) => {
        const kind = parseKind(fields.kind);
        const claimId = fields.claimId === undefined ? undefined : parseClaimId(fields.claimId);
        if (!received || !incoming) throw DocumentErrors.fileMissing();
        const file = received;
        received = undefined; // from here on commit owns it (it removes the object itself if it fails)
        const doc = await this.store.commit(file, { ...incoming, kind, ...(claimId ? { claimId } : {}) });
        const receipt = signDocumentReceipt({ uploaded: uploadedEventData(doc) }, this.config.INTERNAL_AUTH_SECRET);
        return { ...toView(caller, doc), receipt };
      },
      abandon: async () => {
        // Refused after the bytes were in (a field broke a rule, a second file): keep nothing.
        if (received) await this.store.discard(received);
        received = undefined;
      },
    };
  }

  async get(caller: CallerIdentity, id: string): Promise<DocumentView> {
    return toView(caller, await this.readable(caller, id));
  }

  async list(
    caller: CallerIdentity,
    query: { partnerId?: string; claimId?: string; limit?: number },
  ): Promise<ResponseBody<'DocumentList'>> {
    const partnerId = readScope(caller, query.partnerId);
    const limit = Math.min(query.limit ?? 50, 200);
    let filter: Filter<DocumentRecord> = partnerId ? { partnerId } : {};
    if (query.claimId) {
      // A claimId is the uploader's hint: staff see it only for the claim's own partner (claimListingScope).
      const fact = isStaffReader(caller) ? await this.repo.findClaimFact(query.claimId) : null;
      const scope = claimListingScope(caller, partnerId, fact?.partnerId);
      if (!scope) return { items: [] };
      filter = { ...scope, claimId: query.claimId };
    }
    const docs = await this.repo.list(filter, limit);
    // `{items}` like every other list of the API, so a page cursor can be added without breaking clients.
    return { items: docs.map((d) => toView(caller, d)) };
  }

  /**
   * A short-lived presigned GET: the store serves the bytes, the service never streams them. The
   * response headers are signed too, so the download is always an attachment with the stored type.
   */
  async downloadLink(caller: CallerIdentity, id: string): Promise<DownloadLink> {
    const doc = await this.readable(caller, id);
    if (doc.status !== 'stored') throw DocumentErrors.notFound(id);
    const ttl = this.config.DOWNLOAD_URL_TTL_SECONDS;
    const now = this.clock.now();
    const url = await this.objects.presignedGet(
      doc.objectKey,
      ttl,
      {
        'response-content-disposition': attachmentDisposition(doc.fileName),
        'response-content-type': doc.contentType!,
        'response-cache-control': 'private, no-store',
      },
      now,
    );
    return { url, expiresAt: new Date(now.getTime() + ttl * 1000).toISOString() };
  }

  /** A partner deletes its own document unless it went out with a submitted claim. */
  async delete(caller: CallerIdentity, id: string): Promise<void> {
    const doc = await this.repo.findById(id);
    if (!doc) throw DocumentErrors.notFound(id);
    assertDeletable(caller, doc);
    const deletedAt = this.clock.now();
    const event = documentEvent('poe.documents.document.deleted.v1', {
      documentId: id,
      partnerId: doc.partnerId,
      reason: 'partner_request',
      deletedBy: caller.subject,
      deletedAt: deletedAt.toISOString(),
    });
    // The guard repeats the rule inside the write: a submit applied meanwhile wins.
    const deleted = await this.repo.markDeleted(
      id,
      { submittedWithClaimId: { $exists: false } },
      { deletedAt, deletedBy: caller.subject },
      [event],
    );
    if (!deleted) {
      const now = await this.repo.findById(id);
      if (now?.submittedWithClaimId) throw DocumentErrors.retained(id);
      throw DocumentErrors.notFound(id);
    }
    this.relay.nudge();
    // Metadata says deleted before the object goes: if this fails, reconcile removes the object.
    await this.objects.remove(doc.objectKey).catch((e) =>
      this.logger.warn({
        msg: 'object removal failed; reconcile will retry',
        documentId: id,
        error: (e as Error).message,
      }),
    );
  }

  private async readable(caller: CallerIdentity, id: string): Promise<DocumentRecord> {
    readScope(caller);
    const doc = await this.repo.findById(id);
    if (!doc || (doc.status !== 'stored' && doc.status !== 'missing') || !canRead(caller, doc))
      throw DocumentErrors.notFound(id);
    return doc;
  }
}

function parseKind(raw: string | undefined): DocumentKind {
  if (raw === undefined) throw DocumentErrors.invalidField('kind', 'required', 'kind is required: invoice or proof');
  if (!(UPLOADABLE_DOCUMENT_KINDS as readonly string[]).includes(raw)) {
    throw DocumentErrors.invalidField(
      'kind',
      'isIn',
      'kind must be invoice or proof (a CSR is generated, not uploaded)',
    );
  }
  return raw as DocumentKind;
}

function parseClaimId(raw: string): string {
  if (!CLAIM_ID.test(raw))
    throw DocumentErrors.invalidField('claimId', 'matches', 'claimId must be 1-128 letters, digits or ._:-');
  return raw;
}

/** Name, declared type and extension checked before the first byte: a safe name, each naming a supported type. */
function describeIncoming(partnerId: string, uploadedBy: string, rawName: string, mimeType: string): IncomingFile {
  const badName = fileNameViolation(rawName);
  if (badName) throw DocumentErrors.invalidFileName(badName.rule, badName.message);
  const fileName = sanitiseFileName(rawName);
  const extensionType = typeOfExtension(fileName);
  if (!extensionType) throw DocumentErrors.unsupportedType(`the file name "${fileName}" has no accepted extension`);
  const declaredType = typeOfContentType(mimeType);
  if (!declaredType) throw DocumentErrors.unsupportedType(`the declared content type "${mimeType}" is not accepted`);
  return { partnerId, uploadedBy, fileName, declaredType, extensionType };
}

export function toView(caller: CallerIdentity, d: DocumentRecord): DocumentView {
  return answer('Document', {
    id: d._id,
    partnerId: d.partnerId,
    kind: d.kind,
    status: d.status === 'missing' ? 'missing' : 'stored',
    fileName: d.fileName,
    contentType: d.contentType ?? 'application/octet-stream',
    size: d.size ?? 0,
    sha256: d.sha256 ?? '',
    duplicateOf: visibleDuplicates(caller, d),
    ...(d.claimId ? { claimId: d.claimId } : {}),
    ...(d.submittedWithClaimId ? { submittedWithClaimId: d.submittedWithClaimId } : {}),
    ...(d.retainUntil ? { retainUntil: d.retainUntil.toISOString() } : {}),
    uploadedBy: d.uploadedBy,
    uploadedAt: (d.storedAt ?? d.createdAt).toISOString(),
  });
}

/** The data of the `uploaded` event of a stored document (document-store.ts writes the same), for its receipt. */
export function uploadedEventData(d: DocumentRecord): DocumentUploadedV1Data {
  return {
    documentId: d._id,
    partnerId: d.partnerId,
    ...(d.claimId ? { claimId: d.claimId } : {}),
    kind: d.kind,
    fileName: d.fileName,
    sha256: d.sha256 ?? '',
    size: d.size ?? 0,
    contentType: d.contentType ?? 'application/octet-stream',
    duplicateOf: d.duplicateOf.map((x) => x.documentId),
    uploadedBy: d.uploadedBy,
    uploadedAt: (d.storedAt ?? d.createdAt).toISOString(),
  };
}
