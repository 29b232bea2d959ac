import { changeSettings, disputeWindowOf, readSettings, settingsOf } from './program-settings';

const defaults = { disputeWindowBusinessDays: 5, holidays: [] as string[] };

describe('program settings (dispute window, holidays)', () => {
  it('settingsOf_programWithoutSettings_isFiveBusinessDaysNoHolidays', () => {
    expect(settingsOf({})).toEqual(defaults);
    expect(disputeWindowOf(null)).toEqual({ businessDays: 5, holidays: [] });
  });

  it('readSettings_keepsWhatIsNotChanged_sortsAndDedupesHolidays', () => {
    expect(readSettings(defaults, { holidays: ['2026-12-25', '2026-12-24', '2026-12-25'] })).toEqual({
      disputeWindowBusinessDays: 5,
      holidays: ['2026-12-24', '2026-12-25'],
    });
  });

  it.each([0, 61, 2.5])('readSettings_windowOf%p_isRefusedNamingTheField', (days) => {
    expect(() => readSettings(defaults, { disputeWindowBusinessDays: days })).toThrow(
      expect.objectContaining({ code: 'PROGRAM.DISPUTE_WINDOW_INVALID' }),
    );
  });

  it('readSettings_notACalendarDate_isRefusedNamingTheEntry', () => {
    try {
      readSettings(defaults, { holidays: ['2026-12-24', '2026-02-30'] });
      throw new Error('not refused');
    } catch (e) {
      expect(e).toMatchObject({
        code: 'PROGRAM.HOLIDAY_INVALID',
        violations: [expect.objectContaining({ field: 'holidays[1]', rule: 'isCalendarDate' })],
      });
    }
  });

  it('changeSettings_newSettings_raiseTheRevisionWithHistoryAndEvent', () => {
    const p = { id: 'PRG-1' } as Parameters<typeof changeSettings>[0];
    const change = changeSettings(
      p,
      { disputeWindowBusinessDays: 7, holidays: ['2026-12-24'] },
      ' holidays ',
      'rev-1',
      new Date('2026-12-02T09:00:00Z'),
    );
    expect(change).toEqual({
      outcome: 'changed',
      event: {
        programId: 'PRG-1',
        revision: 2,
        previous: defaults,
        disputeWindowBusinessDays: 7,
        holidays: ['2026-12-24'],
        reason: 'holidays',
        changedBy: 'rev-1',
        changedAt: '2026-12-02T09:00:00.000Z',
      },
    });
    expect(p.settingsHistory).toHaveLength(1);
    expect(
      changeSettings(p, { disputeWindowBusinessDays: 7, holidays: ['2026-12-24'] }, undefined, 'rev-1', new Date()),
    ).toEqual({
      outcome: 'unchanged',
    });
    expect(p.revision).toBe(2);
  });
});
