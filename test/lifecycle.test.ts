import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withProvider } from '../src/db/scope.js';
import {
  lifecycleSystemContext,
  runLifecycleJob,
  runPurge,
  startPurge,
  terminateOrganisation,
  verifyCertificate,
} from '../src/modules/lifecycle/index.js';
import type { LifecycleDeps } from '../src/modules/lifecycle/lifecycle.service.js';
import { runAsSystem } from '../src/platform/access/system-context.js';
import { KeyRing } from '../src/platform/crypto/data-keys.js';
import { loadSigningKey } from '../src/platform/crypto/signing-key.js';
import { createMailer } from '../src/platform/mail/mailer.js';
import { FileBlobStore } from '../src/platform/storage/blob-store.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import {
  Client,
  cookieHeader,
  errorCode,
  nextTotp,
  seedUser,
  signedIn,
  signedInOperator,
} from './helpers/client.js';
import { publishNew, spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';
import { type SmtpCatcher, startSmtpCatcher } from './helpers/smtp.js';

let t: TestApp;
let smtp: SmtpCatcher;
let operator: Client;
let blobs: FileBlobStore;
let keys: KeyRing;

const GONE = 'gone-town';
const KEEP = 'keep-town';

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await startTestApp({ env: { SMTP_URL: smtp.url, SCHEDULER_INTERVAL_MS: '0' } });
  operator = await signedInOperator(t, 'ops-lifecycle@mitte-c.example.jp');
  blobs = new FileBlobStore(path.join(t.dataDir, 'blobs'));
  keys = new KeyRing(t.database.db, t.masterKey);
  for (const code of [GONE, KEEP, 'crash-town']) await createOrganisation(t.database.db, code);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

function deps(): LifecycleDeps {
  return {
    db: t.database.db,
    keys,
    blobs,
    mailer: createMailer({
      smtpUrl: smtp.url,
      from: 'test@mitte-c.invalid',
      outboxDir: t.dataDir,
      log: console,
    }),
    config: t.config,
    invalidate: async () => {},
  };
}

/** Rows of the organisation in every table that has an `org` column (read from the catalogue). */
async function rowsLeft(org: string): Promise<Record<string, number>> {
  const { rows: tables } = await t.database.superuser.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('tenant', 'auth', 'audit') AND c.relkind = 'r'
        AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org' AND NOT a.attisdropped)`,
  );
  const left: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await t.database.superuser.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${name} WHERE org = $1`,
      [org],
    );
    left[name] = rows[0]!.n;
  }
  return left;
}

async function putBlob(org: string, text: string): Promise<void> {
  const key = `${org}/2026/01/${crypto.randomUUID()}`;
  await blobs.put(key, Readable.from([Buffer.from(text)]));
}

async function events(org: string | null, action: string): Promise<number> {
  const { rows } = await t.database.superuser.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit.events WHERE action = $1 AND target_id = $2 AND ${org ? 'org = $3' : 'org IS NULL'}`,
    org ? [action, GONE, org] : [action, GONE],
  );
  return rows[0]!.n;
}

