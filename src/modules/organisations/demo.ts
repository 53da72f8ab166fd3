import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { asOrganisation } from '../../db/scope.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import { audit } from '../../platform/audit/audit.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import type { Context } from '../../platform/http/context.js';
import { findItem } from '../content/content.repo.js';
import type { ContentKind } from '../content/content.schema.js';
import { applyTransition, createItem } from '../content/content.service.js';
import { jstDate } from '../content/content-time.js';
import { createOperator } from '../operators/operators.service.js';
import { getSiteSettings, updateSiteSettings } from '../site-settings/site-settings.service.js';
import { insertUser } from '../users/users.repo.js';
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
import { findOrganisation } from './organisation.repo.js';
import { provisionOrganisation } from './organisation.service.js';

export const DEMO_SERVICE_CODE = 'demo';

export interface DemoCredentials {
  admin: { email: string; password: string };
  operator: { email: string; password: string };
}

/**
 * Provisions the demo organisation with an admin, and a demo operator, on the first start of the
 * embedded default. Returns their generated passwords once; null when the demo already exists.
 */
export async function ensureDemoOrganisation(db: Database): Promise<DemoCredentials | null> {
  const adminEmail = 'admin@demo.example.jp';
  const adminPassword = randomBytes(12).toString('base64url');
  const created = await runAsSystem(db, { kind: 'provider' }, 'demo-setup', async (ctx) => {
    if (await findOrganisation(ctx.tx, DEMO_SERVICE_CODE)) return false;
    await provisionOrganisation(ctx, {
      serviceCode: DEMO_SERVICE_CODE,
      nameJa: 'みってし町（デモ）',
      nameEn: 'Mitte Town (demo)',
      dataRegion: 'jp',
    });
    const passwordHash = await hashPassword(adminPassword);
    const id = await asOrganisation(ctx.tx, DEMO_SERVICE_CODE, async () => {
      const userId = await insertUser(ctx.tx, DEMO_SERVICE_CODE, {
        name: 'デモ管理者',
        email: adminEmail,
        role: 'admin',
        rights: {},
      });
      await ctx.tx
        .updateTable('tenant.users')
        .set({ status: 'active', password_hash: passwordHash, password_changed_at: new Date() })
        .where('org', '=', DEMO_SERVICE_CODE)
        .where('id', '=', userId)
        .execute();
      return userId;
    });
    await audit(
      ctx,
      {
        action: 'user.created',
        target: { type: 'user', id },
        details: { email: adminEmail, role: 'admin', demo: true },
      },
      { onOrganisation: DEMO_SERVICE_CODE },
    );
    return true;
  });
  if (!created) return null;
  await seedDemoContent(db, DEMO_SERVICE_CODE);
  const operator = await createOperator(
    db,
    { email: 'operator@mitte-c.example.jp', name: 'デモ運営担当者' },
    'demo-setup',
  );
  return {
    admin: { email: adminEmail, password: adminPassword },
    operator: { email: operator.email, password: operator.password },
  };
}

/**
 * Publishes the demo town's spots, events, courses and articles, so the console and the site are
 * not empty on first start. Runs as the system with the content rights it needs for this only.
 */
export async function seedDemoContent(db: Database, org: string): Promise<void> {
  const today = jstDate(new Date());
  await runAsSystem(db, { kind: 'tenant', org }, 'demo-setup', async (base) => {
    const ctx = { ...base, org: await loadRef(base.tx, org), can: () => true };
    const ids = new Map<string, string>();
    const publish = async (kind: ContentKind, data: Record<string, unknown>) => {
      const item = await createItem(ctx, kind, data);
      const row = await findItem(ctx.tx, org, kind, item.id);
      await applyTransition(ctx, row!, 'publish');
      return item.id;
    };
    for (const spot of DEMO_SPOTS)
      ids.set(spot.key, await publish('spot', spot.data as Record<string, unknown>));
    const spotId = (key: string) => {
      const id = ids.get(key);
      if (!id) throw new Error(`demo content refers to unknown spot ${key}`);
      return id;
    };
    for (const event of demoEvents(today))
      await publish('event', demoEventData(event, spotId) as Record<string, unknown>);
    for (const course of DEMO_COURSES)
      await publish('course', demoCourseData(course, spotId) as Record<string, unknown>);
    for (const article of DEMO_ARTICLES)
      await publish('article', demoArticleData(article, spotId) as Record<string, unknown>);
    const { updatedAt: _updated, ...settings } = await getSiteSettings(ctx);
    await updateSiteSettings(ctx, { ...settings, ...DEMO_SITE_LOOK });
  });
}

async function loadRef(tx: Context['tx'], org: string) {
  const row = await tx
    .selectFrom('provider.organisations')
    .select(['service_code', 'name_ja', 'name_en', 'status'])
    .where('service_code', '=', org)
    .executeTakeFirstOrThrow();
  return { serviceCode: row.service_code, nameJa: row.name_ja, nameEn: row.name_en, status: row.status };
}
