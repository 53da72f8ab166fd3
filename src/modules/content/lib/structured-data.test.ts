import { describe, expect, it } from 'vitest';
import {
  type CourseForPublishing,
  type EventForPublishing,
  eventJsonLd,
  eventsICalendar,
  isoDuration,
  type SpotForPublishing,
  spotsGeoJson,
  touristAttractionJsonLd,
  touristTripJsonLd,
} from './structured-data.js';

const spot: SpotForPublishing = {
  id: 'spot-1',
  name: { ja: '鳴沢の滝', en: 'Narusawa Falls' },
  kana: 'ナルサワノタキ',
  description: { ja: '落差 30 メートルの滝。', en: 'A 30-metre waterfall.' },
  address: { ja: '架空県みどり町鳴沢 12' },
  lat: 35.1234,
  lng: 138.5678,
  openingHours: [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '09:00', closes: '17:00' },
    {
      days: ['sat', 'sun', 'holiday'],
      opens: '08:00',
      closes: '24:00',
      validFrom: '2026-04-01',
      validTo: '2026-10-31',
    },
  ],
  fees: { basicYen: 0 },
  contact: { phone: '0123-45-6789' },
  url: 'https://narusawa.example.jp/',
  imageUrls: ['https://cdn.example.jp/falls.jpg'],
  category: 'nature',
};

const event: EventForPublishing = {
  id: 'event-1',
  name: { ja: 'みどり町 朝市', en: 'Midori Morning Market' },
  description: { ja: '地元の野菜が並びます。' },
  startDate: '2026-04-04',
  startTime: '10:00',
  endTime: '12:00',
  allDay: false,
  recurrence: 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20260926',
  eventStatus: 'scheduled',
  venue: {
    name: { ja: '駅前広場', en: 'Station Square' },
    address: { ja: '架空県みどり町駅前 1' },
    lat: 35.1,
    lng: 138.5,
  },
  fees: { basicYen: 500 },
  organiser: { ja: 'みどり町観光協会' },
  url: 'https://midori.example.jp/asaichi',
  imageUrls: ['https://cdn.example.jp/market.jpg'],
  updatedAt: new Date('2026-03-01T00:00:00Z'),
};

describe('touristAttractionJsonLd', () => {
  it('describes a spot in the requested language with hours, geo and address', () => {
    const ld = touristAttractionJsonLd(spot, { url: 'https://site.example.jp/en/spots/spot-1', lang: 'en' });
    expect(ld).toEqual({
      '@context': 'https://schema.org',
      '@type': 'TouristAttraction',
      '@id': 'https://site.example.jp/en/spots/spot-1',
      url: 'https://site.example.jp/en/spots/spot-1',
      name: 'Narusawa Falls',
      alternateName: '鳴沢の滝',
      description: 'A 30-metre waterfall.',
      inLanguage: 'en',
      image: ['https://cdn.example.jp/falls.jpg'],
      address: { '@type': 'PostalAddress', streetAddress: '架空県みどり町鳴沢 12', addressCountry: 'JP' },
      geo: { '@type': 'GeoCoordinates', latitude: 35.1234, longitude: 138.5678 },
      openingHoursSpecification: [
        {
          '@type': 'OpeningHoursSpecification',
          dayOfWeek: [
            'https://schema.org/Monday',
            'https://schema.org/Tuesday',
            'https://schema.org/Wednesday',
            'https://schema.org/Thursday',
            'https://schema.org/Friday',
          ],
          opens: '09:00',
          closes: '17:00',
        },
        {
          '@type': 'OpeningHoursSpecification',
          dayOfWeek: [
            'https://schema.org/Saturday',
            'https://schema.org/Sunday',
            'https://schema.org/PublicHolidays',
          ],
          opens: '08:00',
          closes: '23:59',
          validFrom: '2026-04-01',
          validThrough: '2026-10-31',
        },
      ],
      isAccessibleForFree: true,
      telephone: '0123-45-6789',
      sameAs: 'https://narusawa.example.jp/',
    });
  });

  it('falls back to Japanese and gives the reading as alternate name', () => {
    const ld = touristAttractionJsonLd(spot, { url: 'https://site.example.jp/ko/spots/spot-1', lang: 'ko' });
    expect(ld.name).toBe('鳴沢の滝');
    expect(ld.alternateName).toBeUndefined();
    expect(touristAttractionJsonLd(spot, { url: 'u', lang: 'ja' }).alternateName).toBe('ナルサワノタキ');
  });
});

