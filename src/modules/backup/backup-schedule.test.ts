import { describe, expect, it } from 'vitest';
import { backupsToDelete, dueSlot } from './backup-schedule.js';

describe('backup schedule', () => {
  it('is due from the configured time in Japan, with one slot per Japanese day', () => {
    const schedule = { hour: 2, minute: 30 };
    // 17:29 UTC = 02:29 JST the next day: not yet.
    expect(dueSlot(schedule, new Date('2026-12-02T17:29:00Z'))).toBeNull();
    expect(dueSlot(schedule, new Date('2026-12-02T17:30:00Z'))).toBe('daily:2026-12-03');
    expect(dueSlot(schedule, new Date('2026-12-03T14:59:00Z'))).toBe('daily:2026-12-03');
  });

  it('keeps the newest 7 daily backups and the newest of each of the 4 weeks before them', () => {
    // 40 days of daily backups, newest first, ending on Thursday 2026-12-03.
    const days = Array.from({ length: 40 }, (_, i) => {
      const d = new Date(Date.UTC(2026, 11, 3 - i));
      return { slot: `daily:${d.toISOString().slice(0, 10)}` };
    });
    const deleted = new Set(backupsToDelete(days, 7, 4).map((b) => b.slot));
    const kept = days.filter((b) => !deleted.has(b.slot)).map((b) => b.slot.slice(6));
    expect(kept).toEqual([
      '2026-12-03',
      '2026-12-02',
      '2026-12-01',
      '2026-11-30',
      '2026-11-29',
      '2026-11-28',
      '2026-11-27',
      // then the newest of each earlier ISO week (weeks start on Monday)
      '2026-11-26',
      '2026-11-22',
      '2026-11-15',
      '2026-11-08',
    ]);
  });
});
