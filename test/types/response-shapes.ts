/**
 * Type-level checks of the response shapes (@poe/contracts/responses), compiled by `tsc` (the
 * typecheck and lint), never run: a line here that stops compiling, or an `@ts-expect-error` whose
 * error goes away, fails the build. Two things are checked:
 *
 * 1. The builder: what a shape says is what its body type says (required, optional, nullable,
 *    closed, enums, exactly-one-of).
 * 2. The link: each view mapper (and each use case that answers a list) returns exactly the body
 *    type of its response shape, so a field added, dropped or renamed in a shape or in a mapper,
 *    and not in the other, does not compile (docs/gateway.md, "How to add a response shape").
 */
import {
  answer,
  arrayOf,
  type BodyOf,
  enumOf,
  exactlyOne,
  int,
  nullable,
  object,
  type ResponseBody,
  type ReviewerDocumentBody,
  str,
} from '@poe/contracts/responses';
import type { AllocationsService } from '../../apps/claims/src/allocations/allocations.service';
import type { balanceView, campaignView, programView } from '../../apps/claims/src/catalog/catalog.service';
import type { reimbursementView } from '../../apps/claims/src/catalog/reimbursement';
import type { claimView, claimWithHistoryView, duplicateFlagView } from '../../apps/claims/src/claims/claim-view';
import type { ClaimsService } from '../../apps/claims/src/claims/claims.service';
import type { paymentView } from '../../apps/claims/src/payments/payment';
import type { PaymentsService } from '../../apps/claims/src/payments/payments.service';
import type { DocumentsService, toView } from '../../apps/documents/src/documents/documents.service';
import type {
  ClaimAnswer,
  ClaimDocumentEntry,
  DocumentAnswer,
  ReviewItemAnswer,
} from '../../apps/gateway/src/api/composed-views';
import type { FiguresService } from '../../apps/review/src/figures/figures.service';
import type { PreApprovalsService } from '../../apps/review/src/pre-approvals/pre-approvals.service';
import type { itemDetailView, itemSummaryView } from '../../apps/review/src/queue/review-item.view';
import type { ReviewQueueService } from '../../apps/review/src/queue/review-queue.service';

