import { DomainError } from '@poe/platform';
import { CampaignLedger, CampaignState } from './campaign';

const campaign = (allocatedMinor = 100_000): CampaignState => ({
  id: 'CMP-1',
  programId: 'PRG-1',
  planId: 'PLN-1',
  partnerId: 'PRT-1',
  name: 'Q4 webinars',
  activityType: 'webinar',
  startDate: '2026-10-01',
  endDate: '2026-12-31',
  currency: 'EUR',
  claimDeadlineDays: 45,
  allocatedMinor,
  reservedMinor: 0,
  approvedMinor: 0,
  remainingMinor: allocatedMinor,
  reservations: {},
  revision: 1,
  createdAt: '2026-09-01T00:00:00.000Z',
  createdBy: 'svc',
});

const balance = (l: CampaignLedger) => [l.state.remainingMinor, l.state.reservedMinor, l.state.approvedMinor];

describe('CampaignLedger', () => {
  it('reserve_whenFundsSuffice_movesRemainingToReserved', () => {
    const l = new CampaignLedger(campaign());
    expect(l.reserve('CLM-a', 'S1', 30_000)).toBe('applied');
    expect(balance(l)).toEqual([70_000, 30_000, 0]);
    expect(l.state.revision).toBe(2);
  });

  it('reserve_whenSameSubmissionAgain_changesNothing', () => {
    const l = new CampaignLedger(campaign());
    l.reserve('CLM-a', 'S1', 30_000);
    expect(l.reserve('CLM-a', 'S1', 30_000)).toBe('already');
    expect(balance(l)).toEqual([70_000, 30_000, 0]);
    expect(l.state.revision).toBe(2);
  });

  it('reserve_whenMoreThanRemaining_isRefusedWithItsCode', () => {
    const l = new CampaignLedger(campaign(10_000));
    expect(() => l.reserve('CLM-a', 'S1', 10_001)).toThrow(DomainError);
    try {
      l.reserve('CLM-a', 'S1', 10_001);
    } catch (e) {
      expect((e as DomainError).code).toBe('CLAIM.AMOUNT_EXCEEDS_REMAINING_FUNDS');
    }
    expect(balance(l)).toEqual([10_000, 0, 0]);
  });

  it('reserve_whenExactlyRemaining_leavesZero', () => {
    const l = new CampaignLedger(campaign(10_000));
    l.reserve('CLM-a', 'S1', 10_000);
    expect(balance(l)).toEqual([0, 10_000, 0]);
  });

  it('reserve_whenResubmittedWithNewAmount_movesOnlyTheDifference', () => {
    const l = new CampaignLedger(campaign(10_000));
    l.reserve('CLM-a', 'S1', 6_000);
    l.reserve('CLM-a', 'S2', 9_000); // needs 3_000 more of the 4_000 left
    expect(balance(l)).toEqual([1_000, 9_000, 0]);
    l.reserve('CLM-a', 'S3', 2_000);
    expect(balance(l)).toEqual([8_000, 2_000, 0]);
  });

  it('release_givesTheReservationBack_once', () => {
    const l = new CampaignLedger(campaign());
    l.reserve('CLM-a', 'S1', 30_000);
    expect(l.release('CLM-a', 'S1')).toBe('applied');
    expect(balance(l)).toEqual([100_000, 0, 0]);
    expect(l.release('CLM-a', 'S1')).toBe('already');
    expect(balance(l)).toEqual([100_000, 0, 0]);
  });

  it('commit_whenApprovedLower_returnsTheRestToRemaining', () => {
    const l = new CampaignLedger(campaign());
    l.reserve('CLM-a', 'S1', 30_000);
    expect(l.commit('CLM-a', 'S1', 25_000)).toBe('applied');
    expect(balance(l)).toEqual([75_000, 0, 25_000]);
    expect(l.commit('CLM-a', 'S1', 25_000)).toBe('already');
    expect(balance(l)).toEqual([75_000, 0, 25_000]);
  });

  it('commit_whenApprovedMoreThanReserved_throws', () => {
    const l = new CampaignLedger(campaign());
    l.reserve('CLM-a', 'S1', 30_000);
    expect(() => l.commit('CLM-a', 'S1', 30_001)).toThrow(/outside/);
  });

  it('fundsChanged_reportsTheBalanceAsDecimalStrings', () => {
    const l = new CampaignLedger(campaign());
    l.reserve('CLM-a', 'S1', 12_345);
    const e = l.fundsChanged('claim_submitted', new Date('2026-11-24T10:00:00Z'), 'CLM-a');
    expect(e).toMatchObject({
      revision: 2,
      reason: 'claim_submitted',
      claimId: 'CLM-a',
      allocated: { amount: '1000.00', currency: 'EUR' },
      reserved: { amount: '123.45', currency: 'EUR' },
      approved: { amount: '0.00', currency: 'EUR' },
      remaining: { amount: '876.55', currency: 'EUR' },
    });
  });
});
