import { parse } from 'csv-parse/sync';
import { EX } from '../../apps/gateway/src/route-examples';
import { smallPdf, type DemoUser } from './client';
import { CATALOG } from './demo-data';
import { AMOUNT, invoiceBody, PartnerWorld, uniqueId } from './tenant-world';

/**
 * How to call each route of the gateway's table for the authorisation matrix, keyed by route id:
 * which path parameters and body name "the target partner's" resource, and what an allowed caller
 * gets back. The matrix fails for a table route without an entry here, so a new route cannot skip it.
 */

/** Throwaway resources of the target partner; its reference ids when the case never reaches a service. */
export interface Fresh {
  draft(): Promise<string>;
  draftWithEvidence(): Promise<string>;
  draftWithProof(): Promise<string>;
  readyDraft(): Promise<string>;
  queued(): Promise<string>;
  inReview(): Promise<string>;
  document(): Promise<string>;
  preApproval(): Promise<string>;
}

export interface CaseContext {
  user: DemoUser | null;
  /** The partner whose resource the case names: the caller's own, the other one, or a ghost (nothing exists). */
  target: PartnerWorld;
  /** The caller's own partner (the first partner for callers without one). */
  mine: PartnerWorld;
  /** The partner whose documents and pre-approvals the request cites: the caller's own, or another one in cross-reference cases. */
  ref: PartnerWorld;
  fresh: Fresh;
  /** For list routes: the partnerId filter this case asks for, if any. */
  partnerFilter?: string;
}

export interface CaseRequest {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  /** Request headers beyond the token (e.g. the content type of a CSV body). */
  headers?: Record<string, string>;
}

export interface Outcome {
  status: number;
  code?: string;
}

export interface ListShape {
  /** The route takes a partnerId filter: partner callers ask for the other partner with it. */
  partnerFilter: boolean;
  items(body: any): any[] | undefined;
  partnerOf(item: any): string;
  idOf(item: any): string;
  /** An item of this partner the list must show to a caller who may see it. */
  known(w: PartnerWorld): string;
}

export interface RouteFixture {
  /**
   * none: no partner's data is named (catalog-wide or the caller's own new resource);
   * resource: path or body names one partner's resource; list: lists several partners' data.
   */
  tenancy: 'none' | 'resource' | 'list';
  request(c: CaseContext): CaseRequest | Promise<CaseRequest>;
  /** What a caller whose role the route lists gets for a resource it may see. */
  ok: Outcome;
  /** What a partner-side caller gets for another partner's resource (and for one that does not exist). */
  other?: Outcome;
  list?: ListShape;
  /**
   * Routes whose request cites a document, pre-approval or claim besides the one in the path: what a
   * partner-side caller gets when it cites another partner's (the same as for one that does not
   * exist), and what else must hold of the answer.
   */
  crossRef?: { outcome: Outcome; check?: (body: any, c: CaseContext) => string | undefined };
}

const items = (body: any) => (Array.isArray(body?.items) ? body.items : undefined);
const filter = (c: CaseContext, extra = 'limit=200') =>
  `?${c.partnerFilter ? `partnerId=${encodeURIComponent(c.partnerFilter)}&` : ''}${extra}`;
const claim = (id: string) => ({ claimId: id });

/** An allocation file topping up the partner's campaign under a fresh reference. */
const allocationFile = (w: PartnerWorld): CaseRequest => ({
  body: `partnerId,campaignId,allocationId,amount,currency\r\n${w.partnerId},${w.campaignId},${uniqueId('MTX')},1.00,${w.currency}\r\n`,
  headers: { 'content-type': 'text/csv' },
});

/** The finance export's rows (it answers CSV, not JSON). */
const csvRows = (body: unknown): any[] | undefined =>
  typeof body === 'string' ? parse(body, { columns: true }) : undefined;

/** The documented CSR example, in the caller's currency, naming the reference partner's draft. */
const csrBody = (w: PartnerWorld, ref: PartnerWorld) => ({
  ...EX.generateCsr,
  claimId: ref.draftClaimId,
  currency: w.currency,
});

