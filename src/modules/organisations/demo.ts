import type { Database } from '../../db/database.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import { findOrganisation } from './organisation.repo.js';
import { provisionOrganisation } from './organisation.service.js';

export const DEMO_SERVICE_CODE = 'demo';

/** Provisions the demo organisation on the first start of the embedded default. Returns true when created. */
export async function ensureDemoOrganisation(db: Database): Promise<boolean> {
  return runAsSystem(db, { kind: 'provider' }, 'demo-setup', async (ctx) => {
    if (await findOrganisation(ctx.tx, DEMO_SERVICE_CODE)) return false;
    await provisionOrganisation(ctx, {
      serviceCode: DEMO_SERVICE_CODE,
      nameJa: 'みってし町（デモ）',
      nameEn: 'Mitte Town (demo)',
      dataRegion: 'jp',
    });
    return true;
  });
}
