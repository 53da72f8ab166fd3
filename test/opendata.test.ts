import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionOrganisation } from '../src/modules/organisations/organisation.service.js';
import { runAsSystem } from '../src/platform/access/system-context.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, cookieHeader, seedUser, signedIn } from './helpers/client.js';

const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/opendata/${name}`, import.meta.url));

let t: TestApp;
const clients: Record<string, Client> = {};

async function org(code: string) {
  await runAsSystem(t.database.db, { kind: 'provider' }, 'test', ['ops:organisations'], (ctx) =>
    provisionOrganisation(ctx, {
      serviceCode: code,
      nameJa: 'みどり川町',
      nameEn: 'Midorikawa',
      // A local government code belongs to one organisation at a time.
      ...(code === 'odata-a' ? { lgCode: '209996' } : {}),
    }),
  );
  clients[code] = await signedIn(
    t,
    code,
    await seedUser(t, code, { totp: false, rights: { spots: 'publish', events: 'publish' } }),
  );
}

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  for (const code of ['odata-a', 'odata-b', 'odata-c', 'odata-d']) await org(code);
});
afterAll(() => t.close());

async function rawPost(client: Client, path: string, bytes: Buffer) {
  const csrf = client.cookies.get('mitte_csrf')!;
  const res = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'text/csv',
      cookie: cookieHeader(client),
      'x-csrf-token': csrf,
    },
    body: bytes,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function count(code: string, kind: string): Promise<number> {
  const { rows } = await t.database.superuser.query(
    'SELECT count(*)::int AS n FROM tenant.content_items WHERE org = $1 AND kind = $2',
    [code, kind],
  );
  return rows[0].n;
}

async function exported(client: Client, file: string): Promise<Buffer> {
  const res = await fetch(`${t.url}/api/v1/export/${file}?encoding=utf8`, {
    headers: { cookie: cookieHeader(client) },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('open data import', () => {
  it('a bad file: every problem with its line and column, and nothing written', async () => {
    const preview = await rawPost(
      clients['odata-a']!,
      '/api/v1/import/tourism/preview',
      fixture('tourism-bad.csv'),
    );
    expect(preview.status).toBe(200);
    const problems = preview.body.problems as { line: number; column: string | null; code: string }[];
    expect(problems.length).toBeGreaterThanOrEqual(5);
    expect(problems.every((p) => p.line >= 2)).toBe(true);
    const apply = await rawPost(clients['odata-a']!, '/api/v1/import/tourism', fixture('tourism-bad.csv'));
    expect(apply.status).toBe(400);
    const error = apply.body.error as { code: string; details: { problems: unknown[] } };
    expect(error.code).toBe('import_invalid');
    expect(error.details.problems).toEqual(problems);
    expect(await count('odata-a', 'spot')).toBe(0);
  });

  it('missing required columns are reported on line 1', async () => {
    const res = await rawPost(
      clients['odata-a']!,
      '/api/v1/import/tourism/preview',
      fixture('tourism-missing-columns.csv'),
    );
    const problems = res.body.problems as { line: number; code: string }[];
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.line === 1)).toBe(true);
  });

  it('a file decoded with the wrong encoding is refused with a clear error', async () => {
    const preview = await rawPost(
      clients['odata-a']!,
      '/api/v1/import/tourism/preview?encoding=utf8',
      fixture('tourism-cp932.csv'),
    );
    expect(preview.status).toBe(200);
    const problems = preview.body.problems as { line: number; code: string; message: { ja: string } }[];
    expect(problems[0]).toMatchObject({ line: 1, code: 'csv_invalid_utf8' });
    expect(problems[0]!.message.ja).toContain('Shift_JIS');
    const apply = await rawPost(
      clients['odata-a']!,
      '/api/v1/import/tourism?encoding=utf8',
      fixture('tourism-cp932.csv'),
    );
    expect(apply.status).toBe(400);
    expect(await count('odata-a', 'spot')).toBe(0);
  });

  it('a valid cp932 file and its UTF-8 twin import to identical content; re-import updates nothing', async () => {
    const a = await rawPost(clients['odata-a']!, '/api/v1/import/tourism', fixture('tourism-utf8.csv'));
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ encoding: 'utf8', updated: 0, unchanged: 0 });
    const created = a.body.created as number;
    expect(created).toBeGreaterThanOrEqual(10);
    const b = await rawPost(clients['odata-b']!, '/api/v1/import/tourism', fixture('tourism-cp932.csv'));
    expect(b.body).toMatchObject({ encoding: 'cp932', created });
    const dataOf = async (code: string) =>
      (
        await t.database.superuser.query(
          "SELECT data FROM tenant.content_items WHERE org = $1 AND kind = 'spot' ORDER BY data->>'externalId', data->'name'->>'ja'",
          [code],
        )
      ).rows.map((r) => r.data);
    expect(await dataOf('odata-b')).toEqual(await dataOf('odata-a'));
    const again = await rawPost(
      clients['odata-a']!,
      '/api/v1/import/tourism',
      fixture('tourism-utf8-bom.csv'),
    );
    expect(again.body).toMatchObject({ encoding: 'utf8-bom', created: 0, updated: 0, unchanged: created });
    expect(await count('odata-a', 'spot')).toBe(created);
  });

  it('a re-import keeps translations the standard has no column for', async () => {
    const client = clients['odata-a']!;
    const list = (await client.get('/api/v1/spots?limit=1')).body as { items: { id: string }[] };
    const item = (await client.get(`/api/v1/spots/${list.items[0]!.id}`)).body as {
      version: number;
      data: Record<string, Record<string, string> | unknown>;
    };
    const data = {
      ...item.data,
      address: { ...(item.data.address as Record<string, string>), en: 'Midorikawa Town, Nagano' },
    };
    const saved = await client.request('PUT', `/api/v1/spots/${list.items[0]!.id}`, {
      version: item.version,
      data,
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await rawPost(client, '/api/v1/import/tourism', fixture('tourism-utf8.csv'));
    const after = (await client.get(`/api/v1/spots/${list.items[0]!.id}`)).body as {
      data: Record<string, Record<string, string>>;
    };
    expect(after.data.address?.en).toBe('Midorikawa Town, Nagano');
    expect(after.data.address?.ja).toBe((item.data.address as Record<string, string>).ja);
  });

  it('export → import round trip is identical', async () => {
    const first = await exported(clients['odata-a']!, 'tourism.csv');
    const imported = await rawPost(clients['odata-c']!, '/api/v1/import/tourism', first);
    expect(imported.status).toBe(200);
    const second = await exported(clients['odata-c']!, 'tourism.csv');
    // The publisher columns (code, prefecture, municipality) name each organisation; the rest is identical.
    const withoutPublisher = (bytes: Buffer) =>
      (parse(bytes.toString('utf8')) as string[][]).map((row) =>
        row.filter((_, i) => ![0, 2, 3].includes(i)),
      );
    expect(withoutPublisher(second)).toEqual(withoutPublisher(first));
    expect(withoutPublisher(first).length).toBeGreaterThan(10);
    // And within one organisation the file comes back byte for byte.
    const reimported = await rawPost(clients['odata-a']!, '/api/v1/import/tourism', first);
    expect(reimported.body).toMatchObject({ created: 0, updated: 0 });
    expect((await exported(clients['odata-a']!, 'tourism.csv')).equals(first)).toBe(true);
  });

  it('events import (with 和暦 dates) and the events CSV round trip', async () => {
    const res = await rawPost(clients['odata-d']!, '/api/v1/import/events', fixture('events-utf8.csv'));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.created as number).toBeGreaterThan(1);
    const bad = await rawPost(
      clients['odata-d']!,
      '/api/v1/import/events/preview',
      fixture('events-bad.csv'),
    );
    expect((bad.body.problems as unknown[]).length).toBeGreaterThan(1);
    const first = await exported(clients['odata-d']!, 'events.csv');
    const again = await rawPost(clients['odata-d']!, '/api/v1/import/events', first);
    expect(again.body).toMatchObject({ created: 0, updated: 0 });
  });

  it('a user with only the view right cannot import', async () => {
    const viewer = await signedIn(
      t,
      'odata-a',
      await seedUser(t, 'odata-a', { totp: false, rights: { spots: 'view' } }),
    );
    const res = await rawPost(viewer, '/api/v1/import/tourism', fixture('tourism-utf8.csv'));
    expect(res.status).toBe(403);
  });
});

describe('public open data', () => {
  it('serves only published items as CSV (UTF-8 and cp932), GeoJSON and iCalendar', async () => {
    const client = clients['odata-a']!;
    const list = (await client.get('/api/v1/spots?limit=3')).body as {
      items: { id: string; version: number; title: string }[];
    };
    const [one] = list.items;
    await client.post(`/api/v1/spots/${one!.id}/publish`, { version: one!.version });

    const csv = await fetch(`${t.url}/api/v1/public/odata-a/opendata/tourism.csv`);
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true })).toHaveLength(2);
    expect(text).toContain(one!.title);
    const sjis = await fetch(`${t.url}/api/v1/public/odata-a/opendata/tourism.csv?encoding=sjis`);
    expect(sjis.headers.get('content-type')).toContain('shift_jis');
    expect(iconv.decode(Buffer.from(await sjis.arrayBuffer()), 'cp932')).toContain(one!.title);

    const geo = (await (await fetch(`${t.url}/api/v1/public/odata-a/opendata/spots.geojson`)).json()) as {
      features: { id: string }[];
    };
    expect(geo.features.map((f) => f.id)).toEqual([one!.id]);

    const events = (await clients['odata-d']!.get('/api/v1/events?limit=1')).body as {
      items: { id: string; version: number }[];
    };
    await clients['odata-d']!.post(`/api/v1/events/${events.items[0]!.id}/publish`, {
      version: events.items[0]!.version,
    });
    const ics = await (await fetch(`${t.url}/api/v1/public/odata-d/opendata/events.ics`)).text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });
});
