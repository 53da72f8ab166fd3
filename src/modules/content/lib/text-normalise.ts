import { Converter } from 'opencc-js';

/**
 * Text folding for Japanese-aware search. Stored search text and query terms go through the same
 * function, so a term matches when it is a substring of the folded text (LIKE or pg_trgm).
 *
 * What is folded, and why it is safe:
 * - NFKC: full-width ASCII → ASCII (ＡＢＣ１２３ → abc123), half-width katakana → full width
 *   (ｷﾖﾐｽﾞ → キヨミズ, the voiced mark is composed), ideographic space → space. Hangul and Chinese
 *   characters are already in NFKC form and pass through unchanged.
 * - Lower case (locale-independent).
 * - Katakana → hiragana, so きよみず finds キヨミズ. ヷヸヹヺ have no hiragana form and stay.
 * - Small ヶ/ヵ → け/か: place names write 霞ヶ関 and 霞ケ関 interchangeably.
 * - A dash-like character right after a kana becomes the long-vowel mark ー: コ－ヒ－ (full-width
 *   minus typed for ー) is a common input slip. Elsewhere dashes are kept (0123-45-6789).
 *   The long-vowel mark itself is kept: dropping it would merge ビール and ビル.
 * - The middle dot ・ is removed (ミュージアム・カフェ = ミュージアムカフェ); brackets and quotation
 *   marks become spaces; whitespace collapses to one space and is trimmed.
 * The function is idempotent: folding folded text changes nothing.
 */
export function normaliseForSearch(text: string): string {
  // Spacing voiced marks would become "space + combining mark" under NFKC; make them combining
  // first so NFKC composes か゛ into が.
  let s = text
    .replace(/\u309B/g, '\u3099')
    .replace(/\u309C/g, '\u309A')
    .normalize('NFKC')
    .toLowerCase();
  s = s.replace(/[\u30A1-\u30F6\u30FD\u30FE]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
  // ヵ/ヶ became ゕ/ゖ above.
  s = s.replace(/\u3095/g, 'か').replace(/\u3096/g, 'け');
  s = s.replace(
    /([\u3041-\u309F\u30A0-\u30FF])[-\u2010-\u2015\u2212\uFF70]+/g,
    (_m, kana: string) => `${kana}ー`,
  );
  s = s.replace(/\u30FB/g, '');
  s = s.replace(/[「」『』【】〈〉《》〔〕〘〙〚〛()[\]{}"'‘’“”]/g, ' ');
  return s.replace(/\s+/g, ' ').trim();
}

/** At most this many terms are used from one query, so a pasted paragraph cannot build a huge query. */
export const MAX_SEARCH_TERMS = 10;

/**
 * A query split into folded, de-duplicated terms; every term must match. Splits on any whitespace,
 * including the ideographic space (全角スペース) that Japanese IMEs type.
 */
export function searchTerms(query: string, max = MAX_SEARCH_TERMS): string[] {
  const terms = normaliseForSearch(query)
    .split(' ')
    .filter((t) => t.length > 0);
  return [...new Set(terms)].slice(0, max);
}

/** In-memory counterpart of the database search: does the text contain every term? */
export function matchesSearch(text: string, query: string): boolean {
  const folded = normaliseForSearch(text);
  const terms = searchTerms(query);
  return terms.length > 0 && terms.every((t) => folded.includes(t));
}

// Han character variants: traditional Chinese (溫泉, 驛), simplified (温泉, 驿) and Japanese
// shinjitai (温泉, 駅) write the same word with different characters. OpenCC's tables convert
// between them; they are loaded once, on first use.
let converters:
  | {
      simplifiedToTraditional: (s: string) => string;
      shinjitaiToTraditional: (s: string) => string;
      toSimplified: (s: string) => string;
      toShinjitai: (s: string) => string;
    }
  | undefined;
function hanConverters() {
  converters ??= {
    simplifiedToTraditional: Converter({ from: 'cn', to: 't' }),
    shinjitaiToTraditional: Converter({ from: 'jp', to: 't' }),
    toSimplified: Converter({ from: 't', to: 'cn' }),
    toShinjitai: Converter({ from: 't', to: 'jp' }),
  };
  return converters;
}

const HAN = /\p{Script=Han}/u;

/**
 * The spellings of a folded search term in traditional Chinese, simplified Chinese and Japanese
 * shinjitai, the term itself first. A text matches the term when it contains any of them, so a
 * visitor who types 溫泉 or 驿 finds 温泉 and 駅 (and the other way round) without the stored
 * search text changing. Terms without Han characters have one spelling.
 */
export function searchVariants(term: string): string[] {
  if (!HAN.test(term)) return [term];
  const { simplifiedToTraditional, shinjitaiToTraditional, toSimplified, toShinjitai } = hanConverters();
  // Through traditional, the form the other two are derived from: 驿 → 驛, 駅 → 驛, 广岛 → 廣島.
  const traditional = shinjitaiToTraditional(simplifiedToTraditional(term));
  return [...new Set([term, traditional, toShinjitai(traditional), toSimplified(traditional)])];
}
