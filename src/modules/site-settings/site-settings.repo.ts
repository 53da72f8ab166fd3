import type { Selectable } from 'kysely';
import type { SiteSettingsTable } from '../../db/schema.js';
import type { Tx } from '../../db/scope.js';

/** Owner of `tenant.site_settings`: one row per organisation. */

export type SiteSettingsRow = Selectable<SiteSettingsTable>;

export async function findSiteSettings(tx: Tx, org: string): Promise<SiteSettingsRow | undefined> {
  return tx.selectFrom('tenant.site_settings').selectAll().where('org', '=', org).executeTakeFirst();
}

export interface SiteSettingsChange {
  languages: string[];
  defaultLanguage: string;
  logoMediaId: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  footerLinks: unknown[];
}

export async function updateSiteSettingsRow(tx: Tx, org: string, change: SiteSettingsChange): Promise<void> {
  await tx
    .updateTable('tenant.site_settings')
    .set({
      languages: change.languages,
      default_language: change.defaultLanguage,
      logo_media_id: change.logoMediaId,
      primary_color: change.primaryColor,
      accent_color: change.accentColor,
      footer_links: JSON.stringify(change.footerLinks),
      updated_at: new Date(),
    })
    .where('org', '=', org)
    .execute();
}

/** A new organisation's row with the defaults; runs in that organisation's scope. */
export async function insertDefaultSiteSettings(tx: Tx, org: string): Promise<void> {
  await tx.insertInto('tenant.site_settings').values({ org }).execute();
}
