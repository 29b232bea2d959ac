import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DocumentKind } from '@poe/contracts';
import { OutboxEntry, OutboxRelay } from '@poe/platform';
import { randomBytes } from 'node:crypto';
import { ObjectStore } from '../storage/object-store';
import { ContentInspector } from './content-inspector';
import { FILE_TYPES, FileType, HeadFamily } from './content-type';
import type { DocumentRecord } from './document';
import { documentEvent } from './document-events';
import { DocumentErrors } from './documents.errors';
import { DocumentsRepository } from './documents.repository';
import { CLOCK, Clock, DOCUMENTS_CONFIG, DocumentsConfig } from './documents.tokens';
import { DOCUMENTS_OUTBOX } from './documents.outbox';

export interface IncomingFile {
  partnerId: string;
  uploadedBy: string;
  fileName: string;
  /** Type named by the declared content type and by the extension (already checked to exist). */
  declaredType: FileType;
  extensionType: FileType;
  kind?: DocumentKind;
  claimId?: string;
  activityDate?: string;
}

export interface ReceivedFile {
  id: string;
  objectKey: string;
  type: FileType;
  size: number;
  sha256: string;
}

/** Server-generated ids; the object key derives from it and never from anything the client sent. */
export const newDocumentId = () => `DOC-${randomBytes(12).toString('hex')}`;

/**
 * The one path every file takes into storage (uploads and generated CSRs): metadata `pending`
 * first, bytes streamed to the object store while hashed and inspected, then `stored` with its
 * event in one write. Any refusal aborts the object and removes the pending record, so a refused
 * file leaves nothing; a crash leaves a pending record the reconcile job cleans up.
 */
@Injectable()
export class DocumentStore {
  private readonly logger = new Logger(DocumentStore.name);

