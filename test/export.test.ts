import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import {
  exportOrganisationToFile,
  systemExportReader,
  verifyExportFile,
} from '../src/modules/export/index.js';
import { datasetCsvChunks } from '../src/modules/opendata/index.js';
import { provisionOrganisation } from '../src/modules/organisations/organisation.service.js';
import { runAsSystem } from '../src/platform/access/system-context.js';
import { KeyRing } from '../src/platform/crypto/data-keys.js';
import { FileBlobStore } from '../src/platform/storage/blob-store.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import { Client, postFile, seedUser, signedIn } from './helpers/client.js';
import { eventData, spotData } from './helpers/content.js';

let t: TestApp;
let clamd: TestClamd;
let admin: Client;
let general: Client;
let scratch: string;
let mediaId: string;
let original: Buffer;
const ORG = 'export-a';

beforeAll(async () => {
  clamd = await startClamd();
  t = await startTestApp({ env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' } });
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-export-'));
  await runAsSystem(t.database.db, { kind: 'provider' }, 'test', ['ops:organisations'], (ctx) =>
    provisionOrganisation(ctx, { serviceCode: ORG, nameJa: 'みどり川町', nameEn: 'Midorikawa' }),
  );
  admin = await signedIn(t, ORG, await seedUser(t, ORG, { role: 'admin' }));
  general = await signedIn(
    t,
    ORG,
    await seedUser(t, ORG, { totp: false, rights: { spots: 'publish', media: 'edit' } }),
  );
  const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
    .png()
    .toBuffer();
  const upload = await postFile(admin, '滝の写真.png', image, 'image/png');
  expect(upload.status).toBe(201);
  mediaId = ((await upload.json()) as { id: string }).id;
  original = Buffer.from(
    await (
      await fetch(`${t.url}/api/v1/media/${mediaId}/content`, { headers: { cookie: cookieOf(admin) } })
    ).arrayBuffer(),
  );
  const spot = await admin.post('/api/v1/spots', spotData('白糸の滝'));
  expect(spot.status).toBe(201);
  const id = (spot.body as { id: string }).id;
  // A second version, so the export has revisions to carry.
  expect(
    (await admin.put(`/api/v1/spots/${id}`, { version: 1, data: spotData('白糸の滝（改）') })).status,
  ).toBe(200);
  expect((await admin.post('/api/v1/events', eventData('滝まつり'))).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await t?.close();
  await clamd?.dispose();
  fs.rmSync(scratch, { recursive: true, force: true });
});

function cookieOf(client: Client): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

async function finished(id: string) {
  for (let i = 0; i < 200; i++) {
    const job = await admin.get(`/api/v1/exports/${id}`);
    const body = job.body as { status: string };
    if (body.status !== 'building')
      return body as { status: string; sizeBytes: number; filesDone: number; filesTotal: number };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('export did not finish');
}

function entriesOf(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

describe('full export in the console', () => {
  it('a general user may not export (403), even with every content right', async () => {
    expect((await general.post('/api/v1/exports')).status).toBe(403);
    expect((await general.get('/api/v1/exports')).status).toBe(403);
  });

  it('builds one zip with manifest, content, CSVs, media originals, users without secrets and a verifiable audit log; downloads resume with Range', async () => {
    const started = await admin.post('/api/v1/exports');
    expect(started.status).toBe(202);
    const id = (started.body as { id: string }).id;
    const job = await finished(id);
    expect(job.status).toBe('ready');
    expect(job.filesDone).toBe(job.filesTotal);

    // Two halves, as a resumed download fetches them.
    const url = `${t.url}/api/v1/exports/${id}/file`;
    const half = Math.floor(job.sizeBytes / 2);
    const first = await fetch(url, { headers: { cookie: cookieOf(admin), range: `bytes=0-${half - 1}` } });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-${half - 1}/${job.sizeBytes}`);
    const rest = await fetch(url, { headers: { cookie: cookieOf(admin), range: `bytes=${half}-` } });
    expect(rest.status).toBe(206);
    const whole = Buffer.concat([
      Buffer.from(await first.arrayBuffer()),
      Buffer.from(await rest.arrayBuffer()),
    ]);
    const full = await fetch(url, { headers: { cookie: cookieOf(admin) } });
    expect(full.headers.get('content-disposition')).toMatch(
      /attachment; filename="export-a-export-\d{4}-\d{2}-\d{2}\.zip"/,
    );
    expect(Buffer.from(await full.arrayBuffer()).equals(whole)).toBe(true);
    const file = path.join(scratch, 'console.zip');
    fs.writeFileSync(file, whole);

    const verification = await verifyExportFile(file);
    expect(verification.problems).toEqual([]);
    expect(verification.ok).toBe(true);
    expect(verification.serviceCode).toBe(ORG);

    const entries = await entriesOf(file);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as {
      serviceCode: string;
      tool: { version: string };
      files: { path: string }[];
    };
    expect(manifest.serviceCode).toBe(ORG);
    expect(manifest.tool.version).toMatch(/^\d+\.\d+\.\d+/);
    const spots = [...entries.keys()].filter((p) => p.startsWith('content/spot/'));
    expect(spots).toHaveLength(1);
    const spot = JSON.parse(entries.get(spots[0]!)!.toString()) as {
      data: { name: Record<string, string> };
      revisions: unknown[];
    };
    expect(spot.data.name.ja).toBe('白糸の滝（改）');
    expect(spot.revisions.length).toBeGreaterThanOrEqual(2);
    expect(entries.get('opendata/観光施設一覧.csv')!.toString()).toContain('白糸の滝（改）');
    expect(entries.get('opendata/イベント一覧.csv')!.toString()).toContain('滝まつり');
    // Written a page at a time, the CSVs are byte for byte the console's own download.
    for (const [file, url] of [
      ['opendata/観光施設一覧.csv', '/api/v1/export/tourism.csv'],
      ['opendata/イベント一覧.csv', '/api/v1/export/events.csv'],
    ] as const) {
      const download = await fetch(`${t.url}${url}`, { headers: { cookie: cookieOf(admin) } });
      expect(entries.get(file)!.equals(Buffer.from(await download.arrayBuffer())), file).toBe(true);
    }
    expect(entries.get(`media/${mediaId}/滝の写真.png`)!.equals(original)).toBe(true);
    const users = entries.get('users.json')!.toString();
    expect(users).not.toMatch(/password_hash|passwordHash|totp_secret|\$argon2/);
    expect(JSON.parse(users)).toHaveLength(2);
    expect(entries.has('site-settings.json')).toBe(true);
    expect(entries.has('analytics/daily.jsonl')).toBe(true);

    // Audited: the start and the finished export are in the organisation's chain.
    const { rows } = await t.database.superuser.query(
      "SELECT action, outcome FROM audit.events WHERE org = $1 AND action LIKE 'organisation.export%' ORDER BY seq",
      [ORG],
    );
    expect(rows).toEqual([
      { action: 'organisation.export_started', outcome: 'success' },
      { action: 'organisation.exported', outcome: 'success' },
    ]);
  });

  it('a changed byte in an exported file or in the audit log is found by the verifier', async () => {
    const entries = await entriesOf(path.join(scratch, 'console.zip'));
    const events = entries.get('audit/events.jsonl')!.toString().split('\n').filter(Boolean);
    // Re-zip with one audit event altered and the manifest left as it was.
    const altered = JSON.parse(events[0]!) as { action: string };
    altered.action = 'organisation.renamed';
    events[0] = JSON.stringify(altered);
    entries.set('audit/events.jsonl', Buffer.from(`${events.join('\n')}\n`));
    const yazl = (await import('yazl')).default;
    const zip = new yazl.ZipFile();
    for (const [name, data] of entries) zip.addBuffer(data, name);
    zip.end();
    const out = path.join(scratch, 'altered.zip');
    await new Promise<void>((resolve, reject) =>
      zip.outputStream.pipe(fs.createWriteStream(out)).on('finish', resolve).on('error', reject),
    );
    const result = await verifyExportFile(out);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      'audit/events.jsonl: content differs from the manifest (size or SHA-256)',
    ]);
    expect(result.audit?.ok).toBe(false);
    expect(result.audit?.broken?.seq).toBe(1);
  });

  it('an unknown export id is 404 and one of another organisation cannot be read', async () => {
    expect((await admin.get('/api/v1/exports/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await admin.get('/api/v1/exports/00000000-0000-4000-8000-000000000000/file')).status).toBe(404);
  });
});

describe('export of the stamp rally', () => {
  it('carries campaigns with prizes, survey and checkpoints, participants, stamps and applications with the personal data opened; no secrets', async () => {
    const created = await admin.post('/api/v1/rally/campaigns', {
      slug: 'aki',
      texts: { name: { ja: '秋のスタンプラリー' } },
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      retentionDays: 90,
    });
    expect(created.status).toBe(201);
    const campaign = created.body as { id: string; version: number };
    const point = await admin.post(`/api/v1/rally/campaigns/${campaign.id}/checkpoints`, {
      name: { ja: '滝見台' },
      lat: 35,
      lng: 135,
      method: 'qr',
    });
    const checkpointId = (point.body as { id: string }).id;
    const creds = await admin.get(
      `/api/v1/rally/campaigns/${campaign.id}/checkpoints/${checkpointId}/credentials`,
    );
    const token = new URL((creds.body as { url: string }).url).searchParams.get('t')!;
    // The checkpoint made a new version of the campaign.
    const { version } = (await admin.get(`/api/v1/rally/campaigns/${campaign.id}`)).body as {
      version: number;
    };
    const prizes = await admin.put(`/api/v1/rally/campaigns/${campaign.id}/prizes`, {
      version,
      prizeTiers: [{ id: 'one', name: { ja: '参加賞' }, minStamps: 1, quantity: 1, award: 'lottery' }],
      survey: [{ id: 'pref', kind: 'prefecture', label: { ja: 'お住まいの都道府県' }, required: true }],
    });
    expect(prizes.status, JSON.stringify(prizes.body)).toBe(200);
    expect(
      (await admin.post(`/api/v1/rally/campaigns/${campaign.id}/transition`, { to: 'published' })).status,
    ).toBe(200);
    const api = `/api/v1/public/${ORG}/rally/aki`;
    const visitor = new Client(t.url);
    expect((await visitor.post(`${api}/join`)).status).toBe(201);
    expect((await visitor.post(`${api}/check-in`, { checkpointId, token })).status).toBe(201);
    const applied = await visitor.post(`${api}/apply`, {
      tierId: 'one',
      answers: { pref: '13' },
      personal: {
        name: '川辺 一郎',
        postalCode: '100-0001',
        address: '東京都千代田区千代田1-1',
        phone: '03-0000-0000',
        email: 'ichiro@example.jp',
      },
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);

    const file = path.join(scratch, 'rally.zip');
    const { manifest } = await exportOrganisationToFile(
      {
        db: t.database.db,
        blobs: new FileBlobStore(path.join(t.dataDir, 'blobs')),
        keys: new KeyRing(t.database.db, t.masterKey),
      },
      ORG,
      file,
    );
    const paths = manifest.files.map((f) => f.path);
    for (const name of [
      'campaigns.json',
      'campaign-revisions.jsonl',
      'participants.jsonl',
      'stamps.jsonl',
      'applications.jsonl',
    ])
      expect(paths).toContain(`rally/${name}`);
    expect((await verifyExportFile(file)).ok).toBe(true);
    const entries = await entriesOf(file);
    const campaigns = JSON.parse(entries.get('rally/campaigns.json')!.toString()) as {
      slug: string;
      prizeTiers: { id: string }[];
      survey: { id: string }[];
      checkpoints: { id: string; name: { ja: string } }[];
    }[];
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]).toMatchObject({
      slug: 'aki',
      prizeTiers: [{ id: 'one' }],
      survey: [{ id: 'pref' }],
    });
    expect(campaigns[0]!.checkpoints).toEqual([
      expect.objectContaining({ id: checkpointId, name: { ja: '滝見台' } }),
    ]);
    const lines = (name: string) =>
      entries
        .get(`rally/${name}`)!
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines('participants.jsonl')).toHaveLength(1);
    expect(lines('stamps.jsonl')).toEqual([expect.objectContaining({ checkpoint_id: checkpointId })]);
    // The campaign's history: created, checkpoint added, prizes, published.
    expect(lines('campaign-revisions.jsonl').map((r) => [r.version, r.action])).toEqual([
      [1, 'created'],
      [2, 'checkpoint_added'],
      [3, 'prizes_changed'],
      [4, 'published'],
    ]);
    expect(lines('applications.jsonl')).toEqual([
      expect.objectContaining({
        tierId: 'one',
        campaignId: campaign.id,
        answers: { pref: '13' },
        personal: expect.objectContaining({ name: '川辺 一郎', email: 'ichiro@example.jp' }),
      }),
    ]);
    const rally = [...entries.entries()]
      .filter(([p]) => p.startsWith('rally/'))
      .map(([, b]) => b.toString())
      .join('');
    expect(rally).not.toMatch(/sealed_key|secret_hash|recovery_hash|personal_sealed/);
  });
});

describe('export of many items', () => {
  it('the CSVs are read page by page: items created in the same microsecond come once each, none lost', async () => {
    const org = 'export-pages';
    await runAsSystem(t.database.db, { kind: 'provider' }, 'test', ['ops:organisations'], (ctx) =>
      provisionOrganisation(ctx, { serviceCode: org, nameJa: 'ページ町', nameEn: 'Pages' }),
    );
    // One statement: every row has the same created_at, so only the id orders them.
    const names = Array.from({ length: 7 }, (_, i) => `頁スポット${i}`);
    await t.database.superuser.query(
      `INSERT INTO tenant.content_items (org, kind, data)
       SELECT $1, 'spot', jsonb_build_object('name', jsonb_build_object('ja', n)) FROM unnest($2::text[]) AS n`,
      [org, names],
    );
    const chunks: Buffer[] = [];
    for await (const chunk of datasetCsvChunks(systemExportReader(t.database.db, org, 'test'), 'tourism', 2))
      chunks.push(chunk);
    const text = Buffer.concat(chunks).toString('utf8');
    for (const name of names) expect(text.split(name).length - 1, name).toBe(1);
    expect(text.trimEnd().split('\r\n')).toHaveLength(1 + names.length);
  });
});

describe('export faults', () => {
  it('a file that cannot be read mid-export fails the export and leaves no partial file', async () => {
    const { rows } = await t.database.superuser.query(
      'SELECT blob_key FROM tenant.media WHERE org = $1 AND id = $2',
      [ORG, mediaId],
    );
    const blob = path.join(t.dataDir, 'blobs', ...(rows[0].blob_key as string).split('/'));
    fs.renameSync(blob, `${blob}.away`);
    const deps = {
      db: t.database.db,
      blobs: new FileBlobStore(path.join(t.dataDir, 'blobs')),
      keys: new KeyRing(t.database.db, t.masterKey),
    };
    const out = path.join(scratch, 'broken.zip');
    try {
      await expect(exportOrganisationToFile(deps, ORG, out)).rejects.toThrow(/ENOENT/);
      await expect(exportOrganisationToFile(deps, 'no-such-org', out)).rejects.toThrow(/does not exist/);
    } finally {
      fs.renameSync(`${blob}.away`, blob);
    }
    expect(fs.readdirSync(scratch).filter((n) => n.startsWith('broken'))).toEqual([]);
  });
});
