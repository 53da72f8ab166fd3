/**
 * Parsers for the cell values of the open data sets. Each takes the trimmed cell text and answers
 * either the normalised value or a problem code with a bilingual message. Structured values (codes,
 * numbers, dates, times, days) are read through NFKC so full-width digits work; free text is not.
 */
import type { Bilingual } from '../../../platform/errors.js';
import { DAY_CODES, type DayCode } from './opendata-types.js';

export type ValueResult<T> =
  | { ok: true; value: T; normalised?: boolean }
  | { ok: false; code: string; message: Bilingual };

const fail = (code: string, ja: string, en: string): { ok: false; code: string; message: Bilingual } => ({
  ok: false,
  code,
  message: { ja, en },
});

const nfkc = (s: string) => s.normalize('NFKC').trim();
const pad2 = (n: number) => String(n).padStart(2, '0');

// ---------------------------------------------------------------------------------------------
// 全国地方公共団体コード

/** The check digit of a 5-digit local government code (総務省 JIS X 0401/0402 rule). */
export function municipalityCheckDigit(five: string): number {
  const weights = [6, 5, 4, 3, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(five[i]), 0);
  return (11 - (sum % 11)) % 10;
}

function validPrefecture(two: string): boolean {
  const n = Number(two);
  return n >= 1 && n <= 47;
}

/**
 * A 6-digit local government code with a valid check digit.
 * - 1 or 2 digits (a prefecture number, 13 or 1): accepted and widened to the prefecture's
 *   6-digit code (13 → 130001), flagged `normalised` so the caller can warn.
 * - 5 digits: refused. It is either a code without its check digit or a 6-digit code whose leading
 *   zero a spreadsheet dropped (011002 → 11002); both readings are often valid, so we cannot pick.
 *   The message offers the candidates.
 */
export function parseMunicipalityCode(raw: string): ValueResult<string> {
  const s = nfkc(raw);
  if (/^\d{1,2}$/.test(s) && validPrefecture(s)) {
    const five = `${pad2(Number(s))}000`;
    return { ok: true, value: `${five}${municipalityCheckDigit(five)}`, normalised: true };
  }
  if (/^\d{5}$/.test(s)) {
    const candidates = [`${s}${municipalityCheckDigit(s)}`];
    const zeroPadded = `0${s}`;
    if (
      validPrefecture(zeroPadded.slice(0, 2)) &&
      municipalityCheckDigit(zeroPadded.slice(0, 5)) === Number(s[4])
    ) {
      candidates.push(zeroPadded);
    }
    const list = candidates.join(' / ');
    return fail(
      'municipality_code_five_digits',
      `全国地方公共団体コードは検査数字を含む 6 桁で記入してください（候補: ${list}）。先頭の 0 が消えていないかも確認してください。`,
      `Write the local government code as 6 digits including the check digit (candidates: ${list}). Check that a leading 0 was not dropped.`,
    );
  }
  if (!/^\d{6}$/.test(s) || !validPrefecture(s.slice(0, 2))) {
    return fail(
      'invalid_municipality_code',
      '全国地方公共団体コードは 6 桁の数字（例: 131016）で記入してください。',
      'The local government code must be 6 digits (e.g. 131016).',
    );
  }
  const expected = municipalityCheckDigit(s.slice(0, 5));
  if (Number(s[5]) !== expected) {
    return fail(
      'municipality_code_check_digit',
      `全国地方公共団体コードの検査数字が正しくありません（${s.slice(0, 5)} なら ${s.slice(0, 5)}${expected}）。`,
      `The check digit of the local government code is wrong (${s.slice(0, 5)} gives ${s.slice(0, 5)}${expected}).`,
    );
  }
  return { ok: true, value: s };
}

// biome-ignore format: ten prefectures a line, in 全国地方公共団体コード order
export const PREFECTURES = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県',
  '埼玉県', '千葉県', '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県',
  '岐阜県', '静岡県', '愛知県', '三重県', '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県',
  '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県', '香川県', '愛媛県', '高知県', '福岡県',
  '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
] as const;

