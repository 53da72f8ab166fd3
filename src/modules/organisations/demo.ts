import { randomBytes } from 'node:crypto';
import type { Database } from '../../db/database.js';
import { asOrganisation } from '../../db/scope.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import { audit } from '../../platform/audit/audit.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { createOperator } from '../operators/operators.service.js';
import { insertUser } from '../users/users.repo.js';
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
