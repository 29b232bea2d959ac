/**
 * The words of the domain that more than one service (or the gateway's published document) names,
 * each written once here and imported wherever it is named.
 */

/**
 * A claim as the review team sees it (the review service's queue item). `editing`: the partner
 * took it back after a request for action, until the next submission queues it again; `withdrawn`:
 * the partner withdrew the claim before a decision (closed, not decided).
 */
export const REVIEW_ITEM_STATUSES = [
  'editing',
  'queued',
  'in_review',
  'waiting_for_partner',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ReviewItemStatus = (typeof REVIEW_ITEM_STATUSES)[number];

/** A claim's status: the claims service's state machine (docs/claims.md). */
export const CLAIM_STATUSES = [
  'EDITING',
  'SUBMITTED',
  'UNDER_REVIEW',
  'APPROVED',
  'REJECTED',
  'ACTION_REQUIRED',
  'WITHDRAWN',
  'EXPIRED',
  'DISPUTED',
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

/** A pre-approval's state, derived from its dates and revocation when it is read (docs/review.md). */
export const PRE_APPROVAL_STATUSES = ['active', 'not_yet_valid', 'expired', 'revoked'] as const;
export type PreApprovalStatus = (typeof PRE_APPROVAL_STATUSES)[number];

/**
 * Who a caller is, as a verified token says (docs/security.md). Partner-side users carry the one
 * partner id whose data they may see; reviewers and services see every partner's.
 */
export const ROLES = ['incentives-admin', 'incentives-user', 'reviewer', 'service'] as const;
export type Role = (typeof ROLES)[number];
/** The partner-side roles: their caller always names a partner, and sees that partner's data only. */
export const PARTNER_ROLES = ['incentives-admin', 'incentives-user'] as const satisfies readonly Role[];
export const isPartnerRole = (role: Role) => (PARTNER_ROLES as readonly Role[]).includes(role);

/** What a stored document is: an uploaded invoice or proof, or a generated Certification Service Report. */
export const DOCUMENT_KINDS = ['invoice', 'csr', 'proof'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
/** The kinds a partner uploads; a CSR is only ever generated. */
export const UPLOADABLE_DOCUMENT_KINDS = ['invoice', 'proof'] as const satisfies readonly DocumentKind[];
/** How a document figures in a review: as the claim's evidence, as proof, or from an earlier submission. */
export const REVIEW_DOCUMENT_ROLES = [...DOCUMENT_KINDS, 'earlier-submission'] as const;
export type ReviewDocumentRole = (typeof REVIEW_DOCUMENT_ROLES)[number];

/** What a reviewer does with a claim: start its review, then one of the outcomes. */
export const REVIEW_DECISIONS = ['start_review', 'request_action', 'approve', 'reject'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
/** The decisions that end a review round; each carries reason codes. */
export const REVIEW_OUTCOMES = ['request_action', 'approve', 'reject'] as const satisfies readonly ReviewDecision[];
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/**
 * The reason codes reviewers pick from, per outcome. Fixed here so reports can count them; the
 * event schema fixes only their shape, so adding a code is not a breaking change.
 */
export const REASON_CODES = {
  request_action: [
    'INVOICE_ILLEGIBLE',
    'INVOICE_DETAILS_MISSING',
    'INVOICE_AMOUNT_MISMATCH',
    'CSR_INCOMPLETE',
    'PROOF_INSUFFICIENT',
    'PROOF_NOTE_UNCLEAR',
    'EXECUTION_DATE_UNCLEAR',
    'PRE_APPROVAL_MISMATCH',
    'OTHER',
  ],
  reject: [
    'DUPLICATE_INVOICE',
    'DATE_OUTSIDE_CAMPAIGN',
    'ACTIVITY_NOT_ELIGIBLE',
    'EXPENSES_NOT_ELIGIBLE',
    'PRE_APPROVAL_INVALID',
    'NO_PROOF_OF_EXECUTION',
    'SUBMITTED_TOO_LATE',
    'OTHER',
  ],
  approve: ['PARTIAL_APPROVAL', 'EXPENSES_PARTLY_NOT_ELIGIBLE', 'OTHER'],
} as const satisfies Record<ReviewOutcome, readonly string[]>;
/** The shape every reason code has (the event schemas and request bodies check it). */
export const REASON_CODE_PATTERN = '^[A-Z][A-Z0-9_]{1,63}$';
