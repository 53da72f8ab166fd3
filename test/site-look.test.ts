import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoContent } from '../src/modules/organisations/demo.js';
import { compressedCopies } from '../src/platform/http/compression.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, seedUser, signedIn } from './helpers/client.js';
import { eventData, publishNew, sitePage, spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';
import { rawGet as rawGetUrl } from './helpers/raw-get.js';

// The visitor's journey on the public site (issue 12): every language first-class (404s and
// errors in the page's language, the "only in Japanese" note, CJK variant folding in search),
// and fast on a phone (compression, the first photo fetched first).
let t: TestApp;
let publisher: Client;
const ORG = 'looktown';
const ids = { spot: '', onsen: '', station: '', photoSpot: '' };
const photos: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0', BASE_URL: 'https://kanko.example.jp' } });
  await createOrganisation(t.database.db, ORG, 'みってし町');
  await seedDemoContent(t.database.db, ORG);
  const rights = {
    spots: 'publish',
    events: 'publish',
    courses: 'publish',
    articles: 'publish',
    site: 'edit',
  };
  publisher = await signedIn(t, ORG, await seedUser(t, ORG, { totp: false, rights }));
  const settings = await publisher.get('/api/v1/site/settings');
  const { updatedAt: _u, ...input } = settings.body as Record<string, unknown>;
  const saved = await publisher.put('/api/v1/site/settings', {
    ...input,
    languages: ['ja', 'en', 'zh-Hans', 'zh-Hant', 'ko'],
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const list = await fetch(`${t.url}/api/v1/public/${ORG}/spots?limit=1`);
  ids.spot = ((await list.json()) as { items: { id: string }[] }).items[0]!.id;
  // Japanese only: no English, so every other language falls back.
  ids.onsen = await publishNew(
    publisher,
    'spots',
    spotData('みってし温泉', {
      name: { ja: 'みってし温泉' },
      description: { ja: '川沿いの温泉です。' },
    }),
  );
  ids.station = await publishNew(
    publisher,
    'spots',
    spotData('みってし駅', {
      name: { ja: 'みってし駅', en: 'Mitte Station' },
      description: { ja: '町の玄関口。', en: 'The gateway to town, with a hot spring foot bath.' },
    }),
  );
  for (const ja of ['石垣', '天守台', '桜']) {
    const { rows } = await t.database.superuser.query(
      `INSERT INTO tenant.media (org, kind, mime, extension, original_name, size_bytes, sha256, blob_key, key_version, alt)
       VALUES ($1, 'image', 'image/jpeg', 'jpg', 'photo.jpg', 1, 'x', 'k', 1, $2) RETURNING id`,
      [ORG, JSON.stringify({ ja })],
    );
    photos.push((rows[0] as { id: string }).id);
  }
  ids.photoSpot = await publishNew(publisher, 'spots', spotData('写真の城', { imageIds: photos }));
}, 120_000);
afterAll(() => t?.close());

const page = (path: string, headers?: Record<string, string>) => sitePage(t, path, headers);

const htmlLang = (text: string) => /<html lang="([^"]+)"/.exec(text)?.[1];
const h1 = (text: string) => /<h1>([\s\S]*?)<\/h1>/.exec(text)?.[1];

