import { DomainError } from '@poe/platform';
import { CampaignLedger, CampaignState, claimDeadlineOf, extendClaimDeadline } from './campaign';

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

describe('claim deadline', () => {
  const NOW = new Date('2027-02-01T09:00:00.000Z');
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as DomainError).code;
    }
    return 'no error';
  };

  it('claimDeadline_isEndDatePlusDeadlineDays_untilExtended', () => {
    expect(claimDeadlineOf(campaign())).toBe('2027-02-14');
  });

  it('claimDeadline_crossesMonthsAndYears', () => {
    expect(claimDeadlineOf({ endDate: '2026-12-20', claimDeadlineDays: 45 })).toBe('2027-02-03');
  });

  it('extend_toALaterDate_isOneRevisionWithHistoryAndEvent', () => {
    const c = campaign();
    const change = extendClaimDeadline(c, '2027-03-15', ' Late invoices ', 'rev-1', NOW);
    expect(change).toEqual({
      outcome: 'extended',
      event: {
        campaignId: 'CMP-1',
        partnerId: 'PRT-1',
        programId: 'PRG-1',
        revision: 2,
        previousDeadline: '2027-02-14',
        claimDeadline: '2027-03-15',
        reason: 'Late invoices',
        extendedBy: 'rev-1',
        extendedAt: NOW.toISOString(),
      },
    });
    expect(claimDeadlineOf(c)).toBe('2027-03-15');
    expect(c.claimDeadlineHistory).toEqual([
      { from: '2027-02-14', to: '2027-03-15', by: 'rev-1', at: NOW.toISOString(), reason: 'Late invoices' },
    ]);
    // Funds untouched.
    expect([c.remainingMinor, c.reservedMinor, c.approvedMinor]).toEqual([100_000, 0, 0]);
  });

  it('extend_toTheDateItAlreadyHas_changesNothing', () => {
    const c = campaign();
    extendClaimDeadline(c, '2027-03-15', undefined, 'rev-1', NOW);
    expect(extendClaimDeadline(c, '2027-03-15', undefined, 'rev-1', NOW)).toEqual({ outcome: 'unchanged' });
    expect(c.revision).toBe(2);
    expect(c.claimDeadlineHistory).toHaveLength(1);
  });

  it('extend_toAnEarlierDate_isRefused_andChangesNothing', () => {
    const c = campaign();
    expect(codeOf(() => extendClaimDeadline(c, '2027-02-13', undefined, 'rev-1', NOW))).toBe(
      'CAMPAIGN.DEADLINE_NOT_LATER',
    );
    expect(codeOf(() => extendClaimDeadline(c, '2027-02-30', undefined, 'rev-1', NOW))).toBe('CAMPAIGN.DATE_INVALID');
    expect(c.revision).toBe(1);
    expect(c.claimDeadlineExtendedTo).toBeUndefined();
  });
});