/** 地方公共団体名 ("北海道札幌市") split into prefecture and municipality. */
export function splitLocalGovernmentName(name: string): {
  prefecture: string | null;
  municipality: string | null;
} {
  const s = name.trim();
  if (!s) return { prefecture: null, municipality: null };
  const prefecture = PREFECTURES.find((p) => s.startsWith(p));
  if (!prefecture) return { prefecture: null, municipality: s };
  const rest = s.slice(prefecture.length).trim();
  return { prefecture, municipality: rest || null };
}

// ---------------------------------------------------------------------------------------------
// Dates and times

const ERAS: Record<string, { offset: number; from: string; to: string }> = {
  令和: { offset: 2018, from: '2019-05-01', to: '9999-12-31' },
  平成: { offset: 1988, from: '1989-01-08', to: '2019-04-30' },
  昭和: { offset: 1925, from: '1926-12-25', to: '1989-01-07' },
};
const ERA_LETTERS: Record<string, string> = { r: '令和', h: '平成', s: '昭和' };
const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];

function calendarDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

const invalidDate = () =>
  fail(
    'invalid_date',
    '日付は YYYY-MM-DD、YYYY/MM/DD または 令和8年4月1日 の形で、実在する日付を記入してください。',
    'Dates must be real dates written as YYYY-MM-DD, YYYY/MM/DD or in the Japanese era form (令和8年4月1日).',
  );

/**
 * A date as 'YYYY-MM-DD'. Accepts 2026-04-01, 2026/4/1, 2026.4.1, 2026年4月1日, and the eras
 * 令和/平成/昭和 (also R8.4.1, 令和元年, ㋿ via NFKC), each optionally followed by a weekday in
 * brackets, which must then match. An era date outside its era (平成31年5月1日) is refused.
 */