/** True only when A and B are the same type (not merely assignable). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type Returns<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Answers<S, K extends keyof S> = S[K] extends (...args: never[]) => unknown ? Returns<S[K]> : never;

// ---- 1. the builder ----
export const sample = object(
  {
    id: str(),
    note: nullable(str()),
    kind: enumOf(['a', 'b']),
    tags: arrayOf(str()),
    count: int(),
    evidence: exactlyOne({ invoice: object({ n: str() }), csr: object({ total: int() }) }),
  },
  ['id', 'note', 'kind', 'tags', 'evidence'],
);
type Sample = BodyOf<typeof sample>;

export const builderChecks: Sample[] = [
  { id: 'x', note: null, kind: 'a', tags: [], evidence: { invoice: { n: '1' } } },
  { id: 'x', note: 'n', kind: 'b', tags: ['t'], count: 2, evidence: { csr: { total: 1 } } },
  // @ts-expect-error a required field left out
  { note: null, kind: 'a', tags: [], evidence: { invoice: { n: '1' } } },
  // @ts-expect-error the shape is closed: a field it does not list
  { id: 'x', note: null, kind: 'a', tags: [], evidence: { invoice: { n: '1' } }, extra: 1 },
  // @ts-expect-error a value outside the enum
  { id: 'x', note: null, kind: 'c', tags: [], evidence: { invoice: { n: '1' } } },
  // @ts-expect-error null where the shape is not nullable
  { id: null, note: null, kind: 'a', tags: [], evidence: { invoice: { n: '1' } } },
  // @ts-expect-error evidence needs one of its properties
  { id: 'x', note: null, kind: 'a', tags: [], evidence: {} },
];

// ---- 1b. answer(): no field the shape does not list, also through a spread or deep inside ----
const stored = { documentId: 'D1', note: 'n', attachedAt: '2026-01-01T00:00:00Z', attachedBy: 'u', internal: 1 };
const leak = { internal: 1 } as { internal?: number };
export const answerChecks = [
  answer('DownloadLink', { url: 'https://x', expiresAt: '2026-01-01T00:00:00Z' }),
  answer('DownloadLink', { url: 'https://x', expiresAt: '2026-01-01T00:00:00Z', cleared: undefined }),
  // @ts-expect-error a field that came in through a spread
  answer('DownloadLink', { url: 'https://x', expiresAt: '2026-01-01T00:00:00Z', ...leak }),
  // @ts-expect-error a stored record's internal field, deep inside (a claim's proof documents)
  answer('ClaimProofDocument', stored),
  // @ts-expect-error a required field left out
  answer('DownloadLink', { url: 'https://x' }),
];

// ---- 2. every mapper answers its shape, exactly ----
export type MapperChecks = [
  // claims service
  Assert<Equals<ReturnType<typeof claimView>, ResponseBody<'Claim'>>>,
  Assert<Equals<ReturnType<typeof claimWithHistoryView>, ResponseBody<'ClaimWithHistory'>>>,
  Assert<Equals<ReturnType<typeof duplicateFlagView>, ResponseBody<'ClaimDuplicateFlag'>>>,
  Assert<Equals<Answers<ClaimsService, 'list'>, ResponseBody<'ClaimList'>>>,
  Assert<Equals<Answers<ClaimsService, 'get'>['body'], ResponseBody<'ClaimWithHistory'>>>,
  Assert<Equals<ReturnType<typeof campaignView>, ResponseBody<'Campaign'>>>,
  Assert<Equals<ReturnType<typeof programView>, ResponseBody<'Program'>>>,
  Assert<Equals<ReturnType<typeof balanceView>, ResponseBody<'CampaignBalance'>>>,
  Assert<Equals<ReturnType<typeof reimbursementView>, ResponseBody<'ReimbursementRules'>>>,
  Assert<Equals<ReturnType<typeof paymentView>, ResponseBody<'ClaimPayment'> | null>>,
  Assert<Equals<Answers<PaymentsService, 'recordPayout'>, ResponseBody<'Payment'>>>,
  Assert<Equals<Answers<PaymentsService, 'listPayables'>, ResponseBody<'PayableList'>>>,
  Assert<Equals<Answers<AllocationsService, 'dryRun'>, ResponseBody<'AllocationDryRun'>>>,
  Assert<Equals<Answers<AllocationsService, 'apply'>, ResponseBody<'AllocationApplied'>>>,
  // documents service
  Assert<Equals<ReturnType<typeof toView>, ResponseBody<'Document'>>>,
  Assert<Equals<Answers<DocumentsService, 'get'>, ResponseBody<'Document'>>>,
  Assert<Equals<Answers<DocumentsService, 'list'>, ResponseBody<'DocumentList'>>>,
  Assert<Equals<Answers<DocumentsService, 'downloadLink'>, ResponseBody<'DownloadLink'>>>,
  // review service
  Assert<Equals<ReturnType<typeof itemSummaryView>, ResponseBody<'ReviewItemSummary'>>>,
  Assert<Equals<ReturnType<typeof itemDetailView>, ResponseBody<'ReviewItem'>>>,
  Assert<Equals<Answers<ReviewQueueService, 'list'>, ResponseBody<'ReviewQueue'>>>,
  Assert<Equals<Answers<ReviewQueueService, 'get'>, ResponseBody<'ReviewItem'>>>,
  Assert<Equals<Answers<ReviewQueueService, 'reasonCodes'>, ResponseBody<'ReasonCodes'>>>,
  Assert<Equals<Answers<FiguresService, 'figures'>, ResponseBody<'ReviewFigures'>>>,
  Assert<Equals<Answers<PreApprovalsService, 'grant'>, ResponseBody<'PreApproval'>>>,
  Assert<Equals<Answers<PreApprovalsService, 'list'>, ResponseBody<'PreApprovalList'>>>,
  // gateway compositions: what they build is the shape, what they read the shapes answer
  Assert<Equals<ClaimDocumentEntry, ReviewerDocumentBody>>,
  Assert<ResponseBody<'ClaimWithHistory'> extends ClaimAnswer ? true : false>,
  Assert<ResponseBody<'ReviewItem'> extends ReviewItemAnswer ? true : false>,
  Assert<ResponseBody<'Document'> extends DocumentAnswer ? true : false>,
];
