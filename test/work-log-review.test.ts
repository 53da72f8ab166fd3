import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewStatus, WorkLogEntry } from '../src/modules/work-log/work-log.schema.js';
import { jstDate } from '../src/platform/time/jst.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Answer, Client, errorCode, signedInOperator } from './helpers/client.js';
import { createOrganisation } from './helpers/fixtures.js';

// The operators' work log and its review (issue 15 item 4, A.12.4.3).

const DAY_MS = 86_400_000;
/** A JST day `n` days before today. */
const daysAgo = (n: number) => jstDate(new Date(Date.now() - n * DAY_MS));

let t: TestApp;
let alice: Client;
let bob: Client;
let aliceId: string;
let bobId: string;

const idOf = async (client: Client) =>
  ((await client.get('/api/v1/ops/me')).body as { operator: { id: string } }).operator.id;
const items = (answer: Answer) => (answer.body as { items: WorkLogEntry[] }).items;
const status = async (client = bob) =>
  (await client.get('/api/v1/ops/work-log/reviews')).body as ReviewStatus;

/**
 * Past work, written into the provider chain as audit() writes it but dated days ago (a test
 * cannot wait a week). Sequence numbers far above the live head keep the chain's own appends apart.
 */
let nextSeq = 1_000_000;
async function pastAction(
  operatorId: string,
  daysBack: number,
  action: string,
  details: object = {},
  targetId: string | null = null,
) {
  const at = new Date(Date.now() - daysBack * DAY_MS);
  await t.database.superuser.query(
    `INSERT INTO audit.events (chain, seq, org, at, actor_type, actor_id, action, target_type, target_id,
       ip, outcome, request_id, details, prev_hash, hash)
     VALUES ('#provider', $1, NULL, $2, 'operator', $3, $4, 'notice', $6, '127.0.0.1', 'success', NULL, $5, 'x', 'y')`,
    [nextSeq++, at, operatorId, action, JSON.stringify(details), targetId],
  );
}

beforeAll(async () => {
  t = await startTestApp({ env: { WORK_LOG_REVIEW_DAYS: '7' } });
  await createOrganisation(t.database.db, 'kita-town');
  alice = await signedInOperator(t, 'alice@mitte-c.example.jp');
  bob = await signedInOperator(t, 'bob@mitte-c.example.jp');
  aliceId = await idOf(alice);
  bobId = await idOf(bob);
  // Alice's work 10 and 9 days ago (overdue), Bob's 3 days ago (not yet).
  await pastAction(aliceId, 10, 'organisation.suspended', { organisation: 'kita-town' });
  await pastAction(aliceId, 9, 'notice.created');
  await pastAction(bobId, 3, 'backup.started');
});
afterAll(async () => {
  await t?.close();
});