describe('eventJsonLd', () => {
  it('has the properties Google requires, with +09:00 offsets', () => {
    const ld = eventJsonLd(event, { url: 'https://site.example.jp/events/event-1', lang: 'en' });
    expect(ld).toMatchObject({
      '@type': 'Event',
      name: 'Midori Morning Market',
      startDate: '2026-04-04T10:00:00+09:00',
      endDate: '2026-04-04T12:00:00+09:00',
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: {
        '@type': 'Place',
        name: 'Station Square',
        address: { '@type': 'PostalAddress', streetAddress: '架空県みどり町駅前 1', addressCountry: 'JP' },
        geo: { '@type': 'GeoCoordinates', latitude: 35.1, longitude: 138.5 },
      },
      image: ['https://cdn.example.jp/market.jpg'],
      description: '地元の野菜が並びます。',
      offers: {
        '@type': 'Offer',
        price: 500,
        priceCurrency: 'JPY',
        url: 'https://midori.example.jp/asaichi',
      },
      organizer: { '@type': 'Organization', name: 'みどり町観光協会' },
    });
  });

  it('maps cancelled, postponed and rescheduled (with the previous date)', () => {
    const url = 'https://site.example.jp/events/event-1';
    expect(eventJsonLd({ ...event, eventStatus: 'cancelled' }, { url, lang: 'ja' }).eventStatus).toBe(
      'https://schema.org/EventCancelled',
    );
    expect(eventJsonLd({ ...event, eventStatus: 'postponed' }, { url, lang: 'ja' }).eventStatus).toBe(
      'https://schema.org/EventPostponed',
    );
    const moved = eventJsonLd(
      { ...event, eventStatus: 'rescheduled', previousStartDate: '2026-03-28' },
      { url, lang: 'ja' },
    );
    expect(moved.eventStatus).toBe('https://schema.org/EventRescheduled');
    expect(moved.previousStartDate).toBe('2026-03-28');
    expect(eventJsonLd(event, { url, lang: 'ja' }).previousStartDate).toBeUndefined();
  });

  it('writes all-day events as dates, marks free ones, and fills a missing address from the organisation', () => {
    const festival: EventForPublishing = {
      id: 'e2',
      name: { ja: '花火大会' },
      startDate: '2026-08-01',
      endDate: '2026-08-02',
      allDay: true,
      eventStatus: 'scheduled',
      venue: { name: { ja: 'みどり川河川敷' } },
      fees: { basicYen: 0 },
    };
    const ld = eventJsonLd(festival, {
      url: 'https://site.example.jp/events/e2',
      lang: 'ja',
      org: { name: 'みどり町', prefecture: '架空県', municipality: 'みどり町' },
    });
    expect(ld.startDate).toBe('2026-08-01');
    expect(ld.endDate).toBe('2026-08-02');
    expect(ld.isAccessibleForFree).toBe(true);
    expect(ld.offers).toBeUndefined();
    expect(ld.organizer).toEqual({ '@type': 'Organization', name: 'みどり町' });
    expect(ld.location).toEqual({
      '@type': 'Place',
      name: 'みどり川河川敷',
      address: {
        '@type': 'PostalAddress',
        addressRegion: '架空県',
        addressLocality: 'みどり町',
        addressCountry: 'JP',
      },
    });
  });

  it('describes one occurrence of a recurring event', () => {
    const ld = eventJsonLd(event, {
      url: 'https://site.example.jp/events/event-1',
      lang: 'ja',
      occurrenceStart: new Date('2026-04-11T01:00:00Z'),
    });
    expect(ld.startDate).toBe('2026-04-11T10:00:00+09:00');
    expect(ld.endDate).toBe('2026-04-11T12:00:00+09:00');
    expect(ld['@id']).toBe('https://site.example.jp/events/event-1#2026-04-11T10:00:00+09:00');
  });
});

describe('touristTripJsonLd', () => {
  it('lists the stops in order and sums stays and travel', () => {
    const course: CourseForPublishing = {
      id: 'c1',
      name: { ja: '滝と朝市めぐり', en: 'Falls and market walk' },
      stops: [
        {
          name: { ja: '駅前広場' },
          url: 'https://site.example.jp/spots/a',
          stayMinutes: 60,
          minutesToNext: 20,
        },
        {
          name: { ja: '鳴沢の滝', en: 'Narusawa Falls' },
          url: 'https://site.example.jp/spots/b',
          stayMinutes: 90,
          minutesToNext: 40,
        },
        { name: { ja: '資料館' }, stayMinutes: 30, minutesToNext: 999 },
      ],
    };
    const ld = touristTripJsonLd(course, { url: 'https://site.example.jp/en/courses/c1', lang: 'en' });
    expect(ld.timeRequired).toBe('PT4H');
    expect(ld.name).toBe('Falls and market walk');
    expect(ld.itinerary).toEqual({
      '@type': 'ItemList',
      numberOfItems: 3,
      itemListElement: [
        {
          '@type': 'ListItem',
          position: 1,
          item: { '@type': 'TouristAttraction', name: '駅前広場', url: 'https://site.example.jp/spots/a' },
        },
        {
          '@type': 'ListItem',
          position: 2,
          item: {
            '@type': 'TouristAttraction',
            name: 'Narusawa Falls',
            url: 'https://site.example.jp/spots/b',
          },
        },
        { '@type': 'ListItem', position: 3, item: { '@type': 'TouristAttraction', name: '資料館' } },
      ],
    });
    expect(isoDuration(210)).toBe('PT3H30M');
    expect(isoDuration(45)).toBe('PT45M');
  });
});

