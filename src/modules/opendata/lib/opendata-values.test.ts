import { describe, expect, it } from 'vitest';
import {
  formatDays,
  insideJapan,
  municipalityCheckDigit,
  parseCount,
  parseDate,
  parseDays,
  parseDecimal,
  parseHttpUrl,
  parseKana,
  parseMunicipalityCode,
  parsePhone,
  parseTime,
  parseYen,
  splitLocalGovernmentName,
} from './opendata-values.js';

const value = <T>(r: { ok: true; value: T } | { ok: false; code: string }) => (r.ok ? r.value : `!${r.code}`);

describe('全国地方公共団体コード', () => {
  it('computes the check digit', () => {
    expect(municipalityCheckDigit('01100')).toBe(2); // 札幌市 011002
    expect(municipalityCheckDigit('13000')).toBe(1); // 東京都 130001
    expect(municipalityCheckDigit('13101')).toBe(6); // 千代田区 131016
    expect(municipalityCheckDigit('47000')).toBe(7); // 沖縄県 470007
  });

  it('accepts 6 digits with a valid check digit, also in full width', () => {
    expect(parseMunicipalityCode('131016')).toEqual({ ok: true, value: '131016' });
    expect(parseMunicipalityCode('０１１００２')).toEqual({ ok: true, value: '011002' });
  });

  it('widens a prefecture number and says so', () => {
    expect(parseMunicipalityCode('13')).toEqual({ ok: true, value: '130001', normalised: true });
    expect(parseMunicipalityCode('1')).toEqual({ ok: true, value: '010006', normalised: true });
  });

  it('refuses 5 digits, offering the candidates', () => {
    const five = parseMunicipalityCode('13101');
    expect(five.ok).toBe(false);
    if (!five.ok) {
      expect(five.code).toBe('municipality_code_five_digits');
      expect(five.message.ja).toContain('131016');
    }
    // 11002 is either 札幌市 without its leading zero (011002) or 11002 + check digit.
    const lostZero = parseMunicipalityCode('11002');
    expect(!lostZero.ok && lostZero.message.en).toContain('011002');
    expect(!lostZero.ok && lostZero.message.en).toContain('110027');
  });

  it.each([
    ['131017', 'municipality_code_check_digit'],
    ['481003', 'invalid_municipality_code'],
    ['001007', 'invalid_municipality_code'],
    ['1310160', 'invalid_municipality_code'],
    ['13-101', 'invalid_municipality_code'],
    ['99', 'invalid_municipality_code'],
  ])('refuses %j', (raw, code) => {
    expect(value(parseMunicipalityCode(raw))).toBe(`!${code}`);
  });

  it('splits 地方公共団体名', () => {
    expect(splitLocalGovernmentName('北海道札幌市')).toEqual({
      prefecture: '北海道',
      municipality: '札幌市',
    });
    expect(splitLocalGovernmentName('神奈川県')).toEqual({ prefecture: '神奈川県', municipality: null });
    expect(splitLocalGovernmentName('みどり川町')).toEqual({ prefecture: null, municipality: 'みどり川町' });
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-04-01', '2026-04-01'],
    ['2026/4/1', '2026-04-01'],
    ['2026.04.01', '2026-04-01'],
    ['２０２６／０４／０１', '2026-04-01'],
    ['2026年4月1日', '2026-04-01'],
    ['2026年4月1日(水)', '2026-04-01'],
    ['2026年4月1日（水曜日）', '2026-04-01'],
    ['令和8年4月1日', '2026-04-01'],
    ['令和元年5月1日', '2019-05-01'],
    ['令和 8年 4月 1日', '2026-04-01'],
    ['㋿8年4月1日', '2026-04-01'],
    ['R8.4.1', '2026-04-01'],
    ['平成31年4月30日', '2019-04-30'],
    ['H31/4/30', '2019-04-30'],
    ['昭和64年1月7日', '1989-01-07'],
    ['2024-02-29', '2024-02-29'],
  ])('reads %j', (raw, expected) => {
    expect(value(parseDate(raw))).toBe(expected);
  });

  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '26-04-01',
    '2026-04-01 10:00',
    '46113',
    '平成31年5月1日',
    '令和1年4月30日',
    '昭和64年1月8日',
    '大正15年1月1日',
    '2026年4月1日(火)',
    '来週',
  ])('refuses %j', (raw) => {
    expect(value(parseDate(raw))).toBe('!invalid_date');
  });
});

describe('parseTime', () => {
  it.each([
    ['9:00', '09:00'],
    ['09:00', '09:00'],
    ['９：３０', '09:30'],
    ['17:00:00', '17:00'],
    ['9時', '09:00'],
    ['9時30分', '09:30'],
    ['23:59', '23:59'],
  ])('reads %j', (raw, expected) => {
    expect(value(parseTime(raw))).toBe(expected);
  });

  it('accepts 24:00 only as an end', () => {
    expect(value(parseTime('24:00'))).toBe('!invalid_time');
    expect(value(parseTime('24:00', true))).toBe('24:00');
    expect(value(parseTime('24:01', true))).toBe('!invalid_time');
  });

  it.each(['25:00', '9:60', '9', '9:0', '17:00:30', 'noon'])('refuses %j', (raw) => {
    expect(value(parseTime(raw, true))).toBe('!invalid_time');
  });
});

