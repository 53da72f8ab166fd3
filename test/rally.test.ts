import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { withTenant } from '../src/db/scope.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Answer, Client, errorCode, seedUser, signedIn } from './helpers/client.js';
import { spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

// Issue 16: the digital stamp rally through HTTP — campaigns, checkpoints, signed QR tokens,
// posters, anonymous participants, check-ins and their refusals, anti-fraud, tenancy.

let t: TestApp;
let staff: Client;
let viewer: Client;
let neighbour: Client;
let campaign: { id: string; version: number; slug: string };
const cp: Record<'temple' | 'tokyo' | 'park' | 'shop' | 'gate', string> = {
  temple: '',
  tokyo: '',
  park: '',
  shop: '',
  gate: '',
};
let neighbourCheckpoint: string;
const PARK = { lat: 35.0116, lng: 135.7681 };

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

function campaignInput(slug: string, extra: Record<string, unknown> = {}) {
  return {
    slug,
    texts: {
      name: { ja: '秋の寺めぐりスタンプラリー', en: 'Autumn temple stamp rally' },
      rules: { ja: '5か所を巡ろう' },
    },
    startsAt: hourAgo(),
    endsAt: inDays(30),
    ...extra,
  };
}

const visitorApi = (slug: string, org = 'mihon') => `/api/v1/public/${org}/rally/${slug}`;

async function credentials(checkpointId: string, client = staff, campaignId = campaign.id) {
  const res = await client.get(
    `/api/v1/rally/campaigns/${campaignId}/checkpoints/${checkpointId}/credentials`,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const body = res.body as { url: string; staffCode: string | null };
  return { token: new URL(body.url).searchParams.get('t') ?? '', staffCode: body.staffCode, url: body.url };
}

async function join(slug = campaign.slug): Promise<{ visitor: Client; recoveryCode: string }> {
  const visitor = new Client(t.url);
  const res = await visitor.post(`${visitorApi(slug)}/join?lang=en`);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { visitor, recoveryCode: (res.body as { recoveryCode: string }).recoveryCode };
}

const checkIn = (visitor: Client, body: Record<string, unknown>, lang = 'en', slug = campaign.slug) =>
  visitor.post(`${visitorApi(slug)}/check-in?lang=${lang}`, body);

const visitorMessage = (res: Answer) =>
  (res.body as { error: { details: { visitorMessage: string } } }).error.details.visitorMessage;

async function zipEntries(bytes: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.readEntry();
    });
  });
}

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'mihon');
  await createOrganisation(t.database.db, 'tonari');
  const rights = { campaigns: 'publish', spots: 'publish' };
  staff = await signedIn(t, 'mihon', await seedUser(t, 'mihon', { totp: false, rights }));
  viewer = await signedIn(
    t,
    'mihon',
    await seedUser(t, 'mihon', { totp: false, rights: { campaigns: 'view' } }),
  );
  neighbour = await signedIn(t, 'tonari', await seedUser(t, 'tonari', { totp: false, rights }));
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('campaigns and checkpoints (console API)', () => {
  it('creates a draft campaign and refuses bad input naming the field', async () => {
    const res = await staff.post('/api/v1/rally/campaigns', campaignInput('aki-tera'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    campaign = res.body as typeof campaign;
    expect(campaign).toMatchObject({ status: 'draft', slug: 'aki-tera', keyVersion: 1 });

    const backwards = await staff.post(
      '/api/v1/rally/campaigns',
      campaignInput('other', { endsAt: hourAgo(), startsAt: inDays(1) }),
    );
    expect(backwards.status).toBe(400);
    expect((backwards.body as { error: { field: string } }).error.field).toBe('endsAt');
    const badSlug = await staff.post('/api/v1/rally/campaigns', campaignInput('Aki Tera!'));
    expect(badSlug.status).toBe(400);
    expect((badSlug.body as { error: { field: string } }).error.field).toBe('slug');
    const taken = await staff.post('/api/v1/rally/campaigns', campaignInput('aki-tera'));
    expect(taken.status).toBe(409);
    expect(errorCode(taken)).toBe('slug_taken');
  });

  it('needs the campaigns edit right to create, and view to list', async () => {
    expect((await viewer.post('/api/v1/rally/campaigns', campaignInput('nope'))).status).toBe(403);
    const list = await viewer.get('/api/v1/rally/campaigns');
    expect(list.status).toBe(200);
    expect((list.body as { slug: string }[]).map((c) => c.slug)).toEqual(['aki-tera']);
    // Another organisation sees nothing of it.
    expect((await neighbour.get('/api/v1/rally/campaigns')).body).toEqual([]);
    expect((await neighbour.get(`/api/v1/rally/campaigns/${campaign.id}`)).status).toBe(404);
  });

  it('adds checkpoints from spots and ad-hoc places with their methods', async () => {
    const spot = await staff.post('/api/v1/spots', spotData('清水寺'));
    expect(spot.status).toBe(201);
    const temple = await staff.post(`/api/v1/rally/campaigns/${campaign.id}/checkpoints`, {
      spotId: (spot.body as { id: string }).id,
      method: 'qr',
    });
    expect(temple.status, JSON.stringify(temple.body)).toBe(201);
    expect(temple.body).toMatchObject({
      name: { ja: '清水寺' },
      lat: 34.9948,
      lng: 135.785,
      method: 'qr',
      radiusM: 100,
    });
    cp.temple = (temple.body as { id: string }).id;

    const add = async (body: Record<string, unknown>) => {
      const res = await staff.post(`/api/v1/rally/campaigns/${campaign.id}/checkpoints`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return (res.body as { id: string }).id;
    };
    cp.tokyo = await add({
      name: { ja: '東京駅', en: 'Tokyo Station' },
      lat: 35.6812,
      lng: 139.7671,
      method: 'qr',
    });
    cp.park = await add({ name: { ja: '鴨川公園' }, ...PARK, method: 'location', radiusM: 100 });
    cp.shop = await add({ name: { ja: '土産物店' }, lat: 35.0, lng: 135.77, method: 'staff_code' });
    cp.gate = await add({
      name: { ja: '山門' },
      lat: 34.995,
      lng: 135.785,
      method: 'qr_location',
      radiusM: 50,
    });

    // Ad-hoc without a position, an unknown method, or another organisation's spot: refused.
    const noPlace = await staff.post(`/api/v1/rally/campaigns/${campaign.id}/checkpoints`, {
      name: { ja: 'どこか' },
      method: 'qr',
    });
    expect(noPlace.status).toBe(400);
    expect((noPlace.body as { error: { field: string } }).error.field).toBe('lat');
    const badMethod = await staff.post(`/api/v1/rally/campaigns/${campaign.id}/checkpoints`, {
      name: { ja: 'x' },
      lat: 35,
      lng: 135,
      method: 'telepathy',
    });
    expect(badMethod.status).toBe(400);
    const theirSpot = await neighbour.post('/api/v1/spots', spotData('隣の寺'));
    expect(theirSpot.status).toBe(201);
    const foreign = await staff.post(`/api/v1/rally/campaigns/${campaign.id}/checkpoints`, {
      spotId: (theirSpot.body as { id: string }).id,
      method: 'qr',
    });
    expect(foreign.status).toBe(400);
    expect((foreign.body as { error: { field: string } }).error.field).toBe('spotId');
  });

  it('shows a checkpoint’s QR link only with the edit right, and audits every look', async () => {
    const viewed = async () =>
      (
        await t.database.superuser.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit.events WHERE org = 'mihon' AND action = 'rally.checkpoint.credentials_viewed' AND target_id = $1",
          [cp.temple],
        )
      ).rows[0]!.n;
    const before = await viewed();
    const refused = await viewer.get(
      `/api/v1/rally/campaigns/${campaign.id}/checkpoints/${cp.temple}/credentials`,
    );
    expect(refused.status).toBe(403);
    expect(await viewed()).toBe(before);
    const { url } = await credentials(cp.temple);
    expect(url).toContain(`/c/${cp.temple}?t=`);
    expect(await viewed()).toBe(before + 1);
  });

  /** Audit rows of printed posters and ZIPs, in the organisation's chain. */
  const postersPrinted = async () =>
    (
      await t.database.superuser.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit.events WHERE org = 'mihon' AND action = 'rally.posters.printed'",
      )
    ).rows[0]!.n;

  it('prints an A4 poster per checkpoint and a ZIP of all, audited', async () => {
    const pdf = await fetch(
      `${t.url}/api/v1/rally/campaigns/${campaign.id}/checkpoints/${cp.temple}/poster.pdf`,
      {
        headers: { cookie: `mitte_session=${staff.sessionCookie}` },
      },
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');

    const zip = await fetch(`${t.url}/api/v1/rally/campaigns/${campaign.id}/posters.zip`, {
      headers: { cookie: `mitte_session=${staff.sessionCookie}` },
    });
    expect(zip.status).toBe(200);
    const names = await zipEntries(Buffer.from(await zip.arrayBuffer()));
    expect(names).toHaveLength(5);
    expect(names.every((n) => /^poster-\d{2}-[0-9a-f]{8}\.pdf$/.test(n))).toBe(true);
    // A viewer may not print (a poster lets anyone stamp).
    expect((await viewer.get(`/api/v1/rally/campaigns/${campaign.id}/posters.zip`)).status).toBe(403);
    expect(await postersPrinted()).toBe(2);
  });

  it('audits the ZIP first and draws it with no transaction held: other requests are answered meanwhile', async () => {
    // A second node on the same database whose print font is a FIFO: drawing waits until the test
    // writes the font into it, and opening it for writing returns once the server reads it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-fifo-'));
    const fifo = path.join(dir, 'font.ttc');
    execFileSync('mkfifo', [fifo]);
    const node = await startTestApp({
      database: t.database,
      deps: { masterKey: t.masterKey },
      env: {
        SCHEDULER_INTERVAL_MS: '0',
        CERTIFICATE_FONT_FILE: fifo,
        CERTIFICATE_FONT_NAME: 'NotoSansCJKjp-Regular',
      },
    });
    try {
      const before = await postersPrinted();
      const zip = fetch(`${node.url}/api/v1/rally/campaigns/${campaign.id}/posters.zip`, {
        headers: { cookie: `mitte_session=${staff.sessionCookie}` },
      });
      const writer = await fs.promises.open(fifo, 'w');
      try {
        // The server is drawing: its audit row is in, and on the embedded database (one
        // connection) a request that needs a transaction is answered only if the drawing holds none.
        const meanwhile = await Promise.race([
          (async () => {
            expect(await postersPrinted()).toBe(before + 1);
            return staff.get(`/api/v1/rally/campaigns/${campaign.id}`);
          })(),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error('nothing answered while the posters were drawn')), 15_000),
          ),
        ]);
        expect(meanwhile.status).toBe(200);
      } finally {
        // Also after a failure: the server finishes the ZIP and the node can close.
        await writer.writeFile(fs.readFileSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'));
        await writer.close();
      }
      const answer = await zip;
      expect(answer.status).toBe(200);
      expect(await zipEntries(Buffer.from(await answer.arrayBuffer()))).toHaveLength(5);
    } finally {
      await node.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('check-ins', () => {
  it('refuses joining and checking in before the campaign is published', async () => {
    const visitor = new Client(t.url);
    expect((await visitor.post(`${visitorApi(campaign.slug)}/join`)).status).toBe(404);
    const { token } = await credentials(cp.temple);
    const res = await checkIn(visitor, { checkpointId: cp.temple, token });
    expect(res.status).toBe(409);
    expect(errorCode(res)).toBe('campaign_not_open');
  });

  it('publishes (publish right) and lets a visitor join anonymously with a recovery code', async () => {
    expect(
      (await viewer.post(`/api/v1/rally/campaigns/${campaign.id}/transition`, { to: 'published' })).status,
    ).toBe(403);
    const published = await staff.post(`/api/v1/rally/campaigns/${campaign.id}/transition`, {
      to: 'published',
    });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({ status: 'published' });
    const visitor = new Client(t.url);
    const res = await visitor.request('POST', `${visitorApi(campaign.slug)}/join`, {});
    expect(res.status).toBe(201);
    expect((res.body as { recoveryCode: string }).recoveryCode).toMatch(
      /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/,
    );
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('mitte_rally_mihon_aki-tera='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('stamps with the poster’s token once; retries and double taps answer the same stamp', async () => {
    const { visitor } = await join();
    const { token } = await credentials(cp.temple);
    const taps = await Promise.all(
      [1, 2, 3, 4].map(() => checkIn(visitor, { checkpointId: cp.temple, token })),
    );
    expect(taps.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    const first = taps.find((r) => r.status === 201)!.body as { stampedAt: string };
    for (const tap of taps) expect((tap.body as { stampedAt: string }).stampedAt).toBe(first.stampedAt);
    const card = await visitor.get(`${visitorApi(campaign.slug)}/card`);
    expect(card.body).toMatchObject({ joined: true, stamps: 1, total: 5 });
    const { rows } = await t.database.superuser.query(
      'SELECT count(*)::int AS n FROM tenant.rally_stamps WHERE checkpoint_id = $1',
      [cp.temple],
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses a forged token and one for another checkpoint, in the visitor’s language, audited', async () => {
    const { visitor } = await join();
    const { token } = await credentials(cp.tokyo);
    const forged = await checkIn(visitor, { checkpointId: cp.temple, token }, 'ko');
    expect(forged.status).toBe(422);
    expect(errorCode(forged)).toBe('token_forged');
    expect(visitorMessage(forged)).toContain('QR 코드');
    const garbage = await checkIn(visitor, { checkpointId: cp.temple, token: '1.AAAAAAAAAAAAAAAAAAAAAA' });
    expect(errorCode(garbage)).toBe('token_forged');
    const none = await checkIn(visitor, { checkpointId: cp.temple });
    expect(errorCode(none)).toBe('token_forged');
    const { rows } = await t.database.superuser.query(
      "SELECT count(*)::int AS n FROM audit.events WHERE org = 'mihon' AND action = 'rally.check_in.refused' AND outcome = 'denied'",
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(3);
    const stamps = await t.database.superuser.query(
      `SELECT count(*)::int AS n FROM tenant.rally_stamps s JOIN tenant.rally_participants p
         ON p.org = s.org AND p.id = s.participant_id WHERE s.checkpoint_id = $1`,
      [cp.temple],
    );
    expect(stamps.rows[0].n).toBe(1);
  });

  it('needs a joined participant', async () => {
    const stranger = new Client(t.url);
    const { token } = await credentials(cp.temple);
    const res = await checkIn(stranger, { checkpointId: cp.temple, token }, 'zh-Hans');
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('not_joined');
    expect(visitorMessage(res)).toBe('请先参加集章活动再盖章。');
    stranger.cookies.set('mitte_rally_mihon_aki-tera', '00000000-0000-4000-8000-000000000000.forged');
    expect(errorCode(await checkIn(stranger, { checkpointId: cp.temple, token }))).toBe('not_joined');
  });

  it('checks location: too far, too inaccurate, absurd values, then close enough', async () => {
    const { visitor } = await join();
    const far = await checkIn(visitor, { checkpointId: cp.park, lat: 35.1, lng: 135.7681, accuracy: 20 });
    expect(far.status).toBe(422);
    expect(errorCode(far)).toBe('too_far');
    const blurry = await checkIn(visitor, { checkpointId: cp.park, ...PARK, accuracy: 800 });
    expect(errorCode(blurry)).toBe('location_inaccurate');
    const missing = await checkIn(visitor, { checkpointId: cp.park });
    expect(errorCode(missing)).toBe('location_needed');
    for (const absurd of [{ accuracy: -5 }, { accuracy: 1e9 }, { lat: 91 }, { lng: 'east' }]) {
      const res = await checkIn(visitor, { checkpointId: cp.park, ...PARK, accuracy: 10, ...absurd });
      expect(res.status, JSON.stringify(absurd)).toBe(400);
    }
    const near = await checkIn(visitor, {
      checkpointId: cp.park,
      lat: PARK.lat + 0.0003,
      lng: PARK.lng,
      accuracy: 15,
    });
    expect(near.status, JSON.stringify(near.body)).toBe(201);
  });

  it('needs both the token and the location at a QR + location checkpoint', async () => {
    const { visitor } = await join();
    const { token } = await credentials(cp.gate);
    const tokenOnly = await checkIn(visitor, { checkpointId: cp.gate, token });
    expect(errorCode(tokenOnly)).toBe('location_needed');
    const placeOnly = await checkIn(visitor, {
      checkpointId: cp.gate,
      lat: 34.995,
      lng: 135.785,
      accuracy: 10,
    });
    expect(errorCode(placeOnly)).toBe('token_forged');
    const both = await checkIn(visitor, {
      checkpointId: cp.gate,
      token,
      lat: 34.995,
      lng: 135.785,
      accuracy: 10,
    });
    expect(both.status).toBe(201);
  });

  it('takes the staff code at a staff-code checkpoint', async () => {
    const { visitor } = await join();
    const { staffCode } = await credentials(cp.shop);
    expect(staffCode).toMatch(/^\d{6}$/);
    const wrong = String((Number(staffCode) + 1) % 1_000_000).padStart(6, '0');
    expect(errorCode(await checkIn(visitor, { checkpointId: cp.shop, staffCode: wrong }))).toBe(
      'staff_code_wrong',
    );
    expect((await checkIn(visitor, { checkpointId: cp.shop, staffCode })).status).toBe(201);
  });

  it('refuses another organisation’s checkpoint id as not found, either way round', async () => {
    const other = await neighbour.post('/api/v1/rally/campaigns', campaignInput('tonari-rally'));
    expect(other.status).toBe(201);
    const otherId = (other.body as { id: string }).id;
    const added = await neighbour.post(`/api/v1/rally/campaigns/${otherId}/checkpoints`, {
      name: { ja: '隣町の駅' },
      lat: 35,
      lng: 135,
      method: 'qr',
    });
    neighbourCheckpoint = (added.body as { id: string }).id;
    expect(
      (await neighbour.post(`/api/v1/rally/campaigns/${otherId}/transition`, { to: 'published' })).status,
    ).toBe(200);
    const { token: theirToken } = await credentials(neighbourCheckpoint, neighbour, otherId);

    const { visitor } = await join();
    const res = await checkIn(visitor, { checkpointId: neighbourCheckpoint, token: theirToken });
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe('not_found');
    // Through the other organisation's path, our checkpoint is as unknown.
    const theirVisitor = new Client(t.url);
    expect((await theirVisitor.post(`${visitorApi('tonari-rally', 'tonari')}/join`)).status).toBe(201);
    const { token } = await credentials(cp.temple);
    const cross = await theirVisitor.post(`${visitorApi('tonari-rally', 'tonari')}/check-in`, {
      checkpointId: cp.temple,
      token,
    });
    expect(cross.status).toBe(404);
    // And staff cannot read or print it.
    expect(
      (await staff.get(`/api/v1/rally/campaigns/${otherId}/checkpoints/${neighbourCheckpoint}/credentials`))
        .status,
    ).toBe(404);
  });

  it('the check-in functions see only the scope’s organisation: another’s ids find nothing and write nothing', async () => {
    // Row-level security applies inside them (SECURITY INVOKER, the app role): called in our
    // scope with the neighbour's campaign, checkpoint and participant, on both engines.
    const theirs = new Client(t.url);
    expect((await theirs.post(`${visitorApi('tonari-rally', 'tonari')}/join`)).status).toBe(201);
    const theirCookie = theirs.cookies.get('mitte_rally_tonari_tonari-rally') ?? '';
    const [theirParticipant = ''] = theirCookie.split('.');
    const ids = await t.database.superuser.query<{ campaign: string; lat: number; lng: number }>(
      "SELECT campaign_id AS campaign, lat, lng FROM tenant.rally_checkpoints WHERE org = 'tonari' AND id = $1",
      [neighbourCheckpoint],
    );
    const { campaign: theirCampaign, lat, lng } = ids.rows[0]!;
    const stamps = async () =>
      (await t.database.superuser.query<{ n: string }>('SELECT count(*) AS n FROM tenant.rally_stamps'))
        .rows[0]!.n;
    const before = await stamps();
    const hash = 'a'.repeat(32);
    const limits = sql`${new Date()}::timestamptz, ${new Date(0)}::timestamptz, 100, 100, 100, 1000::float8, 42::float8`;
    const outcome = await withTenant(t.database.db, 'mihon', async (tx) => ({
      rows: (
        await sql`SELECT * FROM tenant.rally_check_in_rows('tonari', 'tonari-rally', ${neighbourCheckpoint}::uuid, ${theirParticipant}::uuid)`.execute(
          tx,
        )
      ).rows,
      once: (
        await sql<{ outcome: string }>`SELECT * FROM tenant.rally_check_in(
          'tonari', 'tonari-rally', ${theirCampaign}::uuid, 1, now(), ${neighbourCheckpoint}::uuid, 'qr',
          ${lat}::float8, ${lng}::float8, 100, ${theirParticipant}::uuid, ${'b'.repeat(64)},
          NULL, NULL, NULL, ${hash}, ${hash}, ${new Date(0)}::timestamptz, 100, 100, 100, 1000::float8, 42::float8)`.execute(
          tx,
        )
      ).rows[0]!.outcome,
    }));
    expect(outcome).toEqual({ rows: [], once: 'recheck' });
    // The stamp call itself refuses to write another organisation's row, or to reference one.
    for (const org of ['tonari', 'mihon']) {
      await expect(
        withTenant(t.database.db, 'mihon', (tx) =>
          sql`SELECT * FROM tenant.rally_record_stamp(${org}, ${theirCampaign}::uuid, ${theirParticipant}::uuid,
                ${neighbourCheckpoint}::uuid, 'qr', ${lat}::float8, ${lng}::float8, NULL, NULL, NULL, ${hash}, ${hash}, ${limits})`.execute(
            tx,
          ),
        ),
      ).rejects.toThrow(/row-level security|foreign key/);
    }
    expect(await stamps()).toBe(before);
    // The stand-alone form sets its own scope, so it refuses to run in another organisation's
    // transaction, and in its own it leaves the scope as it found it.
    const alone = (org: string) => sql<{ outcome: string }>`SELECT * FROM tenant.rally_check_in_alone(
          ${org}, 'tonari-rally', ${theirCampaign}::uuid, 1, now(), ${neighbourCheckpoint}::uuid, 'qr',
          ${lat}::float8, ${lng}::float8, 100, ${theirParticipant}::uuid, ${'b'.repeat(64)},
          NULL, NULL, NULL, ${hash}, ${hash}, ${new Date(0)}::timestamptz, 100, 100, 100, 1000::float8, 42::float8)`;
    await expect(withTenant(t.database.db, 'mihon', (tx) => alone('tonari').execute(tx))).rejects.toThrow(
      /scoped to another organisation/,
    );
    const own = await withTenant(t.database.db, 'mihon', async (tx) => ({
      outcome: (await alone('mihon').execute(tx)).rows[0]?.outcome,
      scope: (await sql<{ org: string }>`SELECT current_setting('app.org', true) AS org`.execute(tx)).rows[0]
        ?.org,
    }));
    expect(own).toEqual({ outcome: 'recheck', scope: 'mihon' });
    expect(await stamps()).toBe(before);
  });

  it('refuses a checkpoint id, or a card, of another campaign of the same organisation', async () => {
    const other = await staff.post('/api/v1/rally/campaigns', campaignInput('fuyu-rally'));
    expect(other.status).toBe(201);
    const otherId = (other.body as { id: string }).id;
    const added = await staff.post(`/api/v1/rally/campaigns/${otherId}/checkpoints`, {
      name: { ja: '冬の駅' },
      lat: 35,
      lng: 135,
      method: 'qr',
    });
    expect(added.status).toBe(201);
    const winterCheckpoint = (added.body as { id: string }).id;
    expect(
      (await staff.post(`/api/v1/rally/campaigns/${otherId}/transition`, { to: 'published' })).status,
    ).toBe(200);
    const winter = await credentials(winterCheckpoint, staff, otherId);

    // Its checkpoint through this campaign's path is not found.
    const { visitor } = await join();
    const res = await checkIn(visitor, { checkpointId: winterCheckpoint, token: winter.token });
    expect(res.status).toBe(404);
    expect(errorCode(res)).toBe('not_found');
    // This campaign's card, presented under the other campaign's cookie, is no card there.
    const card = visitor.cookies.get(`mitte_rally_mihon_${campaign.slug}`);
    expect(card).toBeTruthy();
    visitor.cookies.set('mitte_rally_mihon_fuyu-rally', card!);
    const elsewhere = await checkIn(
      visitor,
      { checkpointId: winterCheckpoint, token: winter.token },
      'en',
      'fuyu-rally',
    );
    expect(elsewhere.status).toBe(401);
    expect(errorCode(elsewhere)).toBe('not_joined');
  });

  it('flags an impossible speed between checkpoints without dropping the stamp', async () => {
    const { visitor } = await join();
    const kyoto = await credentials(cp.temple);
    const tokyo = await credentials(cp.tokyo);
    expect((await checkIn(visitor, { checkpointId: cp.temple, token: kyoto.token })).status).toBe(201);
    const fast = await checkIn(visitor, { checkpointId: cp.tokyo, token: tokyo.token });
    expect(fast.status).toBe(201);
    expect(fast.body).toMatchObject({ flags: ['impossible_speed'], stamps: 2 });
    const stats = await viewer.get(`/api/v1/rally/campaigns/${campaign.id}/statistics`);
    expect(stats.status).toBe(200);
    const flagged = (stats.body as { flagged: { reason: string; stamps: number }[] }).flagged;
    expect(flagged).toContainEqual(expect.objectContaining({ reason: 'impossible_speed', stamps: 2 }));
  });

  it('lets staff void a stamp (audited); the participant cannot stamp there again', async () => {
    const { visitor } = await join();
    const { token } = await credentials(cp.temple);
    expect((await checkIn(visitor, { checkpointId: cp.temple, token })).status).toBe(201);
    const card = (await visitor.get(`${visitorApi(campaign.slug)}/card`)).body as { stamps: number };
    expect(card.stamps).toBe(1);
    const participant = await t.database.superuser.query(
      'SELECT participant_id FROM tenant.rally_stamps WHERE checkpoint_id = $1 ORDER BY stamped_at DESC LIMIT 1',
      [cp.temple],
    );
    const participantId = participant.rows[0].participant_id as string;
    const body = { participantId, checkpointId: cp.temple, reason: '同一端末から複数参加' };
    expect((await viewer.post(`/api/v1/rally/campaigns/${campaign.id}/stamps/void`, body)).status).toBe(403);
    expect((await staff.post(`/api/v1/rally/campaigns/${campaign.id}/stamps/void`, body)).status).toBe(204);
    expect((await staff.post(`/api/v1/rally/campaigns/${campaign.id}/stamps/void`, body)).status).toBe(404);
    const again = await checkIn(visitor, { checkpointId: cp.temple, token });
    expect(errorCode(again)).toBe('stamp_voided');
    expect(((await visitor.get(`${visitorApi(campaign.slug)}/card`)).body as { stamps: number }).stamps).toBe(
      0,
    );
    const { rows } = await t.database.superuser.query(
      "SELECT details FROM audit.events WHERE org = 'mihon' AND action = 'rally.stamp.voided'",
    );
    expect(rows[0].details).toMatchObject({ checkpointId: cp.temple, reason: '同一端末から複数参加' });
  });

  it('takes the card to another browser with the recovery code; the old cookie stops working', async () => {
    const { visitor, recoveryCode } = await join();
    const { token } = await credentials(cp.temple);
    expect((await checkIn(visitor, { checkpointId: cp.temple, token })).status).toBe(201);
    const phone = new Client(t.url);
    const wrong = await phone.post(`${visitorApi(campaign.slug)}/recover`, {
      recoveryCode: 'AAAA-BBBB-CCCC',
    });
    expect(wrong.status).toBe(400);
    const typed = recoveryCode.toLowerCase().replace(/-/g, ' ');
    expect((await phone.post(`${visitorApi(campaign.slug)}/recover`, { recoveryCode: typed })).status).toBe(
      200,
    );
    expect(((await phone.get(`${visitorApi(campaign.slug)}/card`)).body as { stamps: number }).stamps).toBe(
      1,
    );
    expect((await visitor.get(`${visitorApi(campaign.slug)}/card`)).status).toBe(404);
  });

  it('rotating the key refuses every older poster as rotated, and new ones work', async () => {
    const { visitor } = await join();
    const old = await credentials(cp.tokyo);
    expect((await viewer.post(`/api/v1/rally/campaigns/${campaign.id}/rotate-key`)).status).toBe(403);
    const rotated = await staff.post(`/api/v1/rally/campaigns/${campaign.id}/rotate-key`);
    expect(rotated.body).toMatchObject({ keyVersion: 2 });
    const refused = await checkIn(visitor, { checkpointId: cp.tokyo, token: old.token }, 'ja');
    expect(refused.status).toBe(422);
    expect(errorCode(refused)).toBe('token_rotated');
    expect(visitorMessage(refused)).toContain('新しいポスター');
    const fresh = await credentials(cp.tokyo);
    expect(fresh.token).not.toBe(old.token);
    expect((await checkIn(visitor, { checkpointId: cp.tokyo, token: fresh.token })).status).toBe(201);
  });

  it('refuses check-ins once the campaign has ended, and ends only with the publish right', async () => {
    const { visitor } = await join();
    const { token } = await credentials(cp.tokyo);
    expect(
      (await staff.post(`/api/v1/rally/campaigns/${campaign.id}/transition`, { to: 'archived' })).status,
    ).toBe(409);
    expect(
      (await staff.post(`/api/v1/rally/campaigns/${campaign.id}/transition`, { to: 'ended' })).status,
    ).toBe(200);
    const res = await checkIn(visitor, { checkpointId: cp.tokyo, token }, 'th');
    expect(res.status).toBe(409);
    expect(errorCode(res)).toBe('campaign_ended');
    expect(visitorMessage(res)).toContain('แรลลี่จบแล้ว');
    const stats = await staff.get(`/api/v1/rally/campaigns/${campaign.id}/statistics`);
    const body = stats.body as { participants: number; stamps: number; checkpoints: { stamps: number }[] };
    expect(body.participants).toBeGreaterThanOrEqual(10);
    expect(body.stamps).toBe(body.checkpoints.reduce((s, c) => s + c.stamps, 0));
    const { rows } = await t.database.superuser.query(
      "SELECT action FROM audit.events WHERE org = 'mihon' AND action LIKE 'rally.campaign.%' AND target_id = $1 ORDER BY seq",
      [campaign.id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'rally.campaign.created',
      'rally.campaign.published',
      'rally.campaign.key_rotated',
      'rally.campaign.ended',
    ]);
  });
});

describe('statistics per checkpoint and day, and their CSV (console)', () => {
  let live: { id: string; slug: string };
  // Staff type the names: each would be a formula in a spreadsheet if written out as it is.
  const NAMES = { formula: '=HYPERLINK("x")', plus: '+1', minus: '-1', at: '@x' } as const;
  const named: Record<keyof typeof NAMES, string> = { formula: '', plus: '', minus: '', at: '' };
  let firstId = '';

  async function csvOf(client: Client, campaignId = live.id) {
    const res = await fetch(`${t.url}/api/v1/rally/campaigns/${campaignId}/statistics.csv`, {
      headers: { cookie: `mitte_session=${client.sessionCookie}` },
    });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  async function stamp(visitor: Client, checkpointId: string) {
    const { token } = await credentials(checkpointId, staff, live.id);
    const res = await checkIn(visitor, { checkpointId, token }, 'en', live.slug);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }

  const participantAt = async (checkpointId: string, also?: string) =>
    (
      await t.database.superuser.query(
        `SELECT participant_id FROM tenant.rally_stamps s WHERE checkpoint_id = $1
           AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM tenant.rally_stamps o
                 WHERE o.participant_id = s.participant_id AND o.checkpoint_id = $2))`,
        [checkpointId, also ?? null],
      )
    ).rows[0].participant_id as string;

  beforeAll(async () => {
    const created = await staff.post('/api/v1/rally/campaigns', campaignInput('toukei'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    live = created.body as typeof live;
    for (const key of Object.keys(NAMES) as (keyof typeof NAMES)[]) {
      const added = await staff.post(`/api/v1/rally/campaigns/${live.id}/checkpoints`, {
        name: { ja: NAMES[key] },
        ...PARK,
        method: 'qr',
      });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      named[key] = (added.body as { id: string }).id;
    }
    expect(
      (await staff.post(`/api/v1/rally/campaigns/${live.id}/transition`, { to: 'published' })).status,
    ).toBe(200);
    const first = (await join(live.slug)).visitor;
    const second = (await join(live.slug)).visitor;
    const third = (await join(live.slug)).visitor;
    await stamp(first, named.formula);
    await stamp(first, named.plus);
    await stamp(second, named.formula);
    await stamp(third, named.minus);
    firstId = await participantAt(named.formula, named.plus);
    // The first participant's first stamp at 23:30 on 1 November in Japan (14:30 UTC); every
    // other stamp at 00:30 on 2 November in Japan (15:30 UTC, still 1 November in UTC).
    await t.database.superuser.query(
      `UPDATE tenant.rally_stamps SET stamped_at = CASE
          WHEN participant_id = $2 AND checkpoint_id = $3 THEN '2026-11-01T14:30:00Z'::timestamptz
          ELSE '2026-11-01T15:30:00Z'::timestamptz END
        WHERE campaign_id = $1`,
      [live.id, firstId, named.formula],
    );
    const voided = await staff.post(`/api/v1/rally/campaigns/${live.id}/stamps/void`, {
      participantId: await participantAt(named.minus),
      checkpointId: named.minus,
      reason: '確認のため',
    });
    expect(voided.status).toBe(204);
  });

  it('counts stamps per checkpoint and Japan day exactly, without the voided stamp', async () => {
    const res = await viewer.get(`/api/v1/rally/campaigns/${live.id}/statistics`);
    expect(res.status).toBe(200);
    const stats = res.body as {
      participants: number;
      stamps: number;
      checkpoints: { id: string; stamps: number }[];
      perDay: { day: string; stamps: number }[];
      perCheckpointDay: { checkpointId: string; day: string; stamps: number }[];
      perHour: { hour: number; stamps: number }[];
      funnel: { stamps: number; participants: number }[];
    };
    const byKey = (a: { checkpointId: string; day: string }, b: { checkpointId: string; day: string }) =>
      `${a.day}${a.checkpointId}`.localeCompare(`${b.day}${b.checkpointId}`);
    expect([...stats.perCheckpointDay].sort(byKey)).toEqual(
      [
        { checkpointId: named.formula, day: '2026-11-01', stamps: 1 },
        { checkpointId: named.formula, day: '2026-11-02', stamps: 1 },
        { checkpointId: named.plus, day: '2026-11-02', stamps: 1 },
      ].sort(byKey),
    );
    // Ordered by day, as the console lays it out.
    expect(stats.perCheckpointDay.map((c) => c.day)).toEqual(['2026-11-01', '2026-11-02', '2026-11-02']);
    expect(stats.perDay).toEqual([
      { day: '2026-11-01', stamps: 1 },
      { day: '2026-11-02', stamps: 2 },
    ]);
    expect(stats.perHour).toEqual([
      { hour: 0, stamps: 2 },
      { hour: 23, stamps: 1 },
    ]);
    expect(stats.checkpoints.map((c) => c.stamps)).toEqual([2, 1, 0, 0]);
    expect(stats).toMatchObject({ participants: 3, stamps: 3 });
    expect(stats.funnel).toEqual([
      { stamps: 0, participants: 1 },
      { stamps: 1, participants: 1 },
      { stamps: 2, participants: 1 },
    ]);
  });

  it('exports them as CSV with a BOM and every formula-like name neutralised (audited)', async () => {
    const { res, bytes } = await csvOf(viewer);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="rally-statistics-mihon-toukei.csv"',
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('区分 / section,ID / id,項目 / item,内訳 / breakdown,値 / value');
    expect(lines).toContain('概要 / summary,participants,参加者 / participants,,3');
    expect(lines).toContain(
      `チェックポイント別・日別 / per checkpoint per day,${named.formula},"'=HYPERLINK(""x"")",2026-11-01,1`,
    );
    expect(lines).toContain(
      `チェックポイント別・日別 / per checkpoint per day,${named.plus},'+1,2026-11-02,1`,
    );
    expect(lines).toContain(`チェックポイント別 / per checkpoint,${named.minus},'-1,,0`);
    expect(lines).toContain(`チェックポイント別 / per checkpoint,${named.at},'@x,,0`);
    expect(lines).toContain('日別 / per day,2026-11-02,2026-11-02,,2');
    expect(lines).toContain('時間帯別（日本時間） / per hour (Japan time),23,23:00–23:59,,1');
    expect(lines).toContain('到達状況 / funnel,2,スタンプ 2 個 / 2 stamps,,1');
    // No cell of the file starts a formula.
    expect(text).not.toMatch(/(^|,)"?[=+\-@]/m);
    const { rows } = await t.database.superuser.query(
      "SELECT target_id, details FROM audit.events WHERE org = 'mihon' AND action = 'rally.statistics.exported'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].target_id).toBe(live.id);
  });

  it('refuses the CSV without the campaigns view right, and another organisation’s campaign as not found', async () => {
    const spotsOnly = await signedIn(
      t,
      'mihon',
      await seedUser(t, 'mihon', { totp: false, rights: { spots: 'publish' } }),
    );
    expect((await csvOf(spotsOnly)).res.status).toBe(403);
    expect((await spotsOnly.get(`/api/v1/rally/campaigns/${live.id}/statistics`)).status).toBe(403);
    const theirs = await csvOf(neighbour);
    expect(theirs.res.status).toBe(404);
    expect(theirs.bytes.toString('utf8')).not.toContain('HYPERLINK');
    expect((await csvOf(viewer, 'not-a-campaign')).res.status).toBe(404);
  });
});

describe('campaign history and restore (issue 16 item 1)', () => {
  const api = (id: string) => `/api/v1/rally/campaigns/${id}`;
  type Revision = { version: number; action: string; restoredFrom: number | null; actorName: string | null };
  type Detail = {
    id: string;
    version: number;
    slug: string;
    status: string;
    texts: { name: { ja: string } };
    prizeTiers: { id: string }[];
    checkpoints: { id: string; name: { ja: string }; radiusM: number }[];
  };
  let history: Detail;
  const a: Record<'first' | 'second' | 'third' | 'late', string> = {
    first: '',
    second: '',
    third: '',
    late: '',
  };
  const revisions = async (client = staff, id = history.id) => {
    const res = await client.get(`${api(id)}/revisions`);
    return { status: res.status, items: (res.body as { items: Revision[] }).items };
  };
  const current = async () => (await staff.get(api(history.id))).body as Detail;
  const point = async (ja: string, lat: number) => {
    const res = await staff.post(`${api(history.id)}/checkpoints`, {
      name: { ja },
      lat,
      lng: 135,
      method: 'qr',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return (res.body as { id: string }).id;
  };
  const restore = (version: number, current: number, client = staff, id = history.id) =>
    client.post(`${api(id)}/revisions/${version}/restore`, { version: current });

  it('keeps a revision of every change, numbered by the version, newest first with actor and action', async () => {
    const created = await staff.post('/api/v1/rally/campaigns', campaignInput('rekishi'));
    expect(created.status).toBe(201);
    history = created.body as Detail;
    a.first = await point('一の鳥居', 35);
    a.second = await point('二の鳥居', 35.001);
    expect(
      (
        await staff.put(`${api(history.id)}/checkpoints/${a.second}`, {
          name: { ja: '二の鳥居' },
          lat: 35.001,
          lng: 135,
          method: 'location',
          radiusM: 60,
        })
      ).status,
    ).toBe(200);
    const updated = await staff.put(api(history.id), {
      ...campaignInput('rekishi'),
      texts: { name: { ja: '歴史めぐり' } },
      version: 4,
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    const prizes = await staff.put(`${api(history.id)}/prizes`, {
      version: 5,
      prizeTiers: [{ id: 'all', name: { ja: '全制覇賞' }, minStamps: 2, quantity: 3, award: 'first_come' }],
      survey: [],
    });
    expect(prizes.status, JSON.stringify(prizes.body)).toBe(200);
    expect((prizes.body as Detail).version).toBe(6);

    const { status, items } = await revisions();
    expect(status).toBe(200);
    expect(items.map((r) => [r.version, r.action])).toEqual([
      [6, 'prizes_changed'],
      [5, 'updated'],
      [4, 'checkpoint_updated'],
      [3, 'checkpoint_added'],
      [2, 'checkpoint_added'],
      [1, 'created'],
    ]);
    expect(items.every((r) => typeof r.actorName === 'string' && r.restoredFrom === null)).toBe(true);

    const first = await staff.get(`${api(history.id)}/revisions/1`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      version: 1,
      action: 'created',
      snapshot: {
        slug: 'rekishi',
        status: 'draft',
        texts: { name: { ja: '秋の寺めぐりスタンプラリー' } },
        retentionDays: 90,
        prizeTiers: [],
        checkpoints: [],
      },
    });
    const fourth = (await staff.get(`${api(history.id)}/revisions/4`)).body as {
      snapshot: { checkpoints: { id: string; method: string; radiusM: number }[] };
    };
    expect(fourth.snapshot.checkpoints.map((c) => [c.id, c.method, c.radiusM])).toEqual([
      [a.first, 'qr', 100],
      [a.second, 'location', 60],
    ]);
    // The QR key is a secret and no part of the history.
    expect(JSON.stringify(fourth)).not.toContain('sealed');

    // View right suffices to read; another organisation finds nothing; unknown versions are 404.
    expect((await revisions(viewer)).items).toHaveLength(6);
    expect((await neighbour.get(`${api(history.id)}/revisions`)).status).toBe(404);
    expect((await neighbour.get(`${api(history.id)}/revisions/1`)).status).toBe(404);
    expect((await staff.get(`${api(history.id)}/revisions/99`)).status).toBe(404);
  });

  it('restores a draft’s texts, prizes and checkpoints as a new version, audited', async () => {
    expect((await staff.delete(`${api(history.id)}/checkpoints/${a.second}`)).status).toBe(204);
    a.third = await point('三の鳥居', 35.002);
    expect((await current()).version).toBe(8);

    const res = await restore(5, 8);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const restored = res.body as Detail;
    expect(restored.version).toBe(9);
    expect(restored.texts.name.ja).toBe('歴史めぐり');
    expect(restored.prizeTiers).toEqual([]);
    // The removed checkpoint is back under its own id (prize tiers and posters name it); the one
    // added since is gone (a draft has no stamps).
    expect(restored.checkpoints.map((c) => [c.id, c.radiusM])).toEqual([
      [a.first, 100],
      [a.second, 60],
    ]);
    const { items } = await revisions();
    expect(items[0]).toMatchObject({ version: 9, action: 'restored', restoredFrom: 5 });

    const again = await restore(6, 9);
    expect(again.status).toBe(200);
    expect((again.body as Detail).prizeTiers.map((p) => p.id)).toEqual(['all']);
    const { rows } = await t.database.superuser.query(
      `SELECT details FROM audit.events WHERE org = 'mihon' AND action = 'rally.campaign.restored'
        AND target_id = $1 ORDER BY seq`,
      [history.id],
    );
    expect(rows.map((r) => (r.details as { fromVersion: number }).fromVersion)).toEqual([5, 6]);
  });

  it('refuses a stale version, a viewer, another organisation and a taken address, writing nothing', async () => {
    const before = await current();
    expect(before.version).toBe(10);
    const stale = await restore(1, 9);
    expect(stale.status).toBe(409);
    expect(errorCode(stale)).toBe('version_conflict');
    expect((await restore(1, 10, viewer)).status).toBe(403);
    expect((await restore(1, 10, neighbour)).status).toBe(404);
    expect((await restore(99, 10)).status).toBe(404);

    // The address the revision had is another campaign's now: refused before any checkpoint moves.
    const moved = await staff.put(api(history.id), {
      ...campaignInput('rekishi-b'),
      texts: { name: { ja: '歴史めぐり' } },
      version: 10,
    });
    expect(moved.status).toBe(200);
    a.late = await point('奥の院', 35.003);
    expect((await staff.post('/api/v1/rally/campaigns', campaignInput('rekishi'))).status).toBe(201);
    const taken = await restore(1, 12);
    expect(taken.status).toBe(409);
    expect(errorCode(taken)).toBe('slug_taken');
    expect((taken.body as { error: { field: string } }).error.field).toBe('slug');

    const after = await current();
    expect(after.version).toBe(12);
    expect(after.slug).toBe('rekishi-b');
    expect(after.checkpoints.map((c) => c.id)).toEqual([a.first, a.second, a.late]);
    expect((await revisions()).items[0]?.version).toBe(12);
  });

  it('a campaign that has been public keeps its address and every checkpoint', async () => {
    const published = await staff.post(`${api(history.id)}/transition`, { to: 'published' });
    expect(published.status).toBe(200);
    expect((published.body as Detail).version).toBe(13);
    const res = await restore(4, 13);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const restored = res.body as Detail;
    expect(restored).toMatchObject({ version: 14, slug: 'rekishi-b', status: 'published' });
    expect(restored.texts.name.ja).toBe('秋の寺めぐりスタンプラリー');
    // The revision's checkpoints first, then the one added since (posters may be printed).
    expect(restored.checkpoints.map((c) => c.id)).toEqual([a.first, a.second, a.late]);

    // The first campaign has stamps: restoring its first version (no checkpoints) keeps them all.
    const stats = async () =>
      ((await staff.get(`${api(campaign.id)}/statistics`)).body as { stamps: number }).stamps;
    const stamps = await stats();
    const { version } = (await staff.get(api(campaign.id))).body as Detail;
    const back = await restore(1, version, staff, campaign.id);
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect((back.body as Detail).checkpoints).toHaveLength(5);
    expect(await stats()).toBe(stamps);
  });

  it('archived campaigns are read-only, their history still readable', async () => {
    for (const to of ['ended', 'archived'])
      expect((await staff.post(`${api(history.id)}/transition`, { to })).status).toBe(200);
    const archived = await current();
    const res = await restore(1, archived.version);
    expect(res.status).toBe(409);
    expect(errorCode(res)).toBe('campaign_archived');
    expect((await current()).version).toBe(archived.version);
    const { items } = await revisions();
    expect(items.slice(0, 2).map((r) => r.action)).toEqual(['archived', 'ended']);
  });

  it('records a campaign made before its history was kept as a baseline before its first change, and restores it', async () => {
    const created = await staff.post('/api/v1/rally/campaigns', campaignInput('mukashi'));
    expect(created.status).toBe(201);
    const old = created.body as Detail;
    history = old;
    await point('古い門', 35.01);
    // As a campaign from before migration 0074: no revisions, last changed long ago.
    await t.database.superuser.query(
      "DELETE FROM tenant.rally_campaign_revisions WHERE org = 'mihon' AND campaign_id = $1",
      [old.id],
    );
    await t.database.superuser.query(
      "UPDATE tenant.rally_campaigns SET updated_at = '2026-04-01T09:00:00Z' WHERE org = 'mihon' AND id = $1",
      [old.id],
    );
    expect((await revisions(staff, old.id)).items).toEqual([]);

    // A refused change writes nothing, not even the baseline.
    const backwards = await staff.put(api(old.id), {
      ...campaignInput('mukashi', { endsAt: hourAgo(), startsAt: inDays(1) }),
      version: 2,
    });
    expect(backwards.status).toBe(400);
    expect((await revisions(staff, old.id)).items).toEqual([]);

    const renamed = await staff.put(api(old.id), {
      ...campaignInput('mukashi'),
      texts: { name: { ja: '新しい名前' } },
      version: 2,
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const { items } = await revisions(staff, old.id);
    expect(items.map((r) => [r.version, r.action])).toEqual([
      [3, 'updated'],
      [2, 'baseline'],
    ]);
    const baseline = await staff.get(`${api(old.id)}/revisions/2`);
    expect(baseline.body).toMatchObject({
      action: 'baseline',
      actorId: null,
      actorName: null,
      createdAt: '2026-04-01T09:00:00.000Z',
      snapshot: {
        slug: 'mukashi',
        texts: { name: { ja: '秋の寺めぐりスタンプラリー' } },
        checkpoints: [{ name: { ja: '古い門' } }],
      },
    });

    // Its later changes keep no second baseline; the baseline restores like any version.
    await point('新しい門', 35.02);
    const restored = await restore(2, 4, staff, old.id);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect((restored.body as Detail).texts.name.ja).toBe('秋の寺めぐりスタンプラリー');
    expect((restored.body as Detail).checkpoints.map((c) => c.name.ja)).toEqual(['古い門']);
    expect((await revisions(staff, old.id)).items.map((r) => [r.version, r.action, r.restoredFrom])).toEqual([
      [5, 'restored', 2],
      [4, 'checkpoint_added', null],
      [3, 'updated', null],
      [2, 'baseline', null],
    ]);
  });
});
