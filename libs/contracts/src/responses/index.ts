/**
 * Response bodies written once: each shape (shape.ts) is the schema the gateway publishes under
 * components.schemas and the type the service's view mapper returns (`ResponseBody<'Claim'>`).
 * Not in the main barrel of @poe/contracts: import `@poe/contracts/responses` (docs/gateway.md,
 * "How to add a response shape").
 */
import * as catalog from './catalog';
import * as claims from './claims';
import * as common from './common';
import * as documents from './documents';
import * as gateway from './gateway';
import * as review from './review';
import { type BodyOf, componentSchemas, type Exact } from './shape';

export * from './shape';

/** Every response component, by name, in the order the document lists them. */
export const RESPONSE_COMPONENTS = {
  Currency: common.Currency,
  Money: common.Money,
  Program: catalog.Program,
  ProgramList: catalog.ProgramList,
  Plan: catalog.Plan,
  PlanList: catalog.PlanList,
  Partner: catalog.Partner,
  PartnerList: catalog.PartnerList,
  ReimbursementRules: catalog.ReimbursementRules,
  Campaign: catalog.Campaign,
  CampaignList: catalog.CampaignList,
  CampaignBalance: catalog.CampaignBalance,
  ClaimStatus: claims.ClaimStatus,
  ClaimHistoryEntry: claims.ClaimHistoryEntry,
  DuplicateReason: common.DuplicateReason,
  DuplicateFlag: common.DuplicateFlag,
  ClaimDuplicateFlag: claims.ClaimDuplicateFlag,
  ClaimDetails: claims.ClaimDetails,
  ClaimEvidence: claims.ClaimEvidence,
  ClaimProofDocument: claims.ClaimProofDocument,
  ClaimComment: claims.ClaimComment,
  ClaimSubmission: claims.ClaimSubmission,
  ClaimDecision: claims.ClaimDecision,
  Claim: claims.Claim,
  ClaimWithHistory: claims.ClaimWithHistory,
  ClaimList: claims.ClaimList,
  PaymentStatus: claims.PaymentStatus,
  Payout: claims.Payout,
  ClaimPayment: claims.ClaimPayment,
  Payment: claims.Payment,
  Payable: claims.Payable,
  PayableList: claims.PayableList,
  ClaimHistory: claims.ClaimHistory,
  DocumentKind: common.DocumentKind,
  Document: documents.Document,
  DocumentList: documents.DocumentList,
  DownloadLink: documents.DownloadLink,
  ReviewItemStatus: review.ReviewItemStatus,
  PreApprovalStatus: review.PreApprovalStatus,
  ReviewFunds: review.ReviewFunds,
  ReviewItemSummary: review.ReviewItemSummary,
  ReviewQueue: review.ReviewQueue,
  ReviewItem: review.ReviewItem,
  ReviewerClaimView: gateway.ReviewerClaimView,
  ReasonCodes: review.ReasonCodes,
  ReviewFigures: review.ReviewFigures,
  PreApproval: review.PreApproval,
  PreApprovalList: review.PreApprovalList,
  AllocationProblem: catalog.AllocationProblem,
  AllocationDryRun: catalog.AllocationDryRun,
  AllocationApplied: catalog.AllocationApplied,
  AllocationFile: catalog.AllocationFile,
  ReviewOutcome: common.ReviewOutcome,
  ProgramSettings: catalog.ProgramSettings,
  ReviewItemKind: review.ReviewItemKind,
  ProgramSettingsChange: catalog.ProgramSettingsChange,
  ClaimDispute: claims.ClaimDispute,
  ReviewItemDispute: review.ReviewItemDispute,
  DisputeOutcomeCounts: review.DisputeOutcomeCounts,
} as const;

type Components = typeof RESPONSE_COMPONENTS;
/** The name of a response component (a route's `responseSchema`). */
export type ResponseName = keyof Components;
/** The TypeScript type of the body a response component describes: what a view mapper returns. */
export type ResponseBody<N extends ResponseName> = BodyOf<Components[N]>;

/**
 * The body of response `name`, as a view mapper returns it: `tsc` refuses a field the shape does
 * not list, at any depth, also one that came in through a spread. At run time it is `body`.
 */
export const answer = <N extends ResponseName, T extends ResponseBody<N>>(
  _name: N,
  body: T & Exact<T, ResponseBody<N>>,
): ResponseBody<N> => body;

/** The JSON schemas of the response components, by name (the gateway's components.schemas). */
export const RESPONSE_SCHEMAS = componentSchemas(RESPONSE_COMPONENTS) as Record<ResponseName, Record<string, unknown>>;

/** A shape used inline in one component only, exported for the view mapper that builds it. */
export type ReviewerDocumentBody = BodyOf<typeof gateway.REVIEWER_DOCUMENT>;
