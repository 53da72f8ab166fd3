import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_COLUMNS, normaliseHeader, resolveHeaders, TOURISM_COLUMNS } from './opendata-columns.js';

/** The header row of a committed UTF-8 open data fixture. */
const fixtureHeaders = (name: string) =>
  readFileSync(new URL(`../../../../test/fixtures/opendata/${name}`, import.meta.url), 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/, 1)[0]
    ?.split(',');

describe('standard columns', () => {
  // The committed fixtures (test/fixtures/opendata/make-fixtures.mjs) are written in the standard
  // formats: their header rows are the reference order, kept in one place.
  it.each([
    ['観光施設一覧', TOURISM_COLUMNS, 'tourism-utf8.csv'],
    ['イベント一覧', EVENT_COLUMNS, 'events-utf8.csv'],
  ] as const)('lists %s in the standard order', (_name, columns, fixture) => {
    expect(columns.map((c) => c.header)).toEqual(fixtureHeaders(fixture));
  });

  it('maps every field at most once per data set', () => {
    for (const columns of [TOURISM_COLUMNS, EVENT_COLUMNS]) {
      const fields = columns.map((c) => c.field);
      expect(new Set(fields).size).toBe(fields.length);
    }
  });

  it('reads its own headers back', () => {
    expect(
      resolveHeaders(
        TOURISM_COLUMNS.map((c) => c.header),
        'tourism',
      ),
    ).toEqual({
      mapping: TOURISM_COLUMNS.map((c) => c.field),
      unknown: [],
      missingRequired: [],
      duplicate: [],
    });
    expect(
      resolveHeaders(
        EVENT_COLUMNS.map((c) => c.header),
        'events',
      ).mapping,
    ).toEqual(EVENT_COLUMNS.map((c) => c.field));
  });
});

describe('resolveHeaders', () => {
  it.each([
    ['全国地方公共団体コード', 'municipalityCode'],
    ['ID', 'externalId'],
    ['地方公共団体名', 'localGovernmentName'],
    ['所在地_連結表記', 'address'],
    ['所在地_都道府県', 'address.prefecture'],
    ['所在地_市区町村', 'address.city'],
    ['所在地_町字', 'address.town'],
    ['所在地_番地以下', 'address.number'],
    ['建物名等(方書)', 'addressDetail'],
    ['建物名等（方書）', 'addressDetail'],
    ['電話番号', 'contact.phone'],
    ['内線番号', 'contact.extension'],
    ['料金(基本)', 'fees.basic'],
    ['料金（基本）', 'fees.basic'],
    ['料金 （基本）', 'fees.basic'],
    ['名称＿カナ', 'kana'],
    ['名称(カナ)', 'kana'],
    ['名称（カナ）', 'kana'],
    ['名称_英語', 'name.en'],
    ['名称(英語)', 'name.en'],
    ['ＵＲＬ', 'url'],
    ['url', 'url'],
    [' 名称 ', 'name.ja'],
    ['名\u3000称', 'name.ja'],
    ['\uFEFF名称', 'name.ja'],
    ['井戸', 'lat'],
    ['軽度', 'lng'],
    ['緯度（世界測地系）', 'lat'],
    ['ＮＯ', 'externalId'],
    ['No.', 'externalId'],
    ['画像_ライセンス', 'imageLicense'],
    ['法人番号', 'corporateNumber'],
  ])('maps %j in 観光施設一覧', (header, field) => {
    expect(resolveHeaders([header], 'tourism').mapping).toEqual([field]);
  });

  it.each([
    ['開始日時', 'startDateTime'],
    ['終了日時', 'endDateTime'],
    ['開催開始日', 'startDate'],
    ['名称', 'name.ja'],
    ['会場', 'venue.name'],
    ['申込締切日', 'application.deadlineDate'],
    ['料金（基本）', 'fees.basic'],
  ])('maps %j in イベント一覧', (header, field) => {
    expect(resolveHeaders([header], 'events').mapping).toEqual([field]);
  });

  it('reports unknown, duplicate and missing required columns', () => {
    const result = resolveHeaders(['NO', 'メモ', '緯度', '住所', '所在地_連結表記', ''], 'tourism');
    expect(result).toEqual({
      mapping: ['externalId', null, 'lat', 'address', null, null],
      unknown: ['メモ'],
      missingRequired: ['名称', '経度'],
      duplicate: ['所在地_連結表記'],
    });
  });

  it('requires イベント名 and a start date (開始日 or 開始日時) for events', () => {
    expect(resolveHeaders(['NO'], 'events').missingRequired).toEqual(['イベント名', '開始日']);
    expect(resolveHeaders(['イベント名', '開始日時'], 'events').missingRequired).toEqual([]);
  });

  it('normalises headers by width, spaces and case', () => {
    expect(normaliseHeader(' 料金（基本） ')).toBe('料金(基本)');
    expect(normaliseHeader('ＰＯＩコード')).toBe('poiコード');
  });
});
