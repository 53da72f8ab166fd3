import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGeneratedImage } from '../src/modules/media/index.js';
import { type DemoItems, seedDemoContent } from '../src/modules/organisations/demo.js';
import { addDemoPhotos } from '../src/modules/organisations/demo-photo-seeding.js';
import { renderDemoPhoto } from '../src/modules/organisations/demo-photos.js';
import { lazySystemContext } from '../src/platform/access/system-context.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { startClamd, type TestClamd } from './helpers/clamd.js';
import { createOrganisation } from './helpers/fixtures.js';

// The demo organisation's photos (issue 12 item 9): painted at seed time, added through the
// upload pipeline (scanned, encrypted, re-encoded with derivatives, audited), attached to every
// spot, event, course and article and to the site's main visual.
let t: TestApp;
let clamd: TestClamd;
let items: DemoItems;
let added = 0;
const ORG = 'shashin';

beforeAll(async () => {
  clamd = await startClamd();
  t = await startTestApp({ env: { CLAMD_URL: clamd.url, SCHEDULER_INTERVAL_MS: '0' } });
  await createOrganisation(t.database.db, ORG, 'みってし町');
  items = await seedDemoContent(t.database.db, ORG);
  added = await addDemoPhotos(t.app.services.media, ORG, items);
  // Forty photos painted, scanned and re-encoded with three derivatives each: a minute on a quiet
  // 2-core machine, several when it is shared.
}, 600_000);

afterAll(async () => {
  await t?.close();
  await clamd?.dispose();
});

const page = async (url: string) => (await fetch(`${t.url}${url}`)).text();

describe('the demo organisation photos', () => {
  it('every published spot, event, course and article page shows a photo with alt text in its language', async () => {
    expect(added).toBe(items.spot.size + items.event.size);
    for (const [kind, plural] of [
      ['spot', 'spots'],
      ['event', 'events'],
      ['course', 'courses'],
      ['article', 'articles'],
    ] as const) {
      for (const id of items[kind].values()) {
        const ja = await page(`/s/${ORG}/ja/${plural}/${id}`);
        expect(ja, `${kind} ${id}`).toMatch(
          new RegExp(`<img[^>]+src="/s/${ORG}/media/[0-9a-f-]+/w\\d+\\.webp"`),
        );
        expect(ja, `${kind} ${id}`).toMatch(/alt="[^"]+（イラスト）"/);
        expect(await page(`/s/${ORG}/en/${plural}/${id}`), `${kind} ${id}`).toMatch(
          /alt="[^"]+\(illustration\)"/,
        );
      }
    }
  });

  it('the site has a three-photo main visual and the home page shows it first', async () => {
    const { rows } = await t.database.superuser.query(
      'SELECT hero_media_ids FROM tenant.site_settings WHERE org = $1',
      [ORG],
    );
    expect(rows[0].hero_media_ids).toHaveLength(3);
    const home = await page(`/s/${ORG}/`);
    expect(home).toContain(`/s/${ORG}/media/${rows[0].hero_media_ids[0]}/`);
  });

  it('each photo is served as WebP derivatives and kept encrypted at rest', async () => {
    const { rows } = await t.database.superuser.query(
      "SELECT id, blob_key, derivatives, alt FROM tenant.media WHERE org = $1 AND kind = 'image'",
      [ORG],
    );
    expect(rows).toHaveLength(added);
    const [first] = rows;
    expect(first.derivatives.map((d: { variant: string }) => d.variant)).toEqual(['w320', 'w800', 'w1600']);
    const res = await fetch(`${t.url}/s/${ORG}/media/${first.id}/w800.webp`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    const stored = fs.readFileSync(path.join(t.dataDir, 'blobs', first.blob_key));
    // Neither a JPEG's start-of-image marker nor its JFIF header is readable on disk.
    expect(stored.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    expect(stored.includes(Buffer.from('JFIF'))).toBe(false);
  });

  it('every photo was scanned by clamd and audited as generated', async () => {
    const { rows } = await t.database.superuser.query(
      "SELECT actor_type, actor_id, details FROM audit.events WHERE org = $1 AND action = 'media.uploaded'",
      [ORG],
    );
    expect(rows).toHaveLength(added);
    for (const row of rows) {
      expect(row).toMatchObject({ actor_type: 'system', actor_id: 'demo-setup' });
      expect(row.details).toMatchObject({ origin: 'generated', scanned: true, reencoded: true });
    }
  });
});

describe('adding a generated image', () => {
  it('needs the system right that no account holds: without it, 403 and nothing stored', async () => {
    const ctx = lazySystemContext(t.database.db, { kind: 'tenant', org: ORG }, 'test', ['media:edit']);
    const bytes = await renderDemoPhoto('food', 'refused');
    await expect(
      addGeneratedImage(t.app.services.media, ctx, { filename: 'x.jpg', bytes, alt: {} }),
    ).rejects.toMatchObject({ status: 403 });
    const { rows } = await t.database.superuser.query(
      "SELECT count(*)::int AS n FROM tenant.media WHERE org = $1 AND original_name = 'x.jpg'",
      [ORG],
    );
    expect(rows[0].n).toBe(0);
  });

  it('without a scanner configured, is stored encrypted and audited as not scanned', async () => {
    const ctx = lazySystemContext(t.database.db, { kind: 'tenant', org: ORG }, 'test', [
      'media:edit',
      'system:generated-media',
    ]);
    const deps = { ...t.app.services.media, scanner: null };
    const bytes = await renderDemoPhoto('river', 'unscanned');
    const item = await addGeneratedImage(deps, ctx, { filename: 'unscanned.jpg', bytes, alt: { ja: '川' } });
    expect(item.alt).toEqual({ ja: '川' });
    const { rows } = await t.database.superuser.query(
      "SELECT details FROM audit.events WHERE org = $1 AND action = 'media.uploaded' AND target_id = $2",
      [ORG, item.id],
    );
    expect(rows[0].details).toMatchObject({ origin: 'generated', scanned: false });
  });
});
