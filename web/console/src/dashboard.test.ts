import { describe, expect, it } from 'vitest';
import { itemName, storagePercent } from './dashboard';

describe('dashboard helpers', () => {
  it('names an item in Japanese, else in the first language it has', () => {
    expect(itemName({ name: { ja: '清水寺', en: 'Kiyomizu' } })).toBe('清水寺');
    expect(itemName({ name: { ja: ' ', en: 'Kiyomizu' } })).toBe('Kiyomizu');
    expect(itemName({ name: {} })).toBe('');
  });
  it('gives storage as a bounded percentage', () => {
    expect(storagePercent(512, 1024)).toBe(50);
    expect(storagePercent(2048, 1024)).toBe(100);
    expect(storagePercent(1, 0)).toBe(100);
  });
});
