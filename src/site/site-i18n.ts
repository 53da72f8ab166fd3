import { categoryLabel } from '../contract/categories.js';
import SITE_TEXTS from './site-texts.json' with { type: 'json' };
/**
 * Interface texts of the public site in every site language. Each entry is a tuple in the order
 * of SITE_LANGUAGES, so a missing translation is a type error rather than a blank on the page.
 */
export const SITE_LANGUAGES = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'th'] as const;
export type SiteLanguage = (typeof SITE_LANGUAGES)[number];

type Texts = readonly [ja: string, en: string, zhHans: string, zhHant: string, ko: string, th: string];

/** The language's own name, for the language switcher. */
export const LANGUAGE_NAMES: Record<SiteLanguage, string> = {
  ja: '日本語',
  en: 'English',
  'zh-Hans': '简体中文',
  'zh-Hant': '繁體中文',
  ko: '한국어',
  th: 'ไทย',
};

/** BCP 47 tags for Open Graph (og:locale) — underscores and a region, as Facebook reads them. */
export const OG_LOCALES: Record<SiteLanguage, string> = {
  ja: 'ja_JP',
  en: 'en_US',
  'zh-Hans': 'zh_CN',
  'zh-Hant': 'zh_TW',
  ko: 'ko_KR',
  th: 'th_TH',
};

/**
 * The texts live in site-texts.json, one table per use; each is checked when it is loaded, so a
 * missing translation stops the start rather than leaving a blank on the page.
 */
function textTable<K extends string>(name: string, table: Record<K, readonly string[]>): Record<K, Texts> {
  for (const [key, texts] of Object.entries<readonly string[]>(table)) {
    if (texts.length !== SITE_LANGUAGES.length || texts.some((text) => !text.trim())) {
      throw new Error(`site-texts.json: ${name}.${key} needs a text in each of ${SITE_LANGUAGES.join(', ')}`);
    }
  }
  return table as Record<K, Texts>;
}

/** The text of `key` in `lang` (else Japanese), with `{name}` placeholders filled in. */
export function textIn<K extends string>(
  table: Readonly<Record<K, Texts>>,
  key: K,
  lang: SiteLanguage,
  vars: Record<string, string | number> = {},
): string {
  const text = table[key][SITE_LANGUAGES.indexOf(lang)] ?? table[key][0];
  // Most texts have no placeholder: each page asks for dozens of them.
  return text.includes('{')
    ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''))
    : text;
}

const UI = textTable('ui', SITE_TEXTS.ui);

export type UiKey = keyof typeof UI;
/** Every interface text, for the completeness test. */
export const UI_TEXTS: Readonly<Record<UiKey, Texts>> = UI;

/** Interface text in `lang`, with `{name}` placeholders filled in. */
export function ui(lang: SiteLanguage, key: UiKey, vars: Record<string, string | number> = {}): string {
  return textIn(UI, key, lang, vars);
}

/** The stamp rally's texts (rally-pages.ts). */
export const RALLY_TEXTS = textTable('rally', SITE_TEXTS.rally);

const DAYS = textTable('days', SITE_TEXTS.days);
export type DayKey = keyof typeof DAYS;
export const dayName = (lang: SiteLanguage, day: DayKey) => DAYS[day][SITE_LANGUAGES.indexOf(lang)]!;

const BARRIER_FREE = textTable('barrierFree', SITE_TEXTS.barrierFree);
/** The text of `code` in a table, in the language; undefined for a code the table lacks. */
function lookup(
  table: Readonly<Record<string, Texts>>,
  code: string,
  lang: SiteLanguage,
): string | undefined {
  return Object.hasOwn(table, code) ? table[code]?.[SITE_LANGUAGES.indexOf(lang)] : undefined;
}

export const barrierFreeName = (lang: SiteLanguage, code: string) => lookup(BARRIER_FREE, code, lang) ?? code;

const TRAVEL = textTable('travel', SITE_TEXTS.travel);
export const travelName = (lang: SiteLanguage, mode: string) =>
  lookup(TRAVEL, mode, lang) ?? TRAVEL.other[SITE_LANGUAGES.indexOf(lang)]!;

/** A standard category's name from the one list the console shares; unknown codes show as they are. */
export const categoryName = (lang: SiteLanguage, code: string) => categoryLabel(code, lang);

/** Accept-Language → the best enabled site language, or null when none matches. */
export function negotiateLanguage(header: string | undefined, enabled: readonly string[]): string | null {
  if (!header) return null;
  const wanted = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((w) => w.tag && Number.isFinite(w.q) && w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of wanted) {
    const lang = siteLanguageFor(tag);
    if (lang && enabled.includes(lang)) return lang;
  }
  return null;
}

/** A path segment that names a site language, or null. */
export const siteLanguageOf = (segment: string | undefined): SiteLanguage | null =>
  SITE_LANGUAGES.find((l) => l === segment) ?? null;

function siteLanguageFor(tag: string): SiteLanguage | null {
  if (tag.startsWith('zh')) {
    // Traditional script: explicit Hant, or the regions that write it.
    return /hant|-tw|-hk|-mo/.test(tag) ? 'zh-Hant' : 'zh-Hans';
  }
  const primary = tag.split('-')[0];
  return SITE_LANGUAGES.find((l) => l === primary) ?? null;
}
