import { describe, expect, it } from 'vitest';
import { DEFAULT_TILE_URL, isPosition, resolveTileUrl, roundCoordinate } from './map-settings';

describe('resolveTileUrl', () => {
  it('uses the default when unset or unusable', () => {
    expect(resolveTileUrl(undefined)).toBe(DEFAULT_TILE_URL);
    expect(resolveTileUrl('  ')).toBe(DEFAULT_TILE_URL);
    expect(resolveTileUrl('javascript:alert(1)/{z}/{x}/{y}')).toBe(DEFAULT_TILE_URL);
    expect(resolveTileUrl('https://tiles.example.jp/map.png')).toBe(DEFAULT_TILE_URL);
  });

  it('takes an http(s) or same-origin template', () => {
    expect(resolveTileUrl('https://tiles.example.jp/{z}/{x}/{y}.png')).toBe(
      'https://tiles.example.jp/{z}/{x}/{y}.png',
    );
    expect(resolveTileUrl('/tiles/{z}/{x}/{y}.png')).toBe('/tiles/{z}/{x}/{y}.png');
    expect(resolveTileUrl('//cdn.example/{z}/{x}/{y}.png')).toBe(DEFAULT_TILE_URL);
  });

  it('turns tiles off with none/off', () => {
    expect(resolveTileUrl('none')).toBeUndefined();
    expect(resolveTileUrl('OFF')).toBeUndefined();
  });
});

describe('roundCoordinate / isPosition', () => {
  it('rounds to six decimals', () => {
    expect(roundCoordinate(34.99481234567)).toBe(34.994812);
  });

  it('accepts only complete, finite, in-range positions', () => {
    expect(isPosition(35, 135)).toBe(true);
    expect(isPosition(35, undefined)).toBe(false);
    expect(isPosition(Number.NaN, 135)).toBe(false);
    expect(isPosition(95, 135)).toBe(false);
  });
});
