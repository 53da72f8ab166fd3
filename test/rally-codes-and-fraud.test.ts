import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RallyKeys } from '../src/modules/rally/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, errorCode, seedUser, signedIn } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

// Issue 16, items 2 and 4: rotating codes on a screen at a staffed place (60-second windows, one
// either side accepted, older ones refused as expired), and the anti-fraud checks by address and
// by device.

let t: TestApp;
let staff: Client;
let viewer: Client;
let campaignId: string;
let counter: string;
let qrPoint: string;
let qrToken: string;
const api = '/api/v1/public/mihon/rally/fuyu';

async function joined(headers: Record<string, string> = {}): Promise<Client> {
  const visitor = new Client(t.url, headers);
  expect((await visitor.post(`${api}/join?lang=en`)).status).toBe(201);
  return visitor;
}

const checkIn = (visitor: Client, body: Record<string, unknown>) =>
  visitor.post(`${api}/check-in?lang=en`, body);

/** The code the screen showed `windowsAgo` minutes ago, computed as the server does. */
async function pastCode(windowsAgo: number): Promise<string> {
  const { rows } = await t.database.superuser.query(
    'SELECT id, key_version, sealed_key FROM tenant.rally_campaigns WHERE id = $1',
    [campaignId],
  );
  const window = Math.floor(Date.now() / 60_000) - windowsAgo;
  return new RallyKeys(t.masterKey).rotatingCode('mihon', rows[0], counter, window);
}

