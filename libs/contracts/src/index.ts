// The public API of @poe/contracts. `asyncapi.ts` is left out on purpose: it needs the `yaml`
// dev dependency and only the generator script and its test use it.
export * from './topics';
export * from './http';
export * from './vocabulary';
export * from './money';
export * from './reimbursement';
export * from './contract-error';
export type { AnyEventDefinition, DataSchema, EventDefinition, JsonSchema } from './define-event';
export * from './registry';
export * from './envelope';
export * from './upcasting';

export * from './events/common';
export * from './events/claims/claim-created.v1';
export * from './events/claims/claim-updated.v1';
export * from './events/claims/claim-evidence-attached.v1';
export * from './events/claims/claim-submitted.v1';
export * from './events/claims/claim-review-started.v1';
export * from './events/claims/claim-action-required.v1';
export * from './events/claims/claim-approved.v1';
export * from './events/claims/claim-rejected.v1';
export * from './events/claims/claim-reopened.v1';
export * from './events/claims/claim-withdrawn.v1';
export * from './events/claims/claim-expired.v1';
export * from './events/campaigns/campaign-claim-deadline-extended.v1';
export * from './events/campaigns/campaign-reimbursement-changed.v1';
export * from './events/claims/claim-comment-added.v1';
export * from './events/campaigns/campaign-funds-changed.v1';
export * from './events/payments/payment-common';
export * from './events/payments/payout-recorded.v1';
export * from './events/payments/claim-paid.v1';
export * from './events/documents/document-uploaded.v1';
export * from './events/documents/document-deleted.v1';
export * from './events/documents/csr-generated.v1';
export * from './events/review/pre-approval-granted.v1';
export * from './events/review/pre-approval-revoked.v1';
export * from './events/review/review-decision-made.v1';
export * from './events/review/review-item-overdue.v1';