describe('every language is first-class', () => {
  it('404 pages speak the language of the path, else the visitor’s Accept-Language', async () => {
    const cases: [string, Record<string, string>, string, string][] = [
      [`/s/${ORG}/en/nothing-here`, {}, 'en', 'Page not found'],
      [`/s/${ORG}/en/spots/00000000-0000-4000-8000-000000000000`, {}, 'en', 'Page not found'],
      [`/s/${ORG}/zh-Hans/a/b/c`, {}, 'zh-Hans', '找不到页面'],
      [`/s/${ORG}/zh-Hant/events/not-an-id`, {}, 'zh-Hant', '找不到網頁'],
      [`/s/${ORG}/ko/courses/00000000-0000-4000-8000-000000000000`, {}, 'ko', '페이지를 찾을 수 없습니다'],
      [`/s/${ORG}/ja/nothing-here`, { 'accept-language': 'en' }, 'ja', 'ページが見つかりません'],
      // A language the site does not publish: the visitor's language among those it does.
      [`/s/${ORG}/th/`, { 'accept-language': 'ko-KR,ko;q=0.9' }, 'ko', '페이지를 찾을 수 없습니다'],
      [`/s/${ORG}/fr/spots/`, { 'accept-language': 'en-GB' }, 'en', 'Page not found'],
      [`/s/${ORG}/fr/spots/`, {}, 'ja', 'ページが見つかりません'],
      // No such organisation: a plain page, still in the visitor's language.
      ['/s/no-such-town/en/', {}, 'en', 'Page not found'],
      ['/s/no-such-town/', { 'accept-language': 'zh-TW' }, 'zh-Hant', '找不到網頁'],
    ];
    for (const [path, headers, lang, title] of cases) {
      const res = await page(path, headers);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('text/html');
      expect(htmlLang(res.text), path).toBe(lang);
      expect(h1(res.text), path).toBe(title);
    }
    // The dressed 404 keeps the site's navigation in that language.
    const en = await page(`/s/${ORG}/en/nothing-here`);
    expect(en.text).toContain(`href="/s/${ORG}/en/spots/">Sights</a>`);
  });

  it('a request the site refuses is answered as an HTML page in the page’s language, not JSON', async () => {
    const res = await page(`/s/${ORG}/ko/search?q=${'a'.repeat(500)}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(htmlLang(res.text)).toBe('ko');
    expect(h1(res.text)).toBe('지금은 페이지를 표시할 수 없습니다');
    expect(res.text).toContain('<p lang="ja">ただいま表示できません');
  });

  it('a text shown in Japanese because it has no translation carries a visible note in the page language', async () => {
    const en = await page(`/s/${ORG}/en/spots/${ids.onsen}`);
    expect(en.text).toContain('<p class="fallback-note">This text is only available in Japanese.</p>');
    expect(en.text).toMatch(/<p class="description" lang="ja">川沿いの温泉です。<\/p>/);
    const ko = await page(`/s/${ORG}/ko/spots/${ids.onsen}`);
    expect(ko.text).toContain('<p class="fallback-note">이 내용은 일본어로만 제공됩니다.</p>');
    // Translated: no note.
    const translated = await page(`/s/${ORG}/en/spots/${ids.station}`);
    expect(translated.text).not.toContain('fallback-note');
    // Japanese pages never say so, and cards of untranslated items are marked in lists.
    expect((await page(`/s/${ORG}/ja/spots/${ids.onsen}`)).text).not.toContain('fallback-note');
    const list = await page(`/s/${ORG}/en/spots/`);
    expect(list.text).toContain('<p class="fallback-badge">Japanese only</p>');
  });

  it('search folds traditional, simplified and Japanese forms of Han characters, both ways', async () => {
    const found = async (lang: string, q: string) => {
      const res = await page(`/s/${ORG}/${lang}/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      return res.text;
    };
    // 溫泉 (traditional) and 温泉 (simplified and Japanese) find the Japanese 温泉.
    expect(await found('zh-Hant', '溫泉')).toContain(`/spots/${ids.onsen}"`);
    expect(await found('zh-Hans', '温泉')).toContain(`/spots/${ids.onsen}"`);
    // 驛 (traditional) and 驿 (simplified) find 駅 (shinjitai).
    expect(await found('zh-Hant', '驛')).toContain(`/spots/${ids.station}"`);
    expect(await found('zh-Hans', '驿')).toContain(`/spots/${ids.station}"`);
    // Unrelated characters still find nothing.
    expect(await found('zh-Hant', '龍宮')).not.toContain(`/spots/${ids.station}"`);
  });

  it("search finds a visitor's words in the translations as well as in Japanese", async () => {
    const res = await page(`/s/${ORG}/en/search?q=${encodeURIComponent('foot bath')}`);
    expect(res.text).toContain(`/spots/${ids.station}"`);
    expect(res.text).toContain('>Mitte Station</a>');
    const ja = await page(`/s/${ORG}/en/search?q=${encodeURIComponent('駅')}`);
    expect(ja.text).toContain(`/spots/${ids.station}"`);
  });

  it('map zoom buttons are labelled in the page language', async () => {
    const ko = await page(`/s/${ORG}/ko/spots/${ids.spot}`);
    const data = /data-map="([^"]+)"/
      .exec(ko.text)?.[1]
      ?.replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    expect(JSON.parse(data ?? '{}')).toMatchObject({ zoomIn: '확대', zoomOut: '축소' });
  });
});

/** The bytes as sent (fetch would decode them). */
function rawGet(path: string, encoding: string) {
  return rawGetUrl(`${t.url}${path}`, encoding);
}

