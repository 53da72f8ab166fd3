import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, seedUser, signedIn } from './helpers/client.js';
import { eventData, publishNew, spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

// One JSON-LD per item: the public API's /jsonld and the item's page embed the same object, and
// neither (nor any other public answer) names a spot that is not published.
let t: TestApp;
let publisher: Client;
const ORG = 'ldtown';
const BASE = 'https://kanko.example.jp';
const items: { kind: 'spots' | 'events' | 'courses' | 'articles'; id: string; name: string }[] = [];
let liveSpot = '';
let draftSpot = '';
let withdrawnSpot = '';
let recurringEvent = '';
let course = '';
let article = '';
let draftVenueEvent = '';

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0', BASE_URL: BASE } });
  await createOrganisation(t.database.db, ORG, 'じそん町');
  publisher = await signedIn(
    t,
    ORG,
    await seedUser(t, ORG, {
      totp: false,
      rights: { spots: 'publish', events: 'publish', courses: 'publish', articles: 'publish', site: 'edit' },
    }),
  );
  const { rows } = await t.database.superuser.query(
    `INSERT INTO tenant.media (org, kind, mime, extension, original_name, size_bytes, sha256, blob_key, key_version, alt)
     VALUES ($1, 'image', 'image/jpeg', 'jpg', 'photo.jpg', 1, 'x', 'k', 1, $2) RETURNING id`,
    [ORG, JSON.stringify({ ja: '滝の写真', en: 'The falls' })],
  );
  const image = (rows[0] as { id: string }).id;

  liveSpot = await publishNew(publisher, 'spots', spotData('公開の滝', { imageIds: [image] }));
  draftSpot = await create('spots', spotData('下書きの滝'));
  withdrawnSpot = await publishNew(publisher, 'spots', spotData('取り下げの滝'));
  const timed = await publishNew(
    publisher,
    'events',
    eventData('滝まつり', { venue: { spotId: liveSpot }, imageIds: [image], fees: { basicYen: 500 } }),
  );
  recurringEvent = await publishNew(
    publisher,
    'events',
    eventData('滝の朝市', {
      startDate: '2024-01-06',
      endDate: undefined,
      startTime: '07:00',
      endTime: '11:00',
      recurrence: 'FREQ=WEEKLY;BYDAY=SA',
    }),
  );
  const allDay = await publishNew(
    publisher,
    'events',
    eventData('月例清掃', {
      startDate: '2024-01-14',
      endDate: undefined,
      startTime: undefined,
      endTime: undefined,
      allDay: true,
      recurrence: 'FREQ=MONTHLY;BYDAY=2SU',
    }),
  );
  draftVenueEvent = await publishNew(
    publisher,
    'events',
    eventData('下書き会場の催し', { venue: { spotId: draftSpot } }),
  );
  course = await publishNew(publisher, 'courses', {
    name: { ja: '滝めぐり', en: 'Falls walk' },
    description: { ja: '滝を巡ります。' },
    imageIds: [image],
    stops: [
      { spotId: liveSpot, stayMinutes: 30, travelMode: 'walk', minutesToNext: 10 },
      { spotId: draftSpot, stayMinutes: 20, travelMode: 'walk', minutesToNext: 15 },
      { spotId: withdrawnSpot, stayMinutes: 25 },
    ],
  });
  article = await publishNew(publisher, 'articles', {
    title: { ja: '滝の特集', en: 'Waterfalls' },
    summary: { ja: '夏の滝。' },
    body: { ja: '# 滝\n\n涼しい。' },
    heroImageId: image,
    relatedSpotIds: [liveSpot, draftSpot, withdrawnSpot],
  });
  await withdraw('spots', withdrawnSpot);
  items.push(
    { kind: 'spots', id: liveSpot, name: 'spot' },
    { kind: 'events', id: timed, name: 'event with a venue spot' },
    { kind: 'events', id: recurringEvent, name: 'weekly recurring event' },
    { kind: 'events', id: allDay, name: 'monthly all-day recurring event' },
    { kind: 'events', id: draftVenueEvent, name: 'event whose venue spot is a draft' },
    { kind: 'courses', id: course, name: 'course' },
    { kind: 'articles', id: article, name: 'article' },
  );
}, 120_000);
afterAll(() => t?.close());

async function create(plural: string, data: unknown): Promise<string> {
  const created = await publisher.post(`/api/v1/${plural}`, data);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return (created.body as { id: string }).id;
}

async function withdraw(plural: string, id: string): Promise<void> {
  const { version } = (await publisher.get(`/api/v1/${plural}/${id}`)).body as { version: number };
  expect((await publisher.post(`/api/v1/${plural}/${id}/unpublish`, { version })).status).toBe(200);
}