describe('organisation lifecycle', () => {
  let admin: Awaited<ReturnType<typeof seedUser>>;
  let general: Awaited<ReturnType<typeof seedUser>>;
  let adminClient: Client;

  it('an organisation in use has content, files, a data key and signed-in staff', async () => {
    admin = await seedUser(t, GONE, { role: 'admin', email: 'admin@gone.example.jp' });
    general = await seedUser(t, GONE, { role: 'general', rights: { spots: 'edit' } });
    adminClient = await signedIn(t, GONE, admin);
    // Live, so its public read model and that model's version are among the rows a purge deletes.
    await publishNew(adminClient, 'spots', spotData('消える寺'));
    await seedUser(t, KEEP, { role: 'admin' });
    await putBlob(GONE, 'original bytes');
    await putBlob(KEEP, 'kept bytes');
    await keys.currentKey(GONE);
    await keys.currentKey(KEEP);
    expect((await new Client(t.url).get(`/s/${GONE}/ja/`)).status).toBe(200);
  });

  it('suspending ends sessions, refuses sign-in with a reason, and answers 503 on the public side', async () => {
    smtp.clear();
    const res = await operator.post(`/api/v1/ops/organisations/${GONE}/suspend`, { reason: '未払い' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ serviceCode: GONE, status: 'suspended', statusReason: '未払い' });
    const again = await operator.post(`/api/v1/ops/organisations/${GONE}/suspend`, {});
    expect([again.status, errorCode(again)]).toEqual([409, 'already_suspended']);

    expect((await adminClient.get('/api/v1/me')).status).toBe(401);
    const login = await new Client(t.url).post('/api/v1/auth/login', {
      serviceCode: GONE,
      email: admin.email,
      password: admin.password,
    });
    expect([login.status, errorCode(login)]).toEqual([403, 'organisation_suspended']);
    // A wrong password learns nothing about the organisation.
    const wrong = await new Client(t.url).post('/api/v1/auth/login', {
      serviceCode: GONE,
      email: admin.email,
      password: 'not the password at all',
    });
    expect(wrong.status).toBe(401);

    const page = await fetch(`${t.url}/s/${GONE}/ja/`);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('3600');
    const html = await page.text();
    expect(html).toContain('一時的にご利用いただけません');
    expect(html).toContain('Temporarily unavailable');
    const api = await fetch(`${t.url}/api/v1/public/${GONE}/spots`);
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('3600');
    // Another organisation is untouched.
    expect((await fetch(`${t.url}/s/${KEEP}/ja/`)).status).toBe(200);

    const mail = await smtp.waitFor((m) => m.to.includes(admin.email));
    expect(mail.subject).toContain('ご利用を一時停止しました');
    expect(mail.text).toContain('temporarily unavailable');
    expect(await events(null, 'organisation.suspended')).toBe(1);
    expect(await events(GONE, 'organisation.suspended')).toBe(1);
  });

  it('resuming brings sign-in and the site back', async () => {
    const res = await operator.post(`/api/v1/ops/organisations/${GONE}/resume`, {});
    expect(res.body).toMatchObject({ status: 'active' });
    const again = await operator.post(`/api/v1/ops/organisations/${GONE}/resume`, {});
    expect([again.status, errorCode(again)]).toEqual([409, 'organisation_not_suspended']);
    expect((await fetch(`${t.url}/s/${GONE}/ja/`)).status).toBe(200);
    // Signed in a minute ago with the current code: the next one, as a code works once.
    adminClient = new Client(t.url);
    await adminClient.post('/api/v1/auth/login', {
      serviceCode: GONE,
      email: admin.email,
      password: admin.password,
    });
    const second = await adminClient.post('/api/v1/auth/totp', { code: await nextTotp(admin.totpSecret!) });
    expect(second.status).toBe(200);
  });

  it('an active organisation cannot be purged, and a purge needs the service code typed back', async () => {
    const active = await operator.post(`/api/v1/ops/organisations/${GONE}/purge`, { confirmation: GONE });
    expect([active.status, errorCode(active)]).toEqual([409, 'organisation_not_terminated']);
    const missing = await operator.post(`/api/v1/ops/organisations/${GONE}/purge`, {});
    expect(missing.status).toBe(400);
    const wrong = await operator.post(`/api/v1/ops/organisations/${GONE}/purge`, { confirmation: KEEP });
    expect([wrong.status, errorCode(wrong)]).toEqual([400, 'purge_confirmation_mismatch']);
    expect((await rowsLeft(GONE))['tenant.content_items']).toBe(1);
  });

  it('terminating leaves admins read-only access for the export window and takes the site off', async () => {
    const res = await operator.post(`/api/v1/ops/organisations/${GONE}/terminate`, { exportWindowDays: 14 });
    expect(res.status).toBe(200);
    const lifecycle = res.body as { status: string; purgeAfter: string; terminatedAt: string };
    expect(lifecycle.status).toBe('terminated');
    const window = Date.parse(lifecycle.purgeAfter) - Date.parse(lifecycle.terminatedAt);
    expect(window).toBe(14 * 86_400_000);

    const contract = await adminClient.get('/api/v1/contract');
    expect(contract.body).toMatchObject({ status: 'terminated', purgeAfter: lifecycle.purgeAfter });
    expect((await adminClient.get('/api/v1/spots')).status).toBe(200);
    const write = await adminClient.post('/api/v1/spots', spotData('新しい寺'));
    expect([write.status, errorCode(write)]).toEqual([409, 'organisation_read_only']);
    // The export window is for this: the admin still starts and finishes a full export.
    const exported = await adminClient.post('/api/v1/exports');
    expect(exported.status).toBe(202);
    let job = exported.body as { id: string; status: string };
    for (let i = 0; i < 100 && job.status === 'building'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const list = (await adminClient.get('/api/v1/exports')).body as {
        items: { id: string; status: string }[];
      };
      job = list.items.find((item) => item.id === job.id) ?? job;
    }
    expect(job.status).toBe('ready');

    const generalLogin = await new Client(t.url).post('/api/v1/auth/login', {
      serviceCode: GONE,
      email: general.email,
      password: general.password,
    });
    expect([generalLogin.status, errorCode(generalLogin)]).toEqual([403, 'organisation_terminated']);
    expect((await fetch(`${t.url}/s/${GONE}/ja/`)).status).toBe(404);
    const list = await operator.get('/api/v1/ops/lifecycle');
    expect(
      (list.body as { items: { serviceCode: string; purgeAfter: string | null }[] }).items,
    ).toContainEqual(expect.objectContaining({ serviceCode: GONE, purgeAfter: lifecycle.purgeAfter }));
  });

  it('a purge deletes every row, file and the audit chain, destroys the keys, and issues a signed certificate', async () => {
    smtp.clear();
    const before = await rowsLeft(GONE);
    const keptBefore = await rowsLeft(KEEP);
    const res = await operator.post(`/api/v1/ops/organisations/${GONE}/purge`, { confirmation: GONE });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'purged', purge: { step: 'done', certificate: true } });

    expect(before['tenant.published_items']).toBe(1);
    expect(before['tenant.published_versions']).toBe(1);
    const left = await rowsLeft(GONE);
    for (const [table, n] of Object.entries(left)) expect(n, table).toBe(0);
    expect(await rowsLeft(KEEP)).toEqual(keptBefore);
    expect(fs.existsSync(path.join(t.dataDir, 'blobs', GONE))).toBe(false);
    expect(await blobs.measureOrganisation(KEEP)).toEqual({ files: 1, bytes: 10 });
    await expect(new KeyRing(t.database.db, t.masterKey).currentKey(GONE)).rejects.toThrow(/destroyed/);
    await expect(new KeyRing(t.database.db, t.masterKey).keyByVersion(GONE, 1)).rejects.toThrow(/destroyed/);

    const json = await operator.get(`/api/v1/ops/organisations/${GONE}/deletion-certificate.json`);
    expect(json.status).toBe(200);
    const signed = json.body as {
      certificate: {
        deleted: { rows: Record<string, number>; files: number; bytes: number; auditEvents: number };
        auditChain: { finalHeadHash: string };
        destroyedKeys: { versions: number[] };
        purge: { approvedBy: string };
      };
    };
    expect(signed.certificate.deleted.rows['tenant.content_items']).toBe(before['tenant.content_items']);
    expect(signed.certificate.deleted.rows['tenant.users']).toBe(2);
    // The media file (14 bytes) and the export the admin built during the window.
    expect(signed.certificate.deleted.files).toBe(2);
    expect(signed.certificate.deleted.bytes).toBeGreaterThan(14);
    expect(signed.certificate.deleted.auditEvents).toBeGreaterThan(3);
    expect(signed.certificate.auditChain.finalHeadHash).toMatch(/^[0-9a-f]{64}$/);
    expect(signed.certificate.destroyedKeys.versions).toEqual([1]);
    expect(signed.certificate.purge.approvedBy).toMatch(/^operator:/);

    const pdfRes = await fetch(`${t.url}/api/v1/ops/organisations/${GONE}/deletion-certificate.pdf`, {
      headers: { cookie: cookieHeader(operator) },
    });
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const publicKey = loadSigningKey(t.config).publicKeyPem;
    expect(verifyCertificate(signed, publicKey, pdf)).toMatchObject({ ok: true });
    const forged = structuredClone(signed);
    forged.certificate.deleted.files = 0;
    expect(verifyCertificate(forged, publicKey, pdf)).toMatchObject({ ok: false });
    expect(verifyCertificate(signed, publicKey, Buffer.from('%PDF-other'))).toMatchObject({ ok: false });

    const mail = await smtp.waitFor((m) => m.subject.includes('削除証明書'));
    expect(mail.to).toEqual([admin.email]);
    expect(await events(null, 'organisation.purged')).toBe(1);
  });

  it('a purged service code cannot be provisioned again', async () => {
    const res = await operator.post('/api/v1/ops/organisations', {
      serviceCode: GONE,
      nameJa: '新しい町',
      nameEn: 'New town',
      admin: { name: '管理者', email: 'new@gone.example.jp' },
    });
    expect([res.status, errorCode(res)]).toEqual([409, 'service_code_recently_purged']);
    const { message } = (res.body as { error: { message: { ja: string; en: string } } }).error;
    const { rows } = await t.database.superuser.query<{ free: string }>(
      `SELECT to_char((status_changed_at + interval '1 year') AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD') AS free
         FROM provider.organisations WHERE service_code = $1`,
      [GONE],
    );
    expect(message.ja).toContain(`${rows[0]!.free} 以降`);
    expect(message.en).toContain(`free from ${rows[0]!.free}`);
  });

  it('a year after the purge the code is given to a new organisation with new key ids; the tombstone stays', async () => {
    const { provisionOrganisation } = await import('../src/modules/organisations/organisation.service.js');
    const { rows } = await t.database.superuser.query<{ at: Date }>(
      'SELECT status_changed_at AS at FROM provider.organisations WHERE service_code = $1',
      [GONE],
    );
    const yearLater = new Date(rows[0]!.at);
    yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
    const input = { serviceCode: GONE, nameJa: '新しい町', nameEn: 'New town' };
    const provision = (now: Date) =>
      runAsSystem(t.database.db, { kind: 'provider' }, 'test', ['ops:organisations'], (ctx) =>
        provisionOrganisation(ctx, input, now),
      );
    await expect(provision(new Date(yearLater.getTime() - 60_000))).rejects.toMatchObject({
      status: 409,
      code: 'service_code_recently_purged',
    });
    expect(await provision(yearLater)).toMatchObject({
      serviceCode: GONE,
      status: 'active',
      nameEn: 'New town',
    });

    // New keys above the destroyed ones: key ids (code:version) never repeat.
    const ring = new KeyRing(t.database.db, t.masterKey);
    expect((await ring.currentKey(GONE)).version).toBe(2);
    await expect(ring.keyByVersion(GONE, 1)).rejects.toThrow(/destroyed/);
    // The new organisation works: its admin signs in and adds content.
    const newAdmin = await seedUser(t, GONE, { role: 'admin', email: 'admin@new-gone.example.jp' });
    const client = await signedIn(t, GONE, newAdmin);
    expect((await client.post('/api/v1/spots', spotData('新しい寺'))).status).toBe(201);
    const lifecycle = await operator.get(`/api/v1/ops/organisations/${GONE}/lifecycle`);
    expect(lifecycle.body).toMatchObject({ status: 'active', purgeAfter: null, purge: null });
    // The tombstone of the purged organisation stays, as history.
    const tombstones = await t.database.superuser.query<{ superseded: boolean; step: string }>(
      'SELECT superseded_at IS NOT NULL AS superseded, step FROM provider.organisation_purges WHERE org = $1',
      [GONE],
    );
    expect(tombstones.rows).toEqual([{ superseded: true, step: 'done' }]);
    const again = await operator.post('/api/v1/ops/organisations', {
      serviceCode: GONE,
      nameJa: '三つ目の町',
      nameEn: 'Third town',
      admin: { name: '管理者', email: 'third@gone.example.jp' },
    });
    expect([again.status, errorCode(again)]).toEqual([409, 'service_code_taken']);
  });

  it('a purge interrupted after any step is finished by the next run', async () => {
    const code = 'crash-town';
    const user = await seedUser(t, code, { role: 'admin' });
    // A table added after the purge was written, referencing users without cascade: the purge
    // reads its tables from the catalogue and orders the deletes, so it is not forgotten.
    await t.database.superuser.query(`
      BEGIN;
      CREATE TABLE tenant.zz_future_notes (
        org text NOT NULL REFERENCES provider.organisations (service_code),
        user_id uuid NOT NULL,
        note text NOT NULL,
        FOREIGN KEY (org, user_id) REFERENCES tenant.users (org, id));
      ALTER TABLE tenant.zz_future_notes ENABLE ROW LEVEL SECURITY;
      ALTER TABLE tenant.zz_future_notes FORCE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON tenant.zz_future_notes USING (org = current_setting('app.org', true));
      ${t.database.kind === 'postgres' ? 'ALTER TABLE tenant.zz_future_notes OWNER TO mitte_owner;' : ''}
      COMMIT;`);
    await t.database.superuser.query(
      `INSERT INTO tenant.zz_future_notes (org, user_id, note) VALUES ('crash-town', $1, 'later feature')`,
      [user.id],
    );
    await putBlob(code, 'crash bytes');
    await keys.currentKey(code);
    const system = lifecycleSystemContext('test');
    await runAsSystem(t.database.db, { kind: 'provider' }, 'test', ['ops:organisations'], async (ctx) => {
      await terminateOrganisation(ctx, deps(), code, {});
      await startPurge(ctx, code, { confirmation: code });
    });
    for (const step of ['rows', 'blobs', 'keys', 'chain', 'caches'] as const) {
      await expect(
        runPurge(system, deps(), code, {
          afterStep: (done) => {
            if (done === step) throw new Error(`crash after ${step}`);
          },
        }),
      ).rejects.toThrow(`crash after ${step}`);
    }
    const purge = await withProvider(t.database.db, (tx) =>
      tx
        .selectFrom('provider.organisation_purges')
        .select('step')
        .where('org', '=', code)
        .executeTakeFirstOrThrow(),
    );
    expect(purge.step).toBe('certificate');
    await runLifecycleJob(system, deps());
    const left = await rowsLeft(code);
    expect(left).toHaveProperty(['tenant.zz_future_notes'], 0);
    for (const [table, n] of Object.entries(left)) expect(n, table).toBe(0);
    await t.database.superuser.query('DROP TABLE tenant.zz_future_notes');
    const { rows } = await t.database.superuser.query<{ status: string }>(
      'SELECT status FROM provider.organisations WHERE service_code = $1',
      [code],
    );
    expect(rows[0]!.status).toBe('purged');
  });

  it('the job terminates organisations whose contract ended and purges them on the purge date', async () => {
    const code = 'ended-town';
    await runAsSystem(t.database.db, { kind: 'provider' }, 'test', ['ops:organisations'], async (ctx) => {
      const { provisionOrganisation } = await import('../src/modules/organisations/organisation.service.js');
      await provisionOrganisation(ctx, {
        serviceCode: code,
        nameJa: '終わる町',
        nameEn: 'Ended town',
        contractStart: '2025-04-01',
        contractEnd: '2026-03-31',
      });
    });
    const system = lifecycleSystemContext('test');
    const first = await runLifecycleJob(system, deps(), new Date('2026-04-02T00:00:00Z'));
    expect(first.terminated).toEqual([code]);
    expect(first.purged).toEqual([]);
    const later = await runLifecycleJob(system, deps(), new Date(Date.now() + 31 * 86_400_000));
    expect(later.purged).toEqual([code]);
  });
});
