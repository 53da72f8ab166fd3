import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, cookieHeader, seedUser, signedIn } from './helpers/client.js';
import { eventData, spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

/**
 * Hostile input through HTTP, anonymous and signed in: every case must be refused with a 400
 * naming the field (never a 500, which is what outside testing found for most of these).
 */

let t: TestApp;
let admin: Client;
let spotId: string;

const ORG = 'bad-town';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const forgedCursor = b64(['2026-01-01T00:00:00.000Z', 'not-a-uuid']);
const plausibleCursor = b64(['2026-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000']);

interface Case {
  name: string;
  as: 'anonymous' | 'admin';
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** `:id` is replaced by a real spot's id. */
  path: string;
  /** A raw JSON body (sent as application/json). */
  body?: string;
  field: string;
  code?: string;
}

const login = (body: string): Pick<Case, 'method' | 'path' | 'body'> => ({
  method: 'POST',
  path: '/api/v1/auth/login',
  body,
});
const pub = `/api/v1/public/${ORG}`;

const CASES: Case[] = [
  // NUL in query strings, anonymously.
  { name: 'public list q=%00', as: 'anonymous', path: `${pub}/spots?q=%00`, field: 'q' },
  {
    name: 'public list category=%00',
    as: 'anonymous',
    path: `${pub}/spots?category=a%00`,
    field: 'category',
  },
  { name: 'public list tag=%00', as: 'anonymous', path: `${pub}/spots?tag=%00x`, field: 'tag' },
  { name: 'public events tag=%00', as: 'anonymous', path: `${pub}/events?tag=%00`, field: 'tag' },
  { name: 'public search q=%00', as: 'anonymous', path: `${pub}/search?q=%00`, field: 'q' },
  { name: 'public item id %00', as: 'anonymous', path: `${pub}/spots/%00`, field: 'id' },
  { name: 'public jsonld id %00', as: 'anonymous', path: `${pub}/spots/a%00b/jsonld`, field: 'id' },
  // Lone surrogates (JSON escapes; in a URL, invalid UTF-8 stays the literal %-text).
  {
    name: 'login password with a lone \\ud800',
    as: 'anonymous',
    ...login(`{"serviceCode":"${ORG}","email":"a@example.jp","password":"x\\ud800y"}`),
    field: 'password',
  },
  {
    name: 'login email with a lone \\udfff',
    as: 'anonymous',
    ...login(`{"serviceCode":"${ORG}","email":"\\udfff@example.jp","password":"x"}`),
    field: 'email',
  },
  // Nesting far beyond any schema, also on sign-in.
  {
    name: 'login nested 10,000 levels',
    as: 'anonymous',
    ...login(`{"serviceCode":"${ORG}","email":${nested(10_000)},"password":"x"}`),
    field: 'email',
  },
  {
    name: 'login nested 100,000 levels',
    as: 'anonymous',
    ...login(`{"serviceCode":${nested(100_000)}}`),
    field: 'serviceCode',
  },
  {
    name: 'login nested objects',
    as: 'anonymous',
    ...login(`{"password":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`),
    field: 'password',
  },
  { name: 'login NUL in email', as: 'anonymous', ...login('{"email":"a\\u0000b"}'), field: 'email' },
  // Paging cursors: forged, altered, garbage.
  {
    name: 'public list forged cursor',
    as: 'anonymous',
    path: `${pub}/spots?cursor=${forgedCursor}`,
    field: 'cursor',
    code: 'invalid_cursor',
  },
  {
    name: 'public list plausible unsigned cursor',
    as: 'anonymous',
    path: `${pub}/spots?cursor=${plausibleCursor}`,
    field: 'cursor',
    code: 'invalid_cursor',
  },
  {
    name: 'public events forged cursor',
    as: 'anonymous',
    path: `${pub}/events?cursor=${forgedCursor}`,
    field: 'cursor',
    code: 'invalid_cursor',
  },
  {
    name: 'public list garbage cursor',
    as: 'anonymous',
    path: `${pub}/spots?cursor=%7B%7D`,
    field: 'cursor',
    code: 'invalid_cursor',
  },
  // Numbers and dates out of range.
  { name: 'public list limit=-1', as: 'anonymous', path: `${pub}/spots?limit=-1`, field: 'limit' },
  { name: 'public list limit=1e30', as: 'anonymous', path: `${pub}/spots?limit=1e30`, field: 'limit' },
  {
    name: 'public events from=2026-02-30',
    as: 'anonymous',
    path: `${pub}/events?from=2026-02-30`,
    field: 'from',
  },
  { name: 'public events to=0000-01-01', as: 'anonymous', path: `${pub}/events?to=0000-01-01`, field: 'to' },
  {
    name: 'public list q twice (array for a scalar)',
    as: 'anonymous',
    path: `${pub}/spots?q=a&q=b`,
    field: 'q',
  },
  { name: 'public list overlong q', as: 'anonymous', path: `${pub}/spots?q=${'x'.repeat(201)}`, field: 'q' },
  { name: 'public list lang=%00', as: 'anonymous', path: `${pub}/spots?lang=%00`, field: 'lang' },

  // Signed in: the console list.
  { name: 'console list q=%00', as: 'admin', path: '/api/v1/spots?q=%00', field: 'q' },
  { name: 'console list category=%00', as: 'admin', path: '/api/v1/spots?category=%00', field: 'category' },
  { name: 'console list tag=%00', as: 'admin', path: '/api/v1/events?tag=%00', field: 'tag' },
  {
    name: 'console list forged cursor',
    as: 'admin',
    path: `/api/v1/spots?cursor=${forgedCursor}`,
    field: 'cursor',
    code: 'invalid_cursor',
  },
  {
    name: 'console list unsigned cursor',
    as: 'admin',
    path: `/api/v1/articles?cursor=${plausibleCursor}`,
    field: 'cursor',
    code: 'invalid_cursor',
  },
  {
    name: 'console list leap second updatedFrom',
    as: 'admin',
    path: '/api/v1/spots?updatedFrom=2016-12-31T23:59:60Z',
    field: 'updatedFrom',
  },
  {
    name: 'console list Feb 30 updatedTo',
    as: 'admin',
    path: '/api/v1/spots?updatedTo=2026-02-30T00:00:00Z',
    field: 'updatedTo',
  },
  {
    name: 'console list year 0000 updatedFrom',
    as: 'admin',
    path: '/api/v1/spots?updatedFrom=0000-01-01T00:00:00Z',
    field: 'updatedFrom',
  },
  { name: 'console list limit=0', as: 'admin', path: '/api/v1/spots?limit=0', field: 'limit' },
  {
    name: 'console list status twice',
    as: 'admin',
    path: '/api/v1/spots?status=draft&status=published',
    field: 'status',
  },
  // Item ids and versions.
  { name: 'console item id %00', as: 'admin', path: '/api/v1/spots/%00', field: 'id' },
  { name: 'console revisions id %00', as: 'admin', path: '/api/v1/spots/x%00/revisions', field: 'id' },
  {
    name: 'diff to=2147483648',
    as: 'admin',
    path: '/api/v1/spots/:id/revisions/diff?from=1&to=2147483648',
    field: 'to',
  },
  {
    name: 'diff from=1e30',
    as: 'admin',
    path: '/api/v1/spots/:id/revisions/diff?from=1e30&to=1',
    field: 'from',
  },
  { name: 'diff from=-1', as: 'admin', path: '/api/v1/spots/:id/revisions/diff?from=-1&to=1', field: 'from' },
  {
    name: 'restore revision 2147483648',
    as: 'admin',
    method: 'POST',
    path: '/api/v1/spots/:id/revisions/2147483648/restore',
    body: '{"version":1}',
    field: 'revision',
  },
  {
    name: 'delete version=9999999999',
    as: 'admin',
    method: 'DELETE',
    path: '/api/v1/spots/:id?version=9999999999',
    field: 'version',
  },
  {
    name: 'submit version 2^31',
    as: 'admin',
    method: 'POST',
    path: '/api/v1/spots/:id/submit',
    body: '{"version":2147483648}',
    field: 'version',
  },
  {
    name: 'submit version 1e300',
    as: 'admin',
    method: 'POST',
    path: '/api/v1/spots/:id/submit',
    body: '{"version":1e300}',
    field: 'version',
  },
  {
    name: 'submit version as an array',
    as: 'admin',
    method: 'POST',
    path: '/api/v1/spots/:id/submit',
    body: '{"version":[1,2]}',
    field: 'version',
  },
  {
    name: 'schedule at a leap second',
    as: 'admin',
    method: 'PUT',
    path: '/api/v1/spots/:id/schedule',
    body: '{"version":1,"publishAt":"2099-12-31T23:59:60Z","unpublishAt":null}',
    field: 'publishAt',
  },
  {
    name: 'schedule in year 9999 with an offset past the range',
    as: 'admin',
    method: 'PUT',
    path: '/api/v1/spots/:id/schedule',
    body: '{"version":1,"publishAt":null,"unpublishAt":"9999-12-31T23:59:59-23:59"}',
    field: 'unpublishAt',
  },
  // Bodies.
  {
    name: 'create spot: lone surrogate in name.ja',
    as: 'admin',
    method: 'POST',
    path: '/api/v1/spots',
    body: JSON.stringify(spotData('x')).replace('"name":{"ja":"x"', '"name":{"ja":"x\\ud800"'),
    field: 'name.ja',
  },
  {
    name: 'create spot: NUL in a tag',
    as: 'admin',
    method: 'POST',
    path: '/api/v1/spots',
    body: JSON.stringify(spotData('x', { tags: ['a\u0000'] })),
    field: 'tags.0',
  },
  {
    name: 'create spot: nested 10,000 levels',
    as: 'admin',
    method: 'POST',
    path: '/api/v1/spots',
    body: `{"name":{"ja":${nested(10_000)}}}`,
    field: 'name',
  },
  {
    name: 'create event: Feb 30',
    as: 'admin',
    method: 'POST',
    path: '/api/v1/events',
    body: JSON.stringify(eventData('x', { startDate: '2026-02-30', endDate: undefined })),
    field: 'startDate',
  },
  {
    name: 'create spot: lat as an array of two',
    as: 'admin',
    method: 'POST',
    path: '/api/v1/spots',
    body: JSON.stringify(spotData('x', { lat: [35, 36] })),
    field: 'lat',
  },
  {
    name: 'create spot: fee beyond range',
    as: 'admin',
    method: 'POST',
    path: '/api/v1/spots',
    body: JSON.stringify(spotData('x', { fees: { basicYen: 1e300 } })),
    field: 'fees.basicYen',
  },
  // The audit log.
  { name: 'audit actorId=%00', as: 'admin', path: '/api/v1/audit/events?actorId=%00', field: 'actorId' },
  { name: 'audit before=1e30', as: 'admin', path: '/api/v1/audit/events?before=1e30', field: 'before' },
  { name: 'audit before=-5', as: 'admin', path: '/api/v1/audit/events?before=-5', field: 'before' },
  {
    name: 'audit from leap second',
    as: 'admin',
    path: '/api/v1/audit/events?from=2016-12-31T23:59:60Z',
    field: 'from',
  },
  {
    name: 'audit CSV actorId=%00',
    as: 'admin',
    path: '/api/v1/audit/events.csv?actorId=a%00',
    field: 'actorId',
  },
  {
    name: 'audit CSV before=1e30',
    as: 'admin',
    path: '/api/v1/audit/events.csv?before=1e30',
    field: 'before',
  },
  // Other modules' inputs.
  {
    name: 'analytics from=2026-02-30',
    as: 'admin',
    path: '/api/v1/analytics/summary?from=2026-02-30',
    field: 'from',
  },
  { name: 'user id %00', as: 'admin', path: '/api/v1/users/%00', field: 'id' },
  { name: 'media id %00', as: 'admin', path: '/api/v1/media/%00', field: 'id' },
];

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, ORG, '悪い町');
  admin = await signedIn(t, ORG, await seedUser(t, ORG, { role: 'admin' }));
  const spot = await admin.post('/api/v1/spots', spotData('入力試験'));
  expect(spot.status).toBe(201);
  spotId = (spot.body as { id: string }).id;
});
afterAll(() => t.close());

