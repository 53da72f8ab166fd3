import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors.js';
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
  // Start, window and limit in Tokyo time; the occurrences as UTC instants.
  it.each([
    {
      what: 'every Saturday 10:00 JST gives Saturdays at 01:00Z',
      rule: 'FREQ=WEEKLY;BYDAY=SA',
      start: '2026-04-04T10:00:00',
      from: '2026-04-01T00:00:00',
      to: '2026-04-30T23:59:59',
      limit: 100,
      expected: [
        '2026-04-04T01:00:00.000Z',
        '2026-04-11T01:00:00.000Z',
        '2026-04-18T01:00:00.000Z',
        '2026-04-25T01:00:00.000Z',
      ],
    },
    {
      what: 'keeps the Tokyo weekday when the UTC date differs (Saturday 08:00 JST is Friday 23:00Z)',
      rule: 'FREQ=WEEKLY;BYDAY=SA',
      start: '2026-04-04T08:00:00',
      from: '2026-04-01T00:00:00',
      to: '2026-04-12T00:00:00',
      limit: 10,
      expected: ['2026-04-03T23:00:00.000Z', '2026-04-10T23:00:00.000Z'],
    },
    {
      what: 'expands the second Saturday of each month',
      rule: 'FREQ=MONTHLY;BYDAY=2SA',
      start: '2026-04-11T09:00:00',
      from: '2026-01-01T00:00:00',
      to: '2026-08-01T00:00:00',
      limit: 10,
      expected: [
        '2026-04-11T00:00:00.000Z',
        '2026-05-09T00:00:00.000Z',
        '2026-06-13T00:00:00.000Z',
        '2026-07-11T00:00:00.000Z',
      ],
    },
    {
      what: 'skips months without the 31st',
      rule: 'FREQ=MONTHLY;BYMONTHDAY=31',
      start: '2026-01-31T12:00:00',
      from: '2026-01-01T00:00:00',
      to: '2026-06-30T23:59:59',
      limit: 10,
      expected: ['2026-01-31T03:00:00.000Z', '2026-03-31T03:00:00.000Z', '2026-05-31T03:00:00.000Z'],
    },
    {
      what: 'takes -1 as the last day of the month',
      rule: 'FREQ=MONTHLY;BYMONTHDAY=-1',
      start: '2026-01-31T12:00:00',
      from: '2026-01-01T00:00:00',
      to: '2026-06-30T23:59:59',
      limit: 10,
      expected: [
        '2026-01-31T03:00:00.000Z',
        '2026-02-28T03:00:00.000Z',
        '2026-03-31T03:00:00.000Z',
        '2026-04-30T03:00:00.000Z',
        '2026-05-31T03:00:00.000Z',
        '2026-06-30T03:00:00.000Z',
      ],
    },
    {
      what: 'honours INTERVAL and COUNT',
      rule: 'FREQ=WEEKLY;BYDAY=SA;INTERVAL=2;COUNT=3',
      start: '2026-04-04T10:00:00',
      from: '2026-01-01T00:00:00',
      to: '2027-01-01T00:00:00',
      limit: 100,
      expected: ['2026-04-04T01:00:00.000Z', '2026-04-18T01:00:00.000Z', '2026-05-02T01:00:00.000Z'],
    },
    {
      what: 'takes UNTIL as a date to include that whole day in Tokyo',
      rule: 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20260418',
      start: '2026-04-04T10:00:00',
      from: '2026-01-01T00:00:00',
      to: '2027-01-01T00:00:00',
      limit: 100,
      expected: ['2026-04-04T01:00:00.000Z', '2026-04-11T01:00:00.000Z', '2026-04-18T01:00:00.000Z'],
    },
    {
      what: 'takes UNTIL as an instant when it has a time',
      rule: 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20260418T005959Z',
      start: '2026-04-04T10:00:00',
      from: '2026-01-01T00:00:00',
      to: '2027-01-01T00:00:00',
      limit: 100,
      expected: ['2026-04-04T01:00:00.000Z', '2026-04-11T01:00:00.000Z'],
    },
    {
      what: 'expands several weekdays up to the limit',
      rule: 'FREQ=WEEKLY;BYDAY=SA,SU',
      start: '2026-04-04T10:00:00',
      from: '2026-04-01T00:00:00',
      to: '2027-04-01T00:00:00',
      limit: 5,
      expected: [
        '2026-04-04T01:00:00.000Z',
        '2026-04-05T01:00:00.000Z',
        '2026-04-11T01:00:00.000Z',
        '2026-04-12T01:00:00.000Z',
        '2026-04-18T01:00:00.000Z',
      ],
    },
  ])('$what', ({ rule, start, from, to, limit, expected }) => {
    expect(iso(expandOccurrences(rule, jst(start), jst(from), jst(to), limit))).toEqual(expected);
  });

  it('returns nothing for an empty window and refuses an invalid rule', () => {
    const d = jst('2026-04-04T10:00:00');
    expect(
      expandOccurrences('FREQ=WEEKLY;BYDAY=SA', d, jst('2026-05-01T00:00:00'), jst('2026-04-01T00:00:00'), 5),
    ).toEqual([]);
    expect(() => expandOccurrences('FREQ=DAILY', d, d, d, 5)).toThrow(AppError);
  });
});
