import { describe, expect, it } from 'vitest';
import { contrastRatio, formatRatio, themeContrast } from './contrast.js';

describe('contrast ratio (WCAG 2.x)', () => {
  it('gives the known values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // #767676 is the classic lightest grey that passes 4.5:1 on white.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });

  it('is symmetric and formats rounded down', () => {
    expect(contrastRatio('#0b5394', '#ffffff')).toBe(contrastRatio('#ffffff', '#0b5394'));
    expect(formatRatio(4.4999)).toBe('4.49:1');
    expect(formatRatio(7)).toBe('7.00:1');
  });

  it('checks theme colours: primary needs 4.5:1 against white and the pale grey, accent 3:1', () => {
    expect(themeContrast('primary', '#0b5394').ok).toBe(true);
    expect(themeContrast('primary', '#3b82f6').ok).toBe(false);
    // Passes on white (4.54) but not on the pale grey background.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThan(4.5);
    expect(themeContrast('primary', '#767676').ok).toBe(false);
    expect(themeContrast('accent', '#b45309').ok).toBe(true);
    expect(themeContrast('accent', '#fbbf24').ok).toBe(false);
  });
});
