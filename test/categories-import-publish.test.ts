import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainOf } from '../src/platform/audit/chain.js';
import { verifyAuditLog } from '../src/platform/audit/verify.js';
import type { TestApp } from './helpers/app.js';
import {
  type Client,
  cookieHeader,
  errorCode,
  seedUser,
  signedIn,
  signedInOperator,
} from './helpers/client.js';
import { spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';
import { startContentApp } from './helpers/rights.js';

const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/opendata/${name}`, import.meta.url));

let t: TestApp;
let viewer: Client;
let editor: Client;
let publisher: Client;
let other: Client;

beforeAll(async () => {
  ({ t, viewer, editor, publisher, other } = await startContentApp('momiji', '紅葉町'));
});
afterAll(() => t.close());

type Own = {
  code: string;
  names: Record<string, string>;
  standard: string | null;
  position: number;
  usedBy: number;
};
type List = { standard: { code: string; names: Record<string, string>; usedBy: number }[]; own: Own[] };

describe("the organisation's own categories", () => {
  it('lists the standard categories with names in every language (the one source console and site share)', async () => {
    const res = await viewer.get('/api/v1/categories/spots');
    expect(res.status).toBe(200);
    const list = res.body as List;
    const shrine = list.standard.find((c) => c.code === 'temple-shrine')!;
    expect(shrine.names).toMatchObject({ ja: '神社・寺院', en: 'Shrines and temples', ko: '신사·사찰' });
    expect(Object.keys(shrine.names).sort()).toEqual(['en', 'ja', 'ko', 'th', 'zh-Hans', 'zh-Hant']);
    expect(list.own).toEqual([]);
    const events = (await viewer.get('/api/v1/categories/events')).body as List;
    expect(events.standard.map((c) => c.code)).toContain('festival');
  });

  it('create, rename in several languages, order; only the publish right may change them', async () => {
    expect(
      (await editor.post('/api/v1/categories/spots', { code: 'sakura', names: { ja: '桜' } })).status,
    ).toBe(403);
    const a = await publisher.post('/api/v1/categories/spots', {
      code: 'sakura',
      names: { ja: '桜の名所', en: 'Cherry blossoms' },
      standard: 'nature',
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ code: 'sakura', position: 0, standard: 'nature', usedBy: 0 });
    const b = await publisher.post('/api/v1/categories/spots', { code: 'sake', names: { ja: '酒蔵' } });
    expect(b.body).toMatchObject({ position: 1, standard: null });

    const renamed = await publisher.put('/api/v1/categories/spots/sakura', {
      names: { ja: '桜の名所', en: 'Cherry blossom spots', ko: '벚꽃 명소', 'zh-Hant': '' },
      standard: 'park-garden',
    });
    expect(renamed.status).toBe(200);
    // An emptied translation is dropped, so the site falls back to Japanese.
    expect((renamed.body as Own).names).toEqual({
      ja: '桜の名所',
      en: 'Cherry blossom spots',
      ko: '벚꽃 명소',
    });

    const ordered = await publisher.put('/api/v1/categories/spots', { codes: ['sake', 'sakura'] });
    expect(ordered.status).toBe(200);
    expect((ordered.body as List).own.map((c) => [c.code, c.position])).toEqual([
      ['sake', 0],
      ['sakura', 1],
    ]);
    const partial = await publisher.put('/api/v1/categories/spots', { codes: ['sake'] });
    expect(partial.status).toBe(400);

    const { rows } = await t.database.superuser.query(
      "SELECT action FROM audit.events WHERE org = 'momiji' AND action LIKE 'category.%' ORDER BY seq",
    );
    expect(rows.map((r) => r.action)).toEqual([
      'category.created',
      'category.created',
      'category.updated',
      'category.reordered',
    ]);
  });

  it('refuses a standard code, a duplicate code, and a mapping to another kind’s standard category', async () => {
    const reserved = await publisher.post('/api/v1/categories/spots', {
      code: 'onsen',
      names: { ja: '温泉' },
    });
    expect(reserved.status).toBe(409);
    expect(errorCode(reserved)).toBe('category_code_reserved');
    const duplicate = await publisher.post('/api/v1/categories/spots', {
      code: 'sakura',
      names: { ja: '桜' },
    });
    expect(errorCode(duplicate)).toBe('category_exists');
    const wrongKind = await publisher.post('/api/v1/categories/spots', {
      code: 'hanabi',
      names: { ja: '花火' },
      standard: 'fireworks',
    });
    expect(wrongKind.status).toBe(400);
    expect((wrongKind.body as { error: { field: string } }).error.field).toBe('standard');
  });

  it('refuses a Japanese name of white space alone, creating or renaming, naming names.ja; nothing changes', async () => {
    const before = (await viewer.get('/api/v1/categories/spots')).body as List;
    const blank = await publisher.post('/api/v1/categories/spots', { code: 'kara', names: { ja: ' \n' } });
    expect(blank.status).toBe(400);
    expect((blank.body as { error: { field: string } }).error.field).toBe('names.ja');
    const renamed = await publisher.put('/api/v1/categories/spots/sakura', {
      names: { ja: '\u3000', en: 'Cherry' },
      standard: null,
    });
    expect(renamed.status).toBe(400);
    expect((renamed.body as { error: { field: string } }).error.field).toBe('names.ja');
    expect((await viewer.get('/api/v1/categories/spots')).body).toEqual(before);
    expect(before.own.find((c) => c.code === 'sakura')?.names.ja).toBe('桜の名所');
  });

  it('deletes a category only when no item uses it (409 category_in_use with the count)', async () => {
    const spot = (await editor.post('/api/v1/spots', spotData('桜並木', { category: 'sake' }))).body as {
      id: string;
      version: number;
    };
    const used = await publisher.delete('/api/v1/categories/spots/sake');
    expect(used.status).toBe(409);
    expect(errorCode(used)).toBe('category_in_use');
    expect((used.body as { error: { details: { usedBy: number } } }).error.details.usedBy).toBe(1);
    expect((used.body as { error: { message: { ja: string } } }).error.message.ja).toContain('1 件');
    const list = (await viewer.get('/api/v1/categories/spots')).body as List;
    expect(list.own.find((c) => c.code === 'sake')?.usedBy).toBe(1);

    // Moved away: the category is free again.
    const moved = await editor.post('/api/v1/spots/bulk', {
      action: 'setCategory',
      category: 'sakura',
      items: [{ id: spot.id, version: spot.version }],
    });
    expect((moved.body as { done: number }).done).toBe(1);
    expect((await publisher.delete('/api/v1/categories/spots/sake')).status).toBe(204);
    expect((await publisher.delete('/api/v1/categories/spots/sake')).status).toBe(404);
  });

  it('another organisation sees none of them and cannot change them', async () => {
    const list = (await other.get('/api/v1/categories/spots')).body as List;
    expect(list.own).toEqual([]);
    expect(
      (await other.put('/api/v1/categories/spots/sakura', { names: { ja: '乗っ取り' }, standard: null }))
        .status,
    ).toBe(404);
    expect((await other.delete('/api/v1/categories/spots/sakura')).status).toBe(404);
  });

  it("the public site's category filter names own categories by their names and standard ones by the shared names", async () => {
    const created = (await editor.post('/api/v1/spots', spotData('夜桜', { category: 'sakura' }))).body as {
      id: string;
      version: number;
    };
    const shrine = (await editor.post('/api/v1/spots', spotData('古社', { category: 'temple-shrine' })))
      .body as {
      id: string;
      version: number;
    };
    const published = await publisher.post('/api/v1/spots/bulk', {
      action: 'publish',
      items: [created, shrine].map(({ id, version }) => ({ id, version })),
    });
    expect((published.body as { done: number }).done).toBe(2);
    const page = await (await fetch(`${t.url}/s/momiji/en/spots/`)).text();
    // The category filter: own first, in the organisation's order, then the standard ones.
    expect(page).toMatch(
      /<option value="sakura">Cherry blossom spots<\/option><option value="temple-shrine">Shrines and temples<\/option>/,
    );
    // Open data speaks the standard categories: an own one goes out as the one it is mapped to.
    const geo = (await (await fetch(`${t.url}/api/v1/public/momiji/opendata/spots.geojson`)).json()) as {
      features: { id: string; properties: Record<string, unknown> }[];
    };
    const yozakura = geo.features.find((f) => f.id === created.id)!;
    expect(yozakura.properties).toMatchObject({ category: 'park-garden', localCategory: 'sakura' });
    const kosha = geo.features.find((f) => f.id === shrine.id)!;
    expect(kosha.properties.category).toBe('temple-shrine');
    expect(kosha.properties.localCategory).toBeUndefined();
  });
});

async function rawPost(client: Client, path: string, bytes: Buffer) {
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'text/csv',
      cookie: cookieHeader(client),
      'x-csrf-token': client.cookies.get('mitte_csrf')!,
    },
    body: bytes,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function count(org: string, where = 'true'): Promise<number> {
  const { rows } = await t.database.superuser.query(
    `SELECT count(*)::int AS n FROM tenant.content_items WHERE org = $1 AND kind = 'spot' AND ${where}`,
    [org],
  );
  return rows[0].n;
}

describe('import and publish', () => {
  it('without the publish right: 403 before anything is written', async () => {
    const before = await count('momiji');
    const res = await rawPost(editor, '/api/v1/import/tourism?publish=true', fixture('tourism-utf8.csv'));
    expect(res.status).toBe(403);
    expect((res.body as { error: { message: { ja: string } } }).error.message.ja).toContain('公開の権限');
    expect(await count('momiji')).toBe(before);
  });

  it('with it: every created row is live, audited as imported and published; a re-import publishes nothing new', async () => {
    const res = await rawPost(publisher, '/api/v1/import/tourism?publish=true', fixture('tourism-utf8.csv'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ created: 12, updated: 0, published: 12 });
    expect(await count('momiji', 'external_id IS NOT NULL AND published_data IS NULL')).toBe(0);
    const listed = await fetch(`${t.url}/api/v1/public/momiji/spots?limit=100`);
    expect(((await listed.json()) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(12);
    const { rows } = await t.database.superuser.query(
      "SELECT details FROM audit.events WHERE org = 'momiji' AND action = 'content.spot.imported' ORDER BY seq DESC LIMIT 1",
    );
    expect(rows[0].details).toMatchObject({ publish: true, created: 12, published: 12 });
    const again = await rawPost(
      publisher,
      '/api/v1/import/tourism?publish=true',
      fixture('tourism-utf8.csv'),
    );
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 12, published: 0 });
  });

  it('the batched write audits every item (created and published), keeps both revisions, and the chain verifies', async () => {
    await createOrganisation(t.database.db, 'ikkatsu', '一括町');
    const client = await signedIn(
      t,
      'ikkatsu',
      await seedUser(t, 'ikkatsu', { totp: false, rights: { spots: 'publish' } }),
    );
    const res = await rawPost(client, '/api/v1/import/tourism?publish=true', fixture('tourism-utf8.csv'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { rows: items } = await t.database.superuser.query(
      "SELECT id, version, status, published_data = data AS live FROM tenant.content_items WHERE org = 'ikkatsu' AND kind = 'spot'",
    );
    expect(items).toHaveLength(12);
    expect(
      items.every(
        (i: { version: number; status: string; live: boolean }) =>
          i.version === 2 && i.status === 'published' && i.live,
      ),
    ).toBe(true);
    const { rows: events } = await t.database.superuser.query(
      "SELECT action, target_id FROM audit.events WHERE org = 'ikkatsu' AND action LIKE 'content.spot.%' ORDER BY seq",
    );
    for (const item of items as { id: string }[]) {
      expect(
        events
          .filter((e: { target_id: string }) => e.target_id === item.id)
          .map((e: { action: string }) => e.action),
      ).toEqual(['content.spot.created', 'content.spot.published']);
    }
    const { rows: revisions } = await t.database.superuser.query(
      "SELECT version, status, note FROM tenant.content_revisions WHERE org = 'ikkatsu' AND item_id = $1 ORDER BY version",
      [items[0].id],
    );
    expect(revisions).toEqual([
      { version: 1, status: 'draft', note: 'created' },
      { version: 2, status: 'published', note: 'publish' },
    ]);
    const verified = await verifyAuditLog(t.database.db);
    expect(verified.chains.find((c) => c.chain === chainOf('ikkatsu'))).toMatchObject({ ok: true });
  });

  it('an import without publish leaves drafts; importing the same file with publish then publishes them', async () => {
    const csv = fixture('events-utf8.csv');
    const plain = await rawPost(publisher, '/api/v1/import/events', csv);
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({ published: 0 });
    const created = plain.body.created as number;
    expect(created).toBeGreaterThan(0);
    const published = await rawPost(publisher, '/api/v1/import/events?publish=true', csv);
    expect(published.body).toMatchObject({ created: 0, unchanged: created, published: created });
  });
});

describe('sign-in messages', () => {
  it("an operator's wrong password does not mention the service code; an organisation's does", async () => {
    await signedInOperator(t, 'ops-msg@mitte.example.jp');
    const op = await fetch(`${t.url}/api/v1/ops/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ops-msg@mitte.example.jp', password: 'wrong password 12345' }),
    });
    expect(op.status).toBe(401);
    const opBody = (await op.json()) as { error: { code: string; message: { ja: string; en: string } } };
    expect(opBody.error.code).toBe('invalid_credentials');
    expect(opBody.error.message.ja).toBe('メールアドレスまたはパスワードが正しくありません。');
    expect(opBody.error.message.en).not.toMatch(/service code/i);
    const user = await fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        serviceCode: 'momiji',
        email: 'nobody@momiji.example.jp',
        password: 'wrong password 12345',
      }),
    });
    expect(((await user.json()) as { error: { message: { ja: string } } }).error.message.ja).toContain(
      'サービスコード',
    );
  });
});

describe('an event held at a spot', () => {
  it('takes the spot position when it has none of its own', async () => {
    const spot = (await editor.post('/api/v1/spots', spotData('会場の寺', { lat: 35.01, lng: 135.77 })))
      .body as {
      id: string;
    };
    const res = await editor.post('/api/v1/events', {
      name: { ja: '境内の市' },
      category: 'market',
      startDate: '2099-05-01',
      allDay: true,
      eventStatus: 'scheduled',
      venue: { spotId: spot.id },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { rows } = await t.database.superuser.query(
      'SELECT lat, lng FROM tenant.content_items WHERE id = $1',
      [(res.body as { id: string }).id],
    );
    expect(rows[0]).toEqual({ lat: 35.01, lng: 135.77 });
  });
});
