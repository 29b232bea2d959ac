import { createEvent, EVENT_SOURCES, EventDataOf, EventEnvelope, EventType } from '@poe/contracts';

/**
 * Claim events as the claims service publishes them, for tests and the benchmark (the review
 * service only ever sees claims through these). Each builder takes the claim's next revision.
 */
export interface ClaimFixture {
  claimId: string;
  partnerId: string;
  programId: string;
  campaignId: string;
}

const at = (iso?: string) => iso ?? new Date().toISOString();

function claimEvent<T extends EventType>(type: T, data: EventDataOf<T>, time?: string): EventEnvelope<T> {
  return createEvent(type, data, {
    source: EVENT_SOURCES.claims,
    correlationId: `test-${data && (data as { claimId?: string }).claimId}`,
    ...(time ? { time } : {}),
  });
}

export const claimEvents = (c: ClaimFixture) => ({
  created: (revision: number, amount = '1250.00', time?: string) =>
    claimEvent(
      'poe.claims.claim.created.v1',
      {
        ...c,
        revision,
        name: 'Q4 webinar series',
        executionDate: '2026-11-10',
        amount: { amount, currency: 'EUR' },
        createdBy: 'usr-1',
        createdAt: at(time),
      },
      time,
    ),
  evidenceAttached: (revision: number, documentId: string, kind: 'invoice' | 'proof' = 'invoice', time?: string) =>
    claimEvent(
      'poe.claims.claim.evidence-attached.v1',
      {
        claimId: c.claimId,
        partnerId: c.partnerId,
        revision,
        documentId,
        kind,
        ...(kind === 'proof' ? { note: 'Screenshot of the landing page.' } : {}),
        attachedBy: 'usr-1',
        attachedAt: at(time),
      },
      time,
    ),
  updated: (revision: number, amount = '1250.00', time?: string) =>
    claimEvent(
      'poe.claims.claim.updated.v1',
      {
        claimId: c.claimId,
        partnerId: c.partnerId,
        revision,
        changedFields: ['amount'],
        name: 'Q4 webinar series',
        executionDate: '2026-11-10',
        amount: { amount, currency: 'EUR' },
        updatedBy: 'usr-1',
        updatedAt: at(time),
      },
      time,
    ),
  submitted: (
    revision: number,
    opts: {
      amount?: string;
      submittedAt?: string;
      reviewDueAt?: string;
      documentIds?: string[];
      duplicate?: boolean;
      /** What the campaign's rules make reimbursable (left out: as before the rules existed). */
      reimbursable?: string;
    } = {},
  ) =>
    claimEvent(
      'poe.claims.claim.submitted.v1',
      {
        ...c,
        revision,
        preApprovalId: 'PA-2026-000001',
        amount: { amount: opts.amount ?? '1250.00', currency: 'EUR' },
        ...(opts.reimbursable ? { reimbursable: { amount: opts.reimbursable, currency: 'EUR' } } : {}),
        documentIds: opts.documentIds ?? ['DOC-inv-1', 'DOC-proof-1'],
        ...(opts.duplicate
          ? {
              duplicateFlags: [
                {
                  reason: 'same_vendor_invoice_number' as const,
                  documentId: 'DOC-inv-1',
                  matchingClaimIds: ['CLM-OTHER'],
                },
              ],
            }
          : {}),
        submittedBy: 'usr-1',
        submittedAt: opts.submittedAt ?? '2026-11-24T10:15:00.000Z',
        reviewDueAt: opts.reviewDueAt ?? '2026-12-31T23:59:59.999Z',
      },
      opts.submittedAt,
    ),
  reviewStarted: (revision: number, reviewerId: string, time?: string) =>
    claimEvent(
      'poe.claims.claim.review-started.v1',
      {
        claimId: c.claimId,
        partnerId: c.partnerId,
        revision,
        reviewerId,
        startedAt: at(time),
      },
      time,
    ),
  actionRequired: (revision: number, reviewerId: string, time?: string) =>
    claimEvent(
      'poe.claims.claim.action-required.v1',
      {
        claimId: c.claimId,
        partnerId: c.partnerId,
        revision,
        reasonCodes: ['INVOICE_ILLEGIBLE'],
        message: 'Please upload a readable invoice.',
        requestedBy: reviewerId,
        requestedAt: at(time),
      },
      time,
    ),
  reopened: (revision: number, partnerUserId: string, time?: string) =>
    claimEvent(
      'poe.claims.claim.reopened.v1',
      { claimId: c.claimId, partnerId: c.partnerId, revision, reopenedBy: partnerUserId, reopenedAt: at(time) },
      time,
    ),
  approved: (revision: number, reviewerId: string, approved = '1250.00', claimed = '1250.00', time?: string) =>
    claimEvent(
      'poe.claims.claim.approved.v1',
      {
        ...c,
        revision,
        claimedAmount: { amount: claimed, currency: 'EUR' },
        approvedAmount: { amount: approved, currency: 'EUR' },
        approvedBy: reviewerId,
        approvedAt: at(time),
      },
      time,
    ),
  rejected: (revision: number, reviewerId: string, time?: string, dispute?: boolean) =>
    claimEvent(
      'poe.claims.claim.rejected.v1',
      {
        claimId: c.claimId,
        partnerId: c.partnerId,
        campaignId: c.campaignId,
        revision,
        claimedAmount: { amount: '1250.00', currency: 'EUR' },
        reasonCodes: ['DUPLICATE_INVOICE'],
        message: 'The invoice was already claimed.',
        rejectedBy: reviewerId,
        rejectedAt: at(time),
        ...(dispute ? { dispute } : {}),
      },
      time,
    ),
  withdrawn: (revision: number, fromStatus: string, time?: string) =>
    claimEvent(
      'poe.claims.claim.withdrawn.v1',
      {
        claimId: c.claimId,
        partnerId: c.partnerId,
        campaignId: c.campaignId,
        revision,
        fromStatus,
        releasedAmount: { amount: '1250.00', currency: 'EUR' },
        reason: 'Event cancelled',
        withdrawnBy: 'usr-1',
        withdrawnAt: at(time),
      },
      time,
    ),
  disputed: (revision: number, time?: string) =>
    claimEvent(
      'poe.claims.claim.disputed.v1',
      {
        claimId: c.claimId,
        partnerId: c.partnerId,
        programId: c.programId,
        campaignId: c.campaignId,
        revision,
        reason: 'The invoice is a different one; see the attached statement.',
        newDocumentIds: ['DOC-proof-2'],
        documentIds: ['DOC-inv-1', 'DOC-proof-1', 'DOC-proof-2'],
        claimedAmount: { amount: '1250.00', currency: 'EUR' },
        reimbursable: { amount: '1250.00', currency: 'EUR' },
        rejectedAt: '2026-11-24T10:00:00.000Z',
        rejectionReasonCodes: ['DUPLICATE_INVOICE'],
        disputeDeadline: '2026-12-01',
        disputedBy: 'usr-1',
        disputedAt: at(time),
        reviewDueAt: '2027-01-31T23:59:59.999Z',
      },
      time,
    ),
});

export const fundsChanged = (
  c: ClaimFixture,
  revision: number,
  f: { allocated: string; reserved: string; approved: string; remaining: string },
) =>
  createEvent(
    'poe.claims.campaign.funds-changed.v1',
    {
      campaignId: c.campaignId,
      partnerId: c.partnerId,
      programId: c.programId,
      revision,
      reason: 'claim_submitted',
      claimId: c.claimId,
      allocated: { amount: f.allocated, currency: 'EUR' },
      reserved: { amount: f.reserved, currency: 'EUR' },
      approved: { amount: f.approved, currency: 'EUR' },
      remaining: { amount: f.remaining, currency: 'EUR' },
      changedAt: new Date().toISOString(),
    },
    { source: EVENT_SOURCES.claims, correlationId: 'test-funds' },
  );
