import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  ({ t, viewer, editor, publisher, other } = await startContentApp('ichigo', '苺町'));
});
afterAll(() => t.close());

type Item = { id: string; version: number; status: string; live: boolean; data: Record<string, unknown> };
type Result = {
  id: string;
  outcome: 'done' | 'unchanged' | 'failed';
  status: string | null;
  version: number | null;
  error?: { status: number; code: string; message: { ja: string; en: string } };
};
type Bulk = { action: string; done: number; unchanged: number; failed: number; results: Result[] };

async function spots(client: Client, names: string[], extra: Record<string, unknown> = {}): Promise<Item[]> {
  const out: Item[] = [];
  for (const name of names) {
    const res = await client.post('/api/v1/spots', spotData(name, extra));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    out.push(res.body as Item);
  }
  return out;
}

const refs = (items: Item[]) => items.map(({ id, version }) => ({ id, version }));

async function bulk(client: Client, body: Record<string, unknown>, path = '/api/v1/spots/bulk') {
  return client.post(path, body);
}

async function auditActions(org: string, since: number): Promise<{ action: string; details: unknown }[]> {
  const { rows } = await t.database.superuser.query(
    'SELECT action, details FROM audit.events WHERE org = $1 AND seq > $2 ORDER BY seq',
    [org, since],
  );
  return rows as { action: string; details: unknown }[];
}

async function lastSeq(org: string): Promise<number> {
  const { rows } = await t.database.superuser.query(
    'SELECT coalesce(max(seq), 0) AS seq FROM audit.events WHERE org = $1',
    [org],
  );
  return Number(rows[0].seq);
}

