import type { PreApprovalStatus } from '@poe/contracts';
import { DomainError } from '@poe/platform';
import { PreApprovalErrors } from './pre-approvals.errors';

/** A pre-approval as the review team issued it: the partner's materials are approved for one campaign. */
export interface PreApproval {
  id: string;
  partnerId: string;
  campaignId: string;
  description?: string;
  validFrom: Date;
  validUntil: Date;
  grantedBy: string;
  grantedAt: Date;
  revokedAt?: Date;
  revokedBy?: string;
  revokeReason?: string;
}

export type { PreApprovalStatus };

export interface GrantRequest {
  partnerId: string;
  campaignId: string;
  description?: string;
  validFrom: Date;
  validUntil: Date;
}

const MAX_SEQUENCE = 999_999;

/** `PA-2026-000123`: the year it was granted and a per-year sequence, as partners type it into claims. */
export function preApprovalId(year: number, sequence: number): string {
  if (sequence > MAX_SEQUENCE) throw PreApprovalErrors.sequenceExhausted(year);
  return `PA-${year}-${String(sequence).padStart(6, '0')}`;
}

/** A grant must cover a real period that has not already ended. */
export function checkGrant(request: GrantRequest, now: Date): void {
  if (request.validUntil.getTime() <= request.validFrom.getTime()) {
    throw DomainError.invalidField(
      'PRE_APPROVAL.INVALID_PERIOD',
      'validUntil',
      'isAfterValidFrom',
      'validUntil must be after validFrom',
    );
  }
  if (request.validUntil.getTime() <= now.getTime()) {
    throw DomainError.invalidField(
      'PRE_APPROVAL.INVALID_PERIOD',
      'validUntil',
      'isInFuture',
      'validUntil is already in the past',
    );
  }
}

export function statusOf(pa: PreApproval, now: Date): PreApprovalStatus {
  if (pa.revokedAt) return 'revoked';
  if (now.getTime() > pa.validUntil.getTime()) return 'expired';
  if (now.getTime() < pa.validFrom.getTime()) return 'not_yet_valid';
  return 'active';
}

/** Revoking twice would publish a second revoked event for nothing; expired ones may still be revoked. */
export function checkRevocable(pa: PreApproval): void {
  if (pa.revokedAt) throw PreApprovalErrors.alreadyRevoked(pa.id);
}
