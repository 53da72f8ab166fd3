import { describe, expect, it } from 'vitest';
import { categoryChoices, categoryName, moved, STANDARD_CATEGORY_NAMES } from './categories';

const own = [
  {
    code: 'sakura',
    names: { ja: '桜の名所', en: 'Cherry blossoms' },
    standard: 'nature',
    position: 0,
    usedBy: 2,
  },
];

describe('category names in the console', () => {
  it('are the shared standard names (the public site shows the same)', () => {
    expect(categoryName('temple-shrine', [], 'ja')).toBe('神社・寺院');
    expect(categoryName('temple-shrine', [], 'en')).toBe(STANDARD_CATEGORY_NAMES['temple-shrine'].en);
  });

  it("name own categories by the organisation's names, falling back to Japanese, and unknown codes as written", () => {
    expect(categoryName('sakura', own, 'en')).toBe('Cherry blossoms');
    expect(categoryName('sakura', [{ ...own[0]!, names: { ja: '桜の名所' } }], 'en')).toBe('桜の名所');
    expect(categoryName('imported-code', own, 'ja')).toBe('imported-code');
  });

  it('offer own categories first, then the standard ones of the kind; none for courses', () => {
    const choices = categoryChoices('spot', own, 'ja');
    expect(choices[0]).toEqual({ value: 'sakura', label: '桜の名所' });
    expect(choices.map((c) => c.value)).toContain('onsen');
    expect(choices.map((c) => c.value)).not.toContain('festival');
    expect(categoryChoices('course', own, 'ja')).toEqual([]);
  });

  it('move up and down within the order', () => {
    expect(moved(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
  });
});
