import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoContent } from '../src/modules/organisations/demo.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, requestOnHost, seedUser, signedIn, signedInOperator } from './helpers/client.js';
import { eventData, publishNew, sitePage, spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

// The public site through HTTP against the real app: pages, languages, findability, and that
// nothing unpublished or foreign ever shows.
let t: TestApp;
let publisher: Client;
let other: Client;
const ORG = 'sitetown';
const ENABLED = ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko'];
const ids: Record<'spot' | 'event' | 'course' | 'article', string> = {
  spot: '',
  event: '',
  course: '',
  article: '',
};
let timedEventId = '';
let foreignSpotId = '';

beforeAll(async () => {
  t = await startTestApp({
    env: { SCHEDULER_INTERVAL_MS: '0', BASE_URL: 'https://kanko.example.jp' },
  });
  await createOrganisation(t.database.db, ORG, 'みってし町');
  await createOrganisation(t.database.db, 'othertown', '隣町');
  await seedDemoContent(t.database.db, ORG);
  const rights = {
    spots: 'publish',
    events: 'publish',
    courses: 'publish',
    articles: 'publish',
    site: 'edit',
  };
  publisher = await signedIn(t, ORG, await seedUser(t, ORG, { totp: false, rights }));
  other = await signedIn(t, 'othertown', await seedUser(t, 'othertown', { totp: false, rights }));
  for (const kind of ['spot', 'event', 'course', 'article'] as const) {
    const list = await fetch(`${t.url}/api/v1/public/${ORG}/${kind}s?limit=1`);
    ids[kind] = ((await list.json()) as { items: { id: string }[] }).items[0]!.id;
  }
  const timed = await publishNew(
    publisher,
    'events',
    eventData('夏の夜市', { venue: { name: { ja: '中央広場' } } }),
  );
  timedEventId = timed;
  foreignSpotId = await publishNew(other, 'spots', spotData('隣町の滝'));
}, 120_000);
afterAll(() => t?.close());

const page = (path: string, headers?: Record<string, string>) => sitePage(t, path, headers);

const htmlLang = (text: string) => /<html lang="([^"]+)"/.exec(text)?.[1];

function jsonLd(text: string): Record<string, unknown>[] {
  return [...text.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
    (m) => JSON.parse(m[1]!) as Record<string, unknown>,
  );
}

function alternates(text: string): Map<string, string> {
  return new Map(
    [...text.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => [
      m[1]!,
      m[2]!.replace(/&amp;/g, '&'),
    ]),
  );
}

const canonicalOf = (text: string) =>
  /<link rel="canonical" href="([^"]+)">/.exec(text)?.[1]?.replace(/&amp;/g, '&');
const pathOf = (url: string) => url.replace('https://kanko.example.jp', '');

function pagePaths(lang: string): string[] {
  const base = `/s/${ORG}/${lang}`;
  return [
    `${base}/`,
    `${base}/spots/`,
    `${base}/spots/?category=history`,
    `${base}/spots/${ids.spot}`,
    `${base}/events/`,
    `${base}/events/?view=month`,
    `${base}/events/${ids.event}`,
    `${base}/courses/`,
    `${base}/courses/${ids.course}`,
    `${base}/articles/`,
    `${base}/articles/${ids.article}`,
    `${base}/search?q=${encodeURIComponent('城')}`,
    `${base}/privacy`,
  ];
}

