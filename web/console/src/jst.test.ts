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
import { answers } from './test-tables';

describe('isCalendarDate', () => {
  // Real days are accepted, impossible ones refused.
  answers('isCalendarDate', isCalendarDate, [
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-13-01', false],
    ['2025-4-1', false],
    ['', false],
  ]);
});

describe('JST day bounds', () => {
  // A JST day starts at 15:00 UTC the day before; it ends (exclusive) at the next day's start.
  answers('jstDayStartIso', jstDayStartIso, [
    ['2025-04-01', '2025-03-31T15:00:00.000Z'],
    ['2025-01-01', '2024-12-31T15:00:00.000Z'],
    ['', undefined],
  ]);
  answers('jstDayEndExclusiveIso', jstDayEndExclusiveIso, [
    ['2025-04-01', '2025-04-01T15:00:00.000Z'],
    ['2024-12-31', '2024-12-31T15:00:00.000Z'],
    ['2024-02-28', '2024-02-28T15:00:00.000Z'],
    ['2025-02-30', undefined],
  ]);
});

describe('jstLocalToIso / isoToJstLocal', () => {
  // A JST wall-clock time converts to UTC; malformed and impossible values are refused.
  answers('jstLocalToIso', jstLocalToIso, [
    ['2025-04-01T09:00', '2025-04-01T00:00:00.000Z'],
    ['2025-04-01T08:59', '2025-03-31T23:59:00.000Z'],
    ['2025-04-01T00:30:15', '2025-03-31T15:30:15.000Z'],
    ['', undefined],
    ['2025-04-01', undefined],
    ['2025-04-31T10:00', undefined],
    ['2025-04-01T24:00', undefined],
  ]);
  // A UTC instant shows as a JST datetime-local value.
  answers('isoToJstLocal', isoToJstLocal, [
    ['2025-03-31T15:30:00Z', '2025-04-01T00:30'],
    ['2025-04-01T00:00:00.000Z', '2025-04-01T09:00'],
    [null, ''],
    ['not a date', ''],
  ]);

  it('round-trips', () => {
    for (const local of ['2025-12-31T23:59', '2026-01-01T00:00', '2024-02-29T12:34']) {
      expect(isoToJstLocal(jstLocalToIso(local))).toBe(local);
    }
  });
});

describe('jstToday', () => {
  // It is already tomorrow in Japan after 15:00 UTC.
  answers('jstToday', (iso: string) => jstToday(Date.parse(iso)), [
    ['2025-03-31T14:59:59Z', '2025-03-31'],
    ['2025-03-31T15:00:00Z', '2025-04-01'],
  ]);
});

describe('normaliseTime', () => {
  // Forgives the ways people type times, refuses what is not a time.
  answers('normaliseTime', normaliseTime, [
    ['9:00', '09:00'],
    ['０９：３０', '09:30'],
    ['930', '09:30'],
    [' 17:05 ', '17:05'],
    ['24:00', '24:00'],
    ['', undefined],
    ['24:30', undefined],
    ['12:60', undefined],
    ['noon', undefined],
  ]);
});