  constructor(
    private readonly repo: DocumentsRepository,
    private readonly objects: ObjectStore,
    @Inject(DOCUMENTS_CONFIG) private readonly config: DocumentsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DOCUMENTS_OUTBOX) private readonly relay: OutboxRelay,
  ) {}

  /** Streams `chunks` into storage as a pending document; throws a domain error if the content is refused. */
  async receive(file: IncomingFile, chunks: AsyncIterable<Buffer>): Promise<ReceivedFile> {
    const id = newDocumentId();
    const objectKey = `docs/${id}`;
    const max = this.config.UPLOAD_MAX_BYTES;
    await this.repo.insertPending({
      _id: id,
      status: 'pending',
      partnerId: file.partnerId,
      kind: file.kind ?? 'proof',
      objectKey,
      fileName: file.fileName,
      duplicateOf: [],
      uploadedBy: file.uploadedBy,
      createdAt: this.clock.now(),
      ...(file.claimId ? { claimId: file.claimId } : {}),
      ...(file.activityDate ? { activityDate: file.activityDate } : {}),
      outbox: [],
      appliedEvents: [],
    });
    const upload = this.objects.beginUpload(objectKey, FILE_TYPES[file.declaredType].contentType);
    const inspector = new ContentInspector();
    let familyChecked = false;
    try {
      for await (const chunk of chunks) {
        inspector.push(chunk);
        if (inspector.size > max) throw DocumentErrors.tooLarge(max);
        if (!familyChecked) {
          const family = inspector.earlyFamily();
          if (family !== undefined) {
            familyChecked = true;
            // Refuse on the first bytes, before the rest of a wrong file is stored.
            assertFamilyMatches(family, file);
          }
        }
        await upload.write(chunk);
      }
      const result = inspector.finish();
      if (!result.ok) {
        if (result.reason === 'empty') throw DocumentErrors.empty();
        if (result.reason === 'unsupported') throw DocumentErrors.unsupportedType(result.detail);
        if (result.reason === 'malformed') throw DocumentErrors.malformed(result.detail);
        if (result.reason === 'unsafe') throw DocumentErrors.unsafeContent(result.rule, result.detail);
        throw DocumentErrors.truncated(result.detail);
      }
      assertTypeMatches(result.type, file);
      await upload.complete();
      return { id, objectKey, type: result.type, size: result.size, sha256: result.sha256 };
    } catch (e) {
      await this.rollBack(id, () => upload.abort());
      throw e;
    }
  }

  /**
   * pending -> stored: duplicates by hash (any partner), facts and the uploaded event (plus any
   * extra events, e.g. CSR generated) in one single-document write.
   */
  async commit(
    received: ReceivedFile,
    file: IncomingFile & { kind: DocumentKind },
    extraEvents: (received: ReceivedFile) => OutboxEntry[] = () => [],
  ): Promise<DocumentRecord> {
    let doc: DocumentRecord | null;
    try {
      doc = await this.markStored(received, file, extraEvents);
    } catch (e) {
      // Stored after all (only the answer was lost): the upload succeeded, and says so.
      doc = await this.rollBackUnlessStored(received);
      if (!doc) throw e;
    }
    if (!doc) {
      // The pending record vanished (reconcile judged the upload dead): do not keep the object.
      await this.objects.remove(received.objectKey).catch(() => undefined);
      throw DocumentErrors.uploadAborted();
    }
    this.relay.nudge();
    return doc;
  }

  private async markStored(
    received: ReceivedFile,
    file: IncomingFile & { kind: DocumentKind },
    extraEvents: (received: ReceivedFile) => OutboxEntry[],
  ): Promise<DocumentRecord | null> {
    const duplicateOf = await this.repo.earlierWithHash(received.sha256, received.id);
    const storedAt = this.clock.now();
    const contentType = FILE_TYPES[received.type].contentType;
    const set: Partial<DocumentRecord> = {
      status: 'stored',
      kind: file.kind,
      size: received.size,
      sha256: received.sha256,
      contentType,
      duplicateOf,
      storedAt,
      ...(file.claimId ? { claimId: file.claimId } : {}),
    };
    const uploaded = documentEvent('poe.documents.document.uploaded.v1', {
      documentId: received.id,
      partnerId: file.partnerId,
      ...(file.claimId ? { claimId: file.claimId } : {}),
      kind: file.kind,
      fileName: file.fileName,
      sha256: received.sha256,
      size: received.size,
      contentType,
      duplicateOf: duplicateOf.map((d) => d.documentId),
      uploadedBy: file.uploadedBy,
      uploadedAt: storedAt.toISOString(),
    });
    return this.repo.markStored(received.id, set, [uploaded, ...extraEvents(received)]);
  }

  /** Undoes a received file whose request was refused after the bytes were in (e.g. a bad field). */
  async discard(received: ReceivedFile): Promise<void> {
    await this.rollBack(received.id, () => this.objects.remove(received.objectKey));
  }

  /** Undoes a received file whose record is still pending (the object first: a failure leaves the pending record for reconcile). */
  private async rollBack(id: string, removeObject: () => Promise<void>): Promise<void> {
    try {
      await removeObject();
      await this.repo.removePending(id);
    } catch (e) {
      this.warnRollBackFailed(id, e);
    }
  }

  /**
   * Undoes a received file whose `markStored` failed, unless the write went through although its
   * answer was lost (the database died after applying it): then the record and its uploaded event
   * already name the object, removing it would leave a stored document without its bytes, and the
   * stored record is returned. So the pending record goes first, and the object only if no record
   * names it any more.
   */
  private async rollBackUnlessStored(received: ReceivedFile): Promise<DocumentRecord | null> {
    try {
      await this.repo.removePending(received.id);
      const record = await this.repo.findById(received.id);
      if (record) {
        this.logger.warn({ msg: 'an upload whose write failed was stored after all', documentId: received.id });
        return record.status === 'stored' ? record : null;
      }
      // No record any more: an object left by a failure here is an orphan, which reconcile removes.
      await this.objects.remove(received.objectKey);
    } catch (e) {
      this.warnRollBackFailed(received.id, e);
    }
    return null;
  }


  private warnRollBackFailed(id: string, e: unknown): void {
    // What stays (a pending record, or an object without one) reconcile removes after the grace period.
    this.logger.warn({
      msg: 'roll-back of a refused upload failed; reconcile will finish it',
      documentId: id,
      error: (e as Error).message,
    });
  }


}

function assertFamilyMatches(family: HeadFamily | null, file: IncomingFile): void {
  if (family === null) throw DocumentErrors.unsupportedType('the content is not a supported file type');
  const familyOf = (t: FileType): HeadFamily => (t === 'docx' || t === 'xlsx' || t === 'pptx' ? 'zip' : t);
  if (familyOf(file.declaredType) !== family) {
    throw DocumentErrors.typeMismatch(
      'contentMatchesDeclaredType',
      `the content is ${describe(family)} but was declared as ${FILE_TYPES[file.declaredType].contentType}`,
    );
  }
  if (familyOf(file.extensionType) !== family) {
    throw DocumentErrors.typeMismatch(
      'contentMatchesExtension',
      `the content is ${describe(family)} but the file name ends in an extension for ${file.extensionType.toUpperCase()}`,
    );
  }
}

function assertTypeMatches(type: FileType, file: IncomingFile): void {
  if (type !== file.declaredType) {
    throw DocumentErrors.typeMismatch(
      'contentMatchesDeclaredType',
      `the content is ${type.toUpperCase()} but was declared as ${FILE_TYPES[file.declaredType].contentType}`,
    );
  }
  if (type !== file.extensionType) {
    throw DocumentErrors.typeMismatch(
      'contentMatchesExtension',
      `the content is ${type.toUpperCase()} but the file name has the extension of ${file.extensionType.toUpperCase()}`,
    );
  }
}

const describe = (family: HeadFamily) => (family === 'zip' ? 'a ZIP/Office file' : family.toUpperCase());
