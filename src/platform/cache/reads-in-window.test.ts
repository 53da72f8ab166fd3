import { describe, expect, it } from 'vitest';
import { ReadsInWindow } from './reads-in-window.js';

describe('ReadsInWindow', () => {
  it('says yes at the after-th read of a key within the window from its first, and starts again after it', () => {
    let now = 0;
    const reads = new ReadsInWindow({ after: 3, windowMs: 1000, maxKeys: 100, now: () => now });
    expect([reads.count('a'), reads.count('a')]).toEqual([false, false]);
    expect(reads.count('b')).toBe(false);
    expect(reads.count('a')).toBe(true);
    // The window counts from the first read: two reads, then a third past it starts again.
    now = 5000;
    expect([reads.count('c'), reads.count('c')]).toEqual([false, false]);
    now = 6000;
    expect(reads.count('c')).toBe(false);
    expect([reads.count('c'), reads.count('c')]).toEqual([false, true]);
  });

  it('forgets a key when told and all keys past maxKeys; after 1 is every read', () => {
    const reads = new ReadsInWindow({ after: 2, windowMs: 1000, maxKeys: 2, now: () => 0 });
    reads.count('a');
    reads.forget('a');
    expect(reads.count('a')).toBe(false);
    reads.count('b');
    reads.count('c'); // the third key clears the first two
    expect(reads.count('a')).toBe(false);
    const every = new ReadsInWindow({ after: 1, windowMs: 1000, maxKeys: 2, now: () => 0 });
    expect(every.count('x')).toBe(true);
  });
});
