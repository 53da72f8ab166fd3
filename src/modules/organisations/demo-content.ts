/**
 * Demo content of the fictional みってし町 (Mitte Town): 30 spots, 10 events, 2 model courses and 2
 * feature articles. Every place, name and text is invented. References between items use stable
 * keys; the caller creates the spots first and turns the keys into spot ids (see the `demo…Data`
 * helpers). The texts live in demo-content.json; event dates are computed here from the day the
 * demo is created, so it never looks stale.
 */
import type { ArticleData, CourseData, EventData, SpotData } from '../content/index.js';
import demoData from './demo-content.json' with { type: 'json' };

export interface DemoSpot {
  key: string;
  data: SpotData;
}

export interface DemoEvent {
  key: string;
  /** The demo spot the event takes place at; `data.venue.spotId` is left unset. */
  venueSpotKey?: string;
  data: EventData;
}

type CourseStop = CourseData['stops'][number];
export type DemoCourseStop = Omit<CourseStop, 'spotId'> & { spotKey: string };

export interface DemoCourse {
  key: string;
  /** The stops in order; all but the last say how to get to the next one. */
  stops: DemoCourseStop[];
  data: Omit<CourseData, 'stops'>;
}

export interface DemoArticle {
  key: string;
  relatedSpotKeys: string[];
  data: Omit<ArticleData, 'relatedSpotIds'>;
}

export const DEMO_SITE = 'https://www.mitte-town.example.jp';

/** The items' texts and fields; what depends on the day (event dates) and the URLs are added here. */
const DATA = demoData as unknown as {
  spots: { key: string; data: Omit<SpotData, 'url'> }[];
  events: { key: string; venueSpotKey?: string; data: Omit<EventData, 'url' | 'startDate'> }[];
  courses: DemoCourse[];
  articles: DemoArticle[];
};

export const DEMO_SPOTS: DemoSpot[] = DATA.spots.map(({ key, data }) => ({
  key,
  data: { ...data, url: `${DEMO_SITE}/spots/${key}` },
}));

