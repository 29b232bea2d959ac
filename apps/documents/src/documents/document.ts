import type { CallerIdentity } from '@poe/platform';
import { type DocumentKind, isPartnerRole } from '@poe/contracts';
import { DocumentErrors } from './documents.errors';

/**
 * Lifecycle of a document's metadata. `pending` is written before the first byte goes to the
 * object store, so a crash always leaves a record (or nothing) the reconcile job can act on.
 */
export type DocumentStatus = 'pending' | 'stored' | 'deleted' | 'missing';

export interface DuplicateRef {
  documentId: string;
  partnerId: string;
}

/** The stored metadata of one document (the `documents` collection). */
export interface DocumentRecord {
  _id: string;
  status: DocumentStatus;
  partnerId: string;
  kind: DocumentKind;
  objectKey: string;
  fileName: string;
  contentType?: string;
  size?: number;
  sha256?: string;
  /** Earlier documents (of any partner) with the same SHA-256. */
  duplicateOf: DuplicateRef[];
  uploadedBy: string;
  createdAt: Date;
  storedAt?: Date;
  /** The claim the upload was made for (a hint from the uploader), then the claim it is attached to. */
  claimId?: string;
  attachedAt?: Date;
  /** Set once a claim holding this document was submitted: from then on it cannot be deleted. */
  submittedWithClaimId?: string;
  submittedAt?: Date;
  /** When the activity took place (claim execution date, or the CSR's last execution day). */
  activityDate?: string;
  retainUntil?: Date;
  deletedAt?: Date;
  deletedBy?: string;
  missingSince?: Date;
  outbox: unknown[];
  /** Claim-event ids already applied (idempotent consumer). */
  appliedEvents?: string[];
}

export const isPartnerCaller = (c: CallerIdentity) => c.roles.some(isPartnerRole);
export const isStaffReader = (c: CallerIdentity) => c.roles.includes('reviewer') || c.roles.includes('service');

/** The partner an upload is made for; only partner-side users with a partner upload. */
export function uploaderPartner(caller: CallerIdentity): string {
  if (!isPartnerCaller(caller) || !caller.partnerId) throw DocumentErrors.forbiddenRole('upload documents');
  return caller.partnerId;
}

/**
 * Who may see a document: reviewers and services see all; a partner-side user only its own
 * partner's. Others get "not found", so a partner cannot probe for other partners' ids.
 */
export function canRead(caller: CallerIdentity, doc: Pick<DocumentRecord, 'partnerId'>): boolean {
  if (isStaffReader(caller)) return true;
  return isPartnerCaller(caller) && !!caller.partnerId && caller.partnerId === doc.partnerId;
}

/** The partner filter a listing must apply for this caller (undefined: all partners). */
export function readScope(caller: CallerIdentity, requestedPartner?: string): string | undefined {
  if (isStaffReader(caller)) return requestedPartner;
  if (isPartnerCaller(caller) && caller.partnerId) return caller.partnerId;
  throw DocumentErrors.forbiddenRole('read documents');
}

/** What a listing by claim filters on besides `claimId`; null: nothing may be shown. */
export interface ClaimListingScope {
  partnerId?: string;
  attachedAt?: { $exists: true };
}

/**
 * A `claimId` sent with an upload or a CSR is the uploader's hint and is not checked (claims are
 * learned from events, and refusing would tell the uploader that another partner's claim exists).
 * So a listing by claim shows only documents of the claim's partner, as the claim facts name it.
 * A claim not known yet shows only documents the claims service itself attached (their claimId
 * came from the claim's events). A partner caller sees its own documents with that id, whoever
 * owns the claim, so its answer never depends on the claim facts.
 */
export function claimListingScope(
  caller: CallerIdentity,
  scopePartner: string | undefined,
  claimPartner: string | undefined,
): ClaimListingScope | null {
  if (!isStaffReader(caller)) return { partnerId: scopePartner };
  if (claimPartner === undefined)
    return { ...(scopePartner ? { partnerId: scopePartner } : {}), attachedAt: { $exists: true } };
  if (scopePartner && scopePartner !== claimPartner) return null;
  return { partnerId: claimPartner };
}

/** A partner deletes its own documents, and never one that went out with a submitted claim. */
export function assertDeletable(caller: CallerIdentity, doc: DocumentRecord): void {
  if (!canRead(caller, doc) || doc.status !== 'stored') throw DocumentErrors.notFound(doc._id);
  if (!isPartnerCaller(caller)) throw DocumentErrors.forbiddenRole('delete documents');
  if (doc.submittedWithClaimId) throw DocumentErrors.retained(doc._id);
}

/**
 * Duplicate references a caller may see: reviewers see every match; a partner sees only matches
 * among its own documents, so another partner's ids never leak.
 */
export function visibleDuplicates(
  caller: CallerIdentity,
  doc: Pick<DocumentRecord, 'partnerId' | 'duplicateOf'>,
): string[] {
  const refs = isStaffReader(caller) ? doc.duplicateOf : doc.duplicateOf.filter((d) => d.partnerId === doc.partnerId);
  return refs.map((d) => d.documentId);
}

/** `date` (YYYY-MM-DD) plus whole months, end of that day UTC; clamps to the month's last day. */
export function retentionEnd(activityDate: string, months: number): Date {
  const [y, m, d] = activityDate.split('-').map(Number);
  const targetMonth = m - 1 + months;
  const lastDay = new Date(Date.UTC(y, targetMonth + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, targetMonth, Math.min(d, lastDay), 23, 59, 59, 999));
}

/** The later of two ISO dates; the retention clock runs from the latest known activity day. */
export const laterDate = (a?: string, b?: string): string | undefined => (!a ? b : !b ? a : a > b ? a : b);
