/** Which languages an item is written in: the markers on the language tabs. No DOM, no React. */
import { isLanguage, LANGUAGES, type Language } from './model';

/** complete: every text that has Japanese also has this language; partial: some; missing: none. */
export type LanguageState = 'complete' | 'partial' | 'missing';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A `{ ja, en?, … }` object: Japanese present and every key a content language with a string. */
export function isLocalizedText(value: unknown): value is Record<Language, string | undefined> {
  if (!isRecord(value) || typeof value.ja !== 'string') return false;
  return Object.entries(value).every(
    ([key, text]) => isLanguage(key) && (typeof text === 'string' || text === undefined),
  );
}

const filled = (text: unknown): boolean => typeof text === 'string' && text.trim() !== '';

/** Every localized text in the data with its dotted path (`name`, `stops.1.note`, …), in document order. */
export function localizedTexts(
  data: unknown,
  path = '',
): { path: string; text: Record<Language, string | undefined> }[] {
  if (isLocalizedText(data)) return [{ path, text: data }];
  const join = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (Array.isArray(data)) return data.flatMap((item, i) => localizedTexts(item, join(i)));
  if (isRecord(data)) return Object.entries(data).flatMap(([key, value]) => localizedTexts(value, join(key)));
  return [];
}

/**
 * Paths of the texts that have Japanese but not `lang` (what is left to translate). For Japanese
 * itself: the title when it is empty.
 */
export function untranslatedPaths(data: unknown, lang: Language, titleKey: string): string[] {
  const texts = localizedTexts(data);
  if (lang === 'ja') {
    const title = texts.find((t) => t.path === titleKey);
    return title && filled(title.text.ja) ? [] : [titleKey];
  }
  return texts.filter((t) => filled(t.text.ja) && !filled(t.text[lang])).map((t) => t.path);
}

/** The state of one language. Japanese is complete once the title is written (it is the source). */
export function languageState(data: unknown, lang: Language, titleKey: string): LanguageState {
  const texts = localizedTexts(data);
  if (lang === 'ja') {
    const title = texts.find((t) => t.path === titleKey);
    return title && filled(title.text.ja) ? 'complete' : 'missing';
  }
  const sources = texts.filter((t) => filled(t.text.ja));
  const translated = sources.filter((t) => filled(t.text[lang]));
  if (translated.length === 0) return 'missing';
  return translated.length === sources.length ? 'complete' : 'partial';
}

export function languageStates(data: unknown, titleKey: string): Record<Language, LanguageState> {
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, languageState(data, lang, titleKey)])) as Record<
    Language,
    LanguageState
  >;
}

/** Sorts language codes from the server into tab order; unknown codes go last, as given. */
export function orderLanguages(codes: readonly string[]): string[] {
  const known = LANGUAGES.filter((lang) => codes.includes(lang));
  const unknown = codes.filter((code) => !isLanguage(code));
  return [...known, ...unknown];
}
