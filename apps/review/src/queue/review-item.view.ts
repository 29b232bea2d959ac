import { formatMoney } from '@poe/contracts';
import type { DuplicateFlag, MinorMoney, Money } from '@poe/contracts';
import type { CampaignFunds } from '../funds/campaign-funds.repository';
import type { ClaimFact } from './claim-facts.repository';
import { draftDetails, mergedHistory } from './claim-facts';
import { DocumentRef, isOverdue, ItemStatus, reimbursableOf, ReviewItem } from './review-item';

export interface FundsView {
  allocated: Money;
  reserved: Money;
  approved: Money;
  remaining: Money;
  asOf: string;
  revision: number;
}

export interface ReviewItemSummaryView {
  claimId: string;
  partnerId: string;
  programId?: string;
  campaignId?: string;
  name?: string;
  claimedAmount?: Money;
  /** The most a reviewer may approve (the campaign's ratio and cap applied to the claimed amount). */
  reimbursableAmount?: Money;
  status: ItemStatus;
  dueAt?: string;
  /** The campaign's balance as last reported, so a reviewer sees if the funds are tight. */
  funds?: FundsView;
  overdue: boolean;
  assigneeId?: string;
  submittedAt?: string;
  submissionCount: number;
  hasDuplicateFlags: boolean;
  /** `dispute` while the item is the partner's dispute of a rejection, not yet resolved. */
  kind: 'submission' | 'dispute';
  version: number;
}

export interface ReviewItemDetailView extends ReviewItemSummaryView {
  preApprovalId?: string;
  executionDate?: string;
  approvedAmount?: Money;
  confirmedStatus: ItemStatus;
  pendingDecision?: { decision: string; reviewerId: string; decidedAt: string; expectedClaimRevision: number };
  claimRevision: number;
  firstSubmittedAt?: string;
  decidedAt?: string;
  lastActionRequest?: { reasonCodes: string[]; message: string };
  /** The partner's dispute of a rejection, with its outcome once resolved. */
  dispute?: {
    reason: string;
    newDocumentIds: string[];
    disputedAt: string;
    disputedBy: string;
    rejectedAt: string;
    rejectionReasonCodes: string[];
    disputeDeadline: string;
    resolution?: string;
    resolvedAt?: string;
  };
  /** Ids only: the gateway turns them into download links through the documents service. */
  documents: (DocumentRef & { inLatestSubmission: boolean; duplicateFlags: DuplicateFlag[] })[];
  duplicateFlags: DuplicateFlag[];
  history: { at: string; kind: string; actor: string; claimRevision?: number; details?: Record<string, unknown> }[];
}

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
  return defined({
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
  });
}

export function itemDetailView(
  item: ReviewItem,
  facts: ClaimFact[],
  funds: CampaignFunds | undefined,
  now: Date,
): ReviewItemDetailView {
  const latest = new Set(item.documentIds);
  const draft = draftDetails(facts);
  return defined({
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
  });
}
