import { Injectable } from '@nestjs/common';
import { answer, type ResponseBody, type ReviewerDocumentBody } from '@poe/contracts/responses';
import type { CallerIdentity } from '@poe/platform';
import { ServiceClient, UpstreamResponse } from '../upstream/service-client';

/**
 * The parts of the services' answers the compositions read; everything else is relayed as is. The
 * response shapes must answer at least these (test/types/response-shapes.ts checks it).
 */
type ClaimBody = ResponseBody<'ClaimWithHistory'>;
export interface ClaimAnswer {
  id: string;
  status: ClaimBody['status'];
  version: number;
  evidence: { invoice?: { documentId: string }; csr?: { documentId: string } } | null;
  proofDocuments: readonly { documentId: string; note?: string }[];
  history?: ClaimBody['history'];
}
export interface ReviewItemAnswer {
  documents?: readonly { documentId: string; kind?: string; note?: string; inLatestSubmission?: boolean }[];
}
export interface DocumentAnswer {
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  duplicateOf: readonly string[];
  status: string;
}

/** A document of the reviewer's claim view: its role, metadata and link, or why they are missing. */
export type ClaimDocumentEntry = ReviewerDocumentBody;

const ok = (r: UpstreamResponse) => r.status >= 200 && r.status < 300;

/** The documents a reviewer needs for a claim, in the order they read it: evidence, proofs, older ones. */
export function documentsOf(
  claim: Pick<ClaimAnswer, 'evidence' | 'proofDocuments'>,
  review: ReviewItemAnswer | null,
): Omit<ClaimDocumentEntry, 'download'>[] {
  const out: Omit<ClaimDocumentEntry, 'download'>[] = [];
  const seen = new Set<string>();
  const add = (e: Omit<ClaimDocumentEntry, 'download'>) => {
    if (seen.has(e.documentId)) return;
    seen.add(e.documentId);
    out.push(e);
  };
  if (claim.evidence?.invoice) add({ documentId: claim.evidence.invoice.documentId, role: 'invoice' });
  if (claim.evidence?.csr) add({ documentId: claim.evidence.csr.documentId, role: 'csr' });
  for (const p of claim.proofDocuments ?? [])
    add({ documentId: p.documentId, role: 'proof', ...(p.note ? { note: p.note } : {}) });
  for (const d of review?.documents ?? [])
    add({ documentId: d.documentId, role: 'earlier-submission', ...(d.note ? { note: d.note } : {}) });
  return out;
}

/** Answers the gateway builds from several services' answers (routes with `compose` in the table). */
@Injectable()
export class ComposedViews {
  constructor(private readonly services: ServiceClient) {}

  /**
   * Claim (claims) + review item (review) + metadata and a short-lived download link per document
   * (documents), called in parallel. The claim decides: its 404 or 403 is the answer. A claim not
   * yet submitted has no review item (`review: null`).
   */
  async reviewerClaimView(caller: CallerIdentity, claimId: string): Promise<UpstreamResponse> {
    const id = encodeURIComponent(claimId);
    const [claim, review] = await Promise.all([
      this.services.call<ClaimAnswer>('claims', 'GET', `/claims/${id}`, caller),
      this.services.call<ReviewItemAnswer>('review', 'GET', `/review/items/${id}`, caller),
    ]);
    if (!ok(claim)) return claim;
    if (!ok(review) && review.status !== 404) return review;
    const reviewBody = ok(review) ? review.body : null;
    const documents = await Promise.all(documentsOf(claim.body, reviewBody).map((d) => this.documentEntry(caller, d)));
    return {
      status: 200,
      headers: claim.headers.etag ? { etag: claim.headers.etag } : {},
      body: { claim: claim.body, review: reviewBody, documents },
    };
  }

  private async documentEntry(
    caller: CallerIdentity,
    entry: Omit<ClaimDocumentEntry, 'download'>,
  ): Promise<ClaimDocumentEntry> {
    const id = encodeURIComponent(entry.documentId);
    const [meta, link] = await Promise.all([
      this.services.call<DocumentAnswer>('documents', 'GET', `/documents/${id}`, caller),
      this.services.call<{ url: string; expiresAt: string; code?: string }>(
        'documents',
        'GET',
        `/documents/${id}/download-link`,
        caller,
      ),
    ]);
    const failed = !ok(meta) ? meta : !ok(link) ? link : undefined;
    return {
      ...entry,
      ...(ok(meta)
        ? {
            fileName: meta.body.fileName,
            contentType: meta.body.contentType,
            size: meta.body.size,
            sha256: meta.body.sha256,
            duplicateOf: meta.body.duplicateOf,
          }
        : {}),
      download: ok(link) ? { url: link.body.url, expiresAt: link.body.expiresAt } : null,
      ...(failed
        ? { problem: { status: failed.status, code: (failed.body as { code?: string } | undefined)?.code } }
        : {}),
    };
  }

  /** The history part of a claim, for clients that want only the audit trail. */
  async claimHistory(caller: CallerIdentity, claimId: string): Promise<UpstreamResponse> {
    const claim = await this.services.call<ClaimAnswer>(
      'claims',
      'GET',
      `/claims/${encodeURIComponent(claimId)}`,
      caller,
    );
    if (!ok(claim)) return claim;
    const { id, status, version, history } = claim.body;
    const body = answer('ClaimHistory', { claimId: id, status, version, items: history ?? [] });
    return { status: 200, headers: {}, body };
  }
}
