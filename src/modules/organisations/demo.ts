import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.js';
import type { Permission } from '../../platform/access/permissions.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import { todayInJapan } from '../../platform/time/jst.js';
import {
  CONTENT_KINDS,
  type ContentKind,
  createItem,
  permissionFor,
  transitionItem,
} from '../content/index.js';
import { createOperator } from '../operators/index.js';
import { DEMO_RALLY_GRANTS, type RallyKeys, seedDemoCampaign } from '../rally/index.js';
import { getSiteSettings, updateSiteSettings } from '../site-settings/index.js';
import { createFirstAdminWithPassword } from '../users/index.js';
import {
  DEMO_ARTICLES,
  DEMO_COURSES,
  DEMO_SITE_LOOK,
  DEMO_SPOTS,
  demoArticleData,
  demoCourseData,
  demoEventData,
  demoEvents,
} from './demo-content.js';
import { DEMO_SERVICE_CODE } from './demo-entry.js';
import { findOrganisation } from './organisation.repo.js';
import { provisionOrganisation } from './organisation.service.js';

export { DEMO_SERVICE_CODE };

export interface DemoCredentials {
  admin: { email: string; password: string };
  operator: { email: string; password: string };
  /** What was seeded, for the photos that follow once the server listens. */
  items: DemoItems;
}

/**
 * Provisions the demo organisation with an admin, and a demo operator, on the first start of the
 * embedded default. Returns their generated passwords once; null when the demo already exists.
 */
export async function ensureDemoOrganisation(
  db: Database,
  rallyKeys?: RallyKeys,
): Promise<DemoCredentials | null> {
  const adminEmail = 'admin@demo.example.jp';
  const adminPassword = randomBytes(12).toString('base64url');
  const created = await runAsSystem(
    db,
    { kind: 'provider' },
    'demo-setup',
    ['ops:organisations'],
    async (ctx) => {
      if (await findOrganisation(ctx.tx, DEMO_SERVICE_CODE)) return false;
      await provisionOrganisation(ctx, {
        serviceCode: DEMO_SERVICE_CODE,
        nameJa: 'みってし町（デモ）',
        nameEn: 'Mitte Town (demo)',
        dataRegion: 'jp',
      });
      await createFirstAdminWithPassword(ctx, DEMO_SERVICE_CODE, {
        name: 'デモ管理者',
        email: adminEmail,
        password: adminPassword,
      });
      return true;
    },
  );
  if (!created) return null;
  const items = await seedDemoContent(db, DEMO_SERVICE_CODE, rallyKeys);
  const operator = await createOperator(
    db,
    { email: 'operator@mitte-c.example.jp', name: 'デモ運営担当者' },
    'demo-setup',
  );
  return {
    admin: { email: adminEmail, password: adminPassword },
    operator: { email: operator.email, password: operator.password },
    items,
  };
}

/** The demo seeding's rights: create and publish each kind of content, nothing else. */
const DEMO_CONTENT_GRANTS: Permission[] = [
  ...CONTENT_KINDS.flatMap((kind) => [permissionFor(kind, 'edit'), permissionFor(kind, 'publish')]),
  // The demo site's tagline and footer contact.
  'site:view',
  'site:edit',
  // The sample stamp rally.
  ...DEMO_RALLY_GRANTS,
];

/** The seeded items' ids by their demo key, per kind (for the photos added afterwards). */
export type DemoItems = Record<ContentKind, Map<string, string>> & { today: string };

/**
 * Publishes the demo town's spots, events, courses and articles (demo-content.ts), so the console
 * and the site are not empty on first start: through the same operations as the console, as the
 * system with the content rights it needs for this only. The photos follow (demo-photo-seeding.ts).
 */
export async function seedDemoContent(db: Database, org: string, rallyKeys?: RallyKeys): Promise<DemoItems> {
  const today = todayInJapan();
  const items = {
    ...(Object.fromEntries(CONTENT_KINDS.map((kind) => [kind, new Map<string, string>()])) as Record<
      ContentKind,
      Map<string, string>
    >),
    today,
  };
  await runAsSystem(db, { kind: 'tenant', org }, 'demo-setup', DEMO_CONTENT_GRANTS, async (ctx) => {
    const publish = async (kind: ContentKind, key: string, data: Record<string, unknown>) => {
      const item = await createItem(ctx, kind, data);
      await transitionItem(ctx, kind, item.id, 'publish', item.version);
      items[kind].set(key, item.id);
    };
    for (const spot of DEMO_SPOTS) await publish('spot', spot.key, spot.data as Record<string, unknown>);
    const spotId = (key: string) => {
      const id = items.spot.get(key);
      if (!id) throw new Error(`demo content refers to unknown spot ${key}`);
      return id;
    };
    for (const event of demoEvents(today))
      await publish('event', event.key, demoEventData(event, spotId) as Record<string, unknown>);
    for (const course of DEMO_COURSES)
      await publish('course', course.key, demoCourseData(course, spotId) as Record<string, unknown>);
    for (const article of DEMO_ARTICLES)
      await publish('article', article.key, demoArticleData(article, spotId) as Record<string, unknown>);
    const { updatedAt: _updated, ...settings } = await getSiteSettings(ctx);
    await updateSiteSettings(ctx, { ...settings, ...DEMO_SITE_LOOK });
    // The sample stamp rally over the first five spots (its QR keys need the master key).
    if (rallyKeys)
      await seedDemoCampaign(
        ctx,
        rallyKeys,
        DEMO_SPOTS.slice(0, 5).map((s) => spotId(s.key)),
      );
  });
  return items;
}