describe('spotsGeoJson', () => {
  it('writes [longitude, latitude] and flat per-language properties, skipping spots without coordinates', () => {
    const geo = spotsGeoJson([spot, { id: 'nowhere', name: { ja: '位置なし' } }], {
      pageUrl: (s) => `https://site.example.jp/spots/${s.id}`,
    });
    expect(geo).toEqual({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'spot-1',
          geometry: { type: 'Point', coordinates: [138.5678, 35.1234] },
          properties: {
            id: 'spot-1',
            name: '鳴沢の滝',
            'name:en': 'Narusawa Falls',
            kana: 'ナルサワノタキ',
            description: '落差 30 メートルの滝。',
            'description:en': 'A 30-metre waterfall.',
            address: '架空県みどり町鳴沢 12',
            category: 'nature',
            website: 'https://narusawa.example.jp/',
            url: 'https://site.example.jp/spots/spot-1',
          },
        },
      ],
    });
  });
});

describe('eventsICalendar', () => {
  const lines = (text: string) => text.split('\r\n');
  const generatedAt = new Date('2026-03-15T00:00:00Z');

  it('writes timed events in Asia/Tokyo with a VTIMEZONE and passes RRULE through', () => {
    const text = eventsICalendar([event], {
      orgName: 'みどり町',
      url: 'https://site.example.jp/',
      generatedAt,
    });
    const l = lines(text);
    expect(l).toContain('BEGIN:VTIMEZONE');
    expect(l).toContain('TZID:Asia/Tokyo');
    expect(l).toContain('TZOFFSETTO:+0900');
    expect(l).toContain('UID:event-1@site.example.jp');
    expect(l).toContain('DTSTART;TZID=Asia/Tokyo:20260404T100000');
    expect(l).toContain('DTEND;TZID=Asia/Tokyo:20260404T120000');
    // DATE-TIME DTSTART needs a UTC UNTIL: the end of 26 September in Tokyo.
    expect(l).toContain('RRULE:FREQ=WEEKLY;BYDAY=SA;UNTIL=20260926T145959Z');
    expect(l).toContain('DTSTAMP:20260301T000000Z');
    expect(l).toContain('STATUS:CONFIRMED');
    expect(l).toContain('SUMMARY:みどり町 朝市');
    expect(l).toContain('LOCATION:駅前広場 架空県みどり町駅前 1');
  });

  it('does not depend on the server time zone', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      const text = eventsICalendar([event], { orgName: 'x', url: 'https://site.example.jp/', generatedAt });
      expect(lines(text)).toContain('DTSTART;TZID=Asia/Tokyo:20260404T100000');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('writes all-day events as DATE with an exclusive end, and cancelled ones as CANCELLED', () => {
    const allDay: EventForPublishing = {
      id: 'e2',
      name: { ja: '花火大会', en: 'Fireworks' },
      startDate: '2026-08-01',
      endDate: '2026-08-02',
      allDay: true,
      eventStatus: 'cancelled',
      venue: {},
      recurrence: 'FREQ=MONTHLY;BYMONTHDAY=1;UNTIL=20261201',
    };
    const l = lines(
      eventsICalendar([allDay], { orgName: 'x', url: 'https://site.example.jp/', lang: 'en', generatedAt }),
    );
    expect(l).toContain('DTSTART;VALUE=DATE:20260801');
    expect(l).toContain('DTEND;VALUE=DATE:20260803');
    expect(l).toContain('STATUS:CANCELLED');
    expect(l).toContain('SUMMARY:Fireworks');
    expect(l).toContain('RRULE:FREQ=MONTHLY;BYMONTHDAY=1;UNTIL=20261201');
    expect(l).toContain('DTSTAMP:20260315T000000Z');
  });

  it('marks postponed events tentative and skips an invalid rule rather than publishing it', () => {
    const text = eventsICalendar([{ ...event, eventStatus: 'postponed', recurrence: 'FREQ=DAILY' }], {
      orgName: 'x',
      url: 'https://site.example.jp/',
      generatedAt,
    });
    expect(lines(text)).toContain('STATUS:TENTATIVE');
    expect(text).not.toContain('RRULE');
  });
});
