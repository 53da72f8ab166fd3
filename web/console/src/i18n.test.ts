import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANG_STORAGE_KEY, LANGS, messages, placeholdersOf, readStoredLang, translate } from './i18n';

// Every area registers its messages when loaded: load them all to check the whole catalogue.
const dir = new URL('.', import.meta.url);
await Promise.all(
  fs
    .readdirSync(dir)
    .filter((name) => /^i18n-[\w-]+\.ts$/.test(name) && name !== 'i18n-areas.test.ts')
    .map((name) => import(new URL(name, dir).href)),
);

describe('message catalogues', () => {
  const jaKeys = Object.keys(messages.ja).sort();

  it.each(LANGS)('%s has exactly the same keys as ja', (lang) => {
    expect(Object.keys(messages[lang]).sort()).toEqual(jaKeys);
  });

  it.each(LANGS)('%s has no empty message', (lang) => {
    const empty = Object.entries(messages[lang]).filter(([, text]) => text.trim() === '');
    expect(empty).toEqual([]);
  });

  it('uses the same placeholders in every language', () => {
    const mismatched = jaKeys.filter((key) =>
      LANGS.some(
        (lang) =>
          placeholdersOf(messages[lang][key as keyof typeof messages.ja]).join() !==
          placeholdersOf(messages.ja[key as keyof typeof messages.ja]).join(),
      ),
    );
    expect(mismatched).toEqual([]);
  });

  it('has every area registered', () => {
    expect(messages.ja['content.edit.save']).toBeTruthy();
    expect(messages.en['ops.quarantine.title']).toBeTruthy();
  });

  it('names every navigation module in both languages', () => {
    expect(messages.ja['module.spots.title']).toBe('観光スポット');
    expect(messages.en['module.spots.title']).toBe('Tourist spots');
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('ja', 'common.retryAfter', { seconds: 30 })).toBe('30 秒後にもう一度お試しください。');
    expect(translate('en', 'module.dashboard.welcome', { name: 'Hanako' })).toBe('Welcome, Hanako.');
  });

  it('leaves unknown placeholders as written', () => {
    expect(translate('en', 'module.dashboard.welcome')).toBe('Welcome, {name}.');
    expect(translate('en', 'module.dashboard.welcome', { other: 'x' })).toBe('Welcome, {name}.');
  });
});

describe('readStoredLang', () => {
  const storage = (value: string | null) => ({
    getItem: (key: string) => (key === LANG_STORAGE_KEY ? value : null),
  });

  it('returns a stored language', () => {
    expect(readStoredLang(storage('en'))).toBe('en');
    expect(readStoredLang(storage('ja'))).toBe('ja');
  });

  it('falls back to Japanese for missing, unknown or unreadable values', () => {
    expect(readStoredLang(undefined)).toBe('ja');
    expect(readStoredLang(storage(null))).toBe('ja');
    expect(readStoredLang(storage('fr'))).toBe('ja');
    expect(
      readStoredLang({
        getItem: () => {
          throw new Error('SecurityError');
        },
      }),
    ).toBe('ja');
  });
});
