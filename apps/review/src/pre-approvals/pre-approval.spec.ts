import { DomainError } from '@poe/platform';
import { checkGrant, checkRevocable, PreApproval, preApprovalId, statusOf } from './pre-approval';

const pa = (over: Partial<PreApproval> = {}): PreApproval => ({
  id: 'PA-2026-000001',
  partnerId: 'PRT-1',
  campaignId: 'CMP-1',
  validFrom: new Date('2026-10-01T00:00:00Z'),
  validUntil: new Date('2027-01-31T23:59:59.999Z'),
  grantedBy: 'rev-1',
  grantedAt: new Date('2026-09-28T00:00:00Z'),
  ...over,
});

describe('pre-approval', () => {
  it('preApprovalId_padsTheSequenceToSixDigits', () => {
    expect(preApprovalId(2026, 123)).toBe('PA-2026-000123');
    expect(preApprovalId(2027, 999999)).toBe('PA-2027-999999');
  });

  it('preApprovalId_whenSequenceExhausted_isAConflict', () => {
    expect(() => preApprovalId(2026, 1_000_000)).toThrow(
      expect.objectContaining({ code: 'PRE_APPROVAL.SEQUENCE_EXHAUSTED' }),
    );
  });

  it('grant_whenValidUntilNotAfterValidFrom_isRejected', () => {
    const at = new Date('2026-10-01T00:00:00Z');
    expect(() => checkGrant({ partnerId: 'P', campaignId: 'C', validFrom: at, validUntil: at }, at)).toThrow(
      expect.objectContaining({ code: 'PRE_APPROVAL.INVALID_PERIOD' }),
    );
  });

  it('grant_whenPeriodAlreadyOver_isRejected', () => {
    expect(() =>
      checkGrant(
        { partnerId: 'P', campaignId: 'C', validFrom: new Date('2026-01-01Z'), validUntil: new Date('2026-02-01Z') },
        new Date('2026-03-01Z'),
      ),
    ).toThrow(DomainError);
  });

  it('statusOf_followsRevocationAndPeriod', () => {
    expect(statusOf(pa(), new Date('2026-11-01Z'))).toBe('active');
    expect(statusOf(pa(), new Date('2026-09-30Z'))).toBe('not_yet_valid');
    expect(statusOf(pa(), new Date('2027-02-01Z'))).toBe('expired');
    expect(statusOf(pa({ revokedAt: new Date('2026-11-01Z') }), new Date('2026-11-02Z'))).toBe('revoked');
  });

  it('revoke_whenAlreadyRevoked_isAConflict', () => {
    expect(() => checkRevocable(pa({ revokedAt: new Date() }))).toThrow(
      expect.objectContaining({ code: 'PRE_APPROVAL.ALREADY_REVOKED', kind: 'conflict' }),
    );
    expect(() => checkRevocable(pa())).not.toThrow();
  });
});
