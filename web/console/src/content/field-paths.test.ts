import { describe, expect, it } from 'vitest';
import { answers, en, ja } from '../test-tables';
import {
  dataPath,
  diffValueText,
  fieldId,
  fieldLabel,
  languageOfPath,
  languagesWithProblems,
  pathParts,
  problemsByPath,
} from './field-paths';
import { CONTENT_LANG_KEYS, FIELD_KEYS } from './labels';

const label = (path: string, t = ja) => fieldLabel(path, t, FIELD_KEYS, CONTENT_LANG_KEYS);

describe('dataPath', () => {
  // Drops the data. prefix of a PUT body and keeps POST paths.
  answers('dataPath', dataPath, [
    ['data.name.ja', 'name.ja'],
    ['data.stops.2.spotId', 'stops.2.spotId'],
    ['stops.2.spotId', 'stops.2.spotId'],
    ['data', ''],
    ['body', ''],
    ['version', 'version'],
  ]);
});

describe('languageOfPath', () => {
  // The last part when it is a content language.
  answers('languageOfPath', languageOfPath, [
    ['name.ja', 'ja'],
    ['openingHours.0.note.zh-Hant', 'zh-Hant'],
    ['stops.2.spotId', undefined],
    ['lat', undefined],
  ]);
});

describe('problemsByPath', () => {
  const problems = [
    { field: 'data.name.ja', message: { ja: '必須項目です。', en: 'is required.' } },
    { field: 'data.name.ja', message: { ja: '二つ目', en: 'second' } },
    { field: 'stops.1.spotId', message: { ja: '見つかりません。', en: '' } },
  ];

  it('maps server problems to data paths, first message wins, in the user’s language', () => {
    expect([...problemsByPath(problems, 'en')]).toEqual([
      ['name.ja', 'is required.'],
      ['stops.1.spotId', '見つかりません。'],
    ]);
  });

  it('collects the languages with problems for the tab markers', () => {
    expect([...languagesWithProblems(['name.ja', 'description.en', 'lat', 'stops.0.note.en'])]).toEqual([
      'ja',
      'en',
    ]);
  });
});

describe('fieldId', () => {
  it('turns a path into a DOM id', () => {
    expect(fieldId('name.ja')).toBe('field-name-ja');
    expect(fieldId('openingHours.0.note.zh-Hans')).toBe('field-openingHours-0-note-zh-Hans');
    expect(fieldId('')).toBe('field-root');
  });
});

describe('pathParts and fieldLabel', () => {
  it('splits fields, list items and the language', () => {
    expect(pathParts('stops.2.note.en')).toEqual([
      { kind: 'field', name: 'stops' },
      { kind: 'item', index: 2 },
      { kind: 'field', name: 'note' },
      { kind: 'lang', lang: 'en' },
    ]);
  });

  it('names the field in the user’s language, counting items from 1', () => {
    expect(label('stops.2.spotId')).toBe('立ち寄り先 3 / 観光スポット');
    expect(label('name.en')).toBe('名称 / English');
    expect(label('openingHours.0.validTo')).toBe('営業時間 1 / 有効期間（終了日）');
    expect(label('venue.lat', en)).toBe('Venue / Latitude');
  });

  it('shows unknown fields as written and the whole body as such', () => {
    expect(label('mystery.field')).toBe('mystery / field');
    expect(label('')).toBe('入力内容全体');
  });
});

describe('diffValueText', () => {
  it('shows texts as they are and other values as JSON', () => {
    expect(diffValueText('清水寺')).toBe('清水寺');
    expect(diffValueText(400)).toBe('400');
    expect(diffValueText(false)).toBe('false');
    expect(diffValueText(['a', 'b'])).toBe('["a","b"]');
    expect(diffValueText(null)).toBe('');
    expect(diffValueText(undefined)).toBe('');
  });
});
