import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/http/errors.js';
import { expandOccurrences, formatRecurrence, parseRecurrence, validateRecurrence } from './recurrence.js';

const jst = (local: string) => new Date(`${local}+09:00`);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('parseRecurrence / validateRecurrence', () => {
  it.each([
    'FREQ=WEEKLY;BYDAY=SA',
    'RRULE:FREQ=WEEKLY;BYDAY=SA,SU;INTERVAL=2',
    'freq=weekly;byday=mo',
    'FREQ=WEEKLY;BYDAY=SA;COUNT=10',
    'FREQ=WEEKLY;BYDAY=SA;UNTIL=20261231',
    'FREQ=WEEKLY;BYDAY=SA;UNTIL=20261231T145959Z',
    'FREQ=MONTHLY;BYMONTHDAY=15',
    'FREQ=MONTHLY;BYMONTHDAY=1,15,-1',
    'FREQ=MONTHLY;BYDAY=2SA',
    'FREQ=MONTHLY;BYDAY=1SA,3SA;INTERVAL=1',
    'FREQ=MONTHLY;BYDAY=-1SU;COUNT=12',
  ])('accepts %s', (rule) => {
    expect(validateRecurrence(rule)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['FREQ=DAILY', 'FREQ'],
    ['FREQ=YEARLY;BYMONTH=4', 'BYMONTH'],
    ['FREQ=WEEKLY', 'BYDAY'],
    ['FREQ=WEEKLY;BYDAY=2SA', 'number'],
    ['FREQ=WEEKLY;BYDAY=XX', 'XX'],
    ['FREQ=WEEKLY;BYDAY=SA,SA', 'twice'],
    ['FREQ=WEEKLY;BYDAY=SA;BYMONTHDAY=1', 'BYMONTHDAY'],
    ['FREQ=MONTHLY', 'exactly one'],
    ['FREQ=MONTHLY;BYDAY=SA', 'week number'],
    ['FREQ=MONTHLY;BYDAY=6SA', 'week number'],
    ['FREQ=MONTHLY;BYDAY=2SA;BYMONTHDAY=1', 'exactly one'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'BYMONTHDAY'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'BYMONTHDAY'],
    ['FREQ=WEEKLY;BYDAY=SA;INTERVAL=0', 'INTERVAL'],
    ['FREQ=WEEKLY;BYDAY=SA;COUNT=0', 'COUNT'],
    ['FREQ=WEEKLY;BYDAY=SA;COUNT=1001', 'COUNT'],
    ['FREQ=WEEKLY;BYDAY=SA;COUNT=3;UNTIL=20261231', 'both'],
    ['FREQ=WEEKLY;BYDAY=SA;UNTIL=20260231', 'UNTIL'],
    ['FREQ=WEEKLY;BYDAY=SA;UNTIL=tomorrow', 'UNTIL'],
    ['FREQ=WEEKLY;BYDAY=SA;WKST=SU', 'WKST'],
    ['FREQ=WEEKLY;BYDAY=SA;BYSETPOS=1', 'BYSETPOS'],
    ['FREQ=WEEKLY;FREQ=MONTHLY;BYDAY=SA', 'twice'],
    ['FREQ=WEEKLY;BYDAY', 'KEY=VALUE'],
  ])('refuses %j with a bilingual message', (rule, hint) => {
    const problem = validateRecurrence(rule);
    expect(problem).not.toBeNull();
    expect(problem!.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
    expect(problem!.en).toContain(hint);
  });

  it('parses into a structured rule and formats back canonically', () => {
    const result = parseRecurrence('rrule:freq=monthly;byday=2sa;count=6');
    expect(result).toEqual({
      ok: true,
      rule: {
        freq: 'MONTHLY',
        interval: 1,
        byDay: [{ weekday: 'SA', ordinal: 2 }],
        byMonthDay: [],
        until: null,
        count: 6,
      },
    });
    if (result.ok) expect(formatRecurrence(result.rule)).toBe('FREQ=MONTHLY;BYDAY=2SA;COUNT=6');
  });

  it('reads a date-only UNTIL as the end of that day in Tokyo', () => {
    const result = parseRecurrence('FREQ=WEEKLY;BYDAY=SA;UNTIL=20261231');
    expect(result.ok && result.rule.until?.toISOString()).toBe('2026-12-31T14:59:59.000Z');
  });
});

describe('expandOccurrences (Asia/Tokyo)', () => {
  it('every Saturday 10:00 JST gives Saturdays at 01:00Z', () => {
    const dtstart = jst('2026-04-04T10:00:00'); // a Saturday
    const dates = expandOccurrences(
      'FREQ=WEEKLY;BYDAY=SA',
      dtstart,
      jst('2026-04-01T00:00:00'),
      jst('2026-04-30T23:59:59'),
      100,
    );
    expect(iso(dates)).toEqual([
      '2026-04-04T01:00:00.000Z',
      '2026-04-11T01:00:00.000Z',
      '2026-04-18T01:00:00.000Z',
      '2026-04-25T01:00:00.000Z',
    ]);
  });

  it('keeps the Tokyo weekday when the UTC date differs (Saturday 08:00 JST is Friday 23:00Z)', () => {
    const dates = expandOccurrences(
      'FREQ=WEEKLY;BYDAY=SA',
      jst('2026-04-04T08:00:00'),
      jst('2026-04-01T00:00:00'),
      jst('2026-04-12T00:00:00'),
      10,
    );
    expect(iso(dates)).toEqual(['2026-04-03T23:00:00.000Z', '2026-04-10T23:00:00.000Z']);
  });

  it('expands the second Saturday of each month', () => {
    const dates = expandOccurrences(
      'FREQ=MONTHLY;BYDAY=2SA',
      jst('2026-04-11T09:00:00'),
      jst('2026-01-01T00:00:00'),
      jst('2026-08-01T00:00:00'),
      10,
    );
    expect(iso(dates)).toEqual([
      '2026-04-11T00:00:00.000Z',
      '2026-05-09T00:00:00.000Z',
      '2026-06-13T00:00:00.000Z',
      '2026-07-11T00:00:00.000Z',
    ]);
  });

  it('skips months without the 31st, and -1 is the last day', () => {
    const from = jst('2026-01-01T00:00:00');
    const to = jst('2026-06-30T23:59:59');
    const on31 = expandOccurrences('FREQ=MONTHLY;BYMONTHDAY=31', jst('2026-01-31T12:00:00'), from, to, 10);
    expect(on31.map((d) => d.toISOString().slice(0, 10))).toEqual(['2026-01-31', '2026-03-31', '2026-05-31']);
    const last = expandOccurrences('FREQ=MONTHLY;BYMONTHDAY=-1', jst('2026-01-31T12:00:00'), from, to, 10);
    expect(last.map((d) => d.toISOString().slice(0, 10))).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
      '2026-06-30',
    ]);
  });

  it('honours INTERVAL, COUNT and UNTIL', () => {
    const dtstart = jst('2026-04-04T10:00:00');
    const from = jst('2026-01-01T00:00:00');
    const to = jst('2027-01-01T00:00:00');
    const biweekly = expandOccurrences('FREQ=WEEKLY;BYDAY=SA;INTERVAL=2;COUNT=3', dtstart, from, to, 100);
    expect(iso(biweekly)).toEqual([
      '2026-04-04T01:00:00.000Z',
      '2026-04-18T01:00:00.000Z',
      '2026-05-02T01:00:00.000Z',
    ]);
    // UNTIL as a date includes that whole day in Tokyo.
    const until = expandOccurrences('FREQ=WEEKLY;BYDAY=SA;UNTIL=20260418', dtstart, from, to, 100);
    expect(iso(until)).toEqual([
      '2026-04-04T01:00:00.000Z',
      '2026-04-11T01:00:00.000Z',
      '2026-04-18T01:00:00.000Z',
    ]);
    const sameDayUtcUntil = expandOccurrences(
      'FREQ=WEEKLY;BYDAY=SA;UNTIL=20260418T005959Z',
      dtstart,
      from,
      to,
      100,
    );
    expect(sameDayUtcUntil).toHaveLength(2);
  });

  it('several weekdays, limited', () => {
    const dates = expandOccurrences(
      'FREQ=WEEKLY;BYDAY=SA,SU',
      jst('2026-04-04T10:00:00'),
      jst('2026-04-01T00:00:00'),
      jst('2027-04-01T00:00:00'),
      5,
    );
    expect(dates.map((d) => new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 16))).toEqual([
      '2026-04-04T10:00',
      '2026-04-05T10:00',
      '2026-04-11T10:00',
      '2026-04-12T10:00',
      '2026-04-18T10:00',
    ]);
  });

  it('returns nothing for an empty window and refuses an invalid rule', () => {
    const d = jst('2026-04-04T10:00:00');
    expect(
      expandOccurrences('FREQ=WEEKLY;BYDAY=SA', d, jst('2026-05-01T00:00:00'), jst('2026-04-01T00:00:00'), 5),
    ).toEqual([]);
    expect(() => expandOccurrences('FREQ=DAILY', d, d, d, 5)).toThrow(AppError);
  });
});