function uploadForm(ref: PartnerWorld): FormData {
  const form = new FormData();
  form.append('kind', 'proof');
  form.append('claimId', ref.draftClaimId);
  form.append('file', new Blob([smallPdf('Matrix upload')], { type: 'application/pdf' }), 'matrix.pdf');
  return form;
}

/** A document made while citing another partner's claim still belongs to the caller's partner. */
const storedAsCallers = (body: any, c: CaseContext) =>
  body?.partnerId === c.mine.partnerId ? undefined : `document stored for ${body?.partnerId}, not ${c.mine.partnerId}`;

export const ROUTE_FIXTURES: Record<string, RouteFixture> = {
  // ---- catalog ----
  listPrograms: { tenancy: 'none', request: () => ({}), ok: { status: 200 } },
  getProgram: { tenancy: 'none', request: () => ({ params: { programId: CATALOG.program.id } }), ok: { status: 200 } },
  createProgram: {
    tenancy: 'none',
    request: () => ({ body: { id: uniqueId('PRG'), name: 'Matrix program' } }),
    ok: { status: 201 },
  },
  changeProgramSettings: {
    tenancy: 'none',
    // The settings the demo program has: allowed callers get a retry's answer (200), nothing changes for the other cases.
    request: () => ({
      params: { programId: CATALOG.program.id },
      body: { disputeWindowBusinessDays: 5, holidays: [] },
    }),
    ok: { status: 200 },
  },
  listPlans: { tenancy: 'none', request: () => ({ params: { programId: CATALOG.program.id } }), ok: { status: 200 } },
  createPlan: {
    tenancy: 'none',
    request: () => ({ params: { programId: CATALOG.program.id }, body: { id: uniqueId('PLN'), name: 'Matrix plan' } }),
    ok: { status: 201 },
  },
  listPartners: {
    tenancy: 'list',
    request: () => ({}),
    ok: { status: 200 },
    list: { partnerFilter: false, items, partnerOf: (p) => p.id, idOf: (p) => p.id, known: (w) => w.partnerId },
  },
  getPartner: {
    tenancy: 'resource',
    request: (c) => ({ params: { partnerId: c.target.partnerId } }),
    ok: { status: 200 },
    other: { status: 404, code: 'PARTNER.NOT_FOUND' },
  },
  createPartner: {
    tenancy: 'none',
    request: () => ({ body: { id: uniqueId('partner'), name: 'Matrix partner' } }),
    ok: { status: 201 },
  },
  listCampaigns: {
    tenancy: 'list',
    request: (c) => ({ query: filter(c, `programId=${CATALOG.program.id}`) }),
    ok: { status: 200 },
    list: { partnerFilter: true, items, partnerOf: (i) => i.partnerId, idOf: (i) => i.id, known: (w) => w.campaignId },
  },
  getCampaign: {
    tenancy: 'resource',
    request: (c) => ({ params: { campaignId: c.target.campaignId } }),
    ok: { status: 200 },
    other: { status: 404, code: 'CAMPAIGN.NOT_FOUND' },
  },
  createCampaign: {
    tenancy: 'none',
    request: (c) => ({
      body: {
        id: uniqueId('CMP'),
        planId: CATALOG.plan.id,
        partnerId: c.mine.partnerId,
        name: 'Matrix campaign',
        activityType: 'webinar',
        startDate: '2026-09-01',
        endDate: '2026-12-31',
        allocated: { amount: '1000.00', currency: 'EUR' },
      },
    }),
    ok: { status: 201 },
  },
  extendClaimDeadline: {
    tenancy: 'none',
    // The same far date every time: the first call extends, the others find it there (a retry, 200).
    request: (c) => ({ params: { campaignId: c.mine.campaignId }, body: { claimDeadline: '2030-12-31' } }),
    ok: { status: 200 },
  },
  changeReimbursement: {
    tenancy: 'none',
    // The rules every campaign starts with: allowed callers find them there (a retry, 200), and the
    // claims other fixtures submit on this campaign are reimbursed as before.
    request: (c) => ({
      params: { campaignId: c.mine.campaignId },
      body: { contributionRatio: '1', capPerClaim: null },
    }),
    ok: { status: 200 },
  },
  getCampaignBalance: {
    tenancy: 'resource',
    request: (c) => ({ params: { campaignId: c.target.campaignId } }),
    ok: { status: 200 },
    other: { status: 404, code: 'CAMPAIGN.NOT_FOUND' },
  },

  // Vendor side only: the file names partners, so partner callers are refused by role (403).
  checkAllocations: { tenancy: 'none', request: (c) => allocationFile(c.mine), ok: { status: 200 } },
  applyAllocations: { tenancy: 'none', request: (c) => allocationFile(c.mine), ok: { status: 200 } },
  // ---- payments (service accounts only; test/payments.e2e-spec.ts pays approved claims) ----
  listPayables: {
    tenancy: 'none',
    request: () => ({ query: `?programId=${CATALOG.program.id}&limit=100` }),
    ok: { status: 200 },
  },
  recordPayout: {
    tenancy: 'resource',
    // The matrix's worlds hold no approved claim: an allowed caller reaches the payment rules,
    // which refuse a claim still in review.
    request: (c) => ({
      params: claim(c.target.submittedClaimId),
      body: { reference: uniqueId('PAY'), date: '2026-12-15', amount: { amount: '1.00', currency: c.target.currency } },
    }),
    ok: { status: 409, code: 'PAYMENT.CLAIM_NOT_PAYABLE' },
  },

  // ---- claims ----
  exportClaims: {
    tenancy: 'list',
    request: (c) => ({ query: c.partnerFilter ? `?partnerId=${encodeURIComponent(c.partnerFilter)}` : '' }),
    ok: { status: 200 },
    list: {
      partnerFilter: true,
      items: csvRows,
      partnerOf: (r) => r.partnerId,
      idOf: (r) => r.claimId,
      known: (w) => w.draftClaimId,
    },
  },
  listClaims: {
    tenancy: 'list',
    request: (c) => ({ query: filter(c, 'limit=100') }),
    ok: { status: 200 },
    list: {
      partnerFilter: true,
      items,
      partnerOf: (i) => i.partnerId,
      idOf: (i) => i.id,
      known: (w) => w.draftClaimId,
    },
  },
  createClaim: {
    tenancy: 'resource',
    request: (c) => ({
      body: {
        campaignId: c.target.campaignId,
        name: 'Matrix PoE',
        executionDate: '2026-10-15',
        amount: { amount: AMOUNT, currency: c.target.currency },
      },
    }),
    ok: { status: 201 },
    // A campaign in the body: the answer an unknown campaign gets, naming the field.
    other: { status: 422, code: 'CLAIM.CAMPAIGN_UNKNOWN' },
  },
  getClaim: {
    tenancy: 'resource',
    request: (c) => ({ params: claim(c.target.draftClaimId) }),
    ok: { status: 200 },
    other: { status: 404, code: 'CLAIM.NOT_FOUND' },
  },
  getClaimHistory: {
    tenancy: 'resource',
    request: (c) => ({ params: claim(c.target.draftClaimId) }),
    ok: { status: 200 },
    other: { status: 404, code: 'CLAIM.NOT_FOUND' },
  },
  updateClaim: {
    tenancy: 'resource',
    request: async (c) => ({
      params: claim(await c.fresh.draft()),
      body: { name: 'Renamed by the matrix', preApprovalId: c.ref.preApprovalId },
    }),
    ok: { status: 200 },
    other: { status: 404, code: 'CLAIM.NOT_FOUND' },
    crossRef: { outcome: { status: 422, code: 'CLAIM.PRE_APPROVAL_UNKNOWN' } },
  },
  setEvidence: {
    tenancy: 'resource',
    request: async (c) => ({
      params: claim(await c.fresh.draft()),
      body: invoiceBody(c.mine, c.ref.invoiceDocId, uniqueId('INV')),
    }),
    ok: { status: 200 },
    other: { status: 404, code: 'CLAIM.NOT_FOUND' },
    crossRef: { outcome: { status: 422, code: 'CLAIM.DOCUMENT_UNKNOWN' } },
  },
  removeEvidence: {
    tenancy: 'resource',
    request: async (c) => ({ params: claim(await c.fresh.draftWithEvidence()) }),
    ok: { status: 200 },
    other: { status: 404, code: 'CLAIM.NOT_FOUND' },
  },
  attachProofDocument: {
    tenancy: 'resource',
    request: async (c) => ({
      params: claim(await c.fresh.draft()),
      body: { documentId: c.ref.proofDocId, note: 'Photo of the booth' },
    }),
    ok: { status: 200 },
    other: { status: 404, code: 'CLAIM.NOT_FOUND' },
    crossRef: { outcome: { status: 422, code: 'CLAIM.DOCUMENT_UNKNOWN' } },
  },
  removeProofDocument: {
    tenancy: 'resource',
    request: async (c) => ({
      params: { claimId: await c.fresh.draftWithProof(), documentId: c.ref.proofDocId },
    }),
    ok: { status: 200 },
    other: { status: 404, code: 'CLAIM.NOT_FOUND' },
    crossRef: { outcome: { status: 404, code: 'CLAIM.PROOF_NOT_FOUND' } },
  },
  addComment: {
    tenancy: 'resource',
    request: async (c) => ({ params: claim(await c.fresh.draft()), body: { text: 'A comment from the matrix' } }),
    ok: { status: 200 },
    other: { status: 404, code: 'CLAIM.NOT_FOUND' },
  },
  submitClaim: {
    tenancy: 'resource',
    request: async (c) => ({ params: claim(await c.fresh.readyDraft()) }),
    ok: { status: 200 },
    other: { status: 404, code: 'CLAIM.NOT_FOUND' },
  },
  withdrawClaim: {
    tenancy: 'resource',
    request: async (c) => ({ params: claim(await c.fresh.draft()), body: { reason: 'Withdrawn by the matrix' } }),
    ok: { status: 200 },
    other: { status: 404, code: 'CLAIM.NOT_FOUND' },
  },
  disputeClaim: {
    tenancy: 'resource',
    // Only a rejected claim can be disputed; making one per case takes a whole review. An allowed
    // caller passes authorisation and tenancy and meets the state machine's refusal on a draft
    // (test/claim-dispute.e2e-spec.ts disputes real rejections).
    request: async (c) => ({ params: claim(await c.fresh.draft()), body: { reason: 'Disputed by the matrix' } }),
    ok: { status: 409, code: 'CLAIM.ILLEGAL_TRANSITION' },
    other: { status: 404, code: 'CLAIM.NOT_FOUND' },
  },

  // ---- documents ----
  // Uploads and CSRs create the caller's own document. The documents service learns claims from
  // events, so naming another partner's claim is not refused (that would reveal the claim): the
  // document stays the caller's, and a listing by that claim does not show it (docs/documents.md).
  uploadDocument: {
    tenancy: 'none',
    request: (c) => ({ body: uploadForm(c.ref) }),
    ok: { status: 201 },
    crossRef: { outcome: { status: 201 }, check: storedAsCallers },
  },
  generateCsr: {
    tenancy: 'none',
    request: (c) => ({ body: csrBody(c.mine, c.ref) }),
    ok: { status: 201 },
    crossRef: { outcome: { status: 201 }, check: storedAsCallers },
  },
  listDocuments: {
    tenancy: 'list',
    request: (c) => ({ query: filter(c) }),
    ok: { status: 200 },
    list: {
      partnerFilter: true,
      items: (body) => items(body),
      partnerOf: (d) => d.partnerId,
      idOf: (d) => d.id,
      known: (w) => w.invoiceDocId,
    },
  },
  getDocument: {
    tenancy: 'resource',
    request: (c) => ({ params: { documentId: c.target.invoiceDocId } }),
    ok: { status: 200 },
    other: { status: 404, code: 'DOCUMENT.NOT_FOUND' },
  },
  getDownloadLink: {
    tenancy: 'resource',
    request: (c) => ({ params: { documentId: c.target.invoiceDocId } }),
    ok: { status: 200 },
    other: { status: 404, code: 'DOCUMENT.NOT_FOUND' },
  },
  deleteDocument: {
    tenancy: 'resource',
    request: async (c) => ({ params: { documentId: await c.fresh.document() } }),
    ok: { status: 204 },
    other: { status: 404, code: 'DOCUMENT.NOT_FOUND' },
  },

  // ---- review ----
  listReviewQueue: {
    tenancy: 'list',
    request: (c) => ({ query: filter(c) }),
    ok: { status: 200 },
    list: {
      partnerFilter: true,
      items,
      partnerOf: (i) => i.partnerId,
      idOf: (i) => i.claimId,
      known: (w) => w.submittedClaimId,
    },
  },
  getReviewItem: {
    tenancy: 'resource',
    request: (c) => ({ params: claim(c.target.submittedClaimId) }),
    ok: { status: 200 },
  },
  getReviewerClaimView: {
    tenancy: 'resource',
    request: (c) => ({ params: claim(c.target.submittedClaimId) }),
    ok: { status: 200 },
  },
  listReasonCodes: { tenancy: 'none', request: () => ({}), ok: { status: 200 } },
  assignReviewItem: {
    tenancy: 'resource',
    request: (c) => ({ params: claim(c.target.submittedClaimId), body: { assigneeId: 'rita' } }),
    ok: { status: 200 },
  },
  takeReviewItem: {
    tenancy: 'resource',
    request: (c) => ({ params: claim(c.target.submittedClaimId), body: {} }),
    ok: { status: 200 },
  },
  startReview: {
    tenancy: 'resource',
    request: async (c) => ({ params: claim(await c.fresh.queued()), body: {} }),
    ok: { status: 202 },
  },
  requestAction: {
    tenancy: 'resource',
    request: async (c) => ({
      params: claim(await c.fresh.inReview()),
      body: { reasonCodes: ['INVOICE_DETAILS_MISSING'], message: 'The invoice date does not match the file.' },
    }),
    ok: { status: 202 },
  },
  approveClaim: {
    tenancy: 'resource',
    request: async (c) => ({
      params: claim(await c.fresh.inReview()),
      body: { approvedAmount: { amount: AMOUNT, currency: c.target.currency } },
    }),
    ok: { status: 202 },
  },
  rejectClaim: {
    tenancy: 'resource',
    request: async (c) => ({
      params: claim(await c.fresh.inReview()),
      body: { reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'], message: 'Internal webinars are not eligible.' },
    }),
    ok: { status: 202 },
  },
  getReviewFigures: { tenancy: 'none', request: () => ({}), ok: { status: 200 } },

  // ---- pre-approvals ----
  grantPreApproval: {
    tenancy: 'resource',
    request: (c) => ({
      body: {
        partnerId: c.target.partnerId,
        campaignId: c.target.campaignId,
        description: 'Matrix materials',
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: '2027-12-31T23:59:59.000Z',
      },
    }),
    ok: { status: 201 },
  },
  listPreApprovals: {
    tenancy: 'list',
    request: (c) => ({ query: filter(c) }),
    ok: { status: 200 },
    list: {
      partnerFilter: true,
      items,
      partnerOf: (i) => i.partnerId,
      idOf: (i) => i.preApprovalId,
      known: (w) => w.preApprovalId,
    },
  },
  getPreApproval: {
    tenancy: 'resource',
    request: (c) => ({ params: { preApprovalId: c.target.preApprovalId } }),
    ok: { status: 200 },
    other: { status: 404, code: 'PRE_APPROVAL.NOT_FOUND' },
  },
  revokePreApproval: {
    tenancy: 'resource',
    request: async (c) => ({
      params: { preApprovalId: await c.fresh.preApproval() },
      body: { reason: 'Materials changed after approval' },
    }),
    ok: { status: 200 },
  },
};
