/**
 * A position's place along a Hilbert curve over the globe: positions near each other mostly get
 * places near each other (more often than in latitude or Morton order, which jump at every cell
 * edge), so records written in this order put a spot's nearest spots side by side in a file
 * (the published tier: one read for a page and its neighbours).
 */

/** Cells per side: 2^24 over 360° of longitude is about 2 m at the equator. */
const SIDE = 2 ** 24;

/** The place of (lat, lng) on the curve, an integer below 2^48; no position: after every position. */
export function curvePlace(lat: number | null | undefined, lng: number | null | undefined): number {
  if (typeof lat !== 'number' || typeof lng !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lng))
    return SIDE * SIDE;
  let x = cell((lng + 180) / 360);
  let y = cell((lat + 90) / 180);
  let place = 0;
  for (let s = SIDE / 2; s >= 1; s /= 2) {
    const rx = (x & s) > 0 ? 1 : 0;
    const ry = (y & s) > 0 ? 1 : 0;
    place += s * s * ((3 * rx) ^ ry);
    // Rotate the quadrant so the curve runs on through it (the classic xy2d).
    if (ry === 0) {
      if (rx === 1) {
        x = s - 1 - (x & (s - 1));
        y = s - 1 - (y & (s - 1));
      }
      [x, y] = [y, x];
    }
  }
  return place;
}

function cell(fraction: number): number {
  return Math.min(SIDE - 1, Math.max(0, Math.floor(fraction * SIDE)));
}
