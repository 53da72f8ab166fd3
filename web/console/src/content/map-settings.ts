/**
 * Where the map's background images (tiles) come from. The address is a build setting
 * (`VITE_MAP_TILE_URL`), so an organisation's deployment can point it at its own tile server or
 * turn tiles off (`none`); without tiles the map still takes clicks and the latitude/longitude
 * inputs always work. No DOM, no React.
 */

export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.jp/{z}/{x}/{y}.png';
export const DEFAULT_TILE_ATTRIBUTION = '© OpenStreetMap contributors';

/** Centre of Japan's main islands, for a map with no position yet. */
export const JAPAN_CENTRE: readonly [number, number] = [36.2, 138.25];
export const JAPAN_ZOOM = 5;
export const PLACE_ZOOM = 16;

/**
 * The tile URL template to use: the setting when it is an http(s) or same-origin template with
 * {z}, {x} and {y}; none for `none`/`off`; the default when unset or unusable.
 */
export function resolveTileUrl(setting: string | undefined): string | undefined {
  const value = setting?.trim() ?? '';
  if (value === '') return DEFAULT_TILE_URL;
  if (/^(none|off)$/i.test(value)) return undefined;
  const template = /^(https?:\/\/[^\s]+|\/[^\s/][^\s]*)$/.test(value);
  const placeholders = ['{z}', '{x}', '{y}'].every((p) => value.includes(p));
  return template && placeholders ? value : DEFAULT_TILE_URL;
}

/** A coordinate rounded to 6 decimal places (about 10 cm), as the map gives far more. */
export function roundCoordinate(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** A latitude/longitude pair that can be shown on the map. */
export function isPosition(lat: number | undefined, lng: number | undefined): boolean {
  return (
    typeof lat === 'number' &&
    typeof lng === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lng) <= 180
  );
}
