import { describe, expect, it } from 'vitest';
import {
  isLocalizedText,
  languageState,
  languageStates,
  localizedTexts,
  orderLanguages,
  untranslatedPaths,
} from './languages';

const spot = {
  name: { ja: '清水寺', en: 'Kiyomizu-dera', ko: '기요미즈데라' },
  category: 'temple-shrine',
  description: { ja: '京都の寺院です。', en: 'A temple in Kyoto.' },
  address: { ja: '京都市東山区', en: '' },
  openingHours: [
    {
      days: ['mon'],
      opens: '06:00',
      closes: '18:00',
      note: { ja: '季節により変更', ko: '계절에 따라 변경' },
    },
  ],
  parking: { ja: '' },
};

describe('isLocalizedText', () => {
  it('recognises { ja, … } objects only', () => {
    expect(isLocalizedText({ ja: '' })).toBe(true);
    expect(isLocalizedText({ ja: 'a', 'zh-Hant': 'b' })).toBe(true);
    expect(isLocalizedText({ en: 'a' })).toBe(false);
    expect(isLocalizedText({ ja: 'a', name: 'b' })).toBe(false);
    expect(isLocalizedText({ name: 'x', phone: '1' })).toBe(false);
    expect(isLocalizedText(['ja'])).toBe(false);
  });
});

describe('localizedTexts', () => {
  it('finds every text with its path, inside lists too', () => {
    expect(localizedTexts(spot).map((t) => t.path)).toEqual([
      'name',
      'description',
      'address',
      'openingHours.0.note',
      'parking',
    ]);
  });
});

describe('languageState', () => {
  it('Japanese is complete once the title is written', () => {
    expect(languageState(spot, 'ja', 'name')).toBe('complete');
    expect(languageState({ name: { ja: '  ' } }, 'ja', 'name')).toBe('missing');
    expect(languageState({ title: { ja: '' }, body: { ja: '本文' } }, 'ja', 'title')).toBe('missing');
  });

  it('a language is complete when every Japanese text has it, partial when some do', () => {
    const full = { name: { ja: 'a', en: 'A' }, description: { ja: 'b', en: 'B' }, parking: { ja: '' } };
    expect(languageState(full, 'en', 'name')).toBe('complete');
    expect(languageState(spot, 'en', 'name')).toBe('partial');
    expect(languageState(spot, 'ko', 'name')).toBe('partial');
  });

  it('a language with no text at all is missing; blank text does not count', () => {
    expect(languageState(spot, 'th', 'name')).toBe('missing');
    expect(languageState({ name: { ja: 'a', th: ' ' } }, 'th', 'name')).toBe('missing');
  });

  it('gives the state of every language in tab order', () => {
    expect(languageStates(spot, 'name')).toEqual({
      ja: 'complete',
      en: 'partial',
      'zh-Hans': 'missing',
      'zh-Hant': 'missing',
      ko: 'partial',
      th: 'missing',
    });
  });
});

describe('untranslatedPaths', () => {
  it('lists the texts that have Japanese but not the language', () => {
    expect(untranslatedPaths(spot, 'en', 'name')).toEqual(['address', 'openingHours.0.note']);
    expect(untranslatedPaths(spot, 'ko', 'name')).toEqual(['description', 'address']);
  });

  it('for Japanese, lists the title only when it is empty', () => {
    expect(untranslatedPaths(spot, 'ja', 'name')).toEqual([]);
    expect(untranslatedPaths({ name: { ja: '' } }, 'ja', 'name')).toEqual(['name']);
  });
});

describe('orderLanguages', () => {
  it('puts language codes in tab order, unknown ones last', () => {
    expect(orderLanguages(['ko', 'en', 'xx', 'ja'])).toEqual(['ja', 'en', 'ko', 'xx']);
  });
});
