import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, seedUser, signedIn } from './helpers/client.js';
import { eventData, jaEnSiteSettings, spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

// Issue 12, item 2: the dashboard shows what needs me, section by section, by right.

let t: TestApp;
let author: Client;
let reviewer: Client;
let mediaOnly: Client;
let otherOrg: Client;
const ids: Record<string, string> = {};

interface List {
  total: number;
  items: { id: string; kind: string; name: Record<string, string> }[];
}
type Dashboard = Record<string, unknown> & {
  awaitingApproval?: List;
  myDrafts?: List;
  scheduled?: List;
  missingTranslations?: List & { languages: string[] };
  missingAltText?: List;
  expiredEvents?: List;
  recentChanges?: { action: string; actorName: string; id: string }[];
  visitors?: { days: unknown[]; totals: { views: number } };
  storage?: { used: number; quota: number };
};

async function create(
  client: Client,
  plural: string,
  data: unknown,
): Promise<{ id: string; version: number }> {
  const res = await client.post(`/api/v1/${plural}`, data);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; version: number };
}

const dashboard = async (client: Client) => {
  const res = await client.get('/api/v1/dashboard');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Dashboard;
};
const idsOf = (list: List | undefined) => (list?.items ?? []).map((i) => i.id);

beforeAll(async () => {
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, 'dash');
  await createOrganisation(t.database.db, 'dash-other');
  author = await signedIn(
    t,
    'dash',
    await seedUser(t, 'dash', { totp: false, rights: { spots: 'edit', events: 'edit', media: 'edit' } }),
  );
  reviewer = await signedIn(
    t,
    'dash',
    await seedUser(t, 'dash', {
      totp: false,
      rights: { spots: 'publish', events: 'publish', analytics: 'view', site: 'edit' },
    }),
  );
  mediaOnly = await signedIn(
    t,
    'dash',
    await seedUser(t, 'dash', { totp: false, rights: { media: 'view' } }),
  );
  otherOrg = await signedIn(
    t,
    'dash-other',
    await seedUser(t, 'dash-other', { totp: false, rights: { spots: 'publish' } }),
  );
  expect((await reviewer.put('/api/v1/site/settings', jaEnSiteSettings())).status).toBe(200);
  const { rows } = await t.database.superuser.query(
    `INSERT INTO tenant.media (org, kind, mime, extension, original_name, size_bytes, sha256, blob_key, key_version)
     VALUES ('dash', 'image', 'image/jpeg', 'jpg', 'photo.jpg', 1234, 'x', 'k', 1) RETURNING id`,
  );
  const noAlt = (rows[0] as { id: string }).id;

  const submitted = await create(author, 'spots', spotData('審査待ちの寺'));
  ids.inReview = submitted.id;
  expect(
    (await author.post(`/api/v1/spots/${submitted.id}/submit`, { version: submitted.version })).status,
  ).toBe(200);
  ids.draft = (await create(author, 'spots', spotData('下書きの滝', { imageIds: [noAlt] }))).id;
  ids.japaneseOnly = (
    await create(author, 'spots', { ...spotData('日本語だけの城'), name: { ja: '日本語だけの城' } })
  ).id;
  const past = await create(
    reviewer,
    'events',
    eventData('終わった祭り', {
      startDate: '2020-07-15',
      endDate: '2020-07-16',
      name: { ja: '終わった祭り', en: 'Past' },
    }),
  );
  ids.expired = past.id;
  expect((await reviewer.post(`/api/v1/events/${past.id}/publish`, { version: past.version })).status).toBe(
    200,
  );
  const later = await create(reviewer, 'spots', spotData('予約の滝'));
  ids.scheduled = later.id;
  const schedule = await reviewer.request('PUT', `/api/v1/spots/${later.id}/schedule`, {
    version: later.version,
    publishAt: new Date(Date.now() + 86_400_000).toISOString(),
    unpublishAt: null,
  });
  expect(schedule.status, JSON.stringify(schedule.body)).toBe(200);
  ids.foreign = (await create(otherOrg, 'spots', spotData('よその町の寺'))).id;
});
afterAll(() => t.close());

describe('dashboard', () => {
  it('shows a publisher what waits for approval, schedules, gaps, expired events, colleagues and visitors', async () => {
    const d = await dashboard(reviewer);
    expect(idsOf(d.awaitingApproval)).toEqual([ids.inReview]);
    expect(idsOf(d.scheduled)).toEqual([ids.scheduled]);
    expect(idsOf(d.expiredEvents)).toEqual([ids.expired]);
    expect(idsOf(d.missingAltText)).toEqual([ids.draft]);
    expect(d.missingTranslations?.languages).toEqual(['en']);
    expect(idsOf(d.missingTranslations)).toEqual([ids.japaneseOnly]);
    const changed = (d.recentChanges ?? []).map((c) => c.id);
    expect(changed).toContain(ids.inReview);
    expect(changed).not.toContain(ids.scheduled); // the reviewer's own change
    expect(d.recentChanges?.[0]?.actorName).toBeTruthy();
    expect(d.visitors?.days).toHaveLength(7);
    // No media right: no storage section.
    expect(d.storage).toBeUndefined();
    // The reviewer drafted nothing of their own that is still a draft… except the scheduled one.
    expect(idsOf(d.myDrafts)).toEqual([ids.scheduled]);
    // Nothing of another organisation.
    expect(JSON.stringify(d)).not.toContain(ids.foreign);
  });

  it('shows an author their drafts but no approvals (no publish right) and no visitors', async () => {
    const d = await dashboard(author);
    expect(idsOf(d.myDrafts).sort()).toEqual([ids.draft, ids.japaneseOnly].sort());
    expect(d.awaitingApproval).toBeUndefined();
    expect(d.visitors).toBeUndefined();
    expect(d.storage?.used).toBe(1234);
    expect(d.storage?.quota).toBeGreaterThan(0);
  });

  it("shows only storage (and the provider's notices, which concern everyone) to someone who may only view media", async () => {
    const d = await dashboard(mediaOnly);
    expect(Object.keys(d)).toEqual(['storage', 'notices']);
    expect(d.notices).toEqual({ unacknowledged: 0, latest: [] });
  });

  it('needs a signed-in account', async () => {
    const res = await fetch(`${t.url}/api/v1/dashboard`);
    expect(res.status).toBe(401);
  });
});
