/**
 * Field paths of the content forms (`name.ja`, `stops.2.spotId`, `openingHours.0.validTo`): the
 * server's problems mapped onto inputs, their language tab, their label and their element id.
 * No DOM, no React.
 */
import type { Lang, MessageKey, TFunction } from '../i18n';
import { type ContentProblem, isLanguage, type Language } from './model';
import '../i18n-content';

/**
 * A problem's field as a path inside the item's data. Saving an existing item sends
 * `{ version, data }`, so schema problems come back as `data.name.ja`; creating sends the data
 * itself. A problem about the whole body has no path ('').
 */
export function dataPath(field: string): string {
  if (field === 'data' || field === 'body') return '';
  return field.startsWith('data.') ? field.slice('data.'.length) : field;
}

/** The language a path's text is written in (its last part), if it is a language. */
export function languageOfPath(path: string): Language | undefined {
  const last = path.split('.').at(-1);
  return isLanguage(last) ? last : undefined;
}

/** The first message for each path, in the user's language (falling back to Japanese). */
export function problemsByPath(problems: readonly ContentProblem[], lang: Lang): Map<string, string> {
  const map = new Map<string, string>();
  for (const problem of problems) {
    const path = dataPath(problem.field);
    if (!map.has(path)) map.set(path, problem.message[lang] || problem.message.ja);
  }
  return map;
}

/** Languages that have at least one problem, for the markers on the language tabs. */
export function languagesWithProblems(paths: Iterable<string>): Set<Language> {
  const langs = new Set<Language>();
  for (const path of paths) {
    const lang = languageOfPath(path);
    if (lang) langs.add(lang);
  }
  return langs;
}

/** A stable DOM id for the input of a path: `name.ja` → `field-name-ja`. */
export function fieldId(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9_-]+/g, '-') || 'root'}`;
}

export type PathPart =
  | { kind: 'field'; name: string }
  | { kind: 'item'; index: number }
  | { kind: 'lang'; lang: Language };

/** `stops.2.note.en` → field stops, item 2, field note, language en. */
export function pathParts(path: string): PathPart[] {
  if (path === '') return [];
  const parts = path.split('.');
  return parts.map((part, i): PathPart => {
    if (/^\d+$/.test(part)) return { kind: 'item', index: Number(part) };
    if (i === parts.length - 1 && isLanguage(part)) return { kind: 'lang', lang: part };
    return { kind: 'field', name: part };
  });
}

/**
 * A readable label for a path, e.g. 「立ち寄り先 3 / 観光スポット」 or 「名称 / English」. Field
 * names come from `fieldKeys`; unknown names are shown as written.
 */
export function fieldLabel(
  path: string,
  t: TFunction,
  fieldKeys: Readonly<Record<string, MessageKey>>,
  langKeys: Readonly<Record<Language, MessageKey>>,
): string {
  const labels: string[] = [];
  for (const part of pathParts(path)) {
    if (part.kind === 'field') {
      const key = fieldKeys[part.name];
      labels.push(key ? t(key) : part.name);
    } else if (part.kind === 'item') {
      const previous = labels.pop();
      labels.push(t('content.path.item', { label: previous ?? '', n: part.index + 1 }));
    } else {
      labels.push(t(langKeys[part.lang]));
    }
  }
  return labels.length > 0 ? labels.join(' / ') : t('content.path.whole');
}

/** A value of the revision comparison as text: texts as they are, other values as JSON, '' for none. */
export function diffValueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
