import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PagingCursors } from './cursor.js';

describe('paging cursors', () => {
  const cursors = new PagingCursors(randomBytes(32));

  it('seals a position the same way every time, and opens only for the list it was sealed for', () => {
    const first = cursors.seal('public:spot', '2026-12-01T00:00:00.000Z|a');
    expect(first).toMatch(/^2026-12-01T00:00:00\.000Z\|a\.[\w-]{43}$/);
    expect(cursors.seal('public:spot', '2026-12-01T00:00:00.000Z|a')).toBe(first);
    expect(cursors.open('public:spot', first!)).toBe('2026-12-01T00:00:00.000Z|a');
    // Remembered per list: the same position sealed for another list is another cursor.
    const other = cursors.seal('public:event', '2026-12-01T00:00:00.000Z|a');
    expect(other).not.toBe(first);
    expect(() => cursors.open('public:event', first!)).toThrow(/paging cursor/);
    expect(cursors.seal('public:spot', null)).toBeNull();
  });

  it('keeps sealing correctly past what it remembers, and another key’s cursors do not open', () => {
    const sealed = Array.from({ length: 5000 }, (_, i) => cursors.seal('l', `p${i}`)!);
    for (const [i, cursor] of sealed.entries()) {
      expect(cursors.seal('l', `p${i}`)).toBe(cursor);
      expect(cursors.open('l', cursor)).toBe(`p${i}`);
    }
    expect(() => new PagingCursors(randomBytes(32)).open('l', sealed[0])).toThrow(/paging cursor/);
    // The MAC's last character changed (to another one: one in 64 MACs ends in 'A' already).
    const tampered = `${sealed[0]!.slice(0, -1)}${sealed[0]!.endsWith('A') ? 'B' : 'A'}`;
    expect(() => cursors.open('l', tampered)).toThrow(/paging cursor/);
  });
});
