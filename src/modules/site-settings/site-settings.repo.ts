import { type Selectable, sql } from 'kysely';
import { ownRows } from '../../db/own-rows.js';
import type { SiteSettingsTable } from '../../db/schema.js';
import type { Tx } from '../../db/scope.js';

/** Owner of `tenant.site_settings`: one row per organisation. */

export type SiteSettingsRow = Selectable<SiteSettingsTable>;

export async function findSiteSettings(tx: Tx, org: string): Promise<SiteSettingsRow | undefined> {
  return ownRows(tx, 'tenant.site_settings', org).executeTakeFirst();
}

export interface SiteSettingsChange {
  languages: string[];
  defaultLanguage: string;
  logoMediaId: string | null;
  primaryColor: string | null;
  accentColor: string | null;
  footerLinks: unknown[];
  /** Left as they are when undefined. */
  heroMediaIds?: string[] | undefined;
  tagline?: Record<string, string> | undefined;
  contact?: unknown;
  socialAccounts?: { service: string; url: string }[] | undefined;
  showPlannedMaintenance?: boolean | undefined;
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
      ...(change.heroMediaIds ? { hero_media_ids: change.heroMediaIds } : {}),
      ...(change.tagline ? { tagline: JSON.stringify(change.tagline) } : {}),
      ...(change.contact ? { contact: JSON.stringify(change.contact) } : {}),
      ...(change.socialAccounts ? { social_accounts: JSON.stringify(change.socialAccounts) } : {}),
      ...(change.showPlannedMaintenance === undefined
        ? {}
        : { show_planned_maintenance: change.showPlannedMaintenance }),
      updated_at: new Date(),
    })
    .where('org', '=', org)
    .execute();
}

/** A new organisation's row with the defaults; runs in that organisation's scope. */
export async function insertDefaultSiteSettings(tx: Tx, org: string): Promise<void> {
  await tx.insertInto('tenant.site_settings').values({ org }).execute();
}

/** Whether the file is the organisation's site logo or one of its main-visual images. */
export async function isSiteImage(tx: Tx, org: string, mediaId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('tenant.site_settings')
    .select('org')
    .where('org', '=', org)
    .where((eb) =>
      eb.or([eb('logo_media_id', '=', mediaId), sql<boolean>`${mediaId}::uuid = ANY (hero_media_ids)`]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A deleted file leaves the site without it (no logo, one hero image fewer) rather than pointing
 * at nothing; true when the settings showed it.
 */
export async function clearSiteImage(tx: Tx, org: string, mediaId: string): Promise<boolean> {
  const result = await tx
    .updateTable('tenant.site_settings')
    .set((eb) => ({
      logo_media_id: eb
        .case()
        .when('logo_media_id', '=', mediaId)
        .then(null)
        .else(eb.ref('logo_media_id'))
        .end(),
      hero_media_ids: sql<string[]>`array_remove(hero_media_ids, ${mediaId}::uuid)`,
    }))
    .where('org', '=', org)
    .where((eb) =>
      eb.or([eb('logo_media_id', '=', mediaId), sql<boolean>`${mediaId}::uuid = ANY (hero_media_ids)`]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
