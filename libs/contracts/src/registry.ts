import type { AnyEventDefinition } from './define-event';
import { campaignFundsChangedV1 } from './events/campaigns/campaign-funds-changed.v1';
import { claimActionRequiredV1 } from './events/claims/claim-action-required.v1';
import { claimApprovedV1 } from './events/claims/claim-approved.v1';
import { claimCommentAddedV1 } from './events/claims/claim-comment-added.v1';
import { claimCreatedV1 } from './events/claims/claim-created.v1';
import { claimEvidenceAttachedV1 } from './events/claims/claim-evidence-attached.v1';
import { claimRejectedV1 } from './events/claims/claim-rejected.v1';
import { claimReopenedV1 } from './events/claims/claim-reopened.v1';
import { claimReviewStartedV1 } from './events/claims/claim-review-started.v1';
import { claimSubmittedV1 } from './events/claims/claim-submitted.v1';
import { claimUpdatedV1 } from './events/claims/claim-updated.v1';
import { claimPaidV1 } from './events/payments/claim-paid.v1';
import { payoutRecordedV1 } from './events/payments/payout-recorded.v1';
import { claimWithdrawnV1 } from './events/claims/claim-withdrawn.v1';
import { claimExpiredV1 } from './events/claims/claim-expired.v1';
import { claimDisputedV1 } from './events/claims/claim-disputed.v1';
import { programSettingsChangedV1 } from './events/programs/program-settings-changed.v1';
import { campaignClaimDeadlineExtendedV1 } from './events/campaigns/campaign-claim-deadline-extended.v1';
import { campaignReimbursementChangedV1 } from './events/campaigns/campaign-reimbursement-changed.v1';
import { csrGeneratedV1 } from './events/documents/csr-generated.v1';
import { documentDeletedV1 } from './events/documents/document-deleted.v1';
import { documentUploadedV1 } from './events/documents/document-uploaded.v1';
import { preApprovalGrantedV1 } from './events/review/pre-approval-granted.v1';
import { preApprovalRevokedV1 } from './events/review/pre-approval-revoked.v1';
import { reviewDecisionMadeV1 } from './events/review/review-decision-made.v1';
import { reviewItemOverdueV1 } from './events/review/review-item-overdue.v1';

// Every version stays listed after a newer one ships: events already in Kafka must remain readable.
const DEFINITIONS = [
  claimCreatedV1,
  claimUpdatedV1,
  claimEvidenceAttachedV1,
  claimSubmittedV1,
  claimReviewStartedV1,
  claimActionRequiredV1,
  claimApprovedV1,
  claimRejectedV1,
  claimReopenedV1,
  claimCommentAddedV1,
  claimWithdrawnV1,
  claimExpiredV1,
  claimDisputedV1,
  programSettingsChangedV1,
  campaignFundsChangedV1,
  payoutRecordedV1,
  claimPaidV1,
  campaignClaimDeadlineExtendedV1,
  campaignReimbursementChangedV1,
  documentUploadedV1,
  documentDeletedV1,
  csrGeneratedV1,
  preApprovalGrantedV1,
  preApprovalRevokedV1,
  reviewDecisionMadeV1,
  reviewItemOverdueV1,
] as const;

type RegisteredDefinition = (typeof DEFINITIONS)[number];

/** Every registered CloudEvents `type`, e.g. `'poe.claims.claim.submitted.v1'`. */
export type EventType = RegisteredDefinition['type'];

/** The `data` type of an event type: `EventDataOf<'poe.claims.claim.submitted.v1'>`. */
export type EventDataOf<T extends EventType> = Extract<RegisteredDefinition, { type: T }>['example'];

export type EventTypeMap = { readonly [D in RegisteredDefinition as D['type']]: D };

export const EVENT_TYPES: EventTypeMap = Object.fromEntries(
  DEFINITIONS.map((definition) => [definition.type, definition]),
) as EventTypeMap;

if (Object.keys(EVENT_TYPES).length !== DEFINITIONS.length) {
  throw new Error('libs/contracts: two event definitions share one type');
}

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_TYPES, type);
}

export function getEventDefinition(type: string): AnyEventDefinition | undefined {
  return isEventType(type) ? EVENT_TYPES[type] : undefined;
}
