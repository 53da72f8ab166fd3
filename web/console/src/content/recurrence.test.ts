import { describe, expect, it } from 'vitest';
import { buildRrule, defaultPreset, parseRrule, type RecurrencePreset } from './recurrence';

describe('buildRrule', () => {
  it('builds 毎週 + 曜日, Monday first and without duplicates', () => {
    expect(buildRrule({ rule: { freq: 'weekly', days: ['SU', 'SA'] }, end: { kind: 'none' } })).toBe(
      'FREQ=WEEKLY;BYDAY=SA,SU',
    );
    expect(buildRrule({ rule: { freq: 'weekly', days: [] }, end: { kind: 'none' } })).toBe('FREQ=WEEKLY');
  });

  it('builds 毎月 第n 曜日 and 最終 曜日', () => {
    expect(buildRrule({ rule: { freq: 'monthlyWeekday', week: 2, day: 'SU' }, end: { kind: 'none' } })).toBe(
      'FREQ=MONTHLY;BYDAY=2SU',
    );
    expect(buildRrule({ rule: { freq: 'monthlyWeekday', week: -1, day: 'FR' }, end: { kind: 'none' } })).toBe(
      'FREQ=MONTHLY;BYDAY=-1FR',
    );
  });

  it('builds 毎月 n 日', () => {
    expect(buildRrule({ rule: { freq: 'monthlyDate', monthDay: 15 }, end: { kind: 'none' } })).toBe(
      'FREQ=MONTHLY;BYMONTHDAY=15',
    );
  });

  it('adds UNTIL as a date or COUNT', () => {
    expect(
      buildRrule({ rule: { freq: 'weekly', days: ['SA'] }, end: { kind: 'until', date: '2025-11-30' } }),
    ).toBe('FREQ=WEEKLY;BYDAY=SA;UNTIL=20251130');
    expect(buildRrule({ rule: { freq: 'monthlyDate', monthDay: 1 }, end: { kind: 'count', count: 6 } })).toBe(
      'FREQ=MONTHLY;BYMONTHDAY=1;COUNT=6',
    );
  });

  it('leaves out an end that is not complete yet', () => {
    expect(buildRrule({ rule: { freq: 'weekly', days: ['MO'] }, end: { kind: 'until', date: '' } })).toBe(
      'FREQ=WEEKLY;BYDAY=MO',
    );
    expect(buildRrule({ rule: { freq: 'weekly', days: ['MO'] }, end: { kind: 'count', count: 0 } })).toBe(
      'FREQ=WEEKLY;BYDAY=MO',
    );
  });
});

describe('parseRrule', () => {
  it('reads back what buildRrule writes', () => {
    const presets: RecurrencePreset[] = [
      { rule: { freq: 'weekly', days: ['MO', 'WE', 'FR'] }, end: { kind: 'none' } },
      { rule: { freq: 'weekly', days: [] }, end: { kind: 'count', count: 10 } },
      { rule: { freq: 'monthlyWeekday', week: 3, day: 'SA' }, end: { kind: 'until', date: '2026-03-31' } },
      { rule: { freq: 'monthlyWeekday', week: -1, day: 'SU' }, end: { kind: 'none' } },
      { rule: { freq: 'monthlyDate', monthDay: 31 }, end: { kind: 'none' } },
    ];
    for (const preset of presets) expect(parseRrule(buildRrule(preset))).toEqual(preset);
  });

  it('accepts the RRULE: prefix, lower case, INTERVAL=1 and a date-time UNTIL', () => {
    expect(parseRrule('RRULE:freq=weekly;byday=su,sa;interval=1;until=20251130T145959Z')).toEqual({
      rule: { freq: 'weekly', days: ['SA', 'SU'] },
      end: { kind: 'until', date: '2025-11-30' },
    });
  });

  it('answers undefined for rules the presets cannot express', () => {
    expect(parseRrule('')).toBeUndefined();
    expect(parseRrule('FREQ=DAILY')).toBeUndefined();
    expect(parseRrule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO')).toBeUndefined();
    expect(parseRrule('FREQ=MONTHLY;BYDAY=MO,TU')).toBeUndefined();
    expect(parseRrule('FREQ=MONTHLY;BYDAY=2SU;BYMONTHDAY=8')).toBeUndefined();
    expect(parseRrule('FREQ=MONTHLY;BYMONTHDAY=32')).toBeUndefined();
    expect(parseRrule('FREQ=WEEKLY;UNTIL=20250230')).toBeUndefined();
    expect(parseRrule('FREQ=WEEKLY;COUNT=3;UNTIL=20251231')).toBeUndefined();
    expect(parseRrule('FREQ=WEEKLY;BYSETPOS=1')).toBeUndefined();
    expect(parseRrule('garbage')).toBeUndefined();
  });
});

describe('defaultPreset', () => {
  it('starts from the start date: its weekday, its week of the month, its day', () => {
    // 2025-07-12 is the second Saturday of July 2025.
    expect(defaultPreset('weekly', '2025-07-12').rule).toEqual({ freq: 'weekly', days: ['SA'] });
    expect(defaultPreset('monthlyWeekday', '2025-07-12').rule).toEqual({
      freq: 'monthlyWeekday',
      week: 2,
      day: 'SA',
    });
    expect(defaultPreset('monthlyDate', '2025-07-12').rule).toEqual({ freq: 'monthlyDate', monthDay: 12 });
  });

  it('falls back to Monday / the 1st without a start date', () => {
    expect(defaultPreset('weekly').rule).toEqual({ freq: 'weekly', days: ['MO'] });
    expect(defaultPreset('monthlyDate', '').rule).toEqual({ freq: 'monthlyDate', monthDay: 1 });
  });
});