/** mitte_public_cache_bytes from /metrics. */
async function cacheBytes(): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  return Number(/^mitte_public_cache_bytes (\d+)/m.exec(text)?.[1]);
}

describe('fast on a phone', () => {
  const decode = (encoding: string | null, body: Buffer) =>
    encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body;

  it('pages, styles, scripts, JSON and XML are compressed with Brotli or gzip as the client accepts', async () => {
    const css = (/href="(\/site-assets\/site\.css\?v=[^"]+)"/.exec((await page(`/s/${ORG}/ja/`)).text) ??
      [])[1]!;
    const paths = [
      `/s/${ORG}/ja/`,
      `/s/${ORG}/en/spots/${ids.spot}`,
      css,
      '/site-assets/leaflet/leaflet.js',
      `/api/v1/public/${ORG}/spots`,
      `/s/${ORG}/sitemap.xml`,
    ];
    for (const path of paths) {
      const plain = await fetch(`${t.url}${path}`, { headers: { 'accept-encoding': 'identity' } });
      const expected = Buffer.from(await plain.arrayBuffer());
      expect(plain.headers.get('content-encoding'), path).toBeNull();
      for (const encoding of ['br', 'gzip']) {
        // Twice: the second answer may come from the public cache and must be compressed too.
        for (let i = 0; i < 2; i++) {
          const res = await rawGet(path, encoding);
          expect(res.status, path).toBe(200);
          expect(res.headers['content-encoding'], `${path} ${encoding}`).toBe(encoding);
          expect(String(res.headers.vary).toLowerCase(), path).toContain('accept-encoding');
          const body = res.body;
          expect(body.length, path).toBeLessThan(expected.length);
          expect(decode(encoding, body).toString('utf8'), path).toBe(expected.toString('utf8'));
        }
      }
    }
  });

  it('an answer the public cache holds is compressed once per encoding, not once per request', async () => {
    const path = `/api/v1/public/${ORG}/spots?limit=20`;
    // Stored from the second answer (PUBLIC_CACHE_ADMIT_AFTER, default 2).
    expect((await rawGet(path, 'br')).headers['x-cache']).toBe('miss');
    const first = await rawGet(path, 'br');
    expect(first.headers['x-cache']).toBe('miss');
    const made = compressedCopies.made;
    const bytes = await cacheBytes();
    const again = [await rawGet(path, 'br'), await rawGet(path, 'br'), await rawGet(path, 'gzip')];
    for (const res of again) expect(res.headers['x-cache']).toBe('hit');
    // Two hits in br reuse the miss's copy; gzip makes its one copy.
    expect(compressedCopies.made - made).toBe(1);
    // The gzip copy counts in the cache's budget.
    expect(await cacheBytes()).toBeGreaterThanOrEqual(bytes + again[2]!.body.length);
    expect(again[0]!.body.equals(first.body)).toBe(true);
    expect(gunzipSync(again[2]!.body).equals(brotliDecompressSync(first.body))).toBe(true);
    // A client that does not ask for compression still gets the plain bytes of the same entry.
    const plain = await rawGet(path, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(brotliDecompressSync(first.body))).toBe(true);
  });

  it('a page asked for once is not stored, so a walk over every page (a crawler) neither grows the cache nor pushes out what is popular', async () => {
    const entries = async () =>
      Number(/^mitte_public_cache_entries (\d+)/m.exec(await (await fetch(`${t.url}/metrics`)).text())?.[1]);
    // In English: the site's default language (ja) has its spot pages rendered ahead, which the
    // response cache does not store again (public-early-answers.test.ts).
    const popular = `/s/${ORG}/en/spots/${ids.station}`;
    for (let i = 0; i < 2; i++) await page(popular);
    expect((await fetch(`${t.url}${popular}`)).headers.get('x-cache')).toBe('hit');
    const before = await entries();
    const list = (await (await fetch(`${t.url}/api/v1/public/${ORG}/spots?limit=100`)).json()) as {
      items: { id: string }[];
    };
    // A query of its own: no earlier test has asked for these URLs.
    const walked = list.items.map((item) => `/s/${ORG}/en/spots/${item.id}?walk=1`);
    expect(walked.length).toBeGreaterThan(5);
    for (const path of walked) expect((await fetch(`${t.url}${path}`)).headers.get('x-cache')).toBe('miss');
    // The list above was asked for once too: nothing new is stored.
    expect(await entries()).toBe(before);
    expect((await fetch(`${t.url}${popular}`)).headers.get('x-cache')).toBe('hit');
    // The second visit of a walked page stores it; the third is a hit.
    await fetch(`${t.url}${walked[0]}`);
    expect((await fetch(`${t.url}${walked[0]}`)).headers.get('x-cache')).toBe('hit');
    expect(await entries()).toBe(before + 1);
  });

  it('the first photo of a page is fetched eagerly with high priority, every other photo lazily', async () => {
    const detail = (await page(`/s/${ORG}/en/spots/${ids.photoSpot}`)).text;
    const images = [...detail.matchAll(/<img [^>]*>/g)].map((m) => m[0]);
    const photosOnPage = images.filter((img) => img.includes('/media/'));
    expect(photosOnPage.length).toBe(3);
    expect(photosOnPage[0]).toContain(`/media/${photos[0]}/w800.webp`);
    expect(photosOnPage[0]).toContain('loading="eager" fetchpriority="high"');
    for (const img of photosOnPage.slice(1)) {
      expect(img).toContain('loading="lazy"');
      expect(img).not.toContain('fetchpriority');
    }
    // Lists: the first card with a photo leads.
    const list = (await page(`/s/${ORG}/en/spots/`)).text;
    expect(list.match(/fetchpriority="high"/g)?.length).toBe(1);
    expect(list).toMatch(
      new RegExp(`/media/${photos[0]}/w800\\.webp"[^>]*loading="eager" fetchpriority="high"`),
    );
  });

  it('Leaflet is not part of any page: only pages with a map load the small script that fetches it', async () => {
    const spot = (await page(`/s/${ORG}/en/spots/${ids.spot}`)).text;
    expect(spot).not.toMatch(/<script src="\/site-assets\/leaflet/);
    expect(spot).not.toMatch(/<link rel="stylesheet" href="\/site-assets\/leaflet/);
    expect(spot).toMatch(/<script src="\/site-assets\/site\.js\?v=[0-9a-f]+" defer><\/script>/);
    expect(spot).toContain('leaflet/leaflet.js?v=');
    const home = (await page(`/s/${ORG}/en/`)).text;
    expect(home).not.toContain('site.js');
    expect(home).not.toContain('leaflet');
  });

  it('no raw latitude or longitude in the text of a page', async () => {
    for (const path of [`/s/${ORG}/en/spots/${ids.spot}`, `/s/${ORG}/ja/courses/`]) {
      const text = (await page(path)).text.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ');
      expect(text, path).not.toMatch(/\d{2,3}\.\d{4,}/);
    }
  });
});

