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
] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