async function text(path: string): Promise<string> {
  const res = await fetch(`${t.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.text();
}

const pageJsonLd = (html: string) =>
  [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
    (m) => JSON.parse(m[1]!) as Record<string, unknown>,
  );

describe('one JSON-LD for the API and the page', () => {
  it('the API /jsonld equals the JSON-LD embedded in the page, for every kind and language', async () => {
    for (const item of items) {
      for (const lang of ['ja', 'en']) {
        const api = JSON.parse(
          await text(`/api/v1/public/${ORG}/${item.kind}/${item.id}/jsonld?lang=${lang}`),
        );
        const page = pageJsonLd(await text(`/s/${ORG}/${lang}/${item.kind}/${item.id}`));
        expect(page, `${item.name} ${lang}`).toHaveLength(1);
        expect(page[0], `${item.name} ${lang}`).toEqual(api);
        expect(api.url).toBe(`${BASE}/s/${ORG}/${lang}/${item.kind}/${item.id}`);
        expect(api.inLanguage).toBe(lang);
      }
    }
  });

  it('an event names its place with address and position (from its venue spot) and images', async () => {
    const id = items[1]!.id;
    const event = JSON.parse(await text(`/api/v1/public/${ORG}/events/${id}/jsonld?lang=en`));
    expect(event.startDate).toBe('2099-07-15T10:00:00+09:00');
    expect(event.location).toEqual({
      '@type': 'Place',
      name: '公開の滝 (en)',
      address: {
        '@type': 'PostalAddress',
        streetAddress: '京都府京都市東山区清水1丁目294',
        addressCountry: 'JP',
      },
      geo: { '@type': 'GeoCoordinates', latitude: 34.9948, longitude: 135.785 },
    });
    expect(event.image).toEqual([
      expect.stringMatching(new RegExp(`^${BASE}/s/${ORG}/media/[0-9a-f-]{36}/w1600.webp$`)),
    ]);
    expect(event.organizer).toEqual({
      '@type': 'Organization',
      // The English page names the organisation in English.
      name: `${ORG} town`,
      url: `${BASE}/s/${ORG}/en/`,
    });
  });

  it('a recurring event is described by its next occurrence, in Tokyo time', async () => {
    const event = JSON.parse(await text(`/api/v1/public/${ORG}/events/${recurringEvent}/jsonld`));
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    expect(event.startDate).toMatch(/^\d{4}-\d{2}-\d{2}T07:00:00\+09:00$/);
    expect(event.endDate).toBe(event.startDate.replace('T07:00', 'T11:00'));
    expect(event.startDate.slice(0, 10) >= today).toBe(true);
    expect(new Date(`${event.startDate.slice(0, 10)}T00:00:00Z`).getUTCDay()).toBe(6);
    expect(event['@id']).toBe(`${event.url}#${event.startDate}`);
  });
});

describe('a published item never names an unpublished spot', () => {
  it('a course with a published, a draft and a withdrawn stop shows only the published one', async () => {
    const detail = JSON.parse(await text(`/api/v1/public/${ORG}/courses/${course}`));
    expect(detail.stops.map((s: { spotId: string }) => s.spotId)).toEqual([liveSpot]);
    expect(detail.stops[0].spot.id).toBe(liveSpot);
    expect(detail.totalMinutes).toBe(30);
    const trip = JSON.parse(await text(`/api/v1/public/${ORG}/courses/${course}/jsonld`));
    expect(trip.itinerary.itemListElement).toHaveLength(1);
    expect(trip.itinerary.itemListElement[0].item.url).toBe(`${BASE}/s/${ORG}/ja/spots/${liveSpot}`);
    const page = await text(`/s/${ORG}/ja/courses/${course}`);
    expect(page.match(/<li class="stop">/g)).toHaveLength(1);
    expect(page).toContain('公開の滝');
  });

  it('no draft or withdrawn spot id appears in any public answer: API items, lists, search, pages, JSON-LD', async () => {
    const paths = [
      `/api/v1/public/${ORG}/courses/${course}`,
      `/api/v1/public/${ORG}/courses`,
      `/api/v1/public/${ORG}/articles/${article}`,
      `/api/v1/public/${ORG}/articles`,
      `/api/v1/public/${ORG}/events/${draftVenueEvent}`,
      `/api/v1/public/${ORG}/events`,
      `/api/v1/public/${ORG}/search?q=${encodeURIComponent('滝')}`,
      ...items.map((i) => `/api/v1/public/${ORG}/${i.kind}/${i.id}/jsonld`),
      ...items.map((i) => `/s/${ORG}/ja/${i.kind}/${i.id}`),
      `/s/${ORG}/ja/`,
      `/s/${ORG}/ja/courses/`,
      `/s/${ORG}/ja/articles/`,
      `/s/${ORG}/ja/events/`,
      `/s/${ORG}/ja/search?q=${encodeURIComponent('滝')}`,
      `/s/${ORG}/sitemap.xml`,
    ];
    for (const path of paths) {
      const body = await text(path);
      for (const hidden of [draftSpot, withdrawnSpot]) expect(body, path).not.toContain(hidden);
    }
    const related = JSON.parse(await text(`/api/v1/public/${ORG}/articles/${article}`));
    expect(related.relatedSpotIds).toEqual([liveSpot]);
    expect(related.relatedSpots.map((s: { id: string }) => s.id)).toEqual([liveSpot]);
    const event = JSON.parse(await text(`/api/v1/public/${ORG}/events/${draftVenueEvent}`));
    expect(event.venue.spotId).toBeUndefined();
    expect(event.venueSpot).toBeUndefined();
    // The search still finds the published items that mention the spots.
    const search = JSON.parse(await text(`/api/v1/public/${ORG}/search?q=${encodeURIComponent('滝')}`));
    expect(search.items.map((i: { id: string }) => i.id)).toContain(course);
  });
});