export function parseDate(raw: string): ValueResult<string> {
  let s = nfkc(raw).replace(/\s+/g, '');
  let weekday: string | null = null;
  const wd = /\(([日月火水木金土])(?:曜日?)?\)$/.exec(s);
  if (wd) {
    weekday = wd[1]!;
    s = s.slice(0, wd.index);
  }
  let date: string | null = null;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(s);
  if (m) {
    date = calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
  } else {
    m =
      /^(令和|平成|昭和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日$/.exec(s) ??
      /^([RHSrhs])(元|\d{1,2})[./](\d{1,2})[./](\d{1,2})$/.exec(s);
    if (!m) return invalidDate();
    const eraName = ERA_LETTERS[m[1]!.toLowerCase()] ?? m[1]!;
    const era = ERAS[eraName]!;
    const year = m[2] === '元' ? 1 : Number(m[2]);
    date = calendarDate(era.offset + year, Number(m[3]), Number(m[4]));
    if (date && (date < era.from || date > era.to)) {
      return fail(
        'invalid_date',
        `${m[0]} は${eraName}の期間外の日付です。`,
        `${m[0]} is outside the ${eraName} era.`,
      );
    }
  }
  if (!date) return invalidDate();
  if (weekday !== null && WEEKDAYS_JA[new Date(`${date}T00:00:00Z`).getUTCDay()] !== weekday) {
    return fail(
      'invalid_date',
      `${date} は${weekday}曜日ではありません。`,
      `${date} is not a ${['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][WEEKDAYS_JA.indexOf(weekday)]}.`,
    );
  }
  return { ok: true, value: date };
}

/**
 * A time as 'HH:MM'. Accepts 9:00, 09:00, 09:00:00 and 9時30分. 24:00 is the end of the day and
 * only accepted where `allow24` is set (closing and end times).
 */
export function parseTime(raw: string, allow24 = false): ValueResult<string> {
  const s = nfkc(raw).replace(/\s+/g, '');
  const m = /^(\d{1,2}):(\d{2})(?::(00))?$/.exec(s) ?? /^(\d{1,2})時(?:(\d{1,2})分)?$/.exec(s);
  if (m) {
    const h = Number(m[1]);
    const min = Number(m[2] ?? 0);
    if (min <= 59 && (h <= 23 || (allow24 && h === 24 && min === 0)))
      return { ok: true, value: `${pad2(h)}:${pad2(min)}` };
  }
  return allow24
    ? fail(
        'invalid_time',
        '時刻は HH:MM（00:00〜24:00）で記入してください。',
        'Times must be HH:MM (00:00–24:00).',
      )
    : fail(
        'invalid_time',
        '時刻は HH:MM（00:00〜23:59）で記入してください。',
        'Times must be HH:MM (00:00–23:59).',
      );
}

// ---------------------------------------------------------------------------------------------
// 利用可能曜日

const DAY_CHARS: Record<string, DayCode> = {
  月: 'mon',
  火: 'tue',
  水: 'wed',
  木: 'thu',
  金: 'fri',
  土: 'sat',
  日: 'sun',
  祝: 'holiday',
};
const WEEK: DayCode[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_WORDS: Record<string, DayCode[]> = {
  平日: ['mon', 'tue', 'wed', 'thu', 'fri'],
  土日: ['sat', 'sun'],
  土日祝: ['sat', 'sun', 'holiday'],
  土日祝日: ['sat', 'sun', 'holiday'],
  祝日: ['holiday'],
  祝祭日: ['holiday'],
  毎日: [...WEEK, 'holiday'],
  全日: [...WEEK, 'holiday'],
  年中無休: [...WEEK, 'holiday'],
  無休: [...WEEK, 'holiday'],
};

function weekdayRange(from: DayCode, to: DayCode): DayCode[] {
  const a = WEEK.indexOf(from);
  const b = WEEK.indexOf(to);
  const out: DayCode[] = [];
  // Ranges may wrap over the week end: 金〜月 is Fri, Sat, Sun, Mon.
  for (let i = a; ; i = (i + 1) % 7) {
    out.push(WEEK[i]!);
    if (i === b) break;
  }
  return out;
}

const invalidDays = (token: string) =>
  fail(
    'invalid_days',
    `利用可能曜日「${token}」を読み取れません。月,火,水 や 月〜金、平日、土日祝 のように記入し、休館日などの説明は 利用可能日時特記事項 に書いてください。`,
    `Cannot read the day(s) "${token}". Write them like 月,火,水 or 月〜金, 平日, 土日祝, and put explanations such as closing days in 利用可能日時特記事項.`,
  );

/**
 * Days from a 利用可能曜日 cell: lists (月,火・水 / 月火水), ranges (月-金, 月～金, 月〜金, 月から金),
 * words (平日, 土日祝, 祝日, 毎日, 年中無休) and 曜/曜日 suffixes. The result is de-duplicated and in
 * week order. Negations such as 月曜定休 are refused: guessing them wrong would publish wrong hours.
 */
export function parseDays(raw: string): ValueResult<DayCode[]> {
  const s = nfkc(raw)
    .replace(/曜日|曜/g, '')
    .replace(/及び|および|と/g, ',');
  const tokens = s.split(/[,、・/\s]+/).filter(Boolean);
  if (tokens.length === 0) return invalidDays(raw);
  const days = new Set<DayCode>();
  for (const token of tokens) {
    const word = DAY_WORDS[token];
    if (word) {
      for (const d of word) days.add(d);
      continue;
    }
    const range = /^([月火水木金土日])(?:-|~|〜|ー|から)([月火水木金土日])$/.exec(token);
    if (range) {
      for (const d of weekdayRange(DAY_CHARS[range[1]!]!, DAY_CHARS[range[2]!]!)) days.add(d);
      continue;
    }
    // 月火水 or 土日祝 written without separators; 祝日 may close such a run.
    const run = token.replace(/祝日$/, '祝');
    if (/^[月火水木金土日祝]+$/.test(run)) {
      for (const ch of run) days.add(DAY_CHARS[ch]!);
      continue;
    }
    return invalidDays(token);
  }
  return { ok: true, value: DAY_CODES.filter((d) => days.has(d)) };
}

/** Days as written on export: "月,火,水,木,金,祝". `parseDays` reads it back to the same list. */
export function formatDays(days: readonly DayCode[]): string {
  const chars = Object.fromEntries(Object.entries(DAY_CHARS).map(([ch, code]) => [code, ch])) as Record<
    DayCode,
    string
  >;
  return DAY_CODES.filter((d) => days.includes(d))
    .map((d) => chars[d])
    .join(',');
}

// ---------------------------------------------------------------------------------------------
// Numbers, money, contact, URL, kana

/** A plain decimal number: 35.0116, -0.5, +139.7; no exponent, no degrees-minutes-seconds. */
export function parseDecimal(raw: string): ValueResult<number> {
  const s = nfkc(raw).replace(/[−‐]/g, '-');
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) {
    return fail(
      'invalid_number',
      '数値（10 進数、例: 35.0116）で記入してください。',
      'Write a decimal number (e.g. 35.0116).',
    );
  }
  return { ok: true, value: Number(s) };
}

/**
 * The whole number a pattern captures as its first group, with or without thousands commas;
 * undefined when it does not match or is above ten million (no fee or count is that large).
 */
function wholeNumber(pattern: RegExp, s: string): number | undefined {
  const m = pattern.exec(s);
  const value = m ? Number(m[1]!.replace(/,/g, '')) : Number.NaN;
  return Number.isSafeInteger(value) && value <= 10_000_000 ? value : undefined;
}

/** Yen as a whole number: 500, 1,000円, ¥1000, 無料 (= 0). Price lists belong in 料金（詳細）. */
export function parseYen(raw: string): ValueResult<number> {
  const s = nfkc(raw).replace(/\s+/g, '');
  if (s === '無料' || s === '0円') return { ok: true, value: 0 };
  const value = wholeNumber(/^¥?(\d{1,3}(?:,\d{3})+|\d+)円?$/, s);
  if (value === undefined) {
    return fail(
      'invalid_fee',
      '料金（基本）は円の金額を数字で記入してください（例: 500、無料）。料金表や条件は 料金（詳細） に書いてください。',
      'The basic fee must be an amount in yen (e.g. 500, 無料). Put price lists and conditions in the detailed fee column.',
    );
  }
  return { ok: true, value };
}

/** A whole number of people: 100, 1,000, 100人, 100名. */
export function parseCount(raw: string): ValueResult<number> {
  const s = nfkc(raw).replace(/\s+/g, '');
  const value = wholeNumber(/^(\d{1,3}(?:,\d{3})+|\d+)[人名]?$/, s);
  if (value === undefined) {
    return fail(
      'invalid_integer',
      '人数を数字で記入してください（例: 100）。',
      'Write a whole number (e.g. 100).',
    );
  }
  return { ok: true, value };
}

/** A phone number of digits, hyphens, brackets and +; dash look-alikes become '-'. */
export function parsePhone(raw: string): ValueResult<string> {
  const s = nfkc(raw).replace(/[‐‑‒–—―−ー]/g, '-');
  if (!/^[0-9+()\- ]{1,30}$/.test(s) || !/\d/.test(s)) {
    return fail(
      'invalid_phone',
      '電話番号は数字とハイフンで記入してください（例: 0123-45-6789）。',
      'Write the phone number with digits and hyphens (e.g. 0123-45-6789).',
    );
  }
  return { ok: true, value: s };
}

export function parseExtension(raw: string): ValueResult<string> {
  const s = nfkc(raw);
  if (!/^\d{1,10}$/.test(s)) {
    return fail(
      'invalid_extension',
      '内線番号は数字だけで記入してください。',
      'The extension must be digits only.',
    );
  }
  return { ok: true, value: s };
}

/** An absolute http(s) URL, kept as written. Anything else (javascript:, ftp:, a bare host) is refused. */
export function parseHttpUrl(raw: string): ValueResult<string> {
  const s = raw.trim();
  let ok = /^https?:\/\/[^\s]+$/i.test(s);
  if (ok) {
    try {
      ok = ['http:', 'https:'].includes(new URL(s).protocol) && s.length <= 2000;
    } catch {
      ok = false;
    }
  }
  return ok
    ? { ok: true, value: s }
    : fail(
        'invalid_url',
        'URL は http:// または https:// で始まる正しい形で記入してください。',
        'The URL must be a valid address starting with http:// or https://.',
      );
}

/** A reading in kana; half-width katakana is widened. Matches the content model's kana rule. */
export function parseKana(raw: string): ValueResult<string> {
  const s = nfkc(raw);
  if (!/^[\u3041-\u309F\u30A0-\u30FF\s]*$/.test(s)) {
    return fail(
      'invalid_kana',
      '名称_カナ はカタカナ（またはひらがな）で記入してください。',
      'The reading must be written in katakana (or hiragana).',
    );
  }
  return { ok: true, value: s };
}

/** Japan's extent including the remote islands (Okinotorishima, Minamitorishima, Yonaguni, Etorofu). */
export function insideJapan(lat: number, lng: number): boolean {
  return lat >= 20 && lat <= 46 && lng >= 122 && lng <= 154;
}