describe('pages', () => {
  it('every page type answers 200 in ja, en, zh-Hans and ko, with lang on <html>, one h1 and the landmarks', async () => {
    for (const lang of ['ja', 'en', 'zh-Hans', 'ko']) {
      for (const path of pagePaths(lang)) {
        const res = await page(path);
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-type'), path).toContain('text/html');
        expect(htmlLang(res.text), path).toBe(lang);
        expect(res.text.match(/<h1[\s>]/g)?.length, path).toBe(1);
        for (const landmark of [
          '<header',
          '<nav',
          '<main id="main"',
          '<footer',
          'class="skip-link" href="#main"',
        ])
          expect(res.text, `${path} ${landmark}`).toContain(landmark);
        expect(res.text, path).toMatch(/aria-current="page"|<title>/);
      }
    }
  });

  it('texts missing in the page language show the Japanese text marked lang="ja"', async () => {
    // The demo content is written in Japanese and English only.
    const ko = await page(`/s/${ORG}/ko/spots/${ids.spot}`);
    expect(ko.text).toMatch(/<h1><span lang="ja">[^<]+<\/span><\/h1>/);
    const en = await page(`/s/${ORG}/en/spots/${ids.spot}`);
    expect(en.text).not.toMatch(/<h1><span lang="ja">/);
  });

  it('the site root redirects by Accept-Language to an enabled language, default Japanese', async () => {
    const cases: [string | undefined, string][] = [
      ['ko-KR,ko;q=0.9,en;q=0.5', 'ko'],
      ['en-GB,en;q=0.8', 'en'],
      ['zh-TW,zh;q=0.9', 'zh-Hant'],
      ['zh-CN', 'zh-Hans'],
      ['th-TH,th;q=0.9', 'ja'],
      ['fr-FR,th;q=0.5', 'ja'],
      [undefined, 'ja'],
    ];
    for (const [header, lang] of cases) {
      const res = await page(`/s/${ORG}/`, header ? { 'accept-language': header } : {});
      expect(res.status, header).toBe(302);
      expect(res.headers.get('location'), header).toBe(`/s/${ORG}/${lang}/`);
      expect(res.headers.get('vary')?.toLowerCase()).toContain('accept-language');
    }
  });

  it('a language the organisation does not publish in, an unknown organisation and unknown paths answer 404 pages', async () => {
    for (const path of [
      `/s/${ORG}/th/`,
      `/s/${ORG}/th/spots/${ids.spot}`,
      `/s/${ORG}/fr/`,
      `/s/${ORG}/ja/nothing-here`,
      `/s/${ORG}/ja/spots/not-a-uuid`,
      `/s/${ORG}/ja/spots/00000000-0000-4000-8000-000000000000`,
      '/s/no-such-town/',
      '/s/no-such-town/ja/',
      '/s/no-such-town/sitemap.xml',
    ]) {
      const res = await page(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('text/html');
      expect(res.text, path).toMatch(/<html lang="ja"/);
    }
  });

  it("another organisation's item under this organisation's path is 404; under its own it is shown", async () => {
    expect((await page(`/s/${ORG}/ja/spots/${foreignSpotId}`)).status).toBe(404);
    expect((await page(`/s/${ORG}/ja/search?q=${encodeURIComponent('隣町の滝')}`)).text).toContain(
      '「隣町の滝」の検索結果：0件',
    );
    expect((await page(`/s/${ORG}/sitemap.xml`)).text).not.toContain(foreignSpotId);
    const own = await page(`/s/othertown/ja/spots/${foreignSpotId}`);
    expect(own.status).toBe(200);
    expect(own.text).toContain('隣町の滝');
  });

  it('the spot list shows the total and pages through every live spot exactly once', async () => {
    const { rows } = await t.database.superuser.query(
      "SELECT id FROM tenant.content_items WHERE org = 'sitetown' AND kind = 'spot' AND published_data IS NOT NULL",
    );
    const live = new Set((rows as { id: string }[]).map((r) => r.id));
    let path: string | undefined = `/s/${ORG}/en/spots/`;
    const seen: string[] = [];
    let first = true;
    while (path) {
      const res = await page(path);
      if (first) expect(res.text).toContain(`<h2 id="list-heading">${live.size} results</h2>`);
      first = false;
      const list = res.text.split('id="list-heading"')[1]!;
      seen.push(
        ...[
          ...list.matchAll(/<h3 class="card-title"><a href="\/s\/sitetown\/en\/spots\/([0-9a-f-]{36})"/g),
        ].map((m) => m[1]!),
      );
      const next = /<a href="([^"]+)" rel="next">/.exec(list)?.[1];
      path = next?.replace(/&amp;/g, '&');
    }
    expect(seen.length).toBe(live.size);
    expect(new Set(seen)).toEqual(live);
  });

  it('the calendar expands recurring events into their dates; the default list shows what is coming up', async () => {
    const upcoming = await page(`/s/${ORG}/ja/events/`);
    expect(upcoming.text).toContain('みってし土曜朝市');
    // Two months on, the weekly market (its first date long past by then) still fills every Saturday.
    const later = new Date(Date.now() + 9 * 3600_000 + 62 * 86_400_000).toISOString().slice(0, 7);
    const month = await page(`/s/${ORG}/ja/events/?month=${later}&view=month`);
    const [y, m] = later.split('-').map(Number) as [number, number];
    const saturdays = Array.from({ length: 31 }, (_, i) => new Date(Date.UTC(y, m - 1, i + 1))).filter(
      (d) => d.getUTCMonth() === m - 1 && d.getUTCDay() === 6,
    ).length;
    const [grid, agenda] = month.text.split('</table>') as [string, string];
    expect(grid.match(/みってし土曜朝市/g)?.length).toBe(saturdays);
    expect(month.text).toContain('<th scope="col"');
    // The same dates as an agenda, for narrow screens.
    expect(agenda.split('class="agenda"')[1]?.match(/みってし土曜朝市/g)?.length).toBe(saturdays);
    // The list shows the weekly market once, with its rule.
    const list = await page(`/s/${ORG}/ja/events/?month=${later}&view=list`);
    expect(list.text.match(/みってし土曜朝市/g)?.length).toBe(1);
    expect(list.text).toContain('<span class="badge badge-repeat">毎週土曜</span>');
  });

  it('pages carry an ETag and a short Cache-Control, and answer 304 to a matching If-None-Match', async () => {
    const first = await page(`/s/${ORG}/ja/spots/${ids.spot}`);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const again = await page(`/s/${ORG}/ja/spots/${ids.spot}`, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
  });

  it('text is escaped: markup in a spot name is shown, never run', async () => {
    const id = await publishNew(publisher, 'spots', spotData('<script>alert("x")</script>悪い名前'));
    const res = await page(`/s/${ORG}/ja/spots/${id}`);
    expect(res.text).not.toContain('<script>alert');
    expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;悪い名前');
    // Inside JSON-LD the name cannot close the script element either.
    expect(jsonLd(res.text)[0]!.name).toBe('<script>alert("x")</script>悪い名前');
  });
});

