import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeCsv } from './csv-decode.js';
import { EVENT_COLUMNS, TOURISM_COLUMNS } from './opendata-columns.js';
import { exportEventsCsv, exportTourismCsv } from './opendata-export.js';
import { parseEventsCsv, parseTourismCsv } from './opendata-import.js';
import type { ParsedSpot, RowProblem } from './opendata-types.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../test/fixtures/opendata/${name}`, import.meta.url));
/** Problems without their messages, for exact comparison; messages are checked separately. */
const brief = (problems: RowProblem[]) =>
  problems.map((p) => ({
    line: p.line,
    column: p.column,
    code: p.code,
    ...(p.relatedLine ? { relatedLine: p.relatedLine } : {}),
  }));

function expectBilingual(problems: RowProblem[]) {
  for (const p of problems) {
    expect(p.message.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
    // English prose, though it may quote Japanese column names and values.
    expect(p.message.en).toMatch(/([A-Za-z]+[^A-Za-z]+){3}/);
    expect(p.message.en).not.toMatch(/[。、]/);
  }
}

describe('parseTourismCsv on a valid file', () => {
  const result = parseTourismCsv(fixture('tourism-utf8.csv'));

  it('reads every row without problems or warnings', () => {
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.encoding).toBe('utf8');
    expect(result.rows).toHaveLength(12);
    // Row 1 has a two-line description, so row 2 starts on line 4.
    expect(result.rowLines).toEqual([2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  it('builds typed rows', () => {
    expect(result.rows[0]).toEqual<ParsedSpot>({
      publisher: { municipalityCode: '209996', prefecture: '長野県', municipality: 'みどり川町' },
      externalId: '1',
      name: { ja: 'みどり川町歴史資料館', en: 'Midorikawa Town History Museum' },
      kana: 'ミドリカワマチレキシシリョウカン',
      poiCode: 'MDR-0001',
      address: '長野県みどり川町本町2-5',
      addressDetail: '2階',
      lat: 36.2101,
      lng: 138.0452,
      openingHours: [
        {
          days: ['tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          opens: '09:00',
          closes: '17:00',
          note: '月曜日が祝日の場合は翌日休館',
        },
      ],
      fees: { basicYen: 300, detail: '一般300円、高校生以下無料' },
      description: {
        ja: '宿場町として栄えた町の歩みを、古文書や農具で紹介します。\n企画展は年4回入れ替わります。',
        en: 'Documents and tools tell the story of the old post town.',
      },
      access: 'みどり川駅から徒歩10分',
      parking: '20台（無料）',
      barrierFree: 'スロープ、多目的トイレ、車いす貸出',
      contact: { name: 'みどり川町教育委員会', phone: '0263-00-1234', extension: '215' },
      image: 'https://www.town-midorikawa.example.jp/img/museum.jpg',
      imageLicense: 'CC BY 4.0',
      url: 'https://www.town-midorikawa.example.jp/museum/',
      notes: null,
    });
  });

  it('normalises structured values: widths, fees, days, times', () => {
    const byNo = new Map(result.rows.map((r) => [r.externalId, r]));
    expect(byNo.get('2')?.fees.basicYen).toBe(0); // 無料
    expect(byNo.get('2')?.openingHours[0]?.days).toEqual([
      'mon',
      'tue',
      'wed',
      'thu',
      'fri',
      'sat',
      'sun',
      'holiday',
    ]);
    expect(byNo.get('2')?.description?.ja).toContain('"夫婦滝"');
    expect(byNo.get('3')?.kana).toBe('キュウシュクバマチ ミドリドオリ'); // half-width widened
    expect(byNo.get('3')?.openingHours).toEqual([]);
    expect(byNo.get('4')?.openingHours[0]?.days).toEqual(['mon', 'tue', 'wed', 'thu', 'fri']); // 平日
    expect(byNo.get('6')?.contact.phone).toBe('0263-00-3333'); // full-width digits and minus
    expect(byNo.get('7')?.fees.basicYen).toBe(1000); // １，０００円
    expect(byNo.get('7')?.openingHours[0]?.days).toEqual(['sat', 'sun', 'holiday']); // 土日祝
    expect(byNo.get('9')?.openingHours[0]).toEqual({
      days: ['mon', 'fri', 'sat', 'sun'],
      opens: '19:00',
      closes: '24:00',
      note: null,
    });
    expect(byNo.get('10')?.fees.basicYen).toBe(0);
    expect(byNo.get('12')?.description?.ja.split('\n')).toHaveLength(3);
  });

  it('parses the cp932 and BOM twins to identical rows', () => {
    const cp932 = parseTourismCsv(fixture('tourism-cp932.csv'));
    const bom = parseTourismCsv(fixture('tourism-utf8-bom.csv'));
    expect(cp932.encoding).toBe('cp932');
    expect(bom.encoding).toBe('utf8-bom');
    expect(cp932.problems).toEqual([]);
    expect(cp932.rows).toEqual(result.rows);
    expect(bom.rows).toEqual(result.rows);
    expect(cp932.rowLines).toEqual(result.rowLines);
    // The user may also say which encoding it is.
    expect(parseTourismCsv(fixture('tourism-cp932.csv'), { encoding: 'sjis' }).rows).toEqual(result.rows);
  });

  it('round-trips losslessly: export then import gives the same rows, in every encoding', () => {
    const text = exportTourismCsv(result.rows);
    expect(text.split('\r\n')[0]).toBe(TOURISM_COLUMNS.map((c) => c.header).join(','));
    for (const encoding of ['utf8', 'utf8-bom', 'cp932'] as const) {
      const { bytes, unmappable } = encodeCsv(text, encoding);
      expect(unmappable).toEqual([]);
      const again = parseTourismCsv(bytes);
      expect(again.problems).toEqual([]);
      expect(again.encoding).toBe(encoding);
      expect(again.rows).toEqual(result.rows);
    }
    expect(exportTourismCsv(parseTourismCsv(Buffer.from(text)).rows)).toBe(text);
  });
});

describe('parseTourismCsv on a bad file', () => {
  const result = parseTourismCsv(fixture('tourism-bad.csv'));

  it('reports every bad row with its line, column and reason', () => {
    expect(brief(result.problems)).toEqual([
      { line: 2, column: '名称', code: 'required' },
      { line: 3, column: '緯度', code: 'invalid_number' },
      { line: 4, column: '緯度', code: 'out_of_range' },
      { line: 5, column: '緯度', code: 'coordinate_pair' },
      { line: 6, column: '都道府県コード又は市区町村コード', code: 'municipality_code_check_digit' },
      { line: 7, column: '都道府県コード又は市区町村コード', code: 'municipality_code_five_digits' },
      { line: 8, column: '開始時間', code: 'invalid_time' },
      { line: 9, column: '終了時間', code: 'end_before_start' },
      { line: 10, column: 'URL', code: 'invalid_url' },
      { line: 11, column: '利用可能曜日', code: 'invalid_days' },
      { line: 12, column: '料金（基本）', code: 'invalid_fee' },
      { line: 13, column: '連絡先電話番号', code: 'invalid_phone' },
      // Line 14 is empty cells only (skipped); lines 15-16 are one valid row with a two-line cell.
      { line: 17, column: 'NO', code: 'duplicate_row', relatedLine: 3 },
      { line: 18, column: '住所', code: 'duplicate_row', relatedLine: 15 },
      { line: 19, column: null, code: 'cell_count' },
      { line: 20, column: '名称_カナ', code: 'invalid_kana' },
      { line: 21, column: '連絡先内線番号', code: 'invalid_extension' },
      { line: 24, column: null, code: 'csv_unclosed_quote' },
    ]);
    expectBilingual(result.problems);
  });

  it('explains with specifics', () => {
    const at = (line: number) => result.problems.find((p) => p.line === line)!;
    expect(at(4).message.ja).toContain('入れ替わって');
    expect(at(6).message.ja).toContain('209996');
    expect(at(7).message.en).toContain('209996');
    expect(at(17).message.ja).toBe('3 行目と同じデータです（重複）。');
    expect(at(24).message.en).toContain('line 24');
  });

  it('keeps the valid rows and lists warnings separately', () => {
    expect(result.rowLines).toEqual([15, 22, 23]);
    expect(brief(result.warnings)).toEqual([
      { line: 1, column: 'メモ', code: 'unknown_column' },
      { line: 22, column: '緯度', code: 'outside_japan' },
      { line: 23, column: '都道府県コード又は市区町村コード', code: 'municipality_code_normalised' },
    ]);
    // 長野県 as a 6-digit code: 20000 and its check digit 0.
    expect(result.rows[2]?.publisher.municipalityCode).toBe('200000');
    expectBilingual(result.warnings);
  });

  it('warns about rows of another local government when asked to', () => {
    const own = parseTourismCsv(fixture('tourism-utf8.csv'), { ownMunicipalityCode: '131016' });
    expect(own.warnings).toHaveLength(12);
    expect(own.warnings[0]?.code).toBe('municipality_code_other');
  });
});

describe('parseTourismCsv file-level problems', () => {
  it('reports missing required and duplicate columns once, on line 1, and reads no rows', () => {
    const result = parseTourismCsv(fixture('tourism-missing-columns.csv'));
    expect(brief(result.problems)).toEqual([
      { line: 1, column: '名称', code: 'missing_column' },
      { line: 1, column: '経度', code: 'missing_column' },
      { line: 1, column: '住所', code: 'duplicate_column' },
    ]);
    expect(result.rows).toEqual([]);
    expectBilingual(result.problems);
  });

  it('reports a wrong encoding choice at the first bad line', () => {
    const result = parseTourismCsv(fixture('tourism-cp932.csv'), { encoding: 'utf8' });
    expect(brief(result.problems)).toEqual([{ line: 1, column: null, code: 'csv_invalid_utf8' }]);
    expect(result.encoding).toBeNull();
    const asSjis = parseTourismCsv(fixture('tourism-utf8.csv'), { encoding: 'sjis' });
    expect(brief(asSjis.problems)).toEqual([{ line: 1, column: null, code: 'csv_encoding_mismatch' }]);
  });

  it('finds the line of a stray byte deep in a UTF-8 file', () => {
    const utf8 = fixture('tourism-utf8.csv');
    // A lone cp932 half-width katakana byte (0xB1, ｱ) pasted into line 6.
    const at = utf8.indexOf('みどり川温泉');
    const bytes = Buffer.concat([utf8.subarray(0, at), Buffer.from([0xb1]), utf8.subarray(at)]);
    expect(brief(parseTourismCsv(bytes).problems)).toEqual([
      { line: 6, column: null, code: 'csv_encoding_unknown' },
    ]);
    expect(brief(parseTourismCsv(bytes, { encoding: 'utf8' }).problems)).toEqual([
      { line: 6, column: null, code: 'csv_invalid_utf8' },
    ]);
  });

  it('refuses empty and spreadsheet files', () => {
    expect(brief(parseTourismCsv(Buffer.alloc(0)).problems)).toEqual([
      { line: 1, column: null, code: 'csv_empty' },
    ]);
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    expect(brief(parseTourismCsv(xlsx).problems)).toEqual([
      { line: 1, column: null, code: 'csv_spreadsheet' },
    ]);
  });
});

describe('parseTourismCsv with newer and misspelt headers', () => {
  it('maps 自治体標準オープンデータセット headers, width variants and typos', () => {
    const result = parseTourismCsv(fixture('tourism-alias-headers.csv'));
    expect(result.problems).toEqual([]);
    // 法人番号 is recognised (not "unknown") and simply not used.
    expect(result.warnings).toEqual([]);
    const [falls, park] = result.rows;
    expect(falls).toMatchObject({
      publisher: { municipalityCode: '209996', prefecture: '長野県', municipality: 'みどり川町' },
      externalId: 'A-1',
      name: { ja: '鳴沢の滝', en: 'Narusawa Falls' },
      kana: 'ナルサワノタキ',
      address: '長野県みどり川町大字鳴沢',
      lat: 36.2412,
      lng: 138.0011,
      contact: { name: null, phone: '0263-00-1234', extension: '215' },
      openingHours: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '09:00', closes: '17:00', note: null },
      ],
      fees: { basicYen: 0, detail: null },
      url: 'https://www.town-midorikawa.example.jp/',
    });
    expect(park).toMatchObject({
      externalId: 'A-2',
      address: '長野県みどり川町城山1',
      addressDetail: '管理棟',
      description: { ja: '桜の名所', en: 'Famous for cherry blossoms' },
    });
  });
});

describe('parseEventsCsv', () => {
  const result = parseEventsCsv(fixture('events-utf8.csv'));

  it('reads a valid file, including 和暦 and slash dates, all-day and 24:00 ends', () => {
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.rows).toHaveLength(6);
    const [market, sakura, fireworks, soba, stars] = result.rows;
    expect(market).toMatchObject({
      startDate: '2026-04-04',
      endDate: '2026-11-28',
      startTime: '07:00',
      endTime: '09:00',
      allDay: false,
    });
    expect(sakura).toMatchObject({
      startDate: '2026-04-10',
      endDate: '2026-04-19',
      startTime: null,
      allDay: true,
      fees: { basicYen: 0 },
    });
    expect(fireworks).toMatchObject({
      startDate: '2026-08-15',
      endDate: null,
      scheduleNote: '荒天時は翌日に順延',
    });
    expect(soba).toMatchObject({
      capacity: 20,
      fees: { basicYen: 2000, detail: 'エプロン持参' },
      application: { deadlineDate: '2026-10-10', deadlineTime: '17:00', method: '電話で申込み（先着順）' },
      venue: {
        name: '清流そば処 かわせみ',
        address: '長野県みどり川町湯沢15',
        addressDetail: null,
        lat: null,
        lng: null,
      },
    });
    expect(stars).toMatchObject({ endTime: '24:00', capacity: 40 });
  });

  it('parses the cp932 twin identically and round-trips through export', () => {
    const cp932 = parseEventsCsv(fixture('events-cp932.csv'));
    expect(cp932.encoding).toBe('cp932');
    expect(cp932.rows).toEqual(result.rows);
    const text = exportEventsCsv(result.rows);
    expect(text.split('\r\n')[0]).toBe(EVENT_COLUMNS.map((c) => c.header).join(','));
    const again = parseEventsCsv(encodeCsv(text, 'cp932').bytes);
    expect(again.problems).toEqual([]);
    expect(again.rows).toEqual(result.rows);
  });

  it('reports bad dates, times, ranges, numbers and duplicates exactly', () => {
    const bad = parseEventsCsv(fixture('events-bad.csv'));
    expect(brief(bad.problems)).toEqual([
      { line: 2, column: '開始日', code: 'required' },
      { line: 3, column: '開始日', code: 'invalid_date' },
      { line: 4, column: '開始日', code: 'invalid_date' },
      { line: 5, column: '終了日', code: 'end_before_start' },
      { line: 6, column: '終了時間', code: 'end_before_start' },
      { line: 7, column: '開始時間', code: 'invalid_time' },
      { line: 8, column: '開始時間', code: 'start_time_required' },
      { line: 9, column: '定員', code: 'invalid_integer' },
      { line: 10, column: '参加申込終了日', code: 'invalid_date' },
      { line: 11, column: '開始日', code: 'invalid_date' },
      { line: 13, column: 'イベント名', code: 'duplicate_row', relatedLine: 12 },
    ]);
    expectBilingual(bad.problems);
    expect(bad.problems.find((p) => p.line === 4)?.message.ja).toContain('平成の期間外');
    expect(bad.problems.find((p) => p.line === 11)?.message.ja).toContain('火曜日ではありません');
    expect(bad.rows.map((r) => r.startDate)).toEqual(['2026-04-01']);
  });

  it('accepts combined 開始日時 / 終了日時 columns', () => {
    const csv = 'イベント名,開始日時,終了日時,会場\r\n夜市,2026-07-01 18:00,2026-07-01T21:30,駅前\r\n';
    const parsed = parseEventsCsv(Buffer.from(csv));
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({
      startDate: '2026-07-01',
      startTime: '18:00',
      endDate: '2026-07-01',
      endTime: '21:30',
      allDay: false,
      venue: { name: '駅前' },
    });
    const reversed = parseEventsCsv(
      Buffer.from('イベント名,開始日時,終了日時\r\n夜市,2026-07-01 18:00,2026-06-30\r\n'),
    );
    expect(brief(reversed.problems)).toEqual([{ line: 2, column: '終了日時', code: 'end_before_start' }]);
  });
});
