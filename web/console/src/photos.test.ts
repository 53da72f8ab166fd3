import { describe, expect, it } from 'vitest';
import { matchesLibrarySearch, moveItem } from './photos';

describe('moveItem', () => {
  it('moves an element forwards and backwards, keeping the others in order', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
  });
  it('leaves the list as it is for positions outside it', () => {
    expect(moveItem(['a', 'b'], 0, 2)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], -1, 0)).toEqual(['a', 'b']);
  });
});

describe('matchesLibrarySearch', () => {
  const item = { originalName: 'Taki_2024.JPG', alt: { ja: '白糸の滝', en: 'Shiraito Falls' }, tags: ['夏'] };
  it('finds by file name, alt text in any language and tag; every word must match', () => {
    expect(matchesLibrarySearch(item, 'taki')).toBe(true);
    expect(matchesLibrarySearch(item, '白糸')).toBe(true);
    expect(matchesLibrarySearch(item, 'falls 夏')).toBe(true);
    expect(matchesLibrarySearch(item, 'falls 冬')).toBe(false);
    expect(matchesLibrarySearch(item, '  ')).toBe(true);
  });
  it('folds full-width letters', () => {
    expect(matchesLibrarySearch(item, 'ＴＡＫＩ')).toBe(true);
  });
});
