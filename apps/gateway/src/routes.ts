import { CLAIM_STATUSES, PARTNER_ROLES, REVIEW_ITEM_STATUSES } from '@poe/contracts';
import type { Role } from '@poe/platform';
import type { ServiceName } from './upstream/service-client';
import type { RequestSchemaName, ResponseSchemaName } from './api/schemas';
import { EX } from './route-examples';

/**
 * The public API in one table. The handlers are registered from it (api/route-controller.ts), the
 * OpenAPI paths are generated from it (api/openapi.ts) and an authorisation-matrix test can walk
 * it: a route exists at the gateway if and only if it is listed here.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How the gateway treats a request body. */
export type BodyKind =
  /** No body is read or sent upstream. */
  | 'none'
  /** A JSON object: well-formedness and size checked here, the fields by the service's DTO. */
  | 'json'
  /** multipart/form-data streamed through to the service, never buffered here. */
  | 'multipart'
  /** text/csv (UTF-8) streamed through to the service, which limits its size and parses it. */
  | 'csv';

/** Views the gateway composes from several services instead of relaying one answer. */
export type ComposedView = 'reviewer-claim-view' | 'claim-history';

export interface QueryParam {
  name: string;
  pattern: RegExp;
  description: string;
}

export interface RouteSpec {
  /** Unique; the OpenAPI operationId and the handler's name. */
  id: string;
  method: HttpMethod;
  /** Below /api/v1, Express syntax (`/claims/:claimId`). */
  path: string;
  /** The service that answers (for a composed view: the one it starts from). */
  service: ServiceName;
  /** The service's path; `:name` is replaced by the checked, encoded path parameter. Default: `path`. */
  upstream?: string;
  compose?: ComposedView;
  /** Coarse check here (403); the services apply tenancy and the fine rules. */
  roles: readonly Role[];
  tag: string;
  summary: string;
  description?: string;
  body: BodyKind;
  /** Status of the success answer. */
  status: number;
  /** Request headers the route honours (documented; every route passes them through). */
  headers?: readonly ('if-match' | 'idempotency-key')[];
  query?: readonly QueryParam[];
  /** The JSON body's schema (api/schemas.ts), the service DTO's rules. */
  requestSchema?: RequestSchemaName;
  /** The success body's schema (api/schemas.ts); absent only for 204 and CSV answers. */
  responseSchema?: ResponseSchemaName;
  /** The success body's media type: JSON (default) or a CSV file streamed from the service. */
  responseType?: 'application/json' | 'text/csv';
  requestExample?: unknown;
  responseExample?: unknown;
  /** The step of the partner/reviewer flow this route is, for the docs' examples. */
  step?: string;
}

export const API_PREFIX = '/api/v1';

const PARTNER: readonly Role[] = PARTNER_ROLES;
const REVIEWER: readonly Role[] = ['reviewer'];
const SERVICE: readonly Role[] = ['service'];
const EVERYONE: readonly Role[] = [...PARTNER, ...REVIEWER, ...SERVICE];
/** The vendor side maintains the catalog (the claims service's CATALOG_WRITERS). */
const CATALOG_WRITERS: readonly Role[] = [...REVIEWER, ...SERVICE];
/** Who may export claims for finance: the vendor side (all partners) and a partner's admin (its own). */
const EXPORTERS: readonly Role[] = [...REVIEWER, ...SERVICE, 'incentives-admin'];

/** The union of the services' id rules: letters, digits and `._:-`, 1-128 characters. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Path parameters the gateway checks before calling a service (400 naming the parameter). */
export const PATH_PARAMS: Record<string, { pattern: RegExp; example: string }> = {
  programId: { pattern: ID_PATTERN, example: 'PRG-COOP-2026' },
  partnerId: { pattern: ID_PATTERN, example: 'partner-northwind' },
  campaignId: { pattern: ID_PATTERN, example: 'CMP-NW-WEBINAR' },
  claimId: { pattern: ID_PATTERN, example: 'CLM-m1abc2def3' },
  documentId: { pattern: ID_PATTERN, example: 'DOC-8f2c1e0a9b' },
  preApprovalId: { pattern: ID_PATTERN, example: 'PA-2026-000001' },
};

