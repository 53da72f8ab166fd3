import { describe, expect, it } from 'vitest';
import { courseDuration, moveItem, splitMinutes } from './course';

describe('courseDuration', () => {
  it('adds the stays and the travel between stops, not after the last one', () => {
    expect(
      courseDuration([
        { stayMinutes: 60, minutesToNext: 15 },
        { stayMinutes: 45, minutesToNext: 30 },
        { stayMinutes: 90, minutesToNext: 999 },
      ]),
    ).toEqual({ stay: 195, travel: 45, total: 240 });
  });

  it('counts missing and invalid numbers as zero', () => {
    expect(
      courseDuration([
        { stayMinutes: Number.NaN, minutesToNext: undefined },
        { stayMinutes: 30, minutesToNext: -5 },
        { stayMinutes: 20 },
      ]),
    ).toEqual({ stay: 50, travel: 0, total: 50 });
  });

  it('is zero for no stops', () => {
    expect(courseDuration([])).toEqual({ stay: 0, travel: 0, total: 0 });
  });
});

describe('splitMinutes', () => {
  it('splits into hours and minutes', () => {
    expect(splitMinutes(200)).toEqual({ hours: 3, minutes: 20 });
    expect(splitMinutes(45)).toEqual({ hours: 0, minutes: 45 });
    expect(splitMinutes(120)).toEqual({ hours: 2, minutes: 0 });
    expect(splitMinutes(-3)).toEqual({ hours: 0, minutes: 0 });
  });
});

describe('moveItem', () => {
  it('moves up and down', () => {
    expect(moveItem(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
  });

  it('leaves the ends where they are', () => {
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });

  it('does not change the original', () => {
    const items = ['a', 'b'];
    moveItem(items, 0, 1);
    expect(items).toEqual(['a', 'b']);
  });
});
