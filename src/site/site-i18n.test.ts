import { describe, expect, it } from 'vitest';
import { negotiateLanguage, RALLY_TEXTS, SITE_LANGUAGES, UI_TEXTS, ui } from './site-i18n.js';

describe('site interface texts', () => {
  it('every text exists in every language with the same placeholders', () => {
    for (const [key, texts] of [...Object.entries(UI_TEXTS), ...Object.entries(RALLY_TEXTS)]) {
      expect(texts, key).toHaveLength(SITE_LANGUAGES.length);
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const text of texts) {
        expect(text.trim(), key).not.toBe('');
        expect(placeholders(text), `${key}: ${text}`).toEqual(placeholders(texts[0]));
      }
    }
  });

  it('fills placeholders', () => {
    expect(ui('en', 'resultCount', { n: 3 })).toBe('3 results');
    expect(ui('ja', 'mapLabel', { name: '城跡' })).toBe('城跡の地図');
  });
});

describe('Accept-Language negotiation', () => {
  const enabled = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko'];
  it('takes the most preferred enabled language, mapping Chinese regions to their script', () => {
    expect(negotiateLanguage('ko-KR,ko;q=0.9,en;q=0.8', enabled)).toBe('ko');
    expect(negotiateLanguage('fr;q=1, en;q=0.5', enabled)).toBe('en');
    expect(negotiateLanguage('en;q=0.2, ko;q=0.9', enabled)).toBe('ko');
    expect(negotiateLanguage('zh-TW', enabled)).toBe('zh-Hant');
    expect(negotiateLanguage('zh-HK,zh;q=0.9', enabled)).toBe('zh-Hant');
    expect(negotiateLanguage('zh-Hant-TW', enabled)).toBe('zh-Hant');
    expect(negotiateLanguage('zh-CN,zh;q=0.9', enabled)).toBe('zh-Hans');
    expect(negotiateLanguage('zh', enabled)).toBe('zh-Hans');
  });

  it('answers null when nothing matches, for a disabled language, q=0 or no header', () => {
    expect(negotiateLanguage('th-TH', enabled)).toBeNull();
    expect(negotiateLanguage('en;q=0', enabled)).toBeNull();
    expect(negotiateLanguage('*', enabled)).toBeNull();
    expect(negotiateLanguage(undefined, enabled)).toBeNull();
  });
});