describe('recurring events', () => {
  it('an event that repeats weekly is listed once, with its rule, not as one card per date', async () => {
    const id = await publishNew(
      publisher,
      'events',
      eventData('土曜朝市', {
        name: { ja: '土曜朝市', en: 'Saturday morning market' },
        startDate: '2099-01-03',
        endDate: '2099-01-03',
        recurrence: 'FREQ=WEEKLY;BYDAY=SA;UNTIL=20990627',
      }),
    );
    const list = (await page(`/s/${ORG}/ja/events/?month=2099-01&view=list`)).text;
    expect(list.split(`/events/${id}"`).length - 1).toBe(1);
    expect(list).toContain('毎週土曜');
    const en = (await page(`/s/${ORG}/en/events/?month=2099-01&view=list`)).text;
    expect(en).toContain('Every Saturday');
  });
});

describe('a destination-site look from the site settings', () => {
  it('main visual photos, tagline, contact and social accounts are saved, audited and shown', async () => {
    const current = (await publisher.get('/api/v1/site/settings')).body as Record<string, unknown>;
    const { updatedAt: _u, ...base } = current;
    const res = await publisher.put('/api/v1/site/settings', {
      ...base,
      heroImageIds: [photos[1], photos[0]],
      tagline: { ja: '城と温泉の町', en: 'Castle town of hot springs', ko: '  ' },
      contact: {
        phone: '0584-00-1234',
        email: 'kanko@town.example.jp',
        address: { ja: 'みってし町城山1', en: '1 Shiroyama, Mitte Town' },
        hours: { ja: '平日 9:00–17:00' },
      },
      socialAccounts: [{ service: 'instagram', url: 'https://www.instagram.com/mitte_town/' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      heroImageIds: [photos[1], photos[0]],
      tagline: { ja: '城と温泉の町', en: 'Castle town of hot springs' },
      contact: { phone: '0584-00-1234', hours: { ja: '平日 9:00–17:00' } },
      socialAccounts: [{ service: 'instagram', url: 'https://www.instagram.com/mitte_town/' }],
    });
    expect((res.body as { tagline: Record<string, string> }).tagline.ko).toBeUndefined();
    const { rows } = await t.database.superuser.query(
      "SELECT details FROM audit.events WHERE org = $1 AND action = 'site.settings_changed' ORDER BY seq DESC LIMIT 1",
      [ORG],
    );
    expect(rows[0].details.after.heroImageIds).toEqual([photos[1], photos[0]]);

    const en = (await page(`/s/${ORG}/en/`)).text;
    // The first hero photo is the page's LCP: eager and high priority; the second waits.
    expect(en).toMatch(
      new RegExp(`/media/${photos[1]}/w800\\.webp"[^>]*loading="eager" fetchpriority="high"`),
    );
    expect(en).toMatch(new RegExp(`/media/${photos[0]}/w800\\.webp"[^>]*loading="lazy"`));
    expect(en.match(/fetchpriority="high"/g)?.length).toBe(1);
    expect(en).toContain('<p class="hero-lead">Castle town of hot springs</p>');
    expect(en).toContain('data-slideshow=');
    expect(en).toMatch(/<script src="\/site-assets\/site\.js\?v=[0-9a-f]+" defer>/);
    // Footer: contact with links, the address in English, the hours in Japanese (marked), social.
    const footer = en.split('<footer')[1] ?? '';
    expect(footer).toContain('<a href="tel:0584001234">0584-00-1234</a>');
    expect(footer).toContain('<a href="mailto:kanko@town.example.jp">kanko@town.example.jp</a>');
    expect(footer).toContain('<p>1 Shiroyama, Mitte Town</p>');
    expect(footer).toContain('<p lang="ja">平日 9:00–17:00</p>');
    expect(footer).toContain('href="https://www.instagram.com/mitte_town/" rel="noopener me">Instagram</a>');
    // A language without a tagline shows the Japanese one, marked.
    const ko = (await page(`/s/${ORG}/ko/`)).text;
    expect(ko).toContain('<p class="hero-lead" lang="ja">城と温泉の町</p>');

    // Saving without the new fields (an older console) keeps them.
    const { heroImageIds: _h, tagline: _t, contact: _c, socialAccounts: _s, ...older } = base;
    const again = await publisher.put('/api/v1/site/settings', older);
    expect(again.status).toBe(200);
    expect((again.body as { heroImageIds: string[] }).heroImageIds).toEqual([photos[1], photos[0]]);
  });

  it("refuses another organisation's image as main visual, social links that are not https, and a malformed e-mail", async () => {
    await createOrganisation(t.database.db, 'lookother', '隣町');
    const { rows } = await t.database.superuser.query(
      `INSERT INTO tenant.media (org, kind, mime, extension, original_name, size_bytes, sha256, blob_key, key_version, alt)
       VALUES ('lookother', 'image', 'image/jpeg', 'jpg', 'x.jpg', 1, 'x', 'k', 1, '{}') RETURNING id`,
    );
    const foreign = (rows[0] as { id: string }).id;
    const { updatedAt: _u, ...base } = (await publisher.get('/api/v1/site/settings')).body as Record<
      string,
      unknown
    >;
    const cases: [Record<string, unknown>, string][] = [
      [{ heroImageIds: [photos[0], foreign] }, 'heroImageIds'],
      [{ socialAccounts: [{ service: 'x', url: 'http://x.com/mitte' }] }, 'socialAccounts.0.url'],
      [{ contact: { email: 'not an address' } }, 'contact.email'],
    ];
    for (const [change, field] of cases) {
      const res = await publisher.put('/api/v1/site/settings', { ...base, ...change });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(JSON.stringify(res.body), field).toContain(field);
    }
  });

  it('cards without a photo get a drawn placeholder of the same shape, hidden from assistive technology', async () => {
    const list = (await page(`/s/${ORG}/en/spots/`)).text;
    const cards = list.split('<li class="card">').slice(1);
    expect(cards.length).toBeGreaterThan(1);
    for (const card of cards) expect(card).toMatch(/^\s*<div class="card-image/);
    expect(list).toContain(
      '<div class="card-image card-placeholder card-placeholder-spot" aria-hidden="true"></div>',
    );
  });
});