const q = (name: string, pattern: RegExp, description: string): QueryParam => ({ name, pattern, description });
/** 1..max exactly (the services' @Max), so the documented pattern and the service agree. */
const LIMIT_PATTERNS: Record<number, RegExp> = { 100: /^(?:[1-9]\d?|100)$/, 200: /^(?:[1-9]\d?|1\d\d|200)$/ };
const LIMIT = (max: 100 | 200) => q('limit', LIMIT_PATTERNS[max], `page size, 1-${max}`);
/** The claims service's cursors are base64url of a claim id; the review service's of a small JSON key. */
const CLAIMS_CURSOR = q('cursor', /^[A-Za-z0-9_-]{1,400}$/, 'the nextCursor of the previous page');
const CURSOR = q('cursor', /^[A-Za-z0-9_=-]{1,512}$/, 'the nextCursor of the previous page');
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The claims service's ids in queries: no leading punctuation, no `:` (catalog ids up to 64). */
const CLAIMS_QUERY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const CATALOG_QUERY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ITEM_STATUS = `(?:${REVIEW_ITEM_STATUSES.join('|')})`;
const CLAIM_STATUS_QUERY = q('status', new RegExp(`^(?:${CLAIM_STATUSES.join('|')})$`), CLAIM_STATUSES.join(' | '));
/** The filters of a claim list, and of the finance export of the same claims. */
const CLAIM_FILTERS = [
  CLAIM_STATUS_QUERY,
  q('campaignId', CLAIMS_QUERY_ID, 'campaign'),
  q('partnerId', CLAIMS_QUERY_ID, 'reviewers and services only'),
  q('from', DATE, 'execution date from (inclusive), YYYY-MM-DD'),
  q('to', DATE, 'execution date to (inclusive), YYYY-MM-DD'),
];
const ALLOCATION_FILE =
  "text/csv in UTF-8 (a BOM is allowed), at most 1 MiB and 5,000 lines by default (the claims service's ALLOCATIONS_CSV_MAX_BYTES, ALLOCATIONS_CSV_MAX_LINES). Header row, any order: partnerId, campaignId, allocationId, amount, currency (required); planId, name, activityType, startDate, endDate, claimDeadlineDays (a new campaign needs all but the last; for an existing one they may be empty or must match it). A line is identified by campaignId + allocationId (docs/allocations.md).";

