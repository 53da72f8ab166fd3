import { describe, expect, it } from 'vitest';
import {
  isCalendarDate,
  isoToJstLocal,
  jstDayEndExclusiveIso,
  jstDayStartIso,
  jstLocalToIso,
  jstToday,
  normaliseTime,
} from './jst';

describe('isCalendarDate', () => {
  it('accepts real days and refuses impossible ones', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-4-1')).toBe(false);
    expect(isCalendarDate('')).toBe(false);
  });
});

describe('JST day bounds', () => {
  it('starts a JST day at 15:00 UTC the day before', () => {
    expect(jstDayStartIso('2025-04-01')).toBe('2025-03-31T15:00:00.000Z');
    expect(jstDayStartIso('2025-01-01')).toBe('2024-12-31T15:00:00.000Z');
  });

  it('ends a JST day (exclusive) at the next day’s start', () => {
    expect(jstDayEndExclusiveIso('2025-04-01')).toBe('2025-04-01T15:00:00.000Z');
    expect(jstDayEndExclusiveIso('2024-12-31')).toBe('2024-12-31T15:00:00.000Z');
    expect(jstDayEndExclusiveIso('2024-02-28')).toBe('2024-02-28T15:00:00.000Z');
  });

  it('is undefined for empty or invalid dates', () => {
    expect(jstDayStartIso('')).toBeUndefined();
    expect(jstDayEndExclusiveIso('2025-02-30')).toBeUndefined();
  });
});

describe('jstLocalToIso / isoToJstLocal', () => {
  it('converts a JST wall-clock time to UTC', () => {
    expect(jstLocalToIso('2025-04-01T09:00')).toBe('2025-04-01T00:00:00.000Z');
    expect(jstLocalToIso('2025-04-01T08:59')).toBe('2025-03-31T23:59:00.000Z');
    expect(jstLocalToIso('2025-04-01T00:30:15')).toBe('2025-03-31T15:30:15.000Z');
  });

  it('refuses malformed and impossible values', () => {
    expect(jstLocalToIso('')).toBeUndefined();
    expect(jstLocalToIso('2025-04-01')).toBeUndefined();
    expect(jstLocalToIso('2025-04-31T10:00')).toBeUndefined();
    expect(jstLocalToIso('2025-04-01T24:00')).toBeUndefined();
  });

  it('shows a UTC instant as a JST datetime-local value', () => {
    expect(isoToJstLocal('2025-03-31T15:30:00Z')).toBe('2025-04-01T00:30');
    expect(isoToJstLocal('2025-04-01T00:00:00.000Z')).toBe('2025-04-01T09:00');
    expect(isoToJstLocal(null)).toBe('');
    expect(isoToJstLocal('not a date')).toBe('');
  });

  it('round-trips', () => {
    for (const local of ['2025-12-31T23:59', '2026-01-01T00:00', '2024-02-29T12:34']) {
      expect(isoToJstLocal(jstLocalToIso(local))).toBe(local);
    }
  });
});

describe('jstToday', () => {
  it('is already tomorrow in Japan after 15:00 UTC', () => {
    expect(jstToday(Date.parse('2025-03-31T14:59:59Z'))).toBe('2025-03-31');
    expect(jstToday(Date.parse('2025-03-31T15:00:00Z'))).toBe('2025-04-01');
  });
});

describe('normaliseTime', () => {
  it('forgives the ways people type times', () => {
    expect(normaliseTime('9:00')).toBe('09:00');
    expect(normaliseTime('０９：３０')).toBe('09:30');
    expect(normaliseTime('930')).toBe('09:30');
    expect(normaliseTime(' 17:05 ')).toBe('17:05');
    expect(normaliseTime('24:00')).toBe('24:00');
  });

  it('refuses what is not a time', () => {
    expect(normaliseTime('')).toBeUndefined();
    expect(normaliseTime('24:30')).toBeUndefined();
    expect(normaliseTime('12:60')).toBeUndefined();
    expect(normaliseTime('noon')).toBeUndefined();
  });
});