async function send(c: Case): Promise<{
  status: number;
  body: { error?: { code: string; field?: string; message: { ja: string; en: string } } };
}> {
  const headers: Record<string, string> = {};
  if (c.as === 'admin') {
    headers.cookie = cookieHeader(admin);
    headers['x-csrf-token'] = admin.cookies.get('mitte_csrf') ?? '';
  }
  if (c.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.url}${c.path.replace(':id', spotId)}`, {
    method: c.method ?? 'GET',
    headers,
    ...(c.body === undefined ? {} : { body: c.body }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the assertion below shows it
  }
  return { status: res.status, body: body as never };
}

describe('hostile input is a 400 naming the field, never a 500', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await send(c);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error?.field).toBe(c.field);
    expect(res.body.error?.code).toBe(c.code ?? 'validation_failed');
    expect(res.body.error?.message.ja).toMatch(/[ぁ-んァ-ン一-龯]/);
    expect(res.body.error?.message.en).toMatch(/[a-z]/);
  });
});

describe('paging cursors are signed', () => {
  it('a cursor the service issued pages on; altered, or from another list, it is a 400', async () => {
    for (let i = 0; i < 3; i += 1) {
      expect((await admin.post('/api/v1/spots', spotData(`頁 ${i}`))).status).toBe(201);
    }
    const first = await admin.get('/api/v1/spots?limit=2');
    const cursor = (first.body as { nextCursor: string }).nextCursor;
    expect(cursor).toMatch(/\./);
    const second = await admin.get(`/api/v1/spots?limit=2&cursor=${cursor}`);
    expect(second.status).toBe(200);
    const seen = [first, second].flatMap((r) =>
      (r.body as { items: { id: string }[] }).items.map((x) => x.id),
    );
    expect(new Set(seen).size).toBe(4);

    const altered = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`;
    const otherList = await admin.get(`/api/v1/events?cursor=${cursor}`);
    const tampered = await admin.get(`/api/v1/spots?cursor=${altered}`);
    const onPublic = await admin.get(`${pub}/spots?cursor=${cursor}`);
    for (const res of [otherList, tampered, onPublic]) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'invalid_cursor', field: 'cursor' } });
    }
  });
});
