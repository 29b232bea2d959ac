import { addDisputes, emptyProgram, medianOf, secondsToDecisionByProgram } from './figures';

describe('figures', () => {
  it('medianOf_oddAndEvenCounts', () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([5, 1, 3])).toBe(3);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });

  it('secondsToDecision_groupsPerProgramAndSkipsRowsWithoutSubmission', () => {
    const rows = [
      { programId: 'A', submittedAt: new Date('2026-11-01T00:00:00Z'), decidedAt: new Date('2026-11-01T01:00:00Z') },
      { programId: 'A', submittedAt: new Date('2026-11-01T00:00:00Z'), decidedAt: new Date('2026-11-01T00:00:30Z') },
      { programId: 'B', submittedAt: undefined, decidedAt: new Date('2026-11-02T00:00:00Z') },
      {
        programId: undefined,
        submittedAt: new Date('2026-11-01T00:00:00Z'),
        decidedAt: new Date('2026-11-01T00:00:10Z'),
      },
    ];
    const by = secondsToDecisionByProgram(rows);
    expect(by.get('A')).toEqual([3600, 30]);
    expect(by.has('B')).toBe(false);
    expect(by.get('(unknown)')).toEqual([10]);
  });

  it('addDisputes_countsOpenOnesAndResolvedOnesByOutcome', () => {
    const p = emptyProgram('A');
    addDisputes(p, null, 2);
    addDisputes(p, 'approve', 3);
    addDisputes(p, 'withdrawn', 1);
    expect(p.disputesOpen).toBe(2);
    expect(p.disputesResolved).toEqual({ approve: 3, reject: 0, request_action: 0, withdrawn: 1 });
  });
});