export const ROUTES: readonly RouteSpec[] = [
  // ---- catalog (claims service) ----
  {
    id: 'listPrograms',
    method: 'GET',
    path: '/programs',
    service: 'claims',
    roles: EVERYONE,
    tag: 'catalog',
    summary: 'List incentive programs',
    body: 'none',
    status: 200,
    responseSchema: 'ProgramList',
    step: '1. Pick program',
    responseExample: EX.programs,
  },
  {
    id: 'getProgram',
    method: 'GET',
    path: '/programs/:programId',
    service: 'claims',
    roles: EVERYONE,
    tag: 'catalog',
    summary: 'One program',
    body: 'none',
    status: 200,
    responseSchema: 'Program',
    responseExample: EX.program,
  },
  {
    id: 'createProgram',
    method: 'POST',
    path: '/programs',
    service: 'claims',
    roles: CATALOG_WRITERS,
    tag: 'catalog',
    summary: 'Create a program (vendor side)',
    body: 'json',
    status: 201,
    requestSchema: 'CreateProgram',
    responseSchema: 'Program',
    requestExample: EX.createProgram,
    responseExample: EX.program,
  },
  {
    id: 'changeProgramSettings',
    method: 'PATCH',
    path: '/programs/:programId',
    service: 'claims',
    roles: CATALOG_WRITERS,
    tag: 'catalog',
    summary: "Change a program's dispute window (business days) and holidays (vendor side)",
    description:
      'Each absent field keeps its value. `disputeWindowBusinessDays` 1..60 (422 PROGRAM.DISPUTE_WINDOW_INVALID), `holidays` calendar dates (422 PROGRAM.HOLIDAY_INVALID naming the entry). With `expectedRevision` another revision answers 412 PROGRAM.REVISION_MISMATCH. The settings the program already has answer it unchanged (a retry). Each change raises `revision`, is kept in `settingsHistory` and published as poe.claims.program.settings-changed.v1; disputes are judged by the settings in force when the partner disputes.',
    body: 'json',
    status: 200,
    requestSchema: 'ChangeProgramSettings',
    responseSchema: 'Program',
    requestExample: {
      disputeWindowBusinessDays: 7,
      holidays: ['2026-12-24', '2026-12-25', '2027-01-01'],
      expectedRevision: 1,
      reason: 'Seven business days over the holidays.',
    },
  },
  {
    id: 'listPlans',
    method: 'GET',
    path: '/programs/:programId/plans',
    service: 'claims',
    roles: EVERYONE,
    tag: 'catalog',
    summary: "List a program's plans",
    body: 'none',
    status: 200,
    responseSchema: 'PlanList',
    step: '1. Pick plan',
    responseExample: EX.plans,
  },
  {
    id: 'createPlan',
    method: 'POST',
    path: '/programs/:programId/plans',
    service: 'claims',
    roles: CATALOG_WRITERS,
    tag: 'catalog',
    summary: 'Create a plan in a program (vendor side)',
    body: 'json',
    status: 201,
    requestSchema: 'CreatePlan',
    responseSchema: 'Plan',
    requestExample: EX.createPlan,
  },
  {
    id: 'listPartners',
    method: 'GET',
    path: '/partners',
    service: 'claims',
    roles: EVERYONE,
    tag: 'catalog',
    summary: 'Partner orgs (a partner sees its own)',
    body: 'none',
    status: 200,
    responseSchema: 'PartnerList',
  },
  {
    id: 'getPartner',
    method: 'GET',
    path: '/partners/:partnerId',
    service: 'claims',
    roles: EVERYONE,
    tag: 'catalog',
    summary: 'One partner org',
    body: 'none',
    status: 200,
    responseSchema: 'Partner',
  },
  {
    id: 'createPartner',
    method: 'POST',
    path: '/partners',
    service: 'claims',
    roles: CATALOG_WRITERS,
    tag: 'catalog',
    summary: 'Create a partner org (vendor side)',
    body: 'json',
    status: 201,
    requestSchema: 'CreatePartner',
    responseSchema: 'Partner',
    requestExample: { id: 'partner-northwind', name: 'Northwind Traders' },
  },
  {
    id: 'listCampaigns',
    method: 'GET',
    path: '/campaigns',
    service: 'claims',
    roles: EVERYONE,
    tag: 'catalog',
    summary: 'Campaign activities (a partner sees its own)',
    body: 'none',
    status: 200,
    responseSchema: 'CampaignList',
    step: '1. Pick campaign activity',
    query: [
      q('partnerId', CATALOG_QUERY_ID, 'reviewers and services only'),
      q('planId', CATALOG_QUERY_ID, 'plan'),
      q('programId', CATALOG_QUERY_ID, 'program'),
    ],
    responseExample: EX.campaigns,
  },
  {
    id: 'getCampaign',
    method: 'GET',
    path: '/campaigns/:campaignId',
    service: 'claims',
    roles: EVERYONE,
    tag: 'catalog',
    summary: 'One campaign activity: dates, activity type, funds',
    body: 'none',
    status: 200,
    responseSchema: 'Campaign',
    responseExample: EX.campaign,
  },
  {
    id: 'createCampaign',
    method: 'POST',
    path: '/campaigns',
    service: 'claims',
    roles: CATALOG_WRITERS,
    tag: 'catalog',
    summary: 'Create a campaign activity with allocated funds (vendor side)',
    body: 'json',
    status: 201,
    requestSchema: 'CreateCampaign',
    responseSchema: 'Campaign',
    requestExample: EX.createCampaign,
  },
  {
    id: 'extendClaimDeadline',
    method: 'POST',
    path: '/campaigns/:campaignId/claim-deadline',
    service: 'claims',
    roles: CATALOG_WRITERS,
    tag: 'catalog',
    summary:
      "Move a campaign's claim deadline later (vendor side): drafts can be created and submitted until the new date",
    description:
      'An earlier date answers 422 CAMPAIGN.DEADLINE_NOT_LATER; the date the deadline already has answers the campaign unchanged (a retry). Each extension is kept in `claimDeadlineHistory` and published as poe.claims.campaign.claim-deadline-extended.v1.',
    body: 'json',
    status: 200,
    requestSchema: 'ExtendClaimDeadline',
    responseSchema: 'Campaign',
    requestExample: { claimDeadline: '2027-02-15', reason: 'Invoices from the event agency arrived late.' },
  },
  {
    id: 'changeReimbursement',
    method: 'PUT',
    path: '/campaigns/:campaignId/reimbursement',
    service: 'claims',
    roles: CATALOG_WRITERS,
    tag: 'catalog',
    summary:
      "Set a campaign's reimbursement rules (vendor side): the share of each claim's cost it pays and the most per claim",
    description:
      'Replaces both rules: `contributionRatio` (0 < ratio <= 1, at most 4 decimals) and `capPerClaim` (in the campaign currency; null or absent: no cap). A claim reserves and may be approved for at most claimed x ratio, rounded down to the minor unit, capped; a submitted claim keeps the rules its submission froze, the next submission takes the new ones. The rules the campaign already has answer it unchanged (a retry). Each change is kept in `reimbursementHistory` and published as poe.claims.campaign.reimbursement-changed.v1 (docs/reimbursement.md).',
    body: 'json',
    status: 200,
    requestSchema: 'ChangeReimbursement',
    responseSchema: 'Campaign',
    requestExample: {
      contributionRatio: '0.5',
      capPerClaim: { amount: '2500.00', currency: 'EUR' },
      reason: 'The program pays half of each webinar, at most 2,500.00 per claim.',
    },
  },
  {
    id: 'getCampaignBalance',
    method: 'GET',
    path: '/campaigns/:campaignId/balance',
    service: 'claims',
    roles: EVERYONE,
    tag: 'catalog',
    summary: 'Campaign balance: allocated / reserved / approved (of which paid) / remaining, exact',
    body: 'none',
    status: 200,
    responseSchema: 'CampaignBalance',
    step: '10. Campaign balance',
    responseExample: EX.balance,
  },

  {
    id: 'checkAllocations',
    method: 'POST',
    path: '/allocations/dry-run',
    service: 'claims',
    roles: CATALOG_WRITERS,
    tag: 'allocations',
    summary:
      'Dry run of an allocation CSV: what each line would do and every problem (line, field, rule); changes nothing',
    description: `${ALLOCATION_FILE} Answers 200 with the report also when lines break rules (\`valid: false\`); a file that cannot be read (not UTF-8, not CSV, header wrong, too many lines) is a 4xx problem.`,
    body: 'csv',
    status: 200,
    responseSchema: 'AllocationDryRun',
    requestExample: EX.allocationCsv,
    responseExample: EX.allocationDryRun,
  },
  {
    id: 'applyAllocations',
    method: 'POST',
    path: '/allocations/apply',
    service: 'claims',
    roles: CATALOG_WRITERS,
    tag: 'allocations',
    summary:
      'Apply an allocation CSV: each line in one campaign write with its funds event; the same line again changes nothing',
    description: `${ALLOCATION_FILE} Any line that breaks a rule: 422 ALLOCATIONS.LINES_INVALID naming each (line, field, rule, code) and nothing is applied. Retrying the file (after a timeout or a crash) applies only what was not applied yet.`,
    body: 'csv',
    status: 200,
    responseSchema: 'AllocationApplied',
    requestExample: EX.allocationCsv,
    responseExample: EX.allocationApplied,
  },
  // ---- payments (claims service, docs/payments.md) ----
  {
    id: 'listPayables',
    method: 'GET',
    path: '/payables',
    service: 'claims',
    roles: SERVICE,
    tag: 'payments',
    summary: 'Approved claims not yet fully paid, oldest first; a claim held by the minimum payout is payable=false',
    description:
      "A claim with no payout yet is held (payable=false, holdReason BELOW_MINIMUM_PAYOUT) while the partner's unpaid approved total in the program and currency is below the program's minimum payout in that currency.",
    body: 'none',
    status: 200,
    responseSchema: 'PayableList',
    query: [
      q('programId', CATALOG_QUERY_ID, 'program'),
      q('partnerId', CATALOG_QUERY_ID, 'partner org'),
      q('currency', /^[A-Z]{3}$/, 'campaign currency, ISO 4217'),
      LIMIT(100),
      CLAIMS_CURSOR,
    ],
    responseExample: EX.payables,
  },
  {
    id: 'recordPayout',
    method: 'POST',
    path: '/claims/:claimId/payouts',
    service: 'claims',
    roles: SERVICE,
    tag: 'payments',
    summary: 'Record a payout of an approved claim (partial allowed); the reference makes a retry change nothing',
    description:
      'The payout counts against the approved amount in the campaign currency: amount / exchangeRate, rounded to the nearest minor unit (halves away from zero). The sum never exceeds the approved amount.',
    body: 'json',
    status: 200,
    requestSchema: 'RecordPayout',
    responseSchema: 'Payment',
    requestExample: EX.recordPayout,
    responseExample: EX.payment,
  },

  // ---- claims (claims service) ----
  {
    id: 'listClaims',
    method: 'GET',
    path: '/claims',
    service: 'claims',
    roles: EVERYONE,
    tag: 'claims',
    summary: 'Claims, newest first, cursor-paginated (a partner sees its own)',
    body: 'none',
    status: 200,
    responseSchema: 'ClaimList',
    query: [
      ...CLAIM_FILTERS,
      q('sort', /^-?createdAt$/, 'createdAt | -createdAt (default)'),
      LIMIT(100),
      CLAIMS_CURSOR,
    ],
    responseExample: EX.claimList,
  },
  {
    id: 'createClaim',
    method: 'POST',
    path: '/claims',
    service: 'claims',
    roles: PARTNER,
    tag: 'claims',
    summary: 'Add PoE: name, execution date (inside the campaign window), amount (<= remaining funds)',
    body: 'json',
    status: 201,
    requestSchema: 'CreateClaim',
    responseSchema: 'Claim',
    headers: ['idempotency-key'],
    step: '2. Add PoE',
    requestExample: EX.createClaim,
    responseExample: EX.claimDraft,
  },
  {
    id: 'getClaim',
    method: 'GET',
    path: '/claims/:claimId',
    service: 'claims',
    roles: EVERYONE,
    tag: 'claims',
    summary: 'One claim with its history; ETag is its version',
    body: 'none',
    status: 200,
    responseSchema: 'ClaimWithHistory',
    step: '9. Partner sees the outcome',
    responseExample: EX.claimApproved,
  },
  {
    id: 'getClaimHistory',
    method: 'GET',
    path: '/claims/:claimId/history',
    service: 'claims',
    upstream: '/claims/:claimId',
    compose: 'claim-history',
    roles: EVERYONE,
    tag: 'claims',
    summary: "The claim's history: every change, comment, upload and decision with actor and time",
    body: 'none',
    status: 200,
    responseSchema: 'ClaimHistory',
    responseExample: EX.history,
  },
  {
    id: 'updateClaim',
    method: 'PATCH',
    path: '/claims/:claimId',
    service: 'claims',
    roles: PARTNER,
    tag: 'claims',
    summary:
      'Claim details (name, date, estimated impressions, pre-approval id) or PoE fields; an ACTION_REQUIRED claim goes back to EDITING',
    body: 'json',
    status: 200,
    requestSchema: 'UpdateClaim',
    responseSchema: 'Claim',
    headers: ['if-match'],
    step: '3. Claim details',
    requestExample: EX.updateClaim,
  },
  {
    id: 'setEvidence',
    method: 'PUT',
    path: '/claims/:claimId/evidence',
    service: 'claims',
    roles: PARTNER,
    tag: 'claims',
    summary: 'Exactly one of a third-party invoice (uploaded document + fields) or a generated CSR',
    body: 'json',
    status: 200,
    requestSchema: 'SetEvidence',
    responseSchema: 'Claim',
    headers: ['if-match'],
    step: '5. Invoice and expense information',
    requestExample: EX.setInvoiceEvidence,
  },
  {
    id: 'removeEvidence',
    method: 'DELETE',
    path: '/claims/:claimId/evidence',
    service: 'claims',
    roles: PARTNER,
    tag: 'claims',
    summary: 'Remove the evidence of an editable claim',
    body: 'none',
    status: 200,
    responseSchema: 'Claim',
    headers: ['if-match'],
  },
  {
    id: 'attachProofDocument',
    method: 'POST',
    path: '/claims/:claimId/proof-documents',
    service: 'claims',
    roles: PARTNER,
    tag: 'claims',
    summary: 'Attach a proof document; each needs an explanatory note',
    body: 'json',
    status: 200,
    requestSchema: 'AttachProof',
    responseSchema: 'Claim',
    headers: ['if-match'],
    step: '6. Proof document with note',
    requestExample: EX.attachProof,
  },
  {
    id: 'removeProofDocument',
    method: 'DELETE',
    path: '/claims/:claimId/proof-documents/:documentId',
    service: 'claims',
    roles: PARTNER,
    tag: 'claims',
    summary: 'Detach a proof document',
    body: 'none',
    status: 200,
    responseSchema: 'Claim',
    headers: ['if-match'],
  },
  {
    id: 'addComment',
    method: 'POST',
    path: '/claims/:claimId/comments',
    service: 'claims',
    roles: [...PARTNER, ...REVIEWER],
    tag: 'claims',
    summary: 'A comment on the claim (partner or reviewer)',
    body: 'json',
    status: 200,
    requestSchema: 'AddComment',
    responseSchema: 'Claim',
    headers: ['if-match'],
    step: '7. Final comments',
    requestExample: { text: 'Recording and attendee list attached.' },
  },
  {
    id: 'submitClaim',
    method: 'POST',
    path: '/claims/:claimId/submit',
    service: 'claims',
    roles: PARTNER,
    tag: 'claims',
    summary: 'Submit (or resubmit): checks every rule, reserves the funds, starts the review clock',
    body: 'none',
    status: 200,
    responseSchema: 'Claim',
    headers: ['if-match', 'idempotency-key'],
    step: '8. Submit',
    responseExample: EX.claimSubmitted,
  },
  {
    id: 'withdrawClaim',
    method: 'POST',
    path: '/claims/:claimId/withdraw',
    service: 'claims',
    roles: PARTNER,
    tag: 'claims',
    summary: 'Withdraw a claim no one has decided yet (final): funds it holds are released, its review item closed',
    description:
      'Allowed in EDITING, SUBMITTED, UNDER_REVIEW and ACTION_REQUIRED; APPROVED and REJECTED answer 409 CLAIM.ILLEGAL_TRANSITION. A repeat on a withdrawn claim answers it unchanged. The body (an optional `reason`) may be left out.',
    body: 'json',
    status: 200,
    requestSchema: 'WithdrawClaim',
    responseSchema: 'Claim',
    headers: ['if-match'],
    requestExample: { reason: 'The event was cancelled.' },
  },
  {
    id: 'disputeClaim',
    method: 'POST',
    path: '/claims/:claimId/dispute',
    service: 'claims',
    roles: PARTNER,
    tag: 'claims',
    summary: 'Dispute a rejection within the program window, with a reason and optional new proof documents',
    description:
      'Only a REJECTED claim, only once, until the end (UTC) of the program\'s `disputeWindowBusinessDays`-th business day after the day of the rejection (weekends and the program\'s `holidays` excluded); later: 422 CLAIM.DISPUTE_WINDOW_CLOSED. The reimbursable amount the rejected submission froze is reserved on the campaign again; when the campaign has less left the dispute is refused (422 CLAIM.DISPUTE_UNFUNDED) and nothing changes. The claim becomes DISPUTED and is queued for the review team as a dispute, who resolve it by approving (at most the reimbursable amount), rejecting (final: a second dispute is 409 CLAIM.ALREADY_DISPUTED) or requesting action. A retry with the same Idempotency-Key answers the first result (docs/claims.md, "Disputes").',
    body: 'json',
    status: 200,
    requestSchema: 'DisputeClaim',
    responseSchema: 'Claim',
    headers: ['if-match', 'idempotency-key'],
    requestExample: {
      reason: 'The webinar took place on 14 October; the attendance list shows 212 attendees.',
      proofDocuments: [{ documentId: 'DOC-3a9d11c2f0', note: 'Attendance list exported from the webinar tool' }],
    },
  },

  {
    id: 'exportClaims',
    method: 'GET',
    path: '/exports/claims',
    service: 'claims',
    roles: EXPORTERS,
    tag: 'claims',
    summary: 'Finance export of claims as CSV, streamed (no row limit): status, claimed and approved amounts, dates',
    description:
      'Oldest first. Reviewers and service accounts get every partner (or the one asked for); an incentives-admin gets its own partner only (another partnerId: an empty file). Text cells a spreadsheet would run as formulas start with a quote.',
    body: 'none',
    status: 200,
    responseType: 'text/csv',
    query: [...CLAIM_FILTERS],
    responseExample: EX.claimsExportCsv,
  },

  // ---- documents (documents service) ----
  {
    id: 'uploadDocument',
    method: 'POST',
    path: '/documents',
    service: 'documents',
    roles: PARTNER,
    tag: 'documents',
    summary: 'Upload an invoice or proof file (multipart: kind, optional claimId, then file); streamed through',
    body: 'multipart',
    status: 201,
    responseSchema: 'Document',
    step: '4. Upload the invoice',
    description:
      "multipart/form-data with the fields `kind` (invoice | proof) and optional `claimId` BEFORE the `file` part. PDF, PNG, JPEG, WebP and the accepted office types; the size limit is the documents service's UPLOAD_MAX_BYTES.",
    responseExample: EX.document,
  },
  {
    id: 'generateCsr',
    method: 'POST',
    path: '/documents/csr',
    service: 'documents',
    roles: PARTNER,
    tag: 'documents',
    summary: 'Generate a Certification Service Report PDF from its fields and store it',
    body: 'json',
    status: 201,
    requestSchema: 'GenerateCsr',
    responseSchema: 'Document',
    step: '5b. Or generate a CSR',
    requestExample: EX.generateCsr,
    responseExample: EX.csrDocument,
  },
  {
    id: 'listDocuments',
    method: 'GET',
    path: '/documents',
    service: 'documents',
    roles: EVERYONE,
    tag: 'documents',
    summary: 'Documents (a partner sees its own)',
    body: 'none',
    status: 200,
    responseSchema: 'DocumentList',
    query: [q('partnerId', ID_PATTERN, 'reviewers and services only'), q('claimId', ID_PATTERN, 'claim'), LIMIT(200)],
  },
  {
    id: 'getDocument',
    method: 'GET',
    path: '/documents/:documentId',
    service: 'documents',
    roles: EVERYONE,
    tag: 'documents',
    summary: "A document's metadata: name, type, size, SHA-256, duplicates",
    body: 'none',
    status: 200,
    responseSchema: 'Document',
    responseExample: EX.document,
  },
  {
    id: 'getDownloadLink',
    method: 'GET',
    path: '/documents/:documentId/download-link',
    service: 'documents',
    roles: EVERYONE,
    tag: 'documents',
    summary: 'A short-lived presigned download URL',
    body: 'none',
    status: 200,
    responseSchema: 'DownloadLink',
    responseExample: EX.downloadLink,
  },
  {
    id: 'deleteDocument',
    method: 'DELETE',
    path: '/documents/:documentId',
    service: 'documents',
    roles: PARTNER,
    tag: 'documents',
    summary: 'Delete an own document not yet submitted with a claim',
    body: 'none',
    status: 204,
  },

  // ---- review (review service) ----
  {
    id: 'listReviewQueue',
    method: 'GET',
    path: '/review/items',
    service: 'review',
    roles: REVIEWER,
    tag: 'review',
    summary: 'The review queue, soonest due first',
    body: 'none',
    status: 200,
    responseSchema: 'ReviewQueue',
    step: 'R1. Review queue',
    query: [
      q(
        'status',
        new RegExp(`^${ITEM_STATUS}(?:,${ITEM_STATUS}){0,9}$`),
        `comma-separated, of: ${REVIEW_ITEM_STATUSES.join(', ')} (editing: taken back by the partner after a request for action); default queued,in_review`,
      ),
      q('programId', ID_PATTERN, 'program'),
      q('partnerId', ID_PATTERN, 'partner'),
      q('overdue', /^(true|false)$/, 'only overdue (true) or not (false)'),
      q('assignedToMe', /^(true|false)$/, 'only items assigned to the caller'),
      LIMIT(200),
      CURSOR,
    ],
    responseExample: EX.queue,
  },
  {
    id: 'getReviewItem',
    method: 'GET',
    path: '/review/items/:claimId',
    service: 'review',
    roles: REVIEWER,
    tag: 'review',
    summary: 'A review item: due date, documents, funds, history',
    body: 'none',
    status: 200,
    responseSchema: 'ReviewItem',
  },
  {
    id: 'getReviewerClaimView',
    method: 'GET',
    path: '/review/claims/:claimId',
    service: 'claims',
    upstream: '/claims/:claimId',
    compose: 'reviewer-claim-view',
    roles: REVIEWER,
    tag: 'review',
    summary: "The reviewer's claim view: the claim, its review item and short-lived download links for its documents",
    body: 'none',
    status: 200,
    responseSchema: 'ReviewerClaimView',
    step: 'R2. Reviewer opens the claim',
    responseExample: EX.reviewerView,
  },
  {
    id: 'listReasonCodes',
    method: 'GET',
    path: '/review/reason-codes',
    service: 'review',
    roles: REVIEWER,
    tag: 'review',
    summary: 'Reason codes per decision',
    body: 'none',
    status: 200,
    responseSchema: 'ReasonCodes',
  },
  {
    id: 'assignReviewItem',
    method: 'POST',
    path: '/review/items/:claimId/assign',
    service: 'review',
    roles: REVIEWER,
    tag: 'review',
    summary: 'Assign the item to a reviewer',
    body: 'json',
    status: 200,
    requestSchema: 'AssignReviewItem',
    responseSchema: 'ReviewItem',
    requestExample: { assigneeId: 'rita', expectedVersion: 2 },
  },
  {
    id: 'takeReviewItem',
    method: 'POST',
    path: '/review/items/:claimId/take',
    service: 'review',
    roles: REVIEWER,
    tag: 'review',
    summary: 'Assign the item to the caller',
    body: 'json',
    status: 200,
    requestSchema: 'ReviewStep',
    responseSchema: 'ReviewItem',
    requestExample: {},
  },
  {
    id: 'startReview',
    method: 'POST',
    path: '/review/items/:claimId/start-review',
    service: 'review',
    roles: REVIEWER,
    tag: 'review',
    summary: 'Start the review (claim goes UNDER_REVIEW); answers 202, the claims service applies it',
    body: 'json',
    status: 202,
    requestSchema: 'ReviewStep',
    responseSchema: 'ReviewItem',
    step: 'R3. Start review',
    requestExample: {},
  },
  {
    id: 'requestAction',
    method: 'POST',
    path: '/review/items/:claimId/request-action',
    service: 'review',
    roles: REVIEWER,
    tag: 'review',
    summary: 'Ask the partner for changes (reason codes + message); 202',
    body: 'json',
    status: 202,
    requestSchema: 'RequestAction',
    responseSchema: 'ReviewItem',
    step: 'R4. Request action',
    requestExample: EX.requestAction,
  },
  {
    id: 'approveClaim',
    method: 'POST',
    path: '/review/items/:claimId/approve',
    service: 'review',
    roles: REVIEWER,
    tag: 'review',
    summary: 'Approve, possibly a lower amount (then a message and PARTIAL_APPROVAL); 202',
    body: 'json',
    status: 202,
    requestSchema: 'Approve',
    responseSchema: 'ReviewItem',
    step: 'R5. Approve a lower amount',
    requestExample: EX.approve,
  },
  {
    id: 'rejectClaim',
    method: 'POST',
    path: '/review/items/:claimId/reject',
    service: 'review',
    roles: REVIEWER,
    tag: 'review',
    summary: 'Reject (reason codes + message); the reserved funds are released; 202',
    body: 'json',
    status: 202,
    requestSchema: 'Reject',
    responseSchema: 'ReviewItem',
    requestExample: EX.reject,
  },
  {
    id: 'getReviewFigures',
    method: 'GET',
    path: '/review/figures',
    service: 'review',
    roles: [...REVIEWER, ...SERVICE],
    tag: 'review',
    summary: 'Review figures: queue length, overdue, decisions, lead times',
    body: 'none',
    status: 200,
    responseSchema: 'ReviewFigures',
  },

  // ---- pre-approvals (review service) ----
  {
    id: 'grantPreApproval',
    method: 'POST',
    path: '/pre-approvals',
    service: 'review',
    roles: REVIEWER,
    tag: 'pre-approvals',
    summary: "Grant a pre-approval for a partner's marketing materials on a campaign",
    body: 'json',
    status: 201,
    requestSchema: 'GrantPreApproval',
    responseSchema: 'PreApproval',
    requestExample: EX.grantPreApproval,
    responseExample: EX.preApproval,
  },
  {
    id: 'listPreApprovals',
    method: 'GET',
    path: '/pre-approvals',
    service: 'review',
    roles: [...REVIEWER, ...PARTNER],
    tag: 'pre-approvals',
    summary: 'Pre-approvals (a partner sees its own)',
    body: 'none',
    status: 200,
    responseSchema: 'PreApprovalList',
    step: '3a. Find the pre-approval id',
    query: [
      q('partnerId', ID_PATTERN, 'reviewers only'),
      q('campaignId', ID_PATTERN, 'campaign'),
      q('status', /^(active|not_yet_valid|expired|revoked)$/, 'active | not_yet_valid | expired | revoked'),
      LIMIT(200),
      CURSOR,
    ],
    responseExample: { items: [EX.preApproval] },
  },
  {
    id: 'getPreApproval',
    method: 'GET',
    path: '/pre-approvals/:preApprovalId',
    service: 'review',
    roles: [...REVIEWER, ...PARTNER],
    tag: 'pre-approvals',
    summary: 'One pre-approval',
    body: 'none',
    status: 200,
    responseSchema: 'PreApproval',
    responseExample: EX.preApproval,
  },
  {
    id: 'revokePreApproval',
    method: 'POST',
    path: '/pre-approvals/:preApprovalId/revoke',
    service: 'review',
    roles: REVIEWER,
    tag: 'pre-approvals',
    summary: 'Revoke a pre-approval (claims citing it can no longer be submitted)',
    body: 'json',
    status: 200,
    requestSchema: 'RevokePreApproval',
    responseSchema: 'PreApproval',
    requestExample: { reason: 'Materials changed after approval' },
  },
];

/** `:name` segments of a path, in order. */
export const pathParamNames = (path: string): string[] => [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