describe('bulk publish', () => {
  it('publishes every item with a result each, one audit event per item and one for the request, and the public list shows them at once', async () => {
    const items = await spots(editor, ['一括A', '一括B', '一括C']);
    // The public list is cached before the change (stored from its second answer) …
    for (let i = 0; i < 2; i++) {
      const before = await fetch(`${t.url}/api/v1/public/ichigo/spots`);
      expect(before.status).toBe(200);
      await before.text();
    }
    expect((await fetch(`${t.url}/api/v1/public/ichigo/spots`)).headers.get('x-cache')).toBe('hit');
    const seq = await lastSeq('ichigo');

    const res = await bulk(publisher, { action: 'publish', items: refs(items) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const answer = res.body as Bulk;
    expect(answer).toMatchObject({ action: 'publish', done: 3, unchanged: 0, failed: 0 });
    expect(answer.results.map((r) => [r.id, r.outcome, r.status, r.version])).toEqual(
      items.map((i) => [i.id, 'done', 'published', i.version + 1]),
    );

    const events = await auditActions('ichigo', seq);
    expect(events.filter((e) => e.action === 'content.spot.published')).toHaveLength(3);
    const summary = events.find((e) => e.action === 'content.spot.bulk');
    expect(summary?.details).toMatchObject({ action: 'publish', requested: 3, done: 3, failed: 0 });
    // Each item has its revision of the published version.
    const { rows: revisions } = await t.database.superuser.query(
      `SELECT item_id::text AS id, version, status FROM tenant.content_revisions
        WHERE item_id = ANY ($1::uuid[]) AND note = 'publish' ORDER BY version`,
      [items.map((i) => i.id)],
    );
    expect(revisions.map((r) => [r.id, r.version, r.status]).sort()).toEqual(
      items.map((i) => [i.id, i.version + 1, 'published']).sort(),
    );

    // … and dropped once the request has committed.
    const after = await fetch(`${t.url}/api/v1/public/ichigo/spots?limit=100`);
    const names = ((await after.json()) as { items: { name: { text: string } }[] }).items.map(
      (i) => i.name.text,
    );
    expect(names).toEqual(expect.arrayContaining(['一括A', '一括B', '一括C']));
  });

  it('two bulk publishes of neighbouring spots at once both succeed, and each spot keeps its four nearest', async () => {
    // Every other spot of a line in each request: each publish changes the nearest spots of the
    // other's spots. On PostgreSQL the two ran into a deadlock (a 500) before they took turns.
    const line: Item[] = [];
    for (let i = 0; i < 80; i += 1) {
      const position = { lat: 43 + i * 0.0002, lng: 141 + (i % 3) * 0.0003 };
      const res = await editor.post('/api/v1/spots', spotData(`並列${i}`, position));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      line.push(res.body as Item);
    }
    const [even, odd] = [line.filter((_, i) => i % 2 === 0), line.filter((_, i) => i % 2 === 1)];
    const answers = await Promise.all([
      bulk(publisher, { action: 'publish', items: refs(even) }),
      bulk(publisher, { action: 'publish', items: refs(odd) }),
    ]);
    for (const res of answers) {
      expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
      expect(res.body).toMatchObject({ done: 40, failed: 0 });
    }
    const { rows: wrong } = await t.database.superuser.query(
      `SELECT p.id FROM tenant.published_items p
        WHERE p.id = ANY ($1::uuid[])
          AND p.nearby IS DISTINCT FROM ARRAY(
            SELECT o.id FROM tenant.published_items o
             WHERE o.org = p.org AND o.kind = 'spot' AND o.lat IS NOT NULL AND o.id <> p.id
             ORDER BY sqrt(power(o.lat - p.lat, 2) + power((o.lng - p.lng) * cos(radians(p.lat)), 2)) * 111.32, o.id
             LIMIT 4)`,
      [line.map((i) => i.id)],
    );
    expect(wrong).toEqual([]);
    const { rows: live } = await t.database.superuser.query(
      'SELECT count(*)::int AS n FROM tenant.published_items WHERE id = ANY ($1::uuid[]) AND cardinality(nearby) = 4',
      [line.map((i) => i.id)],
    );
    expect(live[0].n).toBe(80);
  });

  it('without the publish right every item is refused (403 per item) and nothing is published', async () => {
    const items = await spots(editor, ['権限なしA', '権限なしB']);
    const res = await bulk(editor, { action: 'publish', items: refs(items) });
    expect(res.status).toBe(200);
    const answer = res.body as Bulk;
    expect(answer).toMatchObject({ done: 0, failed: 2 });
    for (const r of answer.results) expect(r.error).toMatchObject({ status: 403, code: 'forbidden' });
    for (const item of items) {
      expect(((await viewer.get(`/api/v1/spots/${item.id}`)).body as Item).live).toBe(false);
    }
  });

  it('a stale version fails that item alone with version_conflict; the others go ahead', async () => {
    const [a, b, c] = await spots(editor, ['版A', '版B', '版C']);
    const edited = await editor.put(`/api/v1/spots/${b!.id}`, {
      version: b!.version,
      data: spotData('版B（改）'),
    });
    expect(edited.status).toBe(200);
    const res = await bulk(publisher, { action: 'publish', items: refs([a!, b!, c!]) });
    const answer = res.body as Bulk;
    expect(answer).toMatchObject({ done: 2, failed: 1 });
    const failed = answer.results.find((r) => r.id === b!.id)!;
    expect(failed).toMatchObject({ outcome: 'failed', error: { status: 409, code: 'version_conflict' } });
    expect(failed.error!.message.ja).toContain('他の人が更新しました');
    expect(((await viewer.get(`/api/v1/spots/${b!.id}`)).body as Item).live).toBe(false);
    expect(((await viewer.get(`/api/v1/spots/${c!.id}`)).body as Item).live).toBe(true);
  });

  it("another organisation's ids and unknown ids are 'not found' per item, like missing ones", async () => {
    const [foreign] = await spots(other, ['隣のスポット']);
    const [mine] = await spots(editor, ['自分のスポット']);
    const res = await bulk(publisher, {
      action: 'publish',
      items: [
        { id: foreign!.id, version: foreign!.version },
        { id: '00000000-0000-4000-8000-000000000000', version: 1 },
        { id: mine!.id, version: mine!.version },
      ],
    });
    const answer = res.body as Bulk;
    expect(answer.results.map((r) => r.error?.code ?? r.outcome)).toEqual(['not_found', 'not_found', 'done']);
    expect(((await other.get(`/api/v1/spots/${foreign!.id}`)).body as Item).live).toBe(false);
  });
});

describe('bulk workflow, delete, category and tags', () => {
  it('unpublish and submit for review follow the workflow rules per item', async () => {
    const items = await spots(editor, ['停止A', '停止B']);
    const published = (await bulk(publisher, { action: 'publish', items: refs([items[0]!]) })).body as Bulk;
    const live = { id: items[0]!.id, version: published.results[0]!.version! };
    const unpublished = (await bulk(publisher, { action: 'unpublish', items: [live, refs([items[1]!])[0]!] }))
      .body as Bulk;
    expect(unpublished.results.map((r) => r.outcome)).toEqual(['done', 'failed']);
    expect(unpublished.results[1]!.error?.code).toBe('invalid_transition');
    const submitted = (await bulk(editor, { action: 'submit', items: refs([items[1]!]) })).body as Bulk;
    expect(submitted.results[0]).toMatchObject({ outcome: 'done', status: 'in_review' });
  });

  it('delete removes drafts and refuses published items (still_published), each with its reason', async () => {
    const [draft, live] = await spots(editor, ['削除A', '削除B']);
    const published = (await bulk(publisher, { action: 'publish', items: refs([live!]) })).body as Bulk;
    const res = await bulk(editor, {
      action: 'delete',
      items: [refs([draft!])[0], { id: live!.id, version: published.results[0]!.version }],
    });
    const answer = res.body as Bulk;
    expect(answer.results.map((r) => r.error?.code ?? r.outcome)).toEqual(['done', 'still_published']);
    expect((await viewer.get(`/api/v1/spots/${draft!.id}`)).status).toBe(404);
    expect((await viewer.get(`/api/v1/spots/${live!.id}`)).status).toBe(200);
  });

  it('set category accepts standard and own categories, refuses unknown ones and kinds without categories', async () => {
    const items = await spots(editor, ['分類A', '分類B'], { category: 'nature' });
    const res = await bulk(editor, { action: 'setCategory', category: 'onsen', items: refs(items) });
    expect((res.body as Bulk).done).toBe(2);
    const again = await bulk(editor, {
      action: 'setCategory',
      category: 'onsen',
      items: (res.body as Bulk).results.map((r) => ({ id: r.id, version: r.version! })),
    });
    // Already as asked: no new version.
    expect((again.body as Bulk).results.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(((await viewer.get(`/api/v1/spots/${items[0]!.id}`)).body as Item).data.category).toBe('onsen');

    const unknown = await bulk(editor, {
      action: 'setCategory',
      category: 'no-such-thing',
      items: refs(items),
    });
    expect(unknown.status).toBe(400);
    expect((unknown.body as { error: { field: string } }).error.field).toBe('category');

    const created = await publisher.post('/api/v1/categories/spots', {
      code: 'sakura',
      names: { ja: '桜の名所' },
    });
    expect(created.status).toBe(201);
    const own = await bulk(editor, {
      action: 'setCategory',
      category: 'sakura',
      items: (again.body as Bulk).results.map((r) => ({ id: r.id, version: r.version! })),
    });
    expect((own.body as Bulk).done).toBe(2);

    const course = await bulk(
      editor,
      { action: 'setCategory', category: 'nature', items: [{ id: items[0]!.id, version: 1 }] },
      '/api/v1/courses/bulk',
    );
    expect(course.status).toBe(400);
    expect((course.body as { error: { field: string } }).error.field).toBe('action');
  });

  it('adds and removes tags, leaving items that already have them unchanged', async () => {
    const [a, b] = await spots(editor, ['タグA', 'タグB'], { tags: ['桜'] });
    const added = (await bulk(editor, { action: 'addTags', tags: ['桜', '春'], items: refs([a!, b!]) }))
      .body as Bulk;
    expect(added.results.map((r) => r.outcome)).toEqual(['done', 'done']);
    expect(((await viewer.get(`/api/v1/spots/${a!.id}`)).body as Item).data.tags).toEqual(['桜', '春']);
    const removed = (
      await bulk(editor, {
        action: 'removeTags',
        tags: ['春'],
        items: added.results.map((r) => ({ id: r.id, version: r.version! })),
      })
    ).body as Bulk;
    expect(removed.done).toBe(2);
    const noop = (
      await bulk(editor, {
        action: 'removeTags',
        tags: ['春'],
        items: removed.results.map((r) => ({ id: r.id, version: r.version! })),
      })
    ).body as Bulk;
    expect(noop.unchanged).toBe(2);
  });

  it('works for events too, and refuses a request naming an item twice or a viewer', async () => {
    const ev = (await editor.post('/api/v1/events', eventData('一括祭'))).body as Item;
    const published = await bulk(publisher, { action: 'publish', items: refs([ev]) }, '/api/v1/events/bulk');
    expect((published.body as Bulk).done).toBe(1);
    const twice = await bulk(
      editor,
      { action: 'submit', items: [refs([ev])[0], refs([ev])[0]] },
      '/api/v1/events/bulk',
    );
    expect(twice.status).toBe(400);
    expect(errorCode(twice)).toBe('validation_failed');
    const denied = await bulk(viewer, { action: 'submit', items: refs([ev]) }, '/api/v1/events/bulk');
    expect(denied.status).toBe(403);
  });

  it('refuses more than 500 items in one request before touching any', async () => {
    const items = Array.from({ length: 501 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      version: 1,
    }));
    const res = await bulk(publisher, { action: 'publish', items });
    expect(res.status).toBe(400);
  });
});

describe('?ids= lookup for editors', () => {
  it('answers the listed items in one request; unknown and foreign ids are absent; bad ids are 400', async () => {
    const mine = await spots(editor, ['参照A', '参照B', '参照C']);
    const [foreign] = await spots(other, ['隣の参照']);
    const ids = [mine[0]!.id, mine[2]!.id, foreign!.id, '00000000-0000-4000-8000-000000000000'].join(',');
    const res = await viewer.get(`/api/v1/spots?ids=${ids}`);
    expect(res.status).toBe(200);
    const found = (res.body as { items: { id: string; title: string }[] }).items.map((i) => i.title).sort();
    expect(found).toEqual(['参照A', '参照C']);
    expect((await viewer.get('/api/v1/spots?ids=not-an-id')).status).toBe(400);
    const tooMany = Array.from(
      { length: 101 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    expect((await viewer.get(`/api/v1/spots?ids=${tooMany.join(',')}`)).status).toBe(400);
  });
});
