import { describe, expect, it } from 'vitest';
import { inLanguage, parseServiceCodes } from './notices';

describe('notices helpers', () => {
  it('reads a typed list of service codes, whatever separates them, without repeats', () => {
    expect(parseServiceCodes(' North, south、west  north\n')).toEqual(['north', 'south', 'west']);
    expect(parseServiceCodes('  ')).toEqual([]);
  });

  it('falls back to Japanese when a notice has no English', () => {
    expect(inLanguage({ ja: '保守', en: '' }, 'en')).toBe('保守');
    expect(inLanguage({ ja: '保守', en: 'Maintenance' }, 'en')).toBe('Maintenance');
    expect(inLanguage({ ja: '保守', en: 'Maintenance' }, 'ja')).toBe('保守');
  });
});