// ── Events: dated from the day the demo is created ──────────────

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (year: number, month: number, day: number): string => {
  const d = new Date(Date.UTC(year, month - 1, day));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const parts = (date: string): [number, number, number] => {
  const [y = 0, m = 0, d = 0] = date.split('-').map(Number);
  return [y, m, d];
};
const maxDate = (a: string, b: string): string => (a > b ? a : b);

/** The last day of the demo's window: the day before the same date a year later. */
function windowEnd(today: string): string {
  const [y, m, d] = parts(today);
  return addDays(ymd(y + 1, m, d), -1);
}

/** The nth (1–5) weekday (0 = Sunday … 6 = Saturday) of a month. */
function nthWeekday(year: number, month: number, n: number, weekday: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return ymd(year, month, 1 + ((weekday - first + 7) % 7) + 7 * (n - 1));
}

/** The first date on or after `today` that falls on the weekday. */
function nextWeekday(today: string, weekday: number): string {
  const current = new Date(`${today}T00:00:00Z`).getUTCDay();
  return addDays(today, (weekday - current + 7) % 7);
}

/** The next nth weekday of a month on or after `today`. */
function nextMonthlyNth(today: string, n: number, weekday: number): string {
  const [y, m] = parts(today);
  const thisMonth = nthWeekday(y, m, n, weekday);
  return thisMonth >= today ? thisMonth : nthWeekday(y, m + 1, n, weekday);
}

/**
 * The next yearly occurrence of an event lasting `spanDays` after its start, wholly inside the
 * window [today, today + 1 year). When neither this year's nor next year's fits, this year's is
 * under way: unless `keepWhole`, it is shown from today to its end. Otherwise next year's is moved
 * a week at a time (keeping the weekday) until it ends inside the window; so it is too when next
 * year's weekday falls a few days past the window.
 */
function nextAnnual(
  today: string,
  startIn: (year: number) => string,
  spanDays = 0,
  keepWhole = false,
): { start: string; end: string } {
  const last = windowEnd(today);
  const [year] = parts(today);
  for (const y of [year, year + 1]) {
    const start = startIn(y);
    const end = addDays(start, spanDays);
    if (start >= today && end <= last) return { start, end };
  }
  const current = addDays(startIn(year), spanDays);
  if (!keepWhole && current >= today) return { start: today, end: current };
  let start = startIn(year + 1);
  while (addDays(start, spanDays) > last) start = addDays(start, -7);
  return { start, end: addDays(start, spanDays) };
}

const SUN = 0;
const SAT = 6;
const MON = 1;

const eventUrl = (key: string) => `${DEMO_SITE}/events/${key}`;

/** Each event's dates (and application deadline), from `today`. */
function eventDates(today: string): Record<string, Partial<EventData>> {
  const festival = nextAnnual(today, (y) => addDays(nthWeekday(y, 10, 2, MON), -2), 2);
  const fireworks = nextAnnual(today, (y) => nthWeekday(y, 8, 1, SAT));
  const sakura = nextAnnual(today, (y) => ymd(y, 4, 1), 9);
  const autumn = nextAnnual(today, (y) => ymd(y, 11, 15), 15);
  const stars = nextAnnual(today, (y) => ymd(y, 8, 12));
  // Moved two weeks later: both the old and the new date lie in the window.
  const trekking = nextAnnual(today, (y) => nthWeekday(y, 5, 3, SUN), 14, true);
  const soba = nextAnnual(today, (y) => nthWeekday(y, 1, 4, SUN));
  const brewery = nextAnnual(today, (y) => nthWeekday(y, 2, 3, SAT));
  return {
    'saturday-morning-market': { startDate: nextWeekday(today, SAT) },
    'castle-guided-walk': { startDate: nextMonthlyNth(today, 2, SUN) },
    'castle-town-festival': { startDate: festival.start, endDate: festival.end },
    fireworks: { startDate: fireworks.start },
    'cherry-blossom-festival': { startDate: sakura.start, endDate: sakura.end },
    'autumn-leaves-illumination': { startDate: autumn.start, endDate: autumn.end },
    'stargazing-night': { startDate: stars.start },
    'fresh-green-trekking': {
      startDate: trekking.end,
      previousStartDate: trekking.start,
      application: { deadline: maxDate(today, addDays(trekking.end, -7)) },
    },
    'soba-making-class': {
      startDate: soba.start,
      application: { deadline: maxDate(today, addDays(soba.start, -10)) },
    },
    'brewery-open-day': { startDate: brewery.start },
  };
}

/**
 * The demo events, dated from `today` (YYYY-MM-DD, Asia/Tokyo) over the following 12 months.
 */
export function demoEvents(today: string): DemoEvent[] {
  const dates = eventDates(today);
  return DATA.events.map(({ key, venueSpotKey, data }) => {
    const { application, ...dated } = dates[key] ?? {};
    if (!dated.startDate) throw new Error(`demo event ${key} has no date`);
    return {
      key,
      ...(venueSpotKey ? { venueSpotKey } : {}),
      data: {
        ...data,
        ...dated,
        startDate: dated.startDate,
        ...(data.application ? { application: { ...data.application, ...application } } : {}),
        url: eventUrl(key),
      } as EventData,
    };
  });
}

// ── Model courses and feature articles ──────────────────────────

export const DEMO_COURSES: DemoCourse[] = DATA.courses;
export const DEMO_ARTICLES: DemoArticle[] = DATA.articles;

// ── Keys to ids ─────────────────────────────────────────────────

/** The event's data with its venue spot, once the demo spots exist. */
export function demoEventData(event: DemoEvent, spotId: (key: string) => string): EventData {
  if (!event.venueSpotKey) return event.data;
  return { ...event.data, venue: { ...event.data.venue, spotId: spotId(event.venueSpotKey) } };
}

export function demoCourseData(course: DemoCourse, spotId: (key: string) => string): CourseData {
  return {
    ...course.data,
    stops: course.stops.map(({ spotKey, ...stop }) => ({ ...stop, spotId: spotId(spotKey) })),
  };
}

export function demoArticleData(article: DemoArticle, spotId: (key: string) => string): ArticleData {
  return { ...article.data, relatedSpotIds: article.relatedSpotKeys.map(spotId) };
}

/** The demo site's tagline and footer, so the first start shows a complete site. */
export const DEMO_SITE_LOOK = {
  tagline: {
    ja: '城下町と白鷺川のまち、みってしへようこそ',
    en: 'A castle town on the Shirasagi River',
    'zh-Hans': '欢迎来到白鹭川畔的城下町',
    'zh-Hant': '歡迎來到白鷺川畔的城下町',
    ko: '시라사기강이 흐르는 성하마을',
  },
  contact: {
    phone: '0584-00-1234',
    email: 'kanko@demo.example.jp',
    address: {
      ja: 'みってし町駅前1-1 みってし町観光協会',
      en: 'Mitte Town Tourist Association, 1-1 Ekimae, Mitte Town',
    },
    hours: { ja: '9:00–17:00（年末年始を除く）', en: '9:00–17:00 (closed over the New Year)' },
  },
  socialAccounts: [
    { service: 'instagram' as const, url: 'https://social.example.jp/instagram/mitte_town' },
    { service: 'x' as const, url: 'https://social.example.jp/x/mitte_town' },
  ],
};
