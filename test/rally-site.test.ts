import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoContent } from '../src/modules/organisations/demo.js';
import { RallyKeys } from '../src/modules/rally/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, seedUser, signedIn } from './helpers/client.js';
import { jaEnSiteSettings } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

// Issue 16, item 6: the participant pages on the public site, without JavaScript — the QR code
// opens a page, a form joins, a form stamps, the card shows it; in the visitor's language.

let t: TestApp;
let staff: Client;
let campaignId: string;
let qr: string;
let location: string;
const checkpoints: string[] = [];

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

/** A browser without JavaScript: follows nothing by itself, keeps its cookies. */
class Visitor {
  readonly cookies = new Map<string, string>();
  /** The participant's cookie (`name=value`), or ''. */
  get cookie(): string {
    const entry = [...this.cookies].find(([name]) => name.startsWith('mitte_rally_mihon_'));
    return entry ? `${entry[0]}=${entry[1]}` : '';
  }
  async go(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(`${t.url}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, html: bytes.toString('utf8'), bytes };
  }
}

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'mihon');
  staff = await signedIn(
    t,
    'mihon',
    await seedUser(t, 'mihon', { totp: false, rights: { campaigns: 'publish', site: 'edit' } }),
  );
  expect((await staff.put('/api/v1/site/settings', jaEnSiteSettings())).status).toBe(200);
  const created = await staff.post('/api/v1/rally/campaigns', {
    slug: 'haru',
    texts: { name: { ja: '春のスタンプラリー', en: 'Spring stamp rally' }, rules: { ja: '3か所を巡ろう' } },
    startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  campaignId = (created.body as { id: string }).id;
  for (const body of [
    { name: { ja: '駅前広場', en: 'Station Square' }, lat: 35, lng: 135, method: 'qr' },
    { name: { ja: '城跡' }, lat: 35.01, lng: 135.01, method: 'location' },
  ]) {
    const res = await staff.post(`/api/v1/rally/campaigns/${campaignId}/checkpoints`, body);
    checkpoints.push((res.body as { id: string }).id);
  }
  expect(
    (await staff.post(`/api/v1/rally/campaigns/${campaignId}/transition`, { to: 'published' })).status,
  ).toBe(200);
  const creds = await staff.get(
    `/api/v1/rally/campaigns/${campaignId}/checkpoints/${checkpoints[0]}/credentials`,
  );
  qr = (creds.body as { url: string }).url;
  location = checkpoints[1]!;
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('participant pages', () => {
  it('the QR code opens the checkpoint in the visitor’s language, and a GET never stamps', async () => {
    const visitor = new Visitor();
    const path = new URL(qr).pathname + new URL(qr).search;
    const redirect = await visitor.go(path, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(redirect.status).toBe(302);
    const target = redirect.headers.get('location')!;
    expect(target).toMatch(new RegExp(`^/s/mihon/en/rally/haru/c/${checkpoints[0]}\\?t=`));
    const page = await visitor.go(target);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(page.html).toContain('Station Square');
    expect(page.html).toContain('You have not joined yet');
    expect(page.html).not.toMatch(/<script(?![^>]*(src=|application\/ld\+json))/);
  });

  it('has a privacy page, linked from the campaign, with the day applicants’ data is deleted', async () => {
    const visitor = new Visitor();
    const top = await visitor.go('/s/mihon/ja/rally/haru/');
    expect(top.html).toContain('<a href="/s/mihon/ja/rally/haru/privacy">個人情報の取り扱い</a>');
    const ja = await visitor.go('/s/mihon/ja/rally/haru/privacy');
    expect(ja.status).toBe(200);
    // The default retention: 90 days after the end, as a date in Japan time.
    expect(ja.html).toMatch(
      /ラリー終了の 90 日後（\d{4}\/\d{1,2}\/\d{1,2} \d{1,2}:\d{2}）に自動的に削除されます/,
    );
    const en = await visitor.go('/s/mihon/en/rally/haru/privacy');
    expect(en.html).toContain('deleted automatically 90 days after the rally ends');
    expect(en.html).toContain('every view and export is recorded');
    expect((await visitor.go('/s/mihon/en/rally/nothing/privacy')).status).toBe(404);
  });

  it('joins with a form, shows the recovery code once, stamps with a form and fills the card', async () => {
    const visitor = new Visitor();
    const joined = await visitor.go('/s/mihon/en/rally/haru/join', form({}));
    expect(joined.status).toBe(200);
    expect(joined.html).toMatch(/<strong>[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}<\/strong>/);
    expect(visitor.cookie).toMatch(/^mitte_rally_mihon_haru=/);
    const token = new URL(qr).searchParams.get('t')!;
    const checkpointPage = await visitor.go(`/s/mihon/en/rally/haru/c/${checkpoints[0]}?t=${token}`);
    expect(checkpointPage.html).toContain('Collect stamp');
    const stamped = await visitor.go(`/s/mihon/en/rally/haru/c/${checkpoints[0]}`, form({ t: token }));
    expect(stamped.status).toBe(201);
    expect(stamped.html).toContain('Stamp collected');
    expect(stamped.html).toContain('You have 1 of 2 stamps');
    const again = await visitor.go(`/s/mihon/en/rally/haru/c/${checkpoints[0]}`, form({ t: token }));
    expect(again.status).toBe(200);
    expect(again.html).toContain('You already have this stamp');
    const card = await visitor.go('/s/mihon/ja/rally/haru/card');
    expect(card.status).toBe(200);
    expect(card.html).toContain('1 / 2 個のスタンプを集めました');
    expect(card.html).toContain('スタンプ済み');
    // The next nearest checkpoint not stamped yet, from the last stamp, distance in the page language.
    const next = /<section class="rally-next".*?<\/section>/s.exec(card.html)![0];
    expect(next).toContain('<strong>城跡</strong>');
    expect(next).toContain('最後にスタンプを押した場所から 1.4 km');
    // The checkpoints' map: data for site.js, no script in the page itself.
    expect(card.html).toContain('class="map" role="region" aria-label="チェックポイントの地図"');
    expect(card.html).toMatch(/<script src="\/site-assets\/site\.js\?v=[0-9a-f]+" defer><\/script>/);
  });

  it('before the first stamp the card points to the first checkpoint on the list, in the page language', async () => {
    const visitor = new Visitor();
    await visitor.go('/s/mihon/en/rally/haru/join', form({}));
    const card = await visitor.go('/s/mihon/en/rally/haru/card');
    const next = /<section class="rally-next".*?<\/section>/s.exec(card.html)![0];
    expect(next).toContain('<strong>Station Square</strong>');
    expect(next).toContain('The first one on the list you have not stamped yet.');
  });

  it('is installable and readable offline: manifest, a service worker scoped to the campaign, the saved-copy note', async () => {
    const visitor = new Visitor();
    const top = await visitor.go('/s/mihon/en/rally/haru/');
    expect(top.html).toContain(
      '<link rel="manifest" href="/s/mihon/en/rally/haru/manifest.webmanifest" data-service-worker="/s/mihon/en/rally/haru/sw.js">',
    );
    // The note the service worker shows on a saved copy: rendered hidden, in the page language.
    expect(top.html).toMatch(
      /<p class="rally-offline" hidden>You are offline: this is the copy saved on this phone \(/,
    );
    const manifest = await visitor.go('/s/mihon/en/rally/haru/manifest.webmanifest');
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json; charset=utf-8');
    expect(manifest.headers.get('cache-control')).toBe('public, max-age=300');
    expect(JSON.parse(manifest.html)).toMatchObject({
      name: 'Spring stamp rally',
      lang: 'en',
      start_url: './card',
      scope: './',
      display: 'standalone',
      icons: [
        { type: 'image/svg+xml', sizes: 'any', purpose: 'any' },
        { type: 'image/png', sizes: '192x192', purpose: 'any' },
        { type: 'image/png', sizes: '512x512', purpose: 'any' },
        { type: 'image/png', sizes: '512x512', purpose: 'maskable' },
      ],
    });
    // Every icon resolves, with its declared type and, for the PNGs, the declared size.
    for (const declared of JSON.parse(manifest.html).icons as {
      src: string;
      type: string;
      sizes: string;
    }[]) {
      const icon = await visitor.go(declared.src);
      expect(icon.status).toBe(200);
      expect(icon.headers.get('content-type')).toBe(declared.type);
      if (declared.type === 'image/png') {
        const png = icon.bytes;
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        // IHDR: width and height as big-endian 32-bit numbers at bytes 16 and 20.
        expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`).toBe(declared.sizes);
      }
    }
    const worker = await visitor.go('/s/mihon/en/rally/haru/sw.js');
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(worker.headers.get('cache-control')).toBe('no-cache');
    expect(worker.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(worker.html).toContain('<p class="rally-offline" hidden>');
    expect((await visitor.go('/s/mihon/fr/rally/haru/manifest.webmanifest')).status).toBe(404);
    expect((await visitor.go('/s/mihon/en/rally/nothing/manifest.webmanifest')).status).toBe(404);
  });

  it('answers a forged token and a missing location with the reason in the page language', async () => {
    const visitor = new Visitor();
    await visitor.go('/s/mihon/ja/rally/haru/join', form({}));
    const forged = await visitor.go(
      `/s/mihon/ja/rally/haru/c/${checkpoints[0]}`,
      form({ t: '1.forgedforgedforgedforg' }),
    );
    expect(forged.status).toBe(422);
    expect(forged.html).toContain('この QR コードは正しくありません');
    const noPlace = await visitor.go(
      `/s/mihon/en/rally/haru/c/${location}`,
      form({ lat: '', lng: '', accuracy: '' }),
    );
    expect(noPlace.status).toBe(422);
    expect(noPlace.html).toContain('This checkpoint needs your location');
    const absurd = await visitor.go(
      `/s/mihon/en/rally/haru/c/${location}`,
      form({ lat: '35.01', lng: '135.01', accuracy: '-3' }),
    );
    expect(absurd.status).toBe(400);
    const here = await visitor.go(
      `/s/mihon/en/rally/haru/c/${location}`,
      form({ lat: '35.0101', lng: '135.0101', accuracy: '12' }),
    );
    expect(here.status).toBe(201);
    // The location page loads its one script from a file, never inline.
    const page = await visitor.go(`/s/mihon/en/rally/haru/c/${location}`);
    expect(page.html).toMatch(/<script src="\/site-assets\/rally\.js\?v=[0-9a-f]+" defer><\/script>/);
  });

  it('shows the campaign top page, restores a card by code, and 404s what is not public', async () => {
    const visitor = new Visitor();
    const top = await visitor.go('/s/mihon/en/rally/haru/');
    expect(top.status).toBe(200);
    expect(top.html).toContain('Spring stamp rally');
    expect(top.html).toContain('<span lang="ja">3か所を巡ろう</span>');
    const joined = await visitor.go('/s/mihon/en/rally/haru/join', form({}));
    const code = /<strong>([A-Z2-9-]{14})<\/strong>/.exec(joined.html)![1]!;
    const phone = new Visitor();
    const restored = await phone.go('/s/mihon/en/rally/haru/recover', form({ recoveryCode: code }));
    expect(restored.status).toBe(303);
    expect(restored.headers.get('location')).toBe('/s/mihon/en/rally/haru/card');
    expect((await phone.go('/s/mihon/en/rally/haru/card')).html).toContain('You have 0 of 2 stamps');
    expect((await visitor.go('/s/mihon/fr/rally/haru/')).status).toBe(404);
    expect((await visitor.go('/s/mihon/en/rally/nothing/')).status).toBe(404);
    const draft = await staff.post('/api/v1/rally/campaigns', {
      slug: 'draft-one',
      texts: { name: { ja: '下書き' } },
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(draft.status).toBe(201);
    expect((await visitor.go('/s/mihon/ja/rally/draft-one/')).status).toBe(404);
  });
});

