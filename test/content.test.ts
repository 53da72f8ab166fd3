import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XSS_PAYLOADS } from '../src/modules/content/lib/xss-payloads.js';
import type { TestApp } from './helpers/app.js';
import { type Client, errorCode } from './helpers/client.js';
import { eventData, spotData } from './helpers/content.js';
import { startContentApp } from './helpers/rights.js';

let t: TestApp;
let viewer: Client;
let editor: Client;
let publisher: Client;
let other: Client;

beforeAll(async () => {
  ({ t, viewer, editor, publisher, other } = await startContentApp('kiyomizu', '清水町'));
});
afterAll(() => t.close());

type Item = {
  id: string;
  version: number;
  status: string;
  live: boolean;
  hasUnpublishedChanges: boolean;
  warnings: { field: string }[];
};

async function createSpot(client: Client, name: string, extra: Record<string, unknown> = {}): Promise<Item> {
  const res = await client.post('/api/v1/spots', spotData(name, extra));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Item;
}

describe('rights per module', () => {
  it('view can read but not create; edit can create and submit but not publish; publish can publish', async () => {
    expect((await viewer.post('/api/v1/spots', spotData('見るだけ'))).status).toBe(403);
    const spot = await createSpot(editor, '清水寺');
    expect(spot.status).toBe('draft');
    expect((await viewer.get(`/api/v1/spots/${spot.id}`)).status).toBe(200);
    const submitted = await editor.post(`/api/v1/spots/${spot.id}/submit`, { version: spot.version });
    expect(submitted.status).toBe(200);
    expect((submitted.body as Item).status).toBe('in_review');
    const denied = await editor.post(`/api/v1/spots/${spot.id}/publish`, {
      version: (submitted.body as Item).version,
    });
    expect(denied.status).toBe(403);
    const published = await publisher.post(`/api/v1/spots/${spot.id}/publish`, {
      version: (submitted.body as Item).version,
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', live: true, hasUnpublishedChanges: false });
  });

  it("another organisation's ids answer 404, like unknown ones", async () => {
    const spot = await createSpot(editor, '二年坂');
    for (const res of [
      await other.get(`/api/v1/spots/${spot.id}`),
      await other.request('PUT', `/api/v1/spots/${spot.id}`, { version: 1, data: spotData('乗っ取り') }),
      await other.post(`/api/v1/spots/${spot.id}/publish`, { version: 1 }),
      await other.get(`/api/v1/spots/${spot.id}/revisions`),
      await other.get('/api/v1/spots/00000000-0000-4000-8000-000000000000'),
    ]) {
      expect(res.status).toBe(404);
    }
    const list = await other.get('/api/v1/spots');
    expect(JSON.stringify(list.body)).not.toContain('二年坂');
  });

  it('a course cannot reference another organisation’s spot', async () => {
    const foreign = (await other.post('/api/v1/spots', spotData('隣の寺'))).body as Item;
    const mine = await createSpot(editor, '三年坂');
    const res = await editor.post('/api/v1/courses', {
      name: { ja: '散策コース' },
      stops: [
        { spotId: mine.id, stayMinutes: 30, travelMode: 'walk', minutesToNext: 10 },
        { spotId: foreign.id, stayMinutes: 20 },
      ],
    });
    expect(res.status).toBe(400);
    expect((res.body as { error: { field: string } }).error.field).toBe('stops.1.spotId');
  });
});

describe('editing', () => {
  it('saving over a newer version answers 409 and changes nothing', async () => {
    const spot = await createSpot(editor, '八坂神社');
    const first = await editor.request('PUT', `/api/v1/spots/${spot.id}`, {
      version: spot.version,
      data: spotData('八坂神社（改）'),
    });
    expect(first.status).toBe(200);
    const stale = await publisher.request('PUT', `/api/v1/spots/${spot.id}`, {
      version: spot.version,
      data: spotData('古い版'),
    });
    expect(stale.status).toBe(409);
    expect(errorCode(stale)).toBe('version_conflict');
    const now = await viewer.get(`/api/v1/spots/${spot.id}`);
    expect((now.body as { data: { name: { ja: string } } }).data.name.ja).toBe('八坂神社（改）');
  });

  it('bad input names the field; a position outside Japan is a warning, not a refusal', async () => {
    const bad = await editor.post('/api/v1/spots', spotData('', { url: 'javascript:alert(1)' }));
    expect(bad.status).toBe(400);
    const fields = (bad.body as { error: { problems: { field: string }[] } }).error.problems.map(
      (p) => p.field,
    );
    expect(fields).toEqual(expect.arrayContaining(['name.ja', 'url']));
    const abroad = await createSpot(editor, 'パリの寺', { lat: 48.85, lng: 2.35 });
    expect(abroad.warnings.map((w) => w.field)).toContain('lat');
    const event = await editor.post('/api/v1/events', eventData('逆転祭', { endDate: '2099-07-01' }));
    expect(event.status).toBe(400);
    expect((event.body as { error: { field: string } }).error.field).toBe('endDate');
  });

  it('keeps revisions with a diff, and restores an earlier one as a new version', async () => {
    const spot = await createSpot(editor, '銀閣寺');
    const v2 = (
      await editor.request('PUT', `/api/v1/spots/${spot.id}`, {
        version: spot.version,
        data: spotData('慈照寺（銀閣寺）'),
      })
    ).body as Item;
    const revisions = (await viewer.get(`/api/v1/spots/${spot.id}/revisions`)).body as {
      items: { version: number }[];
    };
    expect(revisions.items.map((r) => r.version)).toEqual([2, 1]);
    const diff = await viewer.get(`/api/v1/spots/${spot.id}/revisions/diff?from=1&to=2`);
    expect(diff.body).toMatchObject({
      changes: expect.arrayContaining([{ path: 'name.ja', before: '銀閣寺', after: '慈照寺（銀閣寺）' }]),
    });
    const restored = await editor.post(`/api/v1/spots/${spot.id}/revisions/1/restore`, {
      version: v2.version,
    });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: 3, data: { name: { ja: '銀閣寺' } } });
  });
});

