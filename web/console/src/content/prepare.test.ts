import { describe, expect, it } from 'vitest';
import type { CourseData, EventData, SpotData } from './model';
import {
  clientProblems,
  invalidNumberPaths,
  parseNumber,
  parseTags,
  prepareForSave,
  pruneEmpty,
} from './prepare';

describe('pruneEmpty', () => {
  it('drops empty translations but keeps Japanese', () => {
    expect(pruneEmpty({ ja: '寺', en: '', ko: '  ' })).toEqual({ ja: '寺' });
    expect(pruneEmpty({ ja: '', en: 'Temple' })).toEqual({ ja: '', en: 'Temple' });
  });

  it('drops a text with nothing in any language, empty strings, lists and objects', () => {
    expect(pruneEmpty({ a: { ja: '', en: '' }, b: '', c: [], d: {}, e: 0, f: false, g: null })).toEqual({
      e: 0,
      f: false,
      g: null,
    });
  });

  it('keeps required keys even when empty', () => {
    expect(pruneEmpty({ venue: {}, stops: [] }, ['venue', 'stops'])).toEqual({ venue: {}, stops: [] });
  });
});

describe('prepareForSave', () => {
  it('sends a spot without empties, with null times and a basic fee key', () => {
    const spot: SpotData = {
      name: { ja: '清水寺', en: '' },
      category: 'temple-shrine',
      kana: '',
      tags: [],
      openingHours: [{ days: ['mon'], opens: '09:00', closes: '', note: { ja: '' } }],
      fees: { basicYen: null, detail: { ja: '大人400円' } },
      contact: { name: '', phone: '' },
    };
    expect(prepareForSave('spot', spot)).toEqual({
      name: { ja: '清水寺' },
      category: 'temple-shrine',
      openingHours: [{ days: ['mon'], opens: '09:00', closes: null }],
      fees: { basicYen: null, detail: { ja: '大人400円' } },
    });
  });

  it('drops event times when all-day, the previous date unless rescheduled, and the RRULE: prefix', () => {
    const event: EventData = {
      name: { ja: '祇園祭' },
      category: 'festival',
      startDate: '2025-07-01',
      startTime: '10:00',
      endTime: '12:00',
      allDay: true,
      eventStatus: 'scheduled',
      previousStartDate: '2025-06-01',
      recurrence: ' RRULE:FREQ=WEEKLY;BYDAY=SA ',
      venue: { name: { ja: '' } },
    };
    expect(prepareForSave('event', event)).toEqual({
      name: { ja: '祇園祭' },
      category: 'festival',
      startDate: '2025-07-01',
      allDay: true,
      eventStatus: 'scheduled',
      recurrence: 'FREQ=WEEKLY;BYDAY=SA',
      venue: {},
    });
  });

  it('keeps the stops of a course even when there are none', () => {
    const course: CourseData = { name: { ja: '東山散策' }, stops: [] };
    expect(prepareForSave('course', course)).toEqual({ name: { ja: '東山散策' }, stops: [] });
  });
});

describe('clientProblems', () => {
  it('requires the Japanese name and the category of a spot', () => {
    expect(clientProblems('spot', { name: { ja: '' }, category: '' })).toEqual([
      { path: 'name.ja', key: 'content.check.nameRequired' },
      { path: 'category', key: 'content.check.categoryRequired' },
    ]);
  });

  it('reports half-typed numbers, one-sided positions and bad times at their paths', () => {
    const spot: SpotData = {
      name: { ja: '寺' },
      category: 'temple-shrine',
      lat: Number.NaN,
      openingHours: [
        { days: [], opens: '9時', closes: '17:00', validFrom: '2025-05-01', validTo: '2025-04-01' },
      ],
      fees: { basicYen: Number.NaN },
      url: 'example.jp',
    };
    expect(clientProblems('spot', spot).map((p) => [p.path, p.key])).toEqual([
      ['lng', 'content.check.latLngBoth'],
      ['openingHours.0.days', 'content.check.daysRequired'],
      ['openingHours.0.opens', 'content.check.time'],
      ['openingHours.0.validTo', 'content.check.validOrder'],
      ['lat', 'content.check.number'],
      ['fees.basicYen', 'content.check.number'],
      ['url', 'content.check.url'],
    ]);
  });

  it('checks event dates, times, status and recurrence', () => {
    const event: EventData = {
      name: { ja: '祭' },
      category: 'festival',
      startDate: '2025-07-10',
      endDate: '2025-07-01',
      allDay: false,
      eventStatus: 'rescheduled',
      recurrence: 'weekly',
      venue: { lat: 35 },
    };
    expect(clientProblems('event', event).map((p) => p.path)).toEqual([
      'endDate',
      'startTime',
      'recurrence',
      'previousStartDate',
      'venue.lng',
    ]);
  });

  it('needs two stops in a course and a body in an article', () => {
    expect(
      clientProblems('course', { name: { ja: 'c' }, stops: [{ spotId: 'x', stayMinutes: 30 }] }),
    ).toEqual([{ path: 'stops', key: 'content.check.stopsMin' }]);
    expect(clientProblems('article', { title: { ja: 't' }, body: { ja: ' ' } })).toEqual([
      { path: 'body.ja', key: 'content.check.bodyRequired' },
    ]);
  });

  it('finds nothing wrong with a complete spot', () => {
    expect(
      clientProblems('spot', { name: { ja: '寺' }, category: 'temple-shrine', lat: 35, lng: 135 }),
    ).toEqual([]);
  });
});

describe('invalidNumberPaths', () => {
  it('finds NaN anywhere', () => {
    expect(invalidNumberPaths({ a: 1, b: Number.NaN, c: [{ d: Number.NaN }] })).toEqual(['b', 'c.0.d']);
  });
});

describe('parseNumber', () => {
  it('reads whole and decimal numbers, forgiving full width and separators', () => {
    expect(parseNumber('１，２００', true)).toBe(1200);
    expect(parseNumber(' 34.9948 ', false)).toBe(34.9948);
    expect(parseNumber('−12.5', false)).toBe(-12.5);
    expect(parseNumber('', true)).toBeUndefined();
  });

  it('is NaN for what is not a number', () => {
    expect(parseNumber('12.5', true)).toBeNaN();
    expect(parseNumber('35度', false)).toBeNaN();
  });
});

describe('parseTags', () => {
  it('splits on 「、」 and commas, trims and removes duplicates and empties', () => {
    expect(parseTags('桜、紅葉, 世界遺産,,桜，夜景 ')).toEqual(['桜', '紅葉', '世界遺産', '夜景']);
    expect(parseTags('  ')).toEqual([]);
  });
});
