import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, cookieHeader, type SeededAccount, seedUser, signedIn } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

let t: TestApp;
let admin: Client;
let general: SeededAccount;

beforeAll(async () => {
  t = await startTestApp();
  await createOrganisation(t.database.db, 'momiji');
  await createOrganisation(t.database.db, 'tsubaki');
  admin = await signedIn(t, 'momiji', await seedUser(t, 'momiji', { role: 'admin' }));
  general = await seedUser(t, 'momiji', { totp: false });
  await signedIn(t, 'momiji', general);
  // A failed sign-in of the general user, and activity in another organisation.
  await new Client(t.url).post('/api/v1/auth/login', {
    serviceCode: 'momiji',
    email: general.email,
    password: 'wrong password',
  });
  await signedIn(
    t,
    'tsubaki',
    await seedUser(t, 'tsubaki', { role: 'admin', email: 'secret-admin@tsubaki.example.jp' }),
  );
});
afterAll(() => t.close());

describe("admin's audit log viewer", () => {
  it("lists the organisation's own events newest first, with actor names", async () => {
    const res = await admin.get('/api/v1/audit/events?limit=50');
    expect(res.status).toBe(200);
    const { items } = res.body as {
      items: { seq: number; action: string; actorName: string | null; at: string }[];
    };
    expect(items.length).toBeGreaterThan(3);
    expect(items.map((i) => i.seq)).toEqual([...items.map((i) => i.seq)].sort((a, b) => b - a));
    expect(items.some((i) => i.action === 'auth.sign_in' && i.actorName?.startsWith('利用者'))).toBe(true);
    expect(JSON.stringify(items)).not.toContain('tsubaki');
    expect(items.every((i) => i.at.endsWith('Z'))).toBe(true);
  });

  it('filters by action prefix and outcome, and pages with a cursor', async () => {
    const failures = await admin.get('/api/v1/audit/events?action=auth.&outcome=failure');
    const items = (failures.body as { items: { action: string; outcome: string }[] }).items;
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items.every((i) => i.action.startsWith('auth.') && i.outcome === 'failure')).toBe(true);
    const first = (await admin.get('/api/v1/audit/events?limit=2')).body as {
      items: { seq: number }[];
      nextBefore: number;
    };
    expect(first.items).toHaveLength(2);
    const second = (await admin.get(`/api/v1/audit/events?limit=2&before=${first.nextBefore}`)).body as {
      items: { seq: number }[];
    };
    expect(second.items[0]!.seq).toBeLessThan(first.items[1]!.seq + 1);
  });

  it('refuses a bad filter with the field named', async () => {
    const res = await admin.get('/api/v1/audit/events?from=yesterday');
    expect(res.status).toBe(400);
    expect((res.body as { error: { field: string } }).error.field).toBe('from');
  });

  it('exports CSV with a BOM and a bilingual header; the export is itself audited', async () => {
    const raw = await fetch(`${t.url}/api/v1/audit/events.csv`, {
      headers: { cookie: cookieHeader(admin) },
    });
    expect(new Uint8Array(await raw.clone().arrayBuffer()).slice(0, 3)).toEqual(
      new Uint8Array([0xef, 0xbb, 0xbf]),
    );
    const res = await admin.get('/api/v1/audit/events.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="audit-momiji-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const text = res.body as string;
    expect(text.split('\r\n')[0]).toContain('日時(UTC) / time');
    expect(text).toContain('auth.sign_in');
    expect(text).not.toContain('secret-admin@tsubaki');
    const after = (await admin.get('/api/v1/audit/events?action=audit.exported')).body as {
      items: unknown[];
    };
    // Two exports in this test: the raw-bytes one and the parsed one.
    expect(after.items).toHaveLength(2);
  });

  it('neutralises spreadsheet formulas in exported cells', async () => {
    // A user whose name is a spreadsheet formula signs in: the name lands in the actor-name cell.
    const trick = await seedUser(t, 'tsubaki', { totp: false });
    await t.database.superuser.query(
      `UPDATE tenant.users SET name = '=HYPERLINK("http://evil")' WHERE id = $1`,
      [trick.id],
    );
    await signedIn(t, 'tsubaki', trick);
    const other = await signedIn(t, 'tsubaki', await seedUser(t, 'tsubaki', { role: 'admin' }));
    const csv = (await other.get('/api/v1/audit/events.csv')).body as string;
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it("shows every account's usage status for the last 30 days", async () => {
    const res = await admin.get('/api/v1/audit/usage');
    const rows = (
      res.body as {
        items: { email: string; signIns30d: number; failedSignIns30d: number; lastSignInAt: string | null }[];
      }
    ).items;
    const row = rows.find((r) => r.email === general.email)!;
    expect(row.signIns30d).toBe(1);
    expect(row.failedSignIns30d).toBe(1);
  });

  it('a general user cannot read the log', async () => {
    const client = await signedIn(t, 'momiji', general);
    expect((await client.get('/api/v1/audit/events')).status).toBe(403);
    expect((await client.get('/api/v1/audit/events.csv')).status).toBe(403);
    expect((await client.get('/api/v1/audit/usage')).status).toBe(403);
  });
});
