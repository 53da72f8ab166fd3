/**
 * Languages content may be written in, shared by the server and the console (imported by both,
 * so it must stay free of Node-only and DOM-only code). Japanese is always required.
 */
export const LANGUAGES = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'th'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** A text in every language: Japanese required, the others optional. */
export type LocalizedText = { ja: string } & Partial<Record<Exclude<Language, 'ja'>, string>>;
