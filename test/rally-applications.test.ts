import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApplicantDeletion } from '../src/modules/rally/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, errorCode, seedUser, signedIn } from './helpers/client.js';
import { jaEnSiteSettings } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';
import { linkIn, type SmtpCatcher, startSmtpCatcher } from './helpers/smtp.js';

// Issue 16, item 5: prize tiers, the survey and applications — personal data encrypted per
// organisation, shown only with the publish right, every view and export audited, deleted
// automatically after the retention period; and the bad input the issue lists.

let t: TestApp;
let smtp: SmtpCatcher;
let publisher: Client;
let editor: Client;
let viewer: Client;
let campaign: { id: string; version: number };
const checkpoints: string[] = [];
const tokens: string[] = [];
const api = '/api/v1/public/mihon/rally/natsu';

const personal = (extra: Record<string, string> = {}) => ({
  name: '山田 花子',
  postalCode: '604-8571',
  address: '京都府京都市中京区寺町通御池上る上本能寺前町488',
  phone: '075-222-3111',
  email: 'hanako@example.jp',
  ...extra,
});
const answers = (extra: Record<string, unknown> = {}) => ({
  pref: '26',
  age: '30s',
  heard: 'poster',
  comment: 'また来ます',
  ...extra,
});

async function participant(stamps: number): Promise<Client> {
  const visitor = new Client(t.url);
  expect((await visitor.post(`${api}/join`)).status).toBe(201);
  for (let i = 0; i < stamps; i++) {
    const res = await visitor.post(`${api}/check-in`, { checkpointId: checkpoints[i], token: tokens[i] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  return visitor;
}

const count = async (sql: string) => Number((await t.database.superuser.query(sql)).rows[0].n);
const applications = () => count("SELECT count(*) AS n FROM tenant.rally_applications WHERE org = 'mihon'");

/** The confirmation mail sent to `email`, its link, and the token in it. */
async function confirmationMail(email: string, subjectStart = '') {
  const mail = await smtp.waitFor((m) => m.to.includes(email) && m.subject.startsWith(subjectStart));
  const link = linkIn(mail, '/s/mihon/');
  return { mail, link, token: new URL(link).searchParams.get('t')! };
}

/** Opens the mailed link like a browser without JavaScript and presses its button. */
async function confirmByLink(link: string): Promise<{ status: number; html: string }> {
  const url = new URL(link);
  const page = await fetch(`${t.url}${url.pathname}${url.search}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const token = /name="t" value="([^"]+)"/.exec(html)?.[1];
  expect(token).toBe(url.searchParams.get('t'));
  const res = await fetch(`${t.url}${url.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ t: token! }).toString(),
  });
  return { status: res.status, html: await res.text() };
}

const statusOf = async (applicationId: string) =>
  (
    await t.database.superuser.query('SELECT status FROM tenant.rally_applications WHERE id = $1', [
      applicationId,
    ])
  ).rows[0]?.status;
let firstApplication: string;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0', SMTP_URL: smtp.url } });
  await createOrganisation(t.database.db, 'mihon');
  publisher = await signedIn(
    t,
    'mihon',
    await seedUser(t, 'mihon', { totp: false, rights: { campaigns: 'publish', site: 'edit' } }),
  );
  expect((await publisher.put('/api/v1/site/settings', jaEnSiteSettings())).status).toBe(200);
  editor = await signedIn(
    t,
    'mihon',
    await seedUser(t, 'mihon', { totp: false, rights: { campaigns: 'edit' } }),
  );
  viewer = await signedIn(
    t,
    'mihon',
    await seedUser(t, 'mihon', { totp: false, rights: { campaigns: 'view' } }),
  );
  const created = await publisher.post('/api/v1/rally/campaigns', {
    slug: 'natsu',
    texts: { name: { ja: '夏のスタンプラリー', en: 'Summer stamp rally' } },
    startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    retentionDays: 90,
  });
  campaign = created.body as typeof campaign;
  for (const [i, lat] of [35, 35.001].entries()) {
    const res = await publisher.post(`/api/v1/rally/campaigns/${campaign.id}/checkpoints`, {
      name: { ja: `地点${i + 1}` },
      lat,
      lng: 135,
      method: 'qr',
    });
    checkpoints.push((res.body as { id: string }).id);
    const creds = await publisher.get(
      `/api/v1/rally/campaigns/${campaign.id}/checkpoints/${checkpoints[i]}/credentials`,
    );
    tokens.push(new URL((creds.body as { url: string }).url).searchParams.get('t')!);
  }
  // Each checkpoint made a new version of the campaign.
  campaign = (await publisher.get(`/api/v1/rally/campaigns/${campaign.id}`)).body as typeof campaign;
}, 180_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('prize tiers and survey', () => {
  it('refuses a survey or tiers that cannot work, naming the field', async () => {
    const base = { version: campaign.version, prizeTiers: [], survey: [] };
    const oneChoice = await editor.put(`/api/v1/rally/campaigns/${campaign.id}/prizes`, {
      ...base,
      survey: [
        {
          id: 'q',
          kind: 'single',
          label: { ja: '質問' },
          choices: [{ id: 'a', label: { ja: 'A' } }],
          required: true,
        },
      ],
    });
    expect(oneChoice.status).toBe(400);
    expect((oneChoice.body as { error: { field: string } }).error.field).toBe('survey.0.choices');
    const noRule = await editor.put(`/api/v1/rally/campaigns/${campaign.id}/prizes`, {
      ...base,
      prizeTiers: [{ id: 'x', name: { ja: '賞' }, award: 'first_come' }],
    });
    expect((noRule.body as { error: { field: string } }).error.field).toBe('prizeTiers.0.minStamps');
    const foreign = await editor.put(`/api/v1/rally/campaigns/${campaign.id}/prizes`, {
      ...base,
      prizeTiers: [
        {
          id: 'x',
          name: { ja: '賞' },
          award: 'first_come',
          requiredCheckpointIds: ['00000000-0000-4000-8000-000000000000'],
        },
      ],
    });
    expect((foreign.body as { error: { field: string } }).error.field).toBe(
      'prizeTiers.0.requiredCheckpointIds.0',
    );
    expect((await viewer.put(`/api/v1/rally/campaigns/${campaign.id}/prizes`, base)).status).toBe(403);
  });

  it('saves two tiers and a short survey, then publishes', async () => {
    const res = await editor.put(`/api/v1/rally/campaigns/${campaign.id}/prizes`, {
      version: campaign.version,
      prizeTiers: [
        {
          id: 'all',
          name: { ja: '全制覇賞', en: 'All stamps' },
          requiredCheckpointIds: checkpoints,
          quantity: 1,
          award: 'first_come',
        },
        { id: 'one', name: { ja: '参加賞' }, minStamps: 1, quantity: 1, award: 'lottery' },
      ],
      survey: [
        { id: 'pref', kind: 'prefecture', label: { ja: 'お住まいの都道府県' }, required: true },
        { id: 'age', kind: 'age_band', label: { ja: '年代' }, required: false },
        {
          id: 'heard',
          kind: 'single',
          label: { ja: '何で知りましたか' },
          choices: [
            { id: 'poster', label: { ja: 'ポスター' } },
            { id: 'web', label: { ja: 'ウェブ' } },
          ],
          required: true,
        },
        { id: 'comment', kind: 'text', label: { ja: 'ご意見' }, required: false },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body as { prizeTiers: unknown[] }).prizeTiers).toHaveLength(2);
    expect(
      (await publisher.post(`/api/v1/rally/campaigns/${campaign.id}/transition`, { to: 'published' })).status,
    ).toBe(200);
  });
});

describe('applications', () => {
  let first: Client;

  it('takes an application with the stamps the tier needs, sealed in the database, pending a mailed link', async () => {
    first = await participant(2);
    const res = await first.post(`${api}/apply?lang=en`, {
      tierId: 'all',
      answers: answers(),
      personal: personal(),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ tierId: 'all', status: 'pending' });
    const confirmBy = Date.parse((res.body as { confirmBy: string }).confirmBy);
    expect(confirmBy - Date.now()).toBeGreaterThan(23 * 3_600_000);
    // The mail is in the language the visitor applied in, and links to the site's page in it.
    const { mail, link } = await confirmationMail('hanako@example.jp');
    expect(mail.subject).toBe('Summer stamp rally: please confirm your application');
    expect(mail.text).toContain('“All stamps”');
    expect(mail.headers.get('x-mitte-service-code')).toBe('mihon');
    expect(new URL(link).pathname).toBe('/s/mihon/en/rally/natsu/confirm');
    firstApplication = (res.body as { applicationId: string }).applicationId;
    expect(await statusOf(firstApplication)).toBe('pending');
    const { rows } = await t.database.superuser.query(
      "SELECT personal_sealed, answers FROM tenant.rally_applications WHERE org = 'mihon'",
    );
    expect(rows[0].personal_sealed).toMatch(/^v1\./);
    expect(JSON.stringify(rows)).not.toContain('山田');
    expect(JSON.stringify(rows)).not.toContain('hanako@example.jp');
    expect(rows[0].answers).toEqual(answers());
  });

  it('refuses a second application, a sold-out prize, too few stamps — writing nothing', async () => {
    const before = await applications();
    const again = await first.post(`${api}/apply`, {
      tierId: 'one',
      answers: answers(),
      personal: personal(),
    });
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe('already_applied');
    const second = await participant(2);
    const soldOut = await second.post(`${api}/apply`, {
      tierId: 'all',
      answers: answers(),
      personal: personal(),
    });
    expect(soldOut.status).toBe(409);
    expect(errorCode(soldOut)).toBe('prize_sold_out');
    const none = await participant(0);
    const few = await none.post(`${api}/apply`, { tierId: 'one', answers: answers(), personal: personal() });
    expect(few.status).toBe(422);
    expect(errorCode(few)).toBe('not_enough_stamps');
    const stranger = new Client(t.url);
    expect(
      errorCode(
        await stranger.post(`${api}/apply`, { tierId: 'one', answers: answers(), personal: personal() }),
      ),
    ).toBe('not_joined');
    expect(await applications()).toBe(before);
  });

  it('a pending application holds its place until the link lapses; then it counts no more and may be made again', async () => {
    const { link } = await confirmationMail('hanako@example.jp');
    // The confirmation time runs out (the row's deadline; the token's own expiry is signed in it).
    await t.database.superuser.query(
      "UPDATE tenant.rally_applications SET confirm_by = now() - interval '1 second' WHERE org = 'mihon'",
    );
    const other = await participant(2);
    const taken = await other.post(`${api}/apply`, {
      tierId: 'all',
      answers: answers(),
      personal: personal({ email: 'jiro@example.jp' }),
    });
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    // The lapsed link is refused in the visitor's language and confirms nothing…
    const lapsed = await confirmByLink(link);
    expect(lapsed.status).toBe(410);
    expect(lapsed.html).toContain('The time to confirm has run out');
    expect(await statusOf(firstApplication)).toBe('pending');
    // …a forged one likewise.
    const forged = await first.post(`${api}/confirm?lang=en`, {
      token: `${new URL(link).searchParams.get('t')!.slice(0, -3)}AAA`,
    });
    expect(forged.status).toBe(404);
    expect(errorCode(forged)).toBe('confirmation_invalid');
    // The participant may apply again (the lapsed application gives way), for a tier still open.
    const again = await first.post(`${api}/apply`, {
      tierId: 'one',
      answers: answers(),
      personal: personal(),
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    const renewed = await confirmationMail('hanako@example.jp', '【');
    expect(renewed.mail.subject).toBe('【夏のスタンプラリー】応募の確認をお願いします');
    const confirmed = await confirmByLink(renewed.link);
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('応募が確定しました');
    expect(await statusOf(firstApplication)).toBeUndefined();
    expect(await statusOf((again.body as { applicationId: string }).applicationId)).toBe('applied');
    // Pressing twice is harmless; the other participant confirms through the JSON API.
    expect((await confirmByLink(renewed.link)).status).toBe(200);
    const jiro = await confirmationMail('jiro@example.jp');
    const api200 = await other.post(`${api}/confirm`, { token: jiro.token });
    expect(api200.status).toBe(200);
    expect(api200.body).toMatchObject({ tierId: 'all', status: 'applied' });
    expect(
      await count(
        "SELECT count(*) AS n FROM audit.events WHERE org = 'mihon' AND action = 'rally.application.confirmed'",
      ),
    ).toBe(2);
  });

  it('refuses survey answers not among the choices, too long, unknown, and bad personal data', async () => {
    const visitor = await participant(1);
    const cases: [Record<string, unknown>, Record<string, string>, string][] = [
      [answers({ heard: 'television' }), personal(), 'answers.heard'],
      [answers({ pref: '48' }), personal(), 'answers.pref'],
      [answers({ comment: 'あ'.repeat(501) }), personal(), 'answers.comment'],
      [answers({ favourite: 'x' }), personal(), 'answers.favourite'],
      [answers({ pref: '' }), personal(), 'answers.pref'],
      [answers(), personal({ postalCode: '6048' }), 'personal.postalCode'],
      [answers(), personal({ email: 'not-an-address' }), 'personal.email'],
      [answers(), personal({ phone: 'call me' }), 'personal.phone'],
    ];
    const before = await applications();
    for (const [a, p, field] of cases) {
      const res = await visitor.post(`${api}/apply`, { tierId: 'one', answers: a, personal: p });
      expect(res.status, field).toBe(400);
      const problems = (res.body as { error: { problems: { field: string }[] } }).error.problems;
      expect(problems.map((x) => x.field)).toContain(field);
    }
    expect(await applications()).toBe(before);
    const formula = await visitor.post(`${api}/apply`, {
      tierId: 'one',
      answers: answers({ comment: '@SUM(A1)' }),
      personal: personal({ name: '=HYPERLINK("http://evil.example","x")', email: 'formula@example.jp' }),
    });
    expect(formula.status).toBe(201);
    expect((await confirmByLink((await confirmationMail('formula@example.jp')).link)).status).toBe(200);
  });

  it('shows applicants only with the publish right, audits the view and the export', async () => {
    expect((await viewer.get(`/api/v1/rally/campaigns/${campaign.id}/applicants`)).status).toBe(403);
    expect((await editor.get(`/api/v1/rally/campaigns/${campaign.id}/applicants`)).status).toBe(403);
    expect((await editor.get(`/api/v1/rally/campaigns/${campaign.id}/applicants.csv`)).status).toBe(403);
    const list = await publisher.get(`/api/v1/rally/campaigns/${campaign.id}/applicants`);
    expect(list.status).toBe(200);
    const applicants = list.body as { tierId: string; personal: { name: string; email: string } }[];
    expect(applicants).toHaveLength(3);
    expect(applicants.find((a) => a.personal.email === 'hanako@example.jp')!.personal).toMatchObject({
      name: '山田 花子',
    });

    const csv = await fetch(`${t.url}/api/v1/rally/campaigns/${campaign.id}/applicants.csv`, {
      headers: { cookie: `mitte_session=${publisher.sessionCookie}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(text).toContain('604-8571');
    const viewed = await count(
      "SELECT count(*) AS n FROM audit.events WHERE org = 'mihon' AND action = 'rally.applicants.viewed'",
    );
    const exported = await count(
      "SELECT count(*) AS n FROM audit.events WHERE org = 'mihon' AND action = 'rally.applicants.exported'",
    );
    expect([viewed, exported]).toEqual([1, 1]);
    const denied = await count(
      "SELECT count(*) AS n FROM audit.events WHERE org = 'mihon' AND action = 'http.forbidden' AND details->>'path' LIKE '%applicants%'",
    );
    expect(denied).toBe(3);
  });

  it('counts the confirmed applications’ survey answers and the stamps by hour for the console', async () => {
    const res = await viewer.get(`/api/v1/rally/campaigns/${campaign.id}/statistics`);
    expect(res.status).toBe(200);
    const stats = res.body as {
      stamps: number;
      perHour: { hour: number; stamps: number }[];
      survey: {
        questionId: string;
        respondents: number;
        answers: { value: string; label: string; count: number }[];
      }[];
    };
    expect(stats.perHour.reduce((sum, h) => sum + h.stamps, 0)).toBe(stats.stamps);
    // The funnel's last step: the three confirmed applications.
    expect((res.body as { applied: number }).applied).toBe(3);
    expect(stats.perHour.every((h) => h.hour >= 0 && h.hour <= 23)).toBe(true);
    // Free text is never summarised; the three confirmed applications answered alike.
    expect(stats.survey.map((q) => q.questionId)).toEqual(['pref', 'age', 'heard']);
    expect(stats.survey[0]).toMatchObject({
      respondents: 3,
      answers: [{ value: '26', label: '京都府', count: 3 }],
    });
    expect(stats.survey[1]!.answers).toEqual([{ value: '30s', label: '30代', count: 3 }]);
    expect(stats.survey[2]!.answers).toEqual([{ value: 'poster', label: 'ポスター', count: 3 }]);
    // The CSV names residence and age bands as their own parts, with each question's respondents.
    const csv = await fetch(`${t.url}/api/v1/rally/campaigns/${campaign.id}/statistics.csv`, {
      headers: { cookie: `mitte_session=${viewer.sessionCookie}` },
    });
    expect(csv.status).toBe(200);
    const lines = Buffer.from(await csv.arrayBuffer())
      .toString('utf8')
      .split('\r\n');
    expect(lines).toContain('居住地 / residence,pref,お住まいの都道府県,回答者数 / respondents,3');
    expect(lines).toContain('居住地 / residence,pref:26,お住まいの都道府県,京都府,3');
    expect(lines).toContain('年代 / age band,age:30s,年代,30代,3');
    expect(lines).toContain('アンケート / survey,heard:poster,何で知りましたか,ポスター,3');
    expect(lines).toContain('概要 / summary,applied,応募（確定） / confirmed applications,,3');
  });

  it('refuses applications after the end, then draws the lottery', async () => {
    const late = await participant(1);
    expect(
      (await publisher.post(`/api/v1/rally/campaigns/${campaign.id}/transition`, { to: 'ended' })).status,
    ).toBe(200);
    const res = await late.post(`${api}/apply?lang=en`, {
      tierId: 'one',
      answers: answers(),
      personal: personal(),
    });
    expect(res.status).toBe(409);
    expect(errorCode(res)).toBe('campaign_ended');
    const draw = await publisher.post(`/api/v1/rally/campaigns/${campaign.id}/prizes/one/draw`);
    expect(draw.status, JSON.stringify(draw.body)).toBe(200);
    expect(draw.body).toEqual({ won: 1, lost: 1 });
  });

  it('deletes the personal data once the retention has run out, once, audited', async () => {
    // Not yet due: nothing happens.
    expect(await runApplicantDeletion(t.database.db, new Date(Date.now() + 30 * 86_400_000))).toBe(0);
    const due = new Date(Date.now() + 92 * 86_400_000);
    const passes = await Promise.all([
      runApplicantDeletion(t.database.db, due),
      runApplicantDeletion(t.database.db, due),
    ]);
    expect(passes.reduce((a, b) => a + b, 0)).toBe(3);
    expect(await runApplicantDeletion(t.database.db, due)).toBe(0);
    expect(
      await count('SELECT count(*) AS n FROM tenant.rally_applications WHERE personal_sealed IS NOT NULL'),
    ).toBe(0);
    const list = await publisher.get(`/api/v1/rally/campaigns/${campaign.id}/applicants`);
    expect((list.body as { personal: unknown; answers: unknown }[]).map((a) => a.personal)).toEqual([
      null,
      null,
      null,
    ]);
    expect(
      await count(
        "SELECT count(*) AS n FROM audit.events WHERE org = 'mihon' AND action = 'rally.applicants.personal_data_deleted'",
      ),
    ).toBe(1);
    const detail = await publisher.get(`/api/v1/rally/campaigns/${campaign.id}`);
    expect((detail.body as { personalDataDeletedAt: string | null }).personalDataDeletedAt).not.toBeNull();
  });
});