describe('findable', () => {
  it('a spot page has TouristAttraction JSON-LD, OGP and Twitter card tags and a canonical URL', async () => {
    const res = await page(`/s/${ORG}/en/spots/${ids.spot}`);
    const [data] = jsonLd(res.text);
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'TouristAttraction',
      url: `https://kanko.example.jp/s/${ORG}/en/spots/${ids.spot}`,
      inLanguage: 'en',
    });
    expect(typeof data!.name).toBe('string');
    expect(canonicalOf(res.text)).toBe(`https://kanko.example.jp/s/${ORG}/en/spots/${ids.spot}`);
    for (const tag of ['og:title', 'og:url', 'og:locale', 'og:type'])
      expect(res.text).toContain(`<meta property="${tag}"`);
    expect(res.text).toContain('<meta name="twitter:card"');
  });

  it("event pages have JSON-LD with Google's required Event properties (name, startDate with +09:00, location with address)", async () => {
    for (const id of [timedEventId, ids.event]) {
      for (const lang of ['ja', 'en']) {
        const res = await page(`/s/${ORG}/${lang}/events/${id}`);
        expect(res.status).toBe(200);
        const event = jsonLd(res.text).find((d) => d['@type'] === 'Event')!;
        expect(event, `${lang} ${id}`).toBeTruthy();
        expect(typeof event.name).toBe('string');
        expect(String(event.startDate)).toMatch(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\+09:00)?$/);
        const location = event.location as { '@type': string; name: string; address: Record<string, string> };
        expect(location['@type']).toBe('Place');
        expect(location.name).toBeTruthy();
        expect(location.address['@type']).toBe('PostalAddress');
        expect(event.eventStatus).toBe('https://schema.org/EventScheduled');
        expect(event.eventAttendanceMode).toBe('https://schema.org/OfflineEventAttendanceMode');
        expect((event.organizer as { name: string }).name).toBeTruthy();
      }
    }
    const timed = jsonLd((await page(`/s/${ORG}/ja/events/${timedEventId}`)).text)[0]!;
    expect(timed.startDate).toBe('2099-07-15T10:00:00+09:00');
    expect(timed.endDate).toBe('2099-07-16T21:00:00+09:00');
  });

  it('a course page has TouristTrip JSON-LD with its stops in order', async () => {
    const res = await page(`/s/${ORG}/ja/courses/${ids.course}`);
    const [trip] = jsonLd(res.text);
    expect(trip!['@type']).toBe('TouristTrip');
    const itinerary = trip!.itinerary as { itemListElement: { position: number }[] };
    expect(itinerary.itemListElement.map((e) => e.position)).toEqual(
      itinerary.itemListElement.map((_, i) => i + 1),
    );
  });

  it('images: derivatives with srcset, alt text from the media library per language, OGP image; foreign media ignored', async () => {
    const insert = async (org: string, alt: Record<string, string>) => {
      const { rows } = await t.database.superuser.query(
        `INSERT INTO tenant.media (org, kind, mime, extension, original_name, size_bytes, sha256, blob_key, key_version, alt)
         VALUES ($1, 'image', 'image/jpeg', 'jpg', 'photo.jpg', 1, 'x', 'k', 1, $2) RETURNING id`,
        [org, JSON.stringify(alt)],
      );
      return (rows[0] as { id: string }).id;
    };
    const own = await insert(ORG, { ja: '城の石垣', en: 'Stone walls of the castle' });
    const foreign = await insert('othertown', { ja: '隣町の写真' });
    const id = await publishNew(publisher, 'spots', spotData('写真のある城', { imageIds: [own] }));
    // The API refuses another organisation's image; stored anyway, the site must still ignore it.
    await t.database.superuser.query(
      `UPDATE tenant.content_items SET published_data = jsonb_set(published_data, '{imageIds}', $2) WHERE id = $1`,
      [id, JSON.stringify([own, foreign])],
    );
    const en = (await page(`/s/${ORG}/en/spots/${id}`)).text;
    const src = `/s/${ORG}/media/${own}`;
    expect(en).toContain(
      `<img src="${src}/w800.webp" srcset="${src}/w320.webp 320w, ${src}/w800.webp 800w, ${src}/w1600.webp 1600w"`,
    );
    expect(en).toMatch(
      new RegExp(`${src}/w800.webp" srcset="[^"]+" sizes="[^"]+" alt="Stone walls of the castle"`),
    );
    expect(en).toContain(`<meta property="og:image" content="https://kanko.example.jp${src}/w1600.webp">`);
    expect(en).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(jsonLd(en)[0]!.image).toEqual([`https://kanko.example.jp${src}/w1600.webp`]);
    expect(en).not.toContain(foreign);
    const ko = (await page(`/s/${ORG}/ko/spots/${id}`)).text;
    expect(ko).toMatch(/alt="城の石垣" lang="ja"/);
    // The list card shows the image too.
    expect((await page(`/s/${ORG}/en/`)).text).toContain(`${src}/w800.webp`);
  });

  it('hreflang pairs are complete: every page links every enabled language and x-default, and each links back', async () => {
    for (const path of pagePaths('en').filter((p) => !p.includes('search'))) {
      const res = await page(path);
      const links = alternates(res.text);
      expect(new Set(links.keys()), path).toEqual(new Set([...ENABLED, 'x-default']));
      const self = canonicalOf(res.text)!;
      expect(links.get('en'), path).toBe(self);
      expect(links.get('x-default'), path).toBe(links.get('ja'));
      for (const lang of ENABLED) {
        const alt = await page(pathOf(links.get(lang)!));
        expect(alt.status, links.get(lang)).toBe(200);
        expect(htmlLang(alt.text)).toBe(lang);
        expect(alternates(alt.text).get('en'), `${links.get(lang)} links back`).toBe(self);
        expect(canonicalOf(alt.text)).toBe(links.get(lang));
      }
    }
  });

  it('the language switcher links every enabled language with lang and hreflang, marking the current one', async () => {
    const res = await page(`/s/${ORG}/ko/events/${ids.event}`);
    for (const lang of ENABLED)
      expect(res.text).toContain(
        `href="/s/${ORG}/${lang}/events/${ids.event}" lang="${lang}" hreflang="${lang}"`,
      );
    expect(res.text).toMatch(/hreflang="ko" aria-current="true"/);
  });

  it('robots.txt names the sitemap; sitemap.xml lists exactly the published items in every language', async () => {
    const robots = await page(`/s/${ORG}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(robots.text).toContain(`Sitemap: https://kanko.example.jp/s/${ORG}/sitemap.xml`);

    const res = await page(`/s/${ORG}/sitemap.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/xml');
    const locs = [...res.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    const listed = new Set(
      locs.flatMap((loc) => {
        const m = /\/s\/sitetown\/([^/]+)\/(spots|events|courses|articles)\/([0-9a-f-]{36})$/.exec(loc);
        return m ? [`${m[1]} ${m[2]} ${m[3]}`] : [];
      }),
    );
    const { rows } = await t.database.superuser.query(
      "SELECT id, kind FROM tenant.content_items WHERE org = 'sitetown' AND published_data IS NOT NULL",
    );
    const expected = new Set(
      (rows as { id: string; kind: string }[]).flatMap((r) =>
        ENABLED.map((lang) => `${lang} ${r.kind}s ${r.id}`),
      ),
    );
    expect(listed).toEqual(expected);
    // Each URL lists its alternates, x-default included.
    const first = res.text.split('</url>')[0]!;
    expect(first.match(/<xhtml:link rel="alternate"/g)?.length).toBe(ENABLED.length + 1);
    // A site this small needs one file: sitemaps/1.xml is the same list, there is no second file.
    const one = await page(`/s/${ORG}/sitemaps/1.xml`);
    expect(one.status).toBe(200);
    expect([...one.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!)).toEqual(locs);
    for (const file of ['2.xml', '0.xml', 'x.xml', '1.txt']) {
      expect((await page(`/s/${ORG}/sitemaps/${file}`)).status, file).toBe(404);
    }
  });

  it('on a mapped domain every link, canonical, alternate, sitemap and robots URL is on that domain without the /s/ prefix', async () => {
    const operator = await signedInOperator(t, 'ops-site@mitte.example.jp');
    const host = 'www.mitte-town.example.jp';
    const mapped = await operator.put(`/api/v1/ops/organisations/${ORG}/site-domain`, { siteDomain: host });
    expect(mapped.status).toBe(200);
    const res = await requestOnHost(t, host, `/en/spots/${ids.spot}`);
    expect(canonicalOf(res.body)).toBe(`https://${host}/en/spots/${ids.spot}`);
    expect(alternates(res.body).get('ja')).toBe(`https://${host}/ja/spots/${ids.spot}`);
    expect(res.body).not.toMatch(/href="\/s\//);
    expect(res.body).toContain(`href="/en/spots/"`);
    const robots = await requestOnHost(t, host, '/robots.txt');
    expect(robots.body).toContain(`Sitemap: https://${host}/sitemap.xml`);
    const sitemap = await requestOnHost(t, host, '/sitemap.xml');
    expect(sitemap.body).toContain(`<loc>https://${host}/ja/</loc>`);
    expect(sitemap.body).not.toContain('/s/sitetown');
    const root = await requestOnHost(t, host, '/', 'GET', { 'accept-language': 'en' });
    expect(root.headers.location).toBe('/en/');
    // Back on the service's own host the same page links under /s/{code}.
    const direct = await page(`/s/${ORG}/en/spots/${ids.spot}`);
    expect(direct.text).toContain(`href="/s/${ORG}/en/spots/"`);
    expect(
      (await operator.put(`/api/v1/ops/organisations/${ORG}/site-domain`, { siteDomain: null })).status,
    ).toBe(200);
  });
});

describe('nothing unpublished is public', () => {
  it('a draft, an unpublished and a scheduled item are absent by path, in search, sitemap, JSON-LD and lists', async () => {
    const draft = (await publisher.post('/api/v1/spots', spotData('したがきの滝'))).body as { id: string };
    const unpublishedId = await publishNew(publisher, 'spots', spotData('とりさげの滝'));
    const course = await publisher.post('/api/v1/courses', {
      name: { ja: 'とりさげ確認コース' },
      stops: [
        { spotId: ids.spot, stayMinutes: 30, travelMode: 'walk', minutesToNext: 10 },
        { spotId: unpublishedId, stayMinutes: 20 },
      ],
    });
    expect(course.status, JSON.stringify(course.body)).toBe(201);
    const courseItem = course.body as { id: string; version: number };
    expect(
      (await publisher.post(`/api/v1/courses/${courseItem.id}/publish`, { version: courseItem.version }))
        .status,
    ).toBe(200);
    const live = (await publisher.get(`/api/v1/spots/${unpublishedId}`)).body as { version: number };
    expect(
      (await publisher.post(`/api/v1/spots/${unpublishedId}/unpublish`, { version: live.version })).status,
    ).toBe(200);
    const scheduled = (await publisher.post('/api/v1/spots', spotData('よやくの滝'))).body as {
      id: string;
      version: number;
    };
    const schedule = await publisher.put(`/api/v1/spots/${scheduled.id}/schedule`, {
      version: scheduled.version,
      publishAt: new Date(Date.now() + 86_400_000).toISOString(),
      unpublishAt: null,
    });
    expect(schedule.status, JSON.stringify(schedule.body)).toBe(200);
    const draftEvent = (
      await publisher.post('/api/v1/events', eventData('したがき祭り', { startDate: '2099-08-01' }))
    ).body as { id: string };

    const hidden = [
      { id: draft.id, name: 'したがきの滝', kind: 'spots' },
      { id: unpublishedId, name: 'とりさげの滝', kind: 'spots' },
      { id: scheduled.id, name: 'よやくの滝', kind: 'spots' },
      { id: draftEvent.id, name: 'したがき祭り', kind: 'events' },
    ];
    const sitemap = (await page(`/s/${ORG}/sitemap.xml`)).text;
    const lists = [
      (await page(`/s/${ORG}/ja/`)).text,
      (await page(`/s/${ORG}/ja/spots/`)).text,
      (await page(`/s/${ORG}/ja/events/?month=2099-08&view=month`)).text,
      (await page(`/s/${ORG}/ja/events/?month=2099-08&view=list`)).text,
    ];
    const coursePage = (await page(`/s/${ORG}/ja/courses/${courseItem.id}`)).text;
    for (const item of hidden) {
      for (const lang of ['ja', 'en'])
        expect((await page(`/s/${ORG}/${lang}/${item.kind}/${item.id}`)).status, item.name).toBe(404);
      const search = await page(`/s/${ORG}/ja/search?q=${encodeURIComponent(item.name)}`);
      expect(search.status).toBe(200);
      expect(search.text, item.name).toContain('「' + item.name + '」の検索結果：0件');
      expect(sitemap, item.name).not.toContain(item.id);
      for (const list of lists) expect(list, item.name).not.toContain(item.name);
      expect(coursePage, item.name).not.toContain(item.name);
      expect(JSON.stringify(jsonLd(coursePage)), item.name).not.toContain(item.id);
    }
    // The course still shows, with the withdrawn stop left out of its JSON-LD itinerary.
    const [trip] = jsonLd(coursePage);
    expect((trip!.itinerary as { itemListElement: unknown[] }).itemListElement).toHaveLength(1);
  });
});

describe('theme and languages (site settings)', () => {
  const base = {
    languages: ENABLED,
    defaultLanguage: 'ja',
    logoMediaId: null,
    primaryColor: null,
    accentColor: null,
    footerLinks: [],
  };
  type ErrorBody = { error: { code: string; field: string; message: { ja: string; en: string } } };

  it('refuses a primary colour below 4.5:1 against white, and an accent below 3:1, naming the measured ratio', async () => {
    const before = (await publisher.get('/api/v1/site/settings')).body;
    const light = await publisher.put('/api/v1/site/settings', { ...base, primaryColor: '#3B82F6' });
    expect(light.status).toBe(422);
    const body = light.body as ErrorBody;
    expect(body.error.code).toBe('contrast_too_low');
    expect(body.error.field).toBe('primaryColor');
    // #3b82f6 measures 3.67:1 with white text and 3.39:1 on the pale grey section background.
    expect(body.error.message.ja).toContain('3.39:1');
    expect(body.error.message.en).toContain('3.39:1');
    expect(body.error.message.ja).toContain('4.5:1');
    const accent = await publisher.put('/api/v1/site/settings', { ...base, accentColor: '#fbbf24' });
    expect(accent.status).toBe(422);
    expect((accent.body as ErrorBody).error.field).toBe('accentColor');
    const malformed = await publisher.put('/api/v1/site/settings', { ...base, primaryColor: 'red' });
    expect(malformed.status).toBe(400);
    expect((malformed.body as ErrorBody).error.field).toBe('primaryColor');
    // Nothing was written.
    expect((await publisher.get('/api/v1/site/settings')).body).toEqual(before);
  });

  it('footer links must be https URLs with a Japanese label', async () => {
    for (const url of [
      'http://www.town.example.jp/',
      'javascript:alert(1)',
      'not a url',
      'https://user:pw@example.jp/',
    ]) {
      const res = await publisher.put('/api/v1/site/settings', {
        ...base,
        footerLinks: [{ label: { ja: '町のホームページ' }, url }],
      });
      expect(res.status, url).toBe(400);
      expect((res.body as ErrorBody).error.field, url).toBe('footerLinks.0.url');
    }
    const noLabel = await publisher.put('/api/v1/site/settings', {
      ...base,
      footerLinks: [{ label: { ja: '  ' }, url: 'https://www.town.example.jp/' }],
    });
    expect(noLabel.status).toBe(400);
    expect((noLabel.body as ErrorBody).error.field).toBe('footerLinks.0.label.ja');
  });

  it('a valid theme is saved, audited and shown on every page; labels missing in a language fall back to Japanese', async () => {
    const res = await publisher.put('/api/v1/site/settings', {
      ...base,
      primaryColor: '#1D4ED8',
      accentColor: '#9a3412',
      footerLinks: [
        { label: { ja: '町のホームページ', en: 'Town website' }, url: 'https://www.town.example.jp/' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ primaryColor: '#1d4ed8', accentColor: '#9a3412' });
    const en = await page(`/s/${ORG}/en/`);
    expect(en.text).toContain('--primary:#1d4ed8;--accent:#9a3412');
    expect(en.text).toContain('<a href="https://www.town.example.jp/" rel="noopener">Town website</a>');
    const ko = await page(`/s/${ORG}/ko/`);
    expect(ko.text).toContain(
      '<a href="https://www.town.example.jp/" rel="noopener" lang="ja">町のホームページ</a>',
    );
    const { rows } = await t.database.superuser.query(
      "SELECT details FROM audit.events WHERE org = 'sitetown' AND action = 'site.settings_changed' ORDER BY seq DESC LIMIT 1",
    );
    expect(rows[0].details.after.primaryColor).toBe('#1d4ed8');
  });

  it('the published languages decide which language paths exist and where the root redirects', async () => {
    const bad = await publisher.put('/api/v1/site/settings', {
      ...base,
      languages: ['en'],
      defaultLanguage: 'en',
    });
    expect(bad.status).toBe(400);
    expect((bad.body as ErrorBody).error.field).toBe('languages');
    const res = await publisher.put('/api/v1/site/settings', {
      ...base,
      languages: ['ja', 'en', 'th'],
      defaultLanguage: 'en',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const th = await page(`/s/${ORG}/th/spots/${ids.spot}`);
    expect(th.status).toBe(200);
    expect(htmlLang(th.text)).toBe('th');
    expect(new Set(alternates(th.text).keys())).toEqual(new Set(['ja', 'en', 'th', 'x-default']));
    expect(alternates(th.text).get('x-default')).toBe(alternates(th.text).get('en'));
    expect((await page(`/s/${ORG}/ko/`)).status).toBe(404);
    expect((await page(`/s/${ORG}/`)).headers.get('location')).toBe(`/s/${ORG}/en/`);
    expect((await page(`/s/${ORG}/`, { 'accept-language': 'th' })).headers.get('location')).toBe(
      `/s/${ORG}/th/`,
    );
  });
});
