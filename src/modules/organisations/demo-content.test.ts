import { randomUUID } from 'node:crypto';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ArticleData, CourseData, EVENT_CATEGORIES, EventData, SpotData } from '../content/index.js';
import {
  DEMO_ARTICLES,
  DEMO_COURSES,
  DEMO_SITE,
  DEMO_SPOTS,
  demoArticleData,
  demoCourseData,
  demoEventData,
  demoEvents,
} from './demo-content.js';

const TODAY = '2026-11-25';
const SPOT_CATEGORIES = [
  'nature',
  'history',
  'temple-shrine',
  'museum',
  'onsen',
  'food',
  'shopping',
  'activity',
  'scenic-view',
  'park-garden',
];

const spotIds = new Map(DEMO_SPOTS.map((s) => [s.key, randomUUID()]));
const spotId = (key: string): string => {
  const id = spotIds.get(key);
  if (!id) throw new Error(`unknown spot key ${key}`);
  return id;
};

/** Fails with the schema's errors, so a broken item says what is wrong. */
function expectValid(schema: TSchema, value: unknown, label: string): void {
  const errors = Value.Check(schema, value) ? [] : [...Value.Errors(schema, value)];
  expect(errors, `${label}: ${JSON.stringify(errors, null, 2)}`).toEqual([]);
}

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const aYearLater = (date: string): string => {
  const [y = 0, m = 0, d = 0] = date.split('-').map(Number);
  return new Date(Date.UTC(y + 1, m - 1, d)).toISOString().slice(0, 10);
};
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

function eventDates(today: string): string[] {
  return demoEvents(today).flatMap(({ data }) =>
    [data.startDate, data.endDate, data.previousStartDate, data.application?.deadline].filter(
      (d): d is string => d !== undefined,
    ),
  );
}

describe('demo spots', () => {
  it('are 30 with unique keys, valid data and their own page', () => {
    expect(DEMO_SPOTS).toHaveLength(30);
    expect(new Set(DEMO_SPOTS.map((s) => s.key)).size).toBe(30);
    for (const { key, data } of DEMO_SPOTS) {
      expectValid(SpotData, data, key);
      expect(key).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(data.url).toBe(`${DEMO_SITE}/spots/${key}`);
      expect(data.imageIds).toBeUndefined();
      expect(SPOT_CATEGORIES).toContain(data.category);
    }
  });

  it('have Japanese and English names, descriptions and addresses, and a reading', () => {
    for (const { key, data } of DEMO_SPOTS) {
      expect(data.name.ja, key).not.toBe('');
      expect(data.name.en, key).toBeTruthy();
      expect(data.description?.ja, key).toBeTruthy();
      expect(data.description?.en, key).toBeTruthy();
      expect(data.address?.ja, key).toMatch(/^みってし町/);
      expect(data.address?.en, key).toMatch(/Mitte Town/);
      expect(data.kana, key).toBeTruthy();
      expect(data.access?.en, key).toBeTruthy();
    }
  });

  it('lie inside the town', () => {
    for (const { key, data } of DEMO_SPOTS) {
      expect(data.lat, key).toBeGreaterThanOrEqual(35.3);
      expect(data.lat, key).toBeLessThanOrEqual(35.4);
      expect(data.lng, key).toBeGreaterThanOrEqual(136.7);
      expect(data.lng, key).toBeLessThanOrEqual(136.85);
    }
  });

  it('give fictional phone numbers and valid opening times', () => {
    for (const { key, data } of DEMO_SPOTS) {
      if (data.contact?.phone) expect(data.contact.phone, key).toMatch(/^0584-00-\d{4}$/);
      for (const hours of data.openingHours ?? []) {
        if (hours.opens && hours.closes) expect(hours.opens < hours.closes, key).toBe(true);
      }
    }
  });
});