describe('parseDays', () => {
  const all = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'holiday'];
  it.each([
    ['月', ['mon']],
    ['月,水,金', ['mon', 'wed', 'fri']],
    ['月、水・金', ['mon', 'wed', 'fri']],
    ['月火水', ['mon', 'tue', 'wed']],
    ['月曜日,火曜日', ['mon', 'tue']],
    ['月曜・祝日', ['mon', 'holiday']],
    ['祝', ['holiday']],
    ['月-金', ['mon', 'tue', 'wed', 'thu', 'fri']],
    ['月～金', ['mon', 'tue', 'wed', 'thu', 'fri']],
    ['月〜金', ['mon', 'tue', 'wed', 'thu', 'fri']],
    ['月曜日から金曜日', ['mon', 'tue', 'wed', 'thu', 'fri']],
    ['金～月', ['mon', 'fri', 'sat', 'sun']],
    ['平日', ['mon', 'tue', 'wed', 'thu', 'fri']],
    ['土日', ['sat', 'sun']],
    ['土日祝', ['sat', 'sun', 'holiday']],
    ['土日祝日', ['sat', 'sun', 'holiday']],
    ['平日、祝日', ['mon', 'tue', 'wed', 'thu', 'fri', 'holiday']],
    ['土・日・祝日', ['sat', 'sun', 'holiday']],
    ['毎日', all],
    ['年中無休', all],
    ['日,土,日', ['sat', 'sun']],
    ['火 水 木', ['tue', 'wed', 'thu']],
  ])('reads %j', (raw, expected) => {
    expect(value(parseDays(raw))).toEqual(expected);
  });

  it.each(['月曜定休', '第2土曜', 'Mon', '祝日を除く', '休館日'])('refuses %j', (raw) => {
    expect(value(parseDays(raw))).toBe('!invalid_days');
  });

  it('formats days so that they read back the same', () => {
    expect(formatDays(['sat', 'mon', 'holiday'])).toBe('月,土,祝');
    for (const days of [['mon'], all, ['tue', 'sun'], []] as const) {
      const text = formatDays(days as never);
      if (text) expect(value(parseDays(text))).toEqual(days);
    }
  });
});

describe('numbers, money and contact values', () => {
  it.each([
    {
      what: 'decimals in half or full width, without exponents or degrees',
      parse: parseDecimal,
      good: [
        ['35.0116', 35.0116],
        ['－３５．５', -35.5],
        ['+139.7', 139.7],
      ],
      bad: ['abc', '1e5', "35°00'", '35,5', ''],
      code: '!invalid_number',
    },
    {
      what: 'yen amounts and 無料',
      parse: parseYen,
      good: [
        ['500', 500],
        ['1,000円', 1000],
        ['¥1000', 1000],
        ['￥１，２００', 1200],
        ['無料', 0],
      ],
      bad: ['大人500円', '500円～', '1,00', '-100', '99999999'],
      code: '!invalid_fee',
    },
    {
      what: 'counts of people',
      parse: parseCount,
      good: [
        ['100', 100],
        ['２０名', 20],
        ['1,000人', 1000],
      ],
      bad: ['約50名'],
      code: '!invalid_integer',
    },
  ] as const)('reads $what', ({ parse, good, bad, code }) => {
    for (const [raw, expected] of good) expect(value(parse(raw))).toBe(expected);
    for (const raw of bad) expect(value(parse(raw))).toBe(code);
  });

  it('reads phone numbers with dash look-alikes', () => {
    expect(value(parsePhone('0263-00-1234'))).toBe('0263-00-1234');
    expect(value(parsePhone('０２６３ー００ー１２３４'))).toBe('0263-00-1234');
    expect(value(parsePhone('+81 263 00 1234'))).toBe('+81 263 00 1234');
    expect(value(parsePhone('TEL:0263'))).toBe('!invalid_phone');
  });

  it('accepts only absolute http and https URLs', () => {
    expect(value(parseHttpUrl('https://example.jp/a?b=c'))).toBe('https://example.jp/a?b=c');
    expect(value(parseHttpUrl('HTTP://example.jp/'))).toBe('HTTP://example.jp/');
    for (const bad of [
      'javascript:alert(1)',
      'ftp://example.jp/',
      'www.example.jp',
      'https://exa mple.jp',
      'https://',
    ]) {
      expect(value(parseHttpUrl(bad))).toBe('!invalid_url');
    }
  });

  it('reads kana and widens half-width katakana', () => {
    expect(value(parseKana('ｷﾖﾐｽﾞﾃﾞﾗ'))).toBe('キヨミズデラ');
    expect(value(parseKana('きよみず でら'))).toBe('きよみず でら');
    expect(value(parseKana('Kiyomizu'))).toBe('!invalid_kana');
  });

  it('knows roughly where Japan is', () => {
    expect(insideJapan(35.68, 139.76)).toBe(true);
    expect(insideJapan(24.45, 122.93)).toBe(true); // 与那国島
    expect(insideJapan(20.42, 136.08)).toBe(true); // 沖ノ鳥島
    expect(insideJapan(48.85, 2.35)).toBe(false);
    expect(insideJapan(37.56, 126.97)).toBe(true); // Seoul is inside the box: it is a coarse check
  });
});
