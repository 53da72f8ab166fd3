import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueSchedules } from '../src/modules/content/index.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, seedUser, signedIn } from './helpers/client.js';
import { spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

/**
 * An editor (edit right only) must not get unreviewed text published through a publisher's
 * schedule: saving new content cancels the scheduled publication, says so, and is audited.
 */

const ORG = 'yoyaku-cho';
let t: TestApp;
let editor: Client;
let publisher: Client;

type Item = {
  id: string;
  version: number;
  live: boolean;
  publishAt: string | null;
  warnings: { field: string; message: { ja: string; en: string } }[];
};

beforeAll(async () => {
  // The scheduler runs for real, every 200 ms.
  t = await startTestApp({ env: { SCHEDULER_INTERVAL_MS: '200' } });
  await createOrganisation(t.database.db, ORG);
  const as = async (level: string) =>
    signedIn(t, ORG, await seedUser(t, ORG, { totp: false, rights: { spots: level } }));
  editor = await as('edit');
  publisher = await as('publish');
});
afterAll(() => t.close());

async function scheduled(name: string, publishAt: string): Promise<Item> {
  const created = (await editor.post('/api/v1/spots', spotData(name))).body as Item;
  const res = await publisher.put(`/api/v1/spots/${created.id}/schedule`, {
    version: created.version,
    publishAt,
    unpublishAt: null,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Item;
}

async function publicName(id: string): Promise<string | undefined> {
  const res = await fetch(`${t.url}/api/v1/public/${ORG}/spots/${id}`);
  if (res.status !== 200) return undefined;
  const name = ((await res.json()) as { name: string | { text: string } }).name;
  return typeof name === 'string' ? name : name.text;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 150; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe('scheduled publishing publishes only what a publisher scheduled', () => {
  it('an edit after scheduling cancels the schedule, tells the editor, is audited; the scheduler does not publish it', async () => {
    // Far enough ahead that a loaded runner still schedules it in the future; the scheduler's run
    // at that time is then called directly instead of waiting for the clock.
    const publishAt = new Date(Date.now() + 60_000).toISOString();
    const reviewed = await scheduled('確認済みの滝', publishAt);
    const edited = await scheduled('確認済みの池', publishAt);

    const save = await editor.put(`/api/v1/spots/${edited.id}`, {
      version: edited.version,
      data: spotData('未確認の文章'),
    });
    expect(save.status, JSON.stringify(save.body)).toBe(200);
    const answer = save.body as Item;
    expect(answer.publishAt).toBeNull();
    const notice = answer.warnings.find((w) => w.field === 'publishAt');
    expect(notice?.message.ja).toContain('公開予約');
    expect(notice?.message.en).toContain('scheduled publication was cancelled');

    // The untouched item goes live at its time; the edited one never does.
    await runDueSchedules(t.database.db, new Date(Date.parse(publishAt) + 1000));
    await until(
      async () => (await publicName(reviewed.id)) === '確認済みの滝',
      'the reviewed item to go live',
    );
    await runDueSchedules(t.database.db, new Date(Date.now() + 86_400_000));
    expect(await publicName(edited.id)).toBeUndefined();
    const after = (await editor.get(`/api/v1/spots/${edited.id}`)).body as Item;
    expect(after).toMatchObject({ live: false, publishAt: null });

    const { rows } = await t.database.superuser.query(
      `SELECT action, actor_id, details FROM audit.events WHERE org = $1 AND target_id = $2 ORDER BY seq`,
      [ORG, edited.id],
    );
    const cancelled = rows.find((r: { action: string }) => r.action === 'content.spot.schedule_cancelled');
    expect(cancelled).toMatchObject({ details: { publishAt, reason: 'content_changed' } });
    expect(rows.map((r: { action: string }) => r.action)).not.toContain('content.spot.published');
  });

  it('a schedule set after the edit publishes exactly the text the publisher saw', async () => {
    const item = await scheduled('最初の文', new Date(Date.now() + 86_400_000).toISOString());
    const save = await editor.put(`/api/v1/spots/${item.id}`, {
      version: item.version,
      data: spotData('直した文'),
    });
    const edited = save.body as Item;
    // The publisher reviews the new text and schedules it again.
    const again = await publisher.put(`/api/v1/spots/${item.id}/schedule`, {
      version: edited.version,
      publishAt: new Date(Date.now() + 60_000).toISOString(),
      unpublishAt: null,
    });
    expect(again.status).toBe(200);
    // Submitting for review changes no content and keeps the schedule.
    const submitted = await editor.post(`/api/v1/spots/${item.id}/submit`, {
      version: (again.body as Item).version,
    });
    expect((submitted.body as Item).publishAt).not.toBeNull();
    await runDueSchedules(t.database.db, new Date(Date.now() + 120_000));
    expect(await publicName(item.id)).toBe('直した文');
  });

  it('a publisher scheduling an older version than the saved one is a conflict', async () => {
    const item = (await editor.post('/api/v1/spots', spotData('古い版'))).body as Item;
    await editor.put(`/api/v1/spots/${item.id}`, { version: item.version, data: spotData('新しい版') });
    const res = await publisher.put(`/api/v1/spots/${item.id}/schedule`, {
      version: item.version,
      publishAt: new Date(Date.now() + 60_000).toISOString(),
      unpublishAt: null,
    });
    expect(res.status).toBe(409);
  });
});
