/**
 * A recurring event's rule in words, per site language ("毎週土曜", "Every Saturday"), so the
 * event list can show the event once with its rule instead of a card per date.
 */
import { WEEKDAY_DAY } from '../contract/content.js';
import { parseRecurrence, type WeekdayCode } from '../modules/content/index.js';
import { dayName, type SiteLanguage } from './site-i18n.js';

// 2023-01-02 was a Monday: the long weekday names come from Intl.
const WEEKDAY_INDEX: Record<WeekdayCode, number> = { MO: 0, TU: 1, WE: 2, TH: 3, FR: 4, SA: 5, SU: 6 };
const longDay = (lang: SiteLanguage, day: WeekdayCode) =>
  new Intl.DateTimeFormat(lang, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2023, 0, 2 + WEEKDAY_INDEX[day])),
  );

/** A weekday as the rule sentences use it: 土曜, Saturday, 周六, 週六, 토요일, วันเสาร์. */
function weekday(lang: SiteLanguage, day: WeekdayCode): string {
  const short = dayName(lang, WEEKDAY_DAY[day]);
  if (lang === 'ja') return `${short}曜`;
  if (lang === 'ko') return `${short}요일`;
  if (lang === 'zh-Hans' || lang === 'zh-Hant') return short;
  return longDay(lang, day);
}

const list = (lang: SiteLanguage, items: string[]) =>
  items.join(lang === 'en' || lang === 'th' ? ', ' : lang === 'ko' ? ', ' : '・');

const ORDINALS_EN = ['', 'first', 'second', 'third', 'fourth', 'fifth'];

type Sentences = Record<
  SiteLanguage,
  {
    weekly: (days: string) => string;
    everyNWeeks: (n: number, days: string) => string;
    monthlyNth: (n: number, day: string) => string;
    monthlyLast: (day: string) => string;
    monthlyDays: (days: string) => string;
  }
>;

function chineseSentences(chars: { week: string; ordinal: string; last: string }): Sentences['ja'] {
  return {
    weekly: (d) => `每${d}`,
    everyNWeeks: (n, d) => `每${n}${chars.week}的${d}`,
    monthlyNth: (n, d) => `每月第${n}${chars.ordinal}${d}`,
    monthlyLast: (d) => `每月${chars.last}${d}`,
    monthlyDays: (d) => `每月${d}日`,
  };
}

const SENTENCES: Sentences = {
  ja: {
    weekly: (d) => `毎週${d}`,
    everyNWeeks: (n, d) => `${n}週ごとの${d}`,
    monthlyNth: (n, d) => `毎月第${n}${d}`,
    monthlyLast: (d) => `毎月最終${d}`,
    monthlyDays: (d) => `毎月${d}日`,
  },
  en: {
    weekly: (d) => `Every ${d}`,
    everyNWeeks: (n, d) => `Every ${n} weeks on ${d}`,
    monthlyNth: (n, d) => `The ${ORDINALS_EN[n] ?? `${n}th`} ${d} of every month`,
    monthlyLast: (d) => `The last ${d} of every month`,
    monthlyDays: (d) => `Every month on day ${d}`,
  },
  // Simplified and Traditional Chinese say the rules alike; only the characters differ.
  'zh-Hans': chineseSentences({ week: '周', ordinal: '个', last: '最后一个' }),
  'zh-Hant': chineseSentences({ week: '週', ordinal: '個', last: '最後一個' }),
  ko: {
    weekly: (d) => `매주 ${d}`,
    everyNWeeks: (n, d) => `${n}주마다 ${d}`,
    monthlyNth: (n, d) => `매월 ${n}번째 ${d}`,
    monthlyLast: (d) => `매월 마지막 ${d}`,
    monthlyDays: (d) => `매월 ${d}일`,
  },
  th: {
    weekly: (d) => `ทุก${d}`,
    everyNWeeks: (n, d) => `ทุก ${n} สัปดาห์ ${d}`,
    monthlyNth: (n, d) => `${d}ที่ ${n} ของทุกเดือน`,
    monthlyLast: (d) => `${d}สุดท้ายของทุกเดือน`,
    monthlyDays: (d) => `ทุกวันที่ ${d} ของเดือน`,
  },
};

/** The rule in words, or null when it is not one the site can say simply (its dates still show). */
export function recurrenceText(lang: SiteLanguage, rrule: string | undefined | null): string | null {
  if (!rrule) return null;
  const parsed = parseRecurrence(rrule);
  if (!parsed.ok) return null;
  const { freq, interval, byDay, byMonthDay } = parsed.rule;
  const say = SENTENCES[lang];
  if (freq === 'WEEKLY' && byDay.length) {
    const days = list(
      lang,
      byDay.map((d) => weekday(lang, d.weekday)),
    );
    return interval === 1 ? say.weekly(days) : say.everyNWeeks(interval, days);
  }
  if (freq === 'MONTHLY' && interval === 1 && byDay.length === 1) {
    const { weekday: day, ordinal } = byDay[0]!;
    if (ordinal === null) return null;
    return ordinal === -1 ? say.monthlyLast(weekday(lang, day)) : say.monthlyNth(ordinal, weekday(lang, day));
  }
  if (freq === 'MONTHLY' && interval === 1 && byMonthDay.length && !byDay.length) {
    return say.monthlyDays(list(lang, byMonthDay.map(String)));
  }
  return null;
}
