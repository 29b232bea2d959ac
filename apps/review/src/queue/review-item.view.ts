import { formatMoney } from '@poe/contracts';
import type { MinorMoney } from '@poe/contracts';
import type { CampaignFunds } from '../funds/campaign-funds.repository';
import type { ClaimFact } from './claim-facts.repository';
import { draftDetails, mergedHistory } from './claim-facts';
import { isOverdue, reimbursableOf, ReviewItem } from './review-item';
import { answer, type ResponseBody } from '@poe/contracts/responses';

/** The campaign's balance as last reported, so a reviewer sees if the funds are tight. */
export type FundsView = ResponseBody<'ReviewFunds'>;
/** A queue row (the `ReviewItemSummary` response shape, @poe/contracts/responses). */
export type ReviewItemSummaryView = ResponseBody<'ReviewItemSummary'>;
/** The reviewer's view of one item: documents as ids only (the gateway adds download links). */
export type ReviewItemDetailView = ResponseBody<'ReviewItem'>;

const iso = (d?: Date) => (d ? d.toISOString() : undefined);
const money = (m?: MinorMoney) => (m ? formatMoney(m) : undefined);
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const fundsView = (funds?: CampaignFunds): FundsView | undefined =>
  funds && {
    allocated: formatMoney(funds.allocated),
    reserved: formatMoney(funds.reserved),
    approved: formatMoney(funds.approved),
    remaining: formatMoney(funds.remaining),
    asOf: funds.changedAt.toISOString(),
    revision: funds.revision,
  };

export function itemSummaryView(
  item: ReviewItem,
  now: Date,
  name?: string,
  funds?: CampaignFunds,
): ReviewItemSummaryView {
  return defined(
    answer('ReviewItemSummary', {
      claimId: item.claimId,
      partnerId: item.partnerId,
      programId: item.programId,
      campaignId: item.campaignId,
      name,
      claimedAmount: money(item.claimedAmount),
      reimbursableAmount: item.claimedAmount && money(reimbursableOf(item)),
      status: item.status,
      dueAt: iso(item.dueAt),
      funds: fundsView(funds),
      overdue: isOverdue(item, now),
      assigneeId: item.assigneeId,
      submittedAt: iso(item.submittedAt),
      submissionCount: item.submissionCount,
      hasDuplicateFlags: item.duplicateFlags.length > 0,
      kind: item.dispute && !item.dispute.resolution ? 'dispute' : 'submission',
      version: item.version,
    }),
  );
}

export function itemDetailView(
  item: ReviewItem,
  facts: ClaimFact[],
  funds: CampaignFunds | undefined,
  now: Date,
): ReviewItemDetailView {
  const latest = new Set(item.documentIds);
  const draft = draftDetails(facts);
  return defined(
    answer('ReviewItem', {
      ...itemSummaryView(item, now, draft.name, funds),
      preApprovalId: item.preApprovalId,
      executionDate: draft.executionDate,
      approvedAmount: money(item.approvedAmount),
      confirmedStatus: item.confirmedStatus,
      dispute: item.dispute && {
        ...item.dispute,
        disputedAt: item.dispute.disputedAt.toISOString(),
        rejectedAt: item.dispute.rejectedAt.toISOString(),
        resolvedAt: iso(item.dispute.resolvedAt),
      },
      pendingDecision: item.pendingDecision && {
        ...item.pendingDecision,
        decidedAt: item.pendingDecision.decidedAt.toISOString(),
      },
      claimRevision: item.claimRevision,
      firstSubmittedAt: iso(item.firstSubmittedAt),
      decidedAt: iso(item.decidedAt),
      lastActionRequest: item.lastActionRequest,
      documents: item.documents.map((d) => ({
        ...d,
        ...draft.documents.get(d.documentId),
        inLatestSubmission: latest.has(d.documentId),
        duplicateFlags: item.duplicateFlags.filter((f) => f.documentId === d.documentId),
      })),
      duplicateFlags: item.duplicateFlags,
      history: mergedHistory(item.history, facts).map((h) =>
        defined({ ...h, at: h.at.toISOString(), eventId: undefined }),
      ),
    }),
  );
}