describe('publishing and the public API', () => {
  it('the public sees only the live copy: drafts never, edits only after publishing', async () => {
    const spot = await createSpot(editor, '金閣寺');
    const publicUrl = `/api/v1/public/kiyomizu/spots/${spot.id}`;
    expect((await fetch(`${t.url}${publicUrl}`)).status).toBe(404);
    const live = (await publisher.post(`/api/v1/spots/${spot.id}/publish`, { version: spot.version }))
      .body as Item;
    const first = await fetch(`${t.url}${publicUrl}?lang=en`);
    expect(first.status).toBe(200);
    const body = (await first.json()) as {
      name: { text: string; lang: string };
      description: { text: string; lang: string };
      address: { lang: string };
    };
    expect(body.name).toEqual({ text: '金閣寺 (en)', lang: 'en' });
    // Missing English falls back to Japanese, marked as such.
    expect(body.address.lang).toBe('ja');
    const edited = (
      await editor.request('PUT', `/api/v1/spots/${spot.id}`, {
        version: live.version,
        data: spotData('鹿苑寺（未公開の変更）'),
      })
    ).body as Item;
    expect(edited).toMatchObject({ status: 'draft', live: true, hasUnpublishedChanges: true });
    const still = (await (await fetch(`${t.url}${publicUrl}`)).json()) as { name: { text: string } };
    expect(still.name.text).toBe('金閣寺');
    const search = await fetch(`${t.url}/api/v1/public/kiyomizu/search?q=${encodeURIComponent('鹿苑寺')}`);
    expect(((await search.json()) as { items: unknown[] }).items).toHaveLength(0);
  });

  it('answers with ETag and Cache-Control, and 304 for a matching If-None-Match', async () => {
    const res = await fetch(`${t.url}/api/v1/public/kiyomizu/spots`);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const again = await fetch(`${t.url}/api/v1/public/kiyomizu/spots`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('unknown organisation and a language it does not publish in are 404', async () => {
    expect((await fetch(`${t.url}/api/v1/public/nowhere/spots`)).status).toBe(404);
    expect((await fetch(`${t.url}/api/v1/public/kiyomizu/spots?lang=th`)).status).toBe(404);
    expect((await fetch(`${t.url}/api/v1/public/kiyomizu/spots?lang=xx`)).status).toBe(400);
  });
});

describe('Japanese search', () => {
  it('清水 finds 清水寺; きよみず finds キヨミズ; full-width finds half-width', async () => {
    await createSpot(editor, '清水寺', { kana: 'キヨミズデラ' });
    await createSpot(editor, 'ＡＢＣ美術館', { kana: 'エービーシー' });
    const find = async (q: string) =>
      (
        (await editor.get(`/api/v1/spots?q=${encodeURIComponent(q)}`)).body as { items: { title: string }[] }
      ).items.map((i) => i.title);
    expect(await find('清水')).toContain('清水寺');
    expect(await find('きよみず')).toContain('清水寺');
    expect(await find('ｷﾖﾐｽﾞ')).toContain('清水寺');
    expect(await find('abc')).toContain('ＡＢＣ美術館');
    expect(await find('存在しない言葉')).toEqual([]);
  });
});

describe('feature articles', () => {
  it('render Markdown to sanitised HTML on the public API, whatever the body holds', async () => {
    // NUL characters are refused at the door (400, field named); every other payload goes in.
    const withNul = await editor.post('/api/v1/articles', { title: { ja: 'x' }, body: { ja: 'a\u0000b' } });
    expect(withNul.status).toBe(400);
    expect((withNul.body as { error: { field: string } }).error.field).toBe('body.ja');
    const payloads = XSS_PAYLOADS.filter((p) => !p.includes('\u0000'));
    const body = ['# 秋の散策', '', '紅葉の**見頃**です。', '', ...payloads].join('\n\n');
    const created = await editor.post('/api/v1/articles', { title: { ja: '秋の特集' }, body: { ja: body } });
    expect(created.status).toBe(201);
    const item = created.body as Item;
    await publisher.post(`/api/v1/articles/${item.id}/publish`, { version: item.version });
    const res = await fetch(`${t.url}/api/v1/public/kiyomizu/articles/${item.id}`);
    const article = (await res.json()) as { body: { html: string; lang: string } };
    expect(article.body.lang).toBe('ja');
    expect(article.body.html).toContain('<strong>見頃</strong>');
    // Look at real tags and their attributes (payload text shown escaped as &lt;…&gt; is harmless).
    const tags = [
      ...article.body.html.matchAll(
        /<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g,
      ),
    ];
    const names = new Set(tags.map((m) => m[1]!.toLowerCase()));
    for (const banned of [
      'script',
      'iframe',
      'object',
      'embed',
      'svg',
      'style',
      'math',
      'form',
      'base',
      'meta',
    ]) {
      expect(names.has(banned), banned).toBe(false);
    }
    for (const [, , attrs] of tags) {
      for (const [, name, value] of (attrs ?? '').matchAll(
        /\s+([^\s=>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g,
      )) {
        expect(name!.toLowerCase().startsWith('on'), `attribute ${name}`).toBe(false);
        if (['href', 'src'].includes(name!.toLowerCase())) {
          const url = (value ?? '').replace(/^["']|["']$/g, '').replace(/&#x?[0-9a-f]+;?|\s/gi, '');
          expect(url, `${name}=${value}`).toMatch(/^(https?:|mailto:|\/|#)/i);
        }
      }
    }
  });
});

describe('schema.org JSON-LD', () => {
  it('an event has the properties Google requires; a spot is a TouristAttraction; drafts are 404', async () => {
    const created = (await editor.post('/api/v1/events', eventData('花火大会'))).body as Item;
    const jsonld = `/api/v1/public/kiyomizu/events/${created.id}/jsonld`;
    expect((await fetch(`${t.url}${jsonld}`)).status).toBe(404);
    await publisher.post(`/api/v1/events/${created.id}/publish`, { version: created.version });
    const res = await fetch(`${t.url}${jsonld}`);
    expect(res.headers.get('content-type')).toContain('application/ld+json');
    const event = (await res.json()) as Record<string, unknown> & { location: Record<string, unknown> };
    expect(event['@context']).toBe('https://schema.org');
    expect(event['@type']).toBe('Event');
    expect(event.name).toBe('花火大会');
    expect(String(event.startDate)).toBe('2099-07-15T10:00:00+09:00');
    expect(event.location.name).toBe('中央公園');
    expect(JSON.stringify(event.location)).toContain('東山区1-1');
    const spot = await createSpot(editor, '南禅寺');
    await publisher.post(`/api/v1/spots/${spot.id}/publish`, { version: spot.version });
    const attraction = (await (
      await fetch(`${t.url}/api/v1/public/kiyomizu/spots/${spot.id}/jsonld?lang=en`)
    ).json()) as Record<string, unknown>;
    expect(attraction['@type']).toBe('TouristAttraction');
    expect(attraction.name).toBe('南禅寺 (en)');
  });
});