beforeAll(async () => {
  // Behind a trusted proxy, so each test speaks from its own address; a small per-address limit.
  t = await startTestApp({
    env: { SCHEDULER_INTERVAL_MS: '0', TRUST_PROXY: 'true', RALLY_STAMPS_PER_ADDRESS_PER_MINUTE: '8' },
  });
  await createOrganisation(t.database.db, 'mihon');
  staff = await signedIn(
    t,
    'mihon',
    await seedUser(t, 'mihon', { totp: false, rights: { campaigns: 'publish' } }),
  );
  viewer = await signedIn(
    t,
    'mihon',
    await seedUser(t, 'mihon', { totp: false, rights: { campaigns: 'view' } }),
  );
  const created = await staff.post('/api/v1/rally/campaigns', {
    slug: 'fuyu',
    texts: { name: { ja: '冬のスタンプラリー', en: 'Winter stamp rally' } },
    startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  campaignId = (created.body as { id: string }).id;
  const add = async (body: Record<string, unknown>) => {
    const res = await staff.post(`/api/v1/rally/campaigns/${campaignId}/checkpoints`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return (res.body as { id: string }).id;
  };
  counter = await add({
    name: { ja: '観光案内所', en: 'Tourist information' },
    lat: 35,
    lng: 135,
    method: 'rotating_code',
  });
  qrPoint = await add({ name: { ja: '駅前' }, lat: 35.001, lng: 135, method: 'qr' });
  const creds = await staff.get(`/api/v1/rally/campaigns/${campaignId}/checkpoints/${qrPoint}/credentials`);
  qrToken = new URL((creds.body as { url: string }).url).searchParams.get('t')!;
  expect(
    (await staff.post(`/api/v1/rally/campaigns/${campaignId}/transition`, { to: 'published' })).status,
  ).toBe(200);
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('rotating codes', () => {
  it('the screen shows the current code and a QR code that fills it in; edit right only', async () => {
    const url = `/api/v1/rally/campaigns/${campaignId}/checkpoints/${counter}/rotating-code`;
    expect((await viewer.get(url)).status).toBe(403);
    const screen = await staff.get(url);
    expect(screen.status, JSON.stringify(screen.body)).toBe(200);
    const body = screen.body as {
      code: string;
      url: string;
      qrSvg: string;
      changesAt: string;
      periodSeconds: number;
    };
    expect(body.code).toMatch(/^\d{6}$/);
    expect(body.qrSvg).toMatch(/^<svg/);
    expect(body.periodSeconds).toBe(60);
    expect(Date.parse(body.changesAt) - Date.now()).toBeLessThanOrEqual(60_000);
    expect(screen.headers.get('cache-control')).toBe('no-store');
    // Another checkpoint has no screen.
    expect(
      (await staff.get(`/api/v1/rally/campaigns/${campaignId}/checkpoints/${qrPoint}/rotating-code`)).status,
    ).toBe(404);
    // The QR code opens the checkpoint page with the code filled in.
    const entry = new URL(body.url);
    const redirect = await fetch(`${t.url}${entry.pathname}${entry.search}`, {
      redirect: 'manual',
      headers: { 'accept-language': 'ja' },
    });
    const target = redirect.headers.get('location')!;
    expect(target).toContain(`code=${body.code}`);
    const visitor = await joined();
    const page = await fetch(`${t.url}${target}`, {
      headers: { cookie: [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(await page.text()).toContain(`value="${body.code}"`);
  });

  it('takes the current code and the one before, refuses an old one as expired and a wrong one', async () => {
    const expired = await checkIn(await joined(), { checkpointId: counter, staffCode: await pastCode(3) });
    expect(expired.status).toBe(422);
    expect(errorCode(expired)).toBe('code_expired');
    expect(
      (expired.body as { error: { details: { visitorMessage: string } } }).error.details.visitorMessage,
    ).toMatch(/expired.*changes every minute/);
    const current = await pastCode(0);
    const wrong = String((Number(current) + 1) % 1_000_000).padStart(6, '0');
    const refused = await checkIn(await joined(), { checkpointId: counter, staffCode: wrong });
    expect(errorCode(refused)).toBe('staff_code_wrong');
    expect((await checkIn(await joined(), { checkpointId: counter, staffCode: current })).status).toBe(201);
    expect(
      (await checkIn(await joined(), { checkpointId: counter, staffCode: await pastCode(1) })).status,
    ).toBe(201);
  });
});

describe('anti-fraud by address and device', () => {
  it('after 10 wrong codes from an address, even the right code waits there; another address is not held', async () => {
    const from = { 'x-forwarded-for': '203.0.113.77' };
    const current = await pastCode(0);
    const wrong = String((Number(current) + 500_000) % 1_000_000).padStart(6, '0');
    for (let i = 0; i < 10; i++) {
      // A fresh participant each time: the limit is the address's, not the participant's.
      const res = await checkIn(await joined(from), { checkpointId: counter, staffCode: wrong });
      expect(errorCode(res)).toBe('staff_code_wrong');
    }
    const held = await checkIn(await joined(from), { checkpointId: counter, staffCode: await pastCode(0) });
    expect(held.status).toBe(429);
    expect(errorCode(held)).toBe('rate_limited');
    expect((held.body as { error: { details: { scope: string } } }).error.details.scope).toBe('address');
    const { rows } = await t.database.superuser.query(
      "SELECT count(*)::int AS n FROM tenant.rally_stamps WHERE org = 'mihon' AND checkpoint_id = $1 AND address_hash IS NOT NULL",
      [counter],
    );
    const before = rows[0].n as number;
    const other = await joined({ 'x-forwarded-for': '198.51.100.77' });
    expect((await checkIn(other, { checkpointId: counter, staffCode: await pastCode(0) })).status).toBe(201);
    const after = await t.database.superuser.query(
      "SELECT count(*)::int AS n FROM tenant.rally_stamps WHERE org = 'mihon' AND checkpoint_id = $1 AND address_hash IS NOT NULL",
      [counter],
    );
    expect(after.rows[0].n).toBe(before + 1);
  });

  it('limits new stamps per address across participants, and not another address', async () => {
    const from = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < 8; i++) {
      const res = await checkIn(await joined(from), { checkpointId: qrPoint, token: qrToken });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const limited = await checkIn(await joined(from), { checkpointId: qrPoint, token: qrToken });
    expect(limited.status).toBe(429);
    expect(errorCode(limited)).toBe('rate_limited');
    expect((limited.body as { error: { details: { scope: string } } }).error.details.scope).toBe('address');
    const elsewhere = await joined({ 'x-forwarded-for': '198.51.100.20' });
    expect((await checkIn(elsewhere, { checkpointId: qrPoint, token: qrToken })).status).toBe(201);
  });

  it('flags every participant one device stamped for at a checkpoint within minutes; staff see them', async () => {
    const phone = {
      'user-agent': 'Mozilla/5.0 (Linux; Android 14) Fraud/1.0',
      'x-forwarded-for': '192.0.2.44',
    };
    const participants: Client[] = [];
    let device = '';
    for (let i = 0; i < 3; i++) {
      const visitor = await joined(phone);
      // One browser: the device cookie of the first join stays (a fresh Client would get its own).
      if (device) visitor.cookies.set('mitte_rally_device', device);
      else device = visitor.cookies.get('mitte_rally_device')!;
      expect(device).toMatch(/^[A-Za-z0-9_-]{22}$/);
      participants.push(visitor);
    }
    const first = await checkIn(participants[0]!, { checkpointId: qrPoint, token: qrToken });
    expect((first.body as { flags: string[] }).flags).toEqual([]);
    await checkIn(participants[1]!, { checkpointId: qrPoint, token: qrToken });
    const third = await checkIn(participants[2]!, { checkpointId: qrPoint, token: qrToken });
    expect(third.status).toBe(201);
    expect((third.body as { flags: string[] }).flags).toEqual(['shared_device']);
    // Another phone of the same model, with its own cookie, is not flagged.
    const neighbour = await joined(phone);
    expect(
      ((await checkIn(neighbour, { checkpointId: qrPoint, token: qrToken })).body as { flags: string[] })
        .flags,
    ).toEqual([]);
    const stats = await viewer.get(`/api/v1/rally/campaigns/${campaignId}/statistics`);
    const flagged = (stats.body as { flagged: { id: string; reason: string }[] }).flagged;
    expect(flagged.filter((f) => f.reason === 'shared_device')).toHaveLength(3);
    // Nothing about the address or the headers is stored in the clear.
    const { rows } = await t.database.superuser.query(
      'SELECT address_hash, device_hash FROM tenant.rally_stamps WHERE org = $1',
      ['mihon'],
    );
    expect(JSON.stringify(rows)).not.toMatch(/192\.0\.2\.44|Android/);
    expect(rows.every((r: { address_hash: string }) => /^[0-9a-f]{32}$/.test(r.address_hash))).toBe(true);
  });
});
