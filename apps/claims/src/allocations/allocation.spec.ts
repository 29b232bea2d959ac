import { DomainError, RequestValidationError } from '@poe/platform';
import { CampaignLedger, CampaignState } from '../catalog/campaign';
import { AllocationLine, decideLine, readLine, recordOf } from './allocation';
import { readAllocationFile } from './allocation-file';

const HEADER = 'partnerId,campaignId,allocationId,amount,currency,planId,name,activityType,startDate,endDate';
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n');

const campaign = (over: Partial<CampaignState> = {}): CampaignState => ({
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
  allocatedMinor: 100_000,
  reservedMinor: 0,
  approvedMinor: 0,
  remainingMinor: 100_000,
  reservations: {},
  revision: 1,
  createdAt: '2026-09-01T00:00:00.000Z',
  createdBy: 'svc',
  ...over,
});

const lineOf = (row: string): AllocationLine => {
  const { line, violations } = readLine(readAllocationFile(csv(row), 10).lines[0]);
  expect(violations).toEqual([]);
  return line!;
};
const problemsOf = (row: string) => readLine(readAllocationFile(csv(row), 10).lines[0]).violations;
const known = { partnerExists: true, planExists: true };

describe('allocation file', () => {
  it('readAllocationFile_withBomQuotesAndAnyColumnOrder_givesCellsByColumnWithLineNumbers', () => {
    const file = readAllocationFile(
      Buffer.from(
        '\uFEFFcurrency,amount,allocationId,campaignId,partnerId,name\n' +
          'EUR,10.00,A1,CMP-1,PRT-1,"Webinars, Q4"\n\nEUR,5,A2,CMP-1,PRT-1,\n',
      ),
      10,
    );
    expect(file.lines).toEqual([
      {
        line: 2,
        cells: {
          currency: 'EUR',
          amount: '10.00',
          allocationId: 'A1',
          campaignId: 'CMP-1',
          partnerId: 'PRT-1',
          name: 'Webinars, Q4',
        },
      },
      { line: 4, cells: { currency: 'EUR', amount: '5', allocationId: 'A2', campaignId: 'CMP-1', partnerId: 'PRT-1' } },
    ]);
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('readAllocationFile_whenHeaderLacksAColumnOrNamesAnUnknownOne_isRefusedNamingEach', () => {
    const err = (() => {
      try {
        readAllocationFile(Buffer.from('partnerId,campaignId,amount,currency,colour\nPRT-1,CMP-1,1,EUR,red\n'), 10);
      } catch (e) {
        return e as DomainError;
      }
    })()!;
    expect(err.code).toBe('ALLOCATIONS.HEADER_INVALID');
    expect(err.violations).toEqual([
      expect.objectContaining({ line: 1, field: 'colour', rule: 'knownColumn' }),
      expect.objectContaining({ line: 1, field: 'allocationId', rule: 'requiredColumn' }),
    ]);
  });

  it('readAllocationFile_whenNotUtf8OrNotCsv_isA400NamingTheBody', () => {
    expect(() => readAllocationFile(Buffer.from([0x70, 0xff, 0x0a]), 10)).toThrow(RequestValidationError);
    try {
      readAllocationFile(Buffer.from(`${HEADER}\nPRT-1,"CMP-1,A1,1,EUR,,,,,\n`), 10);
      throw new Error('accepted');
    } catch (e) {
      expect((e as RequestValidationError).violations[0]).toMatchObject({ field: 'body', rule: 'isCsv' });
    }
  });

  it('readAllocationFile_overTheLineLimitOrWithoutLines_isRefused', () => {
    const rows = Array.from({ length: 11 }, (_, i) => `PRT-1,CMP-1,A${i},1.00,EUR,,,,,`);
    expect(() => readAllocationFile(csv(...rows), 10)).toThrow(
      expect.objectContaining({ code: 'ALLOCATIONS.TOO_MANY_LINES' }),
    );
    expect(() => readAllocationFile(Buffer.from(HEADER + '\n'), 10)).toThrow(
      expect.objectContaining({ code: 'ALLOCATIONS.FILE_EMPTY' }),
    );
  });
});

describe('allocation line', () => {
  it('readLine_whenFieldsBreakRules_namesEachFieldAndRule', () => {
    expect(problemsOf(',CMP 1,A.1,12.345,EUR,,,,2026-02-30,').map((v) => [v.line, v.field, v.rule])).toEqual([
      [2, 'partnerId', 'isNotEmpty'],
      [2, 'campaignId', 'matches'],
      [2, 'allocationId', 'matches'],
      [2, 'amount', 'currencyPrecision'],
      [2, 'startDate', 'isCalendarDate'],
    ]);
    // Zero adds and takes back nothing (negative lines reduce an allocation, so zero is the one amount refused).
    for (const zero of ['0', '-0.00'])
      expect(problemsOf(`PRT-1,CMP-1,A1,${zero},EUR,,,,,`).map((v) => [v.field, v.rule, v.code])).toEqual([
        ['amount', 'isNotZero', 'ALLOCATION.AMOUNT_ZERO'],
      ]);
    expect(problemsOf('PRT-1,CMP-1,A1,--5,EUR,,,,,').map((v) => [v.field, v.rule])).toEqual([['amount', 'isDecimal']]);
    expect(problemsOf('PRT-1,CMP-1,A1,1,eur,,,,,').map((v) => [v.field, v.rule])).toEqual([['currency', 'isIso4217']]);
    expect(problemsOf('PRT-1,CMP-1,A1,1,EUR,,,,2026-12-01,2026-11-01').map((v) => [v.field, v.rule])).toEqual([
      ['endDate', 'notBeforeStartDate'],
    ]);
  });

  it('readLine_amountInAZeroDecimalCurrency_isCountedInWholeUnits', () => {
    expect(lineOf('PRT-1,CMP-1,A1,150000,XOF,,,,,')).toMatchObject({ amountMinor: 150000, currency: 'XOF' });
  });

  it('decideLine_forAnUnknownCampaign_createsItWhenEveryCampaignFieldIsGiven', () => {
    const full = lineOf('PRT-1,CMP-NEW,A1,500.00,EUR,PLN-1,Spring events,event,2027-03-01,2027-05-31');
    expect(decideLine(full, known)).toEqual({ kind: 'create_campaign' });
    const bare = lineOf('PRT-1,CMP-NEW,A1,500.00,EUR,,,,,');
    const d = decideLine(bare, known);
    expect(d.kind === 'invalid' && d.violations.map((v) => [v.field, v.rule])).toEqual([
      ['planId', 'requiredForNewCampaign'],
      ['name', 'requiredForNewCampaign'],
      ['activityType', 'requiredForNewCampaign'],
      ['startDate', 'requiredForNewCampaign'],
      ['endDate', 'requiredForNewCampaign'],
    ]);
    const badPlan = decideLine(full, { partnerExists: false, planExists: false });
    expect(badPlan.kind === 'invalid' && badPlan.violations.map((v) => [v.field, v.rule, v.code])).toEqual([
      ['partnerId', 'exists', 'CATALOG.PARTNER_UNKNOWN'],
      ['planId', 'exists', 'CATALOG.PLAN_UNKNOWN'],
    ]);
  });

  it('decideLine_forAnExistingCampaign_allocatesWhenGivenFieldsMatchIt_andNamesEachMismatch', () => {
    const c = campaign();
    expect(decideLine(lineOf('PRT-1,CMP-1,A1,500.00,EUR,,,,,'), { ...known, campaign: c })).toEqual({
      kind: 'allocate',
    });
    expect(
      decideLine(lineOf('PRT-1,CMP-1,A1,500.00,EUR,PLN-1,Q4 webinars,webinar,2026-10-01,2026-12-31'), {
        ...known,
        campaign: c,
      }),
    ).toEqual({ kind: 'allocate' });
    const d = decideLine(lineOf('PRT-2,CMP-1,A1,500.00,USD,,,,2026-10-02,'), { ...known, campaign: c });
    expect(d.kind === 'invalid' && d.violations.map((v) => [v.field, v.rule])).toEqual([
      ['partnerId', 'matchesCampaign'],
      ['startDate', 'matchesCampaign'],
      ['currency', 'sameCurrencyAsCampaign'],
    ]);
  });

  it('decideLine_theSameLineAppliedBefore_isUnchanged_otherContentUnderItsReference_isRefused', () => {
    const c = campaign();
    const line = lineOf('PRT-1,CMP-1,A1,500.00,EUR,,,,,');
    new CampaignLedger(c).allocate('A1', recordOf(line, 'f'.repeat(64), 'svc', new Date()));
    expect(decideLine(line, { ...known, campaign: c })).toEqual({ kind: 'unchanged' });
    // The campaign columns are not part of the line's identity: filled in, it is still the same allocation.
    expect(decideLine(lineOf('PRT-1,CMP-1,A1,500.00,EUR,PLN-1,,,,'), { ...known, campaign: c })).toEqual({
      kind: 'unchanged',
    });
    const d = decideLine(lineOf('PRT-1,CMP-1,A1,600.00,EUR,,,,,'), { ...known, campaign: c });
    expect(d.kind === 'invalid' && d.violations.map((v) => [v.field, v.rule, v.code])).toEqual([
      ['allocationId', 'sameAsApplied', 'ALLOCATION.REFERENCE_REUSED'],
    ]);
  });
});

describe('CampaignLedger.allocate', () => {
  it('allocate_raisesAllocatedAndRemaining_onceByReference', () => {
    const l = new CampaignLedger(campaign({ reservedMinor: 30_000, remainingMinor: 70_000 }));
    const record = recordOf(lineOf('PRT-1,CMP-1,A1,250.00,EUR,,,,,'), 'f'.repeat(64), 'svc', new Date());
    expect(l.allocate('A1', record)).toBe('applied');
    expect([l.state.allocatedMinor, l.state.reservedMinor, l.state.remainingMinor, l.state.revision]).toEqual([
      125_000, 30_000, 95_000, 2,
    ]);
    expect(l.allocate('A1', record)).toBe('already');
    expect([l.state.allocatedMinor, l.state.revision]).toEqual([125_000, 2]);
    expect(() => l.allocate('A1', { ...record, fingerprint: 'other' })).toThrow(/other content/);
  });

  it('decideLine_aNegativeLine_takesBackAtMostTheRemainingFunds_andNeverFromANewCampaign', () => {
    const c = campaign({ reservedMinor: 30_000, approvedMinor: 50_000, remainingMinor: 20_000 });
    const back = lineOf('PRT-1,CMP-1,A2,-200.00,EUR,,,,,');
    expect(back.amountMinor).toBe(-20_000);
    expect(decideLine(back, { ...known, campaign: c })).toEqual({ kind: 'allocate' });
    new CampaignLedger(c).allocate('A2', recordOf(back, 'f'.repeat(64), 'svc', new Date()));
    expect(c).toMatchObject({
      allocatedMinor: 80_000,
      remainingMinor: 0,
      reservedMinor: 30_000,
      approvedMinor: 50_000,
    });
    // Applied again: counted once.
    expect(decideLine(back, { ...known, campaign: c })).toEqual({ kind: 'unchanged' });

    const tooMuch = decideLine(lineOf('PRT-1,CMP-1,A3,-0.01,EUR,,,,,'), { ...known, campaign: c });
    expect(tooMuch.kind === 'invalid' && tooMuch.violations.map((v) => [v.field, v.rule, v.code])).toEqual([
      ['amount', 'atMostRemaining', 'ALLOCATION.REDUCTION_EXCEEDS_REMAINING'],
    ]);
    const fresh = decideLine(lineOf('PRT-1,CMP-NEW,A1,-5.00,EUR,PLN-1,Spring,event,2027-03-01,2027-05-31'), known);
    expect(fresh.kind === 'invalid' && fresh.violations.map((v) => [v.field, v.rule, v.code])).toEqual([
      ['amount', 'positiveForNewCampaign', 'ALLOCATION.REDUCTION_OF_NEW_CAMPAIGN'],
    ]);
  });
});

describe('allocation line: reimbursement rules (optional columns)', () => {
  const WITH_RULES = `${HEADER},contributionRatio,capPerClaim`;
  const read = (row: string) => readLine(readAllocationFile(Buffer.from(`${WITH_RULES}\r\n${row}\r\n`), 10).lines[0]);
  const NEW = 'PRT-1,CMP-9,A1,1000.00,EUR,PLN-1,Webinars,webinar,2026-10-01,2026-12-31';

  it('newCampaignLine_withRatioAndCap_readsThemInBasisPointsAndMinorUnits', () => {
    const { line, violations } = read(`${NEW},0.5,250.00`);
    expect(violations).toEqual([]);
    expect(line!.campaign).toMatchObject({ contributionRatioBasisPoints: 5_000, capPerClaimMinor: 25_000 });
    expect(decideLine(line!, known)).toEqual({ kind: 'create_campaign' });
  });

  it('line_withABadRatioOrCap_namesTheColumnAndRule', () => {
    expect(read(`${NEW},1.5,0.001`).violations.map((v) => [v.field, v.rule, v.code])).toEqual([
      ['contributionRatio', 'inRange', 'CAMPAIGN.CONTRIBUTION_RATIO_INVALID'],
      ['capPerClaim', 'currencyPrecision', 'MONEY.AMOUNT_INVALID'],
    ]);
    expect(read(`${NEW},0.5,0`).violations.map((v) => [v.field, v.rule])).toEqual([['capPerClaim', 'isPositive']]);
  });

  it('lineForAnExistingCampaign_mustMatchItsRules_orLeaveThemEmpty', () => {
    const existing = campaign({ contributionRatioBasisPoints: 5_000, capPerClaimMinor: null });
    const row = (ratio: string, cap: string) => `PRT-1,CMP-1,A2,10.00,EUR,,,,,,${ratio},${cap}`;
    expect(decideLine(read(row('0.5', '')).line!, { ...known, campaign: existing })).toEqual({ kind: 'allocate' });
    expect(decideLine(read(row('', '')).line!, { ...known, campaign: existing })).toEqual({ kind: 'allocate' });
    const other = decideLine(read(row('0.75', '100.00')).line!, { ...known, campaign: existing });
    expect(other.kind === 'invalid' && other.violations.map((v) => [v.field, v.rule])).toEqual([
      ['contributionRatio', 'matchesCampaign'],
      ['capPerClaim', 'matchesCampaign'],
    ]);
  });
});