describe(`operators' work log on ${process.env.TEST_DB ?? 'pglite'}`, () => {
  it('lists operators’ actions with filters by operator, action, organisation and period', async () => {
    const all = items(await bob.get('/api/v1/ops/work-log'));
    expect(all.map((e) => e.action)).toEqual(
      expect.arrayContaining(['organisation.suspended', 'notice.created', 'backup.started']),
    );
    expect(all.every((e) => e.operatorId === aliceId || e.operatorId === bobId)).toBe(true);
    expect(all.find((e) => e.action === 'notice.created')!.operatorName).toBe('運営');

    const byAlice = items(await bob.get(`/api/v1/ops/work-log?operatorId=${aliceId}`));
    expect(byAlice.length).toBeGreaterThan(0);
    expect(byAlice.every((e) => e.operatorId === aliceId)).toBe(true);

    const notices = items(await bob.get('/api/v1/ops/work-log?action=notice.'));
    expect(notices.map((e) => e.action)).toEqual(['notice.created']);

    const kita = items(await bob.get('/api/v1/ops/work-log?organisation=kita-town'));
    expect(kita.map((e) => e.action)).toEqual(['organisation.suspended']);

    const period = items(await bob.get(`/api/v1/ops/work-log?from=${daysAgo(10)}&to=${daysAgo(9)}`));
    expect(period.map((e) => e.action).sort()).toEqual(['notice.created', 'organisation.suspended']);

    // Paging: one at a time, newest first, until the end.
    const first = await bob.get('/api/v1/ops/work-log?limit=1');
    const next = (first.body as { nextBefore: number }).nextBefore;
    expect(next).toBe(items(first)[0]!.seq);
    expect(items(await bob.get(`/api/v1/ops/work-log?limit=1&before=${next}`))[0]!.seq).toBeLessThan(next);
  });

  it('records what an operator did to an organisation with the organisation, whichever chain it went to', async () => {
    const suspended = await alice.post('/api/v1/ops/organisations/kita-town/suspend', {
      reason: '作業ログの試験',
    });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    const kita = items(await bob.get(`/api/v1/ops/work-log?organisation=kita-town&operatorId=${aliceId}`));
    expect(kita.map((e) => e.action)).toEqual(['organisation.suspended', 'organisation.suspended']);
    expect(kita.every((e) => e.organisation === 'kita-town')).toBe(true);
    const { rows } = await t.database.superuser.query<{ chain: string; org: string | null }>(
      `SELECT chain, details->>'organisation' AS org FROM audit.events
        WHERE action = 'organisation.suspended' AND actor_id = $1 ORDER BY chain`,
      [aliceId],
    );
    expect(rows.map((r) => r.chain)).toEqual(['#provider', '#provider', 'kita-town']);
  });

  it('refuses bad filters with a 400 naming the field', async () => {
    for (const [query, field] of [
      [`from=${daysAgo(1)}&to=${daysAgo(3)}`, 'to'],
      ['from=2026-13-40', 'from'],
      ['operatorId=nobody', 'operatorId'],
      ['organisation=KITA%20TOWN', 'organisation'],
    ] as const) {
      const answer = await bob.get(`/api/v1/ops/work-log?${query}`);
      expect(answer.status, query).toBe(400);
      expect(JSON.stringify(answer.body), query).toContain(field);
    }
  });

  it('exports CSV with a BOM, formula-safe cells, and records the export', async () => {
    await pastAction(aliceId, 20, 'notice.created', {}, '=HYPERLINK("http://evil")');
    const res = await fetch(`${t.url}/api/v1/ops/work-log.csv?action=notice.created`, {
      headers: { cookie: [...bob.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n')[0]).toContain('運用担当者名 / operator');
    expect(text).toContain(`,"'=HYPERLINK(""http://evil"")",`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    const exported = items(
      await alice.get(`/api/v1/ops/work-log?action=work_log.exported&operatorId=${bobId}`),
    );
    expect(exported).toHaveLength(1);
  });

  it('flags days not reviewed within N days; the gauge on /metrics counts them', async () => {
    const s = await status();
    expect(s.reviewAfterDays).toBe(7);
    expect(s.overdueDays.map((d) => d.day)).toEqual([daysAgo(20), daysAgo(10), daysAgo(9)]);
    expect(s.overdueDays.map((d) => d.day)).not.toContain(daysAgo(3));
    const metrics = await (await fetch(`${t.url}/metrics`, metricsHeaders())).text();
    expect(metrics).toMatch(/^mitte_work_log_overdue_days 3$/m);
  });

  it('a reviewer signs off a period with a comment; the days are no longer overdue', async () => {
    const signed = await bob.post('/api/v1/ops/work-log/reviews', {
      firstDay: daysAgo(10),
      lastDay: daysAgo(9),
      comment: '組織の一時停止とお知らせ作成を確認。問題なし。',
    });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body).toMatchObject({ firstDay: daysAgo(10), lastDay: daysAgo(9), actions: 2 });
    const s = await status();
    expect(s.overdueDays.map((d) => d.day)).toEqual([daysAgo(20)]);
    expect(s.reviews[0]).toMatchObject({
      reviewerId: bobId,
      actions: 2,
      comment: expect.stringContaining('問題なし'),
    });
    const recorded = items(await alice.get('/api/v1/ops/work-log?action=work_log.reviewed'));
    expect(recorded.map((e) => e.operatorId)).toEqual([bobId]);
  });

  it('refuses a sign-off by the actor (409), an overlapping one (409) and bad periods (400)', async () => {
    const own = await bob.post('/api/v1/ops/work-log/reviews', {
      firstDay: daysAgo(4),
      lastDay: daysAgo(2),
      comment: '自分の作業',
    });
    expect([own.status, errorCode(own)]).toEqual([409, 'own_actions']);
    const overlap = await alice.post('/api/v1/ops/work-log/reviews', {
      firstDay: daysAgo(9),
      lastDay: daysAgo(8),
      comment: '重複',
    });
    expect([overlap.status, errorCode(overlap)]).toEqual([409, 'period_reviewed']);
    const cases: [object, string][] = [
      [{ firstDay: daysAgo(2), lastDay: daysAgo(4), comment: '逆' }, 'lastDay'],
      [{ firstDay: daysAgo(60), lastDay: daysAgo(25), comment: '長すぎる' }, 'lastDay'],
      [{ firstDay: daysAgo(1), lastDay: daysAgo(0), comment: '今日' }, 'lastDay'],
      [{ firstDay: daysAgo(30), lastDay: daysAgo(25), comment: '   ' }, 'comment'],
      [{ firstDay: '2026-02-30', lastDay: daysAgo(25), comment: '日付' }, 'firstDay'],
    ];
    for (const [body, field] of cases) {
      const answer = await alice.post('/api/v1/ops/work-log/reviews', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(answer.body)).toContain(field);
    }
    // Alice reviews Bob's day.
    const ok = await alice.post('/api/v1/ops/work-log/reviews', {
      firstDay: daysAgo(4),
      lastDay: daysAgo(2),
      comment: '確認済み',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect((await status()).reviews).toHaveLength(2);
  });

  it('needs the review right', async () => {
    const { rows } = await t.database.superuser.query<{ id: string }>(
      `UPDATE provider.operators SET rights = ARRAY['ops:notices'] WHERE id = $1 RETURNING id`,
      [aliceId],
    );
    expect(rows).toHaveLength(1);
    // The rights are read at each request's session lookup.
    expect((await alice.get('/api/v1/ops/work-log')).status).toBe(403);
    expect(
      (
        await alice.post('/api/v1/ops/work-log/reviews', {
          firstDay: daysAgo(30),
          lastDay: daysAgo(29),
          comment: 'x',
        })
      ).status,
    ).toBe(403);
    const admin = new Client(t.url);
    expect((await admin.get('/api/v1/ops/work-log')).status).toBe(401);
  });
});

function metricsHeaders(): RequestInit {
  const token = t.config.metricsToken;
  return token ? { headers: { authorization: `Bearer ${token}` } } : {};
}
