import type { Database } from '../../src/db/database.js';
import type { Organisation } from '../../src/modules/organisations/organisation.schema.js';
import { provisionOrganisation } from '../../src/modules/organisations/organisation.service.js';
import { runAsSystem } from '../../src/platform/access/system-context.js';

/** Provisions an organisation the way the CLI does (system actor, provider scope). */
export function createOrganisation(
  db: Database,
  serviceCode: string,
  nameJa = `${serviceCode} 町`,
): Promise<Organisation> {
  return runAsSystem(db, { kind: 'provider' }, 'test', ['ops:organisations'], (ctx) =>
    provisionOrganisation(ctx, { serviceCode, nameJa, nameEn: `${serviceCode} town` }),
  );
}
