import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curvePlace } from './curve-place.js';

describe('curvePlace', () => {
  it('puts the points of a grid mostly beside their grid neighbours, more often than latitude order', () => {
    // 32 × 32 points 0.001° (about 100 m) apart: the spots of a town.
    const points = Array.from({ length: 32 * 32 }, (_, k) => ({ i: k >> 5, j: k & 31 }));
    const within3 = (key: (p: { i: number; j: number }) => number) => {
      const rank = new Map([...points].sort((a, b) => key(a) - key(b)).map((p, r) => [`${p.i},${p.j}`, r]));
      let near = 0;
      let pairs = 0;
      for (const p of points)
        for (const [di, dj] of [
          [0, 1],
          [1, 0],
          [0, -1],
          [-1, 0],
        ] as const) {
          const r = rank.get(`${p.i + di},${p.j + dj}`);
          if (r === undefined) continue;
          pairs += 1;
          if (Math.abs(r - rank.get(`${p.i},${p.j}`)!) <= 3) near += 1;
        }
      return near / pairs;
    };
    const curve = within3((p) => curvePlace(35 + p.i * 0.001, 135 + p.j * 0.001));
    const latitude = within3((p) => p.i * 100 + p.j);
    expect(curve).toBeGreaterThan(0.6);
    expect(latitude).toBe(0.5);
  });

  it('gives every position an integer place below 2^48, the same each time, and no position the last place', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        (lat, lng) => {
          const place = curvePlace(lat, lng);
          expect(Number.isInteger(place)).toBe(true);
          expect(place).toBeGreaterThanOrEqual(0);
          expect(place).toBeLessThan(2 ** 48);
          expect(curvePlace(lat, lng)).toBe(place);
        },
      ),
    );
    for (const [lat, lng] of [
      [null, 135],
      [35, undefined],
      [Number.NaN, 135],
      [35, Number.POSITIVE_INFINITY],
    ] as const)
      expect(curvePlace(lat, lng)).toBe(2 ** 48);
  });
});
