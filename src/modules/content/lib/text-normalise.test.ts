import { describe, expect, it } from 'vitest';
import {
  MAX_SEARCH_TERMS,
  matchesSearch,
  normaliseForSearch,
  searchTerms,
  searchVariants,
} from './text-normalise.js';

describe('normaliseForSearch', () => {
  it('finds a prefix of a longer name: 清水 ⊂ 清水寺', () => {
    expect(normaliseForSearch('清水寺')).toContain(normaliseForSearch('清水'));
    expect(matchesSearch('音羽山 清水寺', '清水')).toBe(true);
  });

  it('folds hiragana, katakana and half-width katakana together', () => {
    const forms = ['きよみず', 'キヨミズ', 'ｷﾖﾐｽﾞ'].map(normaliseForSearch);
    expect(forms).toEqual(['きよみず', 'きよみず', 'きよみず']);
    expect(matchesSearch('キヨミズデラ', 'きよみず')).toBe(true);
    expect(matchesSearch('ｷﾖﾐｽﾞﾃﾞﾗ', 'キヨミズ')).toBe(true);
  });

  it('folds full-width ASCII and case', () => {
    expect(normaliseForSearch('ＡＢＣ１２３')).toBe('abc123');
    expect(normaliseForSearch('Kiyomizu-DERA')).toBe('kiyomizu-dera');
  });

  it('leaves Korean and Chinese text unchanged apart from NFKC', () => {
    expect(normaliseForSearch('한국어 안내')).toBe('한국어 안내');
    expect(normaliseForSearch('中文简体 繁體中文')).toBe('中文简体 繁體中文');
    expect(normaliseForSearch('ภาษาไทย')).toBe('ภาษาไทย');
  });

  it('collapses whitespace including the ideographic space', () => {
    expect(normaliseForSearch('  清水寺\u3000\u3000本堂\n\t舞台 ')).toBe('清水寺 本堂 舞台');
  });

  it('composes separately typed voiced marks', () => {
    expect(normaliseForSearch('か゛ら')).toBe('がら');
    expect(normaliseForSearch('ﾊﾟﾝ')).toBe('ぱん');
  });

  it('treats a dash typed after kana as the long-vowel mark, and keeps other dashes', () => {
    expect(normaliseForSearch('コ－ヒ－')).toBe(normaliseForSearch('コーヒー'));
    expect(normaliseForSearch('ﾗｰﾒﾝ')).toBe('らーめん');
    expect(normaliseForSearch('0123-45-6789')).toBe('0123-45-6789');
    // The long-vowel mark is kept, so beer and building stay apart.
    expect(normaliseForSearch('ビール')).not.toBe(normaliseForSearch('ビル'));
  });

  it('ignores the middle dot and brackets', () => {
    expect(matchesSearch('ミュージアム・カフェ', 'ミュージアムカフェ')).toBe(true);
    expect(normaliseForSearch('【期間限定】清水寺（きよみずでら）')).toBe('期間限定 清水寺 きよみずでら');
  });

  it('folds small ヶ so 霞ヶ関 finds 霞ケ関', () => {
    expect(normaliseForSearch('霞ヶ関')).toBe(normaliseForSearch('霞ケ関'));
  });

  it('is idempotent', () => {
    const samples = ['ｷﾖﾐｽﾞﾃﾞﾗ（清水寺）', 'コ－ヒ－・ハウス', 'ＡＢＣ　１２３', '霞ヶ関', '한국어', 'か゛ら'];
    for (const s of samples) {
      const once = normaliseForSearch(s);
      expect(normaliseForSearch(once)).toBe(once);
    }
  });
});

describe('searchTerms', () => {
  it('splits on half- and full-width spaces and folds each term', () => {
    expect(searchTerms('清水寺\u3000ｷﾖﾐｽﾞ  ＡＢＣ')).toEqual(['清水寺', 'きよみず', 'abc']);
  });

  it('drops empty and duplicate terms', () => {
    expect(searchTerms('  ')).toEqual([]);
    expect(searchTerms('きよみず キヨミズ')).toEqual(['きよみず']);
  });

  it('keeps at most the configured number of terms', () => {
    const many = Array.from({ length: 30 }, (_, i) => `t${i}`).join(' ');
    expect(searchTerms(many)).toHaveLength(MAX_SEARCH_TERMS);
  });

  it('requires every term to match', () => {
    expect(matchesSearch('清水寺 本堂', '清水 本堂')).toBe(true);
    expect(matchesSearch('清水寺 本堂', '清水 金閣')).toBe(false);
    expect(matchesSearch('清水寺', '')).toBe(false);
  });
});

describe('Han variant spellings of a search term', () => {
  it('gives the traditional, shinjitai and simplified spellings, the term itself first', () => {
    expect(searchVariants('溫泉')).toEqual(expect.arrayContaining(['溫泉', '温泉']));
    expect(searchVariants('驿')).toEqual(expect.arrayContaining(['驿', '驛', '駅']));
    expect(searchVariants('駅')).toEqual(expect.arrayContaining(['駅', '驛', '驿']));
    expect(searchVariants('广岛')[0]).toBe('广岛');
    expect(searchVariants('广岛')).toContain('広島');
    expect(searchVariants('龙')).toEqual(expect.arrayContaining(['龍', '竜']));
  });

  it('leaves terms without Han characters alone', () => {
    expect(searchVariants('きよみず')).toEqual(['きよみず']);
    expect(searchVariants('castle')).toEqual(['castle']);
  });
});