describe('survey and prize application on the site (no JavaScript)', () => {
  const applications = async () =>
    Number(
      (
        await t.database.superuser.query(
          "SELECT count(*) AS n FROM tenant.rally_applications WHERE org = 'mihon'",
        )
      ).rows[0].n,
    );
  const apply = (visitor: Visitor, lang: string, fields: [string, string][]) =>
    visitor.go(`/s/mihon/${lang}/rally/haru/apply`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  const good: [string, string][] = [
    ['answers.heard', 'poster'],
    ['answers.with', 'family'],
    ['answers.with', 'friends'],
    ['answers.pref', '26'],
    ['answers.age', '30s'],
    ['answers.comment', 'また来ます'],
    ['tierId', 'one'],
    ['personal.name', '山田 花子'],
    ['personal.postalCode', '604-8571'],
    ['personal.address', '京都府京都市中京区寺町通御池上る'],
    ['personal.phone', '075-222-3111'],
    ['personal.email', 'hanako@example.jp'],
  ];
  const stampedVisitor = async () => {
    const visitor = new Visitor();
    await visitor.go('/s/mihon/en/rally/haru/join', form({}));
    const token = new URL(qr).searchParams.get('t')!;
    expect((await visitor.go(`/s/mihon/en/rally/haru/c/${checkpoints[0]}`, form({ t: token }))).status).toBe(
      201,
    );
    return visitor;
  };
  const errorOf = (html: string, field: string) =>
    new RegExp(`id="f-${field.replace(/\./g, '-')}-error">([^<]*)<`).exec(html)?.[1];

  beforeAll(async () => {
    const current = await staff.get(`/api/v1/rally/campaigns/${campaignId}`);
    const res = await staff.put(`/api/v1/rally/campaigns/${campaignId}/prizes`, {
      version: (current.body as { version: number }).version,
      prizeTiers: [
        {
          id: 'one',
          name: { ja: '参加賞', en: 'Taking part' },
          minStamps: 1,
          quantity: 1,
          award: 'first_come',
        },
        {
          id: 'all',
          name: { ja: '全制覇賞', en: 'Every stamp' },
          requiredCheckpointIds: checkpoints,
          award: 'lottery',
          quantity: 5,
        },
      ],
      survey: [
        {
          id: 'heard',
          kind: 'single',
          label: { ja: '何で知りましたか', en: 'How did you hear of it?' },
          choices: [
            { id: 'poster', label: { ja: 'ポスター', en: 'Poster' } },
            { id: 'web', label: { ja: 'ウェブ', en: 'Web' } },
          ],
          required: true,
        },
        {
          id: 'with',
          kind: 'multiple',
          label: { ja: '同行者', en: 'Who came with you?' },
          choices: [
            { id: 'family', label: { ja: '家族', en: 'Family' } },
            { id: 'friends', label: { ja: '友人', en: 'Friends' } },
          ],
          required: false,
        },
        { id: 'pref', kind: 'prefecture', label: { ja: 'お住まい', en: 'Where you live' }, required: true },
        { id: 'age', kind: 'age_band', label: { ja: '年代', en: 'Age' }, required: false },
        { id: 'comment', kind: 'text', label: { ja: 'ご意見', en: 'Comments' }, required: false },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });

  it('offers the form only to a participant who qualifies, and refuses one who does not, writing nothing', async () => {
    const visitor = new Visitor();
    await visitor.go('/s/mihon/en/rally/haru/join', form({}));
    const card = await visitor.go('/s/mihon/en/rally/haru/card');
    expect(card.html).not.toContain('/rally/haru/apply');
    const page = await visitor.go('/s/mihon/en/rally/haru/apply');
    expect(page.status).toBe(200);
    expect(page.html).toContain('There is no prize you can apply for yet');
    const refused = await apply(visitor, 'en', good);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('<li>You do not have the stamps this prize needs.</li>');
    // A browser on another site posting the form sends no participant cookie (SameSite=Lax).
    const stranger = await apply(new Visitor(), 'en', good);
    expect(stranger.status).toBe(401);
    expect(stranger.html).toContain('You have not joined yet');
    expect(await applications()).toBe(0);
  });

  it('shows every refusal next to its field in the page language, keeps the values, stores nothing', async () => {
    const visitor = await stampedVisitor();
    const card = await visitor.go('/s/mihon/ja/rally/haru/card');
    expect(card.html).toContain(
      '<a class="rally-button" href="/s/mihon/ja/rally/haru/apply">賞品に応募する</a>',
    );
    const page = await visitor.go('/s/mihon/ja/rally/haru/apply');
    expect(page.html).toContain('name="answers.with" value="friends"');
    expect(page.html).toContain('<option value="26">京都府</option>');
    // Only the tier the stamps earn is offered.
    expect(page.html).toContain('value="one"');
    expect(page.html).not.toContain('value="all"');
    expect(page.html).not.toMatch(/<script(?![^>]*(src=|application\/ld\+json))/);
    const long = 'あ'.repeat(501);
    const bad = await apply(visitor, 'ja', [
      ['answers.heard', 'tv'],
      ['answers.comment', long],
      ['tierId', 'one'],
      ['personal.name', '山'.repeat(101)],
      ['personal.postalCode', 'abc'],
      ['personal.address', '京都府京都市中京区寺町通御池上る'],
      ['personal.phone', '075-222-3111'],
      ['personal.email', 'not-an-address'],
    ]);
    expect(bad.status).toBe(400);
    expect(errorOf(bad.html, 'answers.heard')).toBe('選択肢にない回答です。');
    expect(errorOf(bad.html, 'answers.pref')).toBe('この設問は回答が必要です。');
    expect(errorOf(bad.html, 'answers.comment')).toBe('500文字以内で入力してください。');
    expect(errorOf(bad.html, 'personal.name')).toBe('100文字以内で入力してください。');
    expect(errorOf(bad.html, 'personal.postalCode')).toBe('郵便番号は 123-4567 の形で入力してください。');
    expect(errorOf(bad.html, 'personal.email')).toBe('メールアドレスの形式が正しくありません。');
    expect(bad.html).toContain('aria-describedby="f-personal-email-error"');
    expect(bad.html).toContain(`>${long}</textarea>`);
    expect(bad.html).toContain('value="京都府京都市中京区寺町通御池上る"');
    expect(bad.html).toContain('value="not-an-address"');
    expect(await applications()).toBe(0);
    // The same refusals in English on the English page.
    const en = await apply(visitor, 'en', [
      ['answers.heard', 'tv'],
      ...good.filter(([k]) => k !== 'answers.heard'),
    ]);
    expect(errorOf(en.html, 'answers.heard')).toBe('The answer is not one of the choices.');
    expect(await applications()).toBe(0);

    const done = await apply(visitor, 'ja', good);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/s/mihon/ja/rally/haru/applied');
    const received = await visitor.go(done.headers.get('location')!);
    expect(received.status).toBe(200);
    expect(received.html).toContain('応募を受け付けました');
    const { rows } = await t.database.superuser.query(
      "SELECT status, tier_id, answers FROM tenant.rally_applications WHERE org = 'mihon'",
    );
    expect(rows).toEqual([
      {
        status: 'pending',
        tier_id: 'one',
        answers: {
          heard: 'poster',
          with: ['family', 'friends'],
          pref: '26',
          age: '30s',
          comment: 'また来ます',
        },
      },
    ]);
    // A second application, and another participant's after the first-come prize ran out.
    const again = await apply(visitor, 'en', good);
    expect(again.status).toBe(409);
    expect(again.html).toContain('You have applied already: one application per person.');
    expect(again.html).toContain('value="hanako@example.jp"');
    const late = await apply(await stampedVisitor(), 'en', good);
    expect(late.status).toBe(409);
    expect(errorOf(late.html, 'tierId')).toBe('This prize has run out.');
    expect(await applications()).toBe(1);
  });

  it('refuses an application after the period in the page language', async () => {
    const visitor = await stampedVisitor();
    const endsAt = await t.database.superuser.query(
      "UPDATE tenant.rally_campaigns SET ends_at = now() - interval '1 minute' WHERE org = 'mihon' AND slug = 'haru' RETURNING (SELECT ends_at FROM tenant.rally_campaigns WHERE org = 'mihon' AND slug = 'haru') AS before",
    );
    try {
      const refused = await apply(visitor, 'en', good);
      expect(refused.status).toBe(409);
      expect(refused.html).toContain('The stamp rally has ended. Thank you for taking part.');
      expect((await visitor.go('/s/mihon/en/rally/haru/card')).html).not.toContain('/rally/haru/apply');
    } finally {
      await t.database.superuser.query(
        "UPDATE tenant.rally_campaigns SET ends_at = $1 WHERE org = 'mihon' AND slug = 'haru'",
        [endsAt.rows[0].before],
      );
    }
    expect(await applications()).toBe(1);
  });
});

describe('open data', () => {
  it('serves the checkpoints as GeoJSON and the campaign as schema.org Event; the page embeds the same', async () => {
    const api = `${t.url}/api/v1/public/mihon/rally/haru`;
    const geo = await fetch(`${api}/checkpoints.geojson?lang=en`);
    expect(geo.status).toBe(200);
    expect(geo.headers.get('content-type')).toBe('application/geo+json; charset=utf-8');
    const collection = (await geo.json()) as { type: string; features: Record<string, unknown>[] };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(2);
    expect(collection.features[0]).toMatchObject({
      type: 'Feature',
      id: checkpoints[0],
      geometry: { type: 'Point', coordinates: [135, 35] },
      properties: { name: 'Station Square', order: 1, method: 'qr', radiusM: null },
    });
    expect(collection.features[1]).toMatchObject({ properties: { name: '城跡', radiusM: 100 } });
    // Nothing in it lets anyone stamp.
    expect(JSON.stringify(collection)).not.toContain(new URL(qr).searchParams.get('t')!);

    const ld = await fetch(`${api}/event.jsonld?lang=en`);
    expect(ld.headers.get('content-type')).toBe('application/ld+json; charset=utf-8');
    const event = (await ld.json()) as Record<string, unknown>;
    expect(event).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: 'Spring stamp rally',
      url: `${t.config.baseUrl}/s/mihon/en/rally/haru/`,
      eventStatus: 'https://schema.org/EventScheduled',
      isAccessibleForFree: true,
    });
    expect(event.location).toEqual([
      {
        '@type': 'Place',
        name: 'Station Square',
        geo: { '@type': 'GeoCoordinates', latitude: 35, longitude: 135 },
      },
      {
        '@type': 'Place',
        name: '城跡',
        geo: { '@type': 'GeoCoordinates', latitude: 35.01, longitude: 135.01 },
      },
    ]);
    const page = await new Visitor().go('/s/mihon/en/rally/haru/');
    const embedded = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.html)?.[1];
    expect(JSON.parse(embedded!)).toEqual(event);

    expect((await fetch(`${t.url}/api/v1/public/mihon/rally/draft-one/event.jsonld`)).status).toBe(404);
    expect((await fetch(`${t.url}/api/v1/public/mihon/rally/draft-one/checkpoints.geojson`)).status).toBe(
      404,
    );
  });
});

describe('the demo organisation', () => {
  it('has a published sample rally of five checkpoints, linked from the site’s home page', async () => {
    await createOrganisation(t.database.db, 'demo-town');
    await seedDemoContent(t.database.db, 'demo-town', new RallyKeys(t.masterKey));
    const visitor = new Visitor();
    const home = await visitor.go('/s/demo-town/ja/');
    expect(home.html).toContain('href="/s/demo-town/ja/rally/castle-town/"');
    expect(home.html).toContain('みってし城下町スタンプラリー');
    const top = await visitor.go('/s/demo-town/en/rally/castle-town/');
    expect(top.status).toBe(200);
    expect(top.html).toContain('Mitte Castle Town Stamp Rally');
    expect(top.html.match(/<li class="rally-open">/g)).toHaveLength(5);
    const card = await fetch(`${t.url}/api/v1/public/demo-town/rally/castle-town/join`, { method: 'POST' });
    expect(card.status).toBe(201);
  }, 120_000);
});