describe('demo events', () => {
  const events = demoEvents(TODAY);

  it('are 10 with unique keys and valid data once their venue is resolved', () => {
    expect(events).toHaveLength(10);
    expect(new Set(events.map((e) => e.key)).size).toBe(10);
    for (const event of events) {
      expect(event.data.venue.spotId).toBeUndefined();
      expect(EVENT_CATEGORIES).toContain(event.data.category);
      expect(event.data.name.en).toBeTruthy();
      expect(event.data.description?.en).toBeTruthy();
      const data = demoEventData(event, spotId);
      expectValid(EventData, data, event.key);
      if (event.venueSpotKey) expect(data.venue.spotId).toBe(spotIds.get(event.venueSpotKey));
    }
  });

  it('refer to existing spots, or name a place with its position', () => {
    for (const event of events) {
      if (event.venueSpotKey) {
        expect(spotIds.has(event.venueSpotKey), event.key).toBe(true);
      } else {
        expect(event.data.venue.name?.ja, event.key).toBeTruthy();
        expect(event.data.venue.address?.ja, event.key).toBeTruthy();
        expect(event.data.venue.lat, event.key).toBeGreaterThanOrEqual(35.3);
        expect(event.data.venue.lat, event.key).toBeLessThanOrEqual(35.4);
        expect(event.data.venue.lng, event.key).toBeGreaterThanOrEqual(136.7);
        expect(event.data.venue.lng, event.key).toBeLessThanOrEqual(136.85);
      }
    }
  });

  it('include the required kinds of event', () => {
    const byRule = (rule: string) => events.find((e) => e.data.recurrence === rule);
    const weekly = byRule('FREQ=WEEKLY;BYDAY=SA');
    expect(weekly).toBeDefined();
    expect(weekday(weekly!.data.startDate)).toBe(6);
    const monthly = byRule('FREQ=MONTHLY;BYDAY=2SU');
    expect(monthly).toBeDefined();
    expect(weekday(monthly!.data.startDate)).toBe(0);
    expect(Math.ceil(Number(monthly!.data.startDate.slice(8)) / 7)).toBe(2);
    expect(events.some((e) => e.data.allDay && e.data.endDate && e.data.endDate > e.data.startDate)).toBe(
      true,
    );
    expect(events.some((e) => e.data.eventStatus === 'cancelled')).toBe(true);
    const moved = events.find((e) => e.data.eventStatus === 'rescheduled');
    expect(moved?.data.previousStartDate).toBeDefined();
    expect(events.some((e) => !e.venueSpotKey)).toBe(true);
    expect(
      events.some((e) => e.data.capacity && e.data.application?.deadline && e.data.application.method),
    ).toBe(true);
  });

  it(`are dated on or after ${TODAY} and within 12 months`, () => {
    const end = aYearLater(TODAY);
    for (const date of eventDates(TODAY)) {
      expect(date >= TODAY, date).toBe(true);
      expect(date < end, date).toBe(true);
    }
  });

  it('stay within 12 months, in order, whatever the day (two years, a leap day included)', () => {
    for (let today = '2027-01-01'; today <= '2028-12-31'; today = addDays(today, 1)) {
      const end = aYearLater(today);
      for (const date of eventDates(today)) {
        expect(date >= today && date < end, `${today}: ${date}`).toBe(true);
      }
      for (const { key, data } of demoEvents(today)) {
        if (data.endDate) expect(data.endDate >= data.startDate, `${today}: ${key}`).toBe(true);
        if (data.application?.deadline)
          expect(data.application.deadline <= data.startDate, `${today}: ${key}`).toBe(true);
        if (data.previousStartDate)
          expect(data.previousStartDate < data.startDate, `${today}: ${key}`).toBe(true);
      }
    }
  });
});

describe('demo courses and articles', () => {
  it('are valid once their spots are resolved', () => {
    expect(DEMO_COURSES).toHaveLength(2);
    expect(DEMO_ARTICLES).toHaveLength(2);
    for (const course of DEMO_COURSES) expectValid(CourseData, demoCourseData(course, spotId), course.key);
    for (const article of DEMO_ARTICLES)
      expectValid(ArticleData, demoArticleData(article, spotId), article.key);
  });

  it('refer to existing spots, with travel to the next stop on all but the last', () => {
    for (const course of DEMO_COURSES) {
      course.stops.forEach((stop, i) => {
        expect(spotIds.has(stop.spotKey), `${course.key}: ${stop.spotKey}`).toBe(true);
        const last = i === course.stops.length - 1;
        expect(stop.travelMode === undefined, `${course.key}: ${stop.spotKey}`).toBe(last);
        expect(stop.minutesToNext === undefined, `${course.key}: ${stop.spotKey}`).toBe(last);
      });
    }
    for (const article of DEMO_ARTICLES) {
      for (const key of article.relatedSpotKeys)
        expect(spotIds.has(key), `${article.key}: ${key}`).toBe(true);
    }
  });

  it('have keys unique among their kind, and Markdown bodies in both languages', () => {
    expect(new Set(DEMO_COURSES.map((c) => c.key)).size).toBe(DEMO_COURSES.length);
    expect(new Set(DEMO_ARTICLES.map((a) => a.key)).size).toBe(DEMO_ARTICLES.length);
    for (const { key, data } of DEMO_ARTICLES) {
      for (const body of [data.body.ja, data.body.en ?? '']) {
        expect(body, key).toMatch(/^## /m);
        expect(body, key).toMatch(/^- /m);
        expect(body, key).toContain('](https://www.mitte-town.example.jp/)');
      }
    }
  });
});
