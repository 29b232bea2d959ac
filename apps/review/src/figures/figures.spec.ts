import { medianOf, secondsToDecisionByProgram } from './figures';

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
});
