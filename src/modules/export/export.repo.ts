import { findOwnRow, ownRows, updateOwnRow } from '../../db/own-rows.js';
import type { Tx } from '../../db/scope.js';
import { inDailyKeyOrder } from '../analytics/index.js';

/**
 * What a full export reads, one page at a time in short transactions (never one transaction
 * held while the archive streams). Read-only; every query is filtered by the organisation on
 * top of row-level security. A documented reader of the tables it names (check-architecture's
 * TABLE_OWNERS): the export takes every row of the organisation as stored, which no owner's
 * operation offers.
 */

export async function countsForExport(tx: Tx, org: string): Promise<{ items: number; media: number }> {
  const items = await tx
    .selectFrom('tenant.content_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org', '=', org)
    .executeTakeFirstOrThrow();
  const media = await tx
    .selectFrom('tenant.media')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org', '=', org)
    .executeTakeFirstOrThrow();
  return { items: Number(items.n), media: Number(media.n) };
}

/** A page of content items after the given id (keyset paging), with their revisions and links. */
export async function contentPage(tx: Tx, org: string, afterId: string | null, limit: number) {
  let query = ownRows(tx, 'tenant.content_items', org);
  if (afterId) query = query.where('id', '>', afterId);
  const items = await query.orderBy('id').limit(limit).execute();
  if (items.length === 0) return { items, revisions: [], links: [] };
  const ids = items.map((i) => i.id);
  const revisions = await ownRows(tx, 'tenant.content_revisions', org)
    .where('item_id', 'in', ids)
    .orderBy('item_id')
    .orderBy('version')
    .execute();
  const links = await ownRows(tx, 'tenant.content_links', org).where('from_id', 'in', ids).execute();
  return { items, revisions, links };
}

export async function contentCategories(tx: Tx, org: string) {
  return ownRows(tx, 'tenant.content_categories', org).orderBy('kind').orderBy('code').execute();
}

export async function mediaPage(tx: Tx, org: string, afterId: string | null, limit: number) {
  let query = ownRows(tx, 'tenant.media', org);
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

/** Accounts without their secrets: no password hash, no TOTP seed, no recovery codes. */
export async function usersForExport(tx: Tx, org: string) {
  return tx
    .selectFrom('tenant.users')
    .select([
      'id',
      'email',
      'name',
      'role',
      'status',
      'rights',
      'totp_enabled',
      'password_changed_at',
      'last_sign_in_at',
      'created_at',
      'updated_at',
      'deleted_at',
    ])
    .where('org', '=', org)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function siteSettingsForExport(tx: Tx, org: string) {
  return ownRows(tx, 'tenant.site_settings', org).executeTakeFirst();
}

export async function analyticsDailyPage(tx: Tx, org: string, offset: number, limit: number) {
  return ownRows(tx, 'tenant.analytics_daily', org)
    .$call(inDailyKeyOrder)
    .offset(offset)
    .limit(limit)
    .execute();
}

export async function analyticsVisitorsPage(tx: Tx, org: string, offset: number, limit: number) {
  return ownRows(tx, 'tenant.analytics_daily_visitors', org)
    .orderBy('day')
    .orderBy('dimension')
    .orderBy('value')
    .offset(offset)
    .limit(limit)
    .execute();
}

// --- the stamp rally (issue 16): every table, secrets left out ---

/** Campaigns with prize tiers and survey, without the sealed QR key (a secret, like a password). */
export async function rallyCampaignsForExport(tx: Tx, org: string) {
  return tx
    .selectFrom('tenant.rally_campaigns')
    .select([
      'id',
      'slug',
      'status',
      'version',
      'texts',
      'starts_at',
      'ends_at',
      'retention_days',
      'key_version',
      'prize_tiers',
      'survey',
      'created_at',
      'updated_at',
      'published_at',
      'personal_data_deleted_at',
    ])
    .where('org', '=', org)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function rallyCheckpointsForExport(tx: Tx, org: string) {
  return tx
    .selectFrom('tenant.rally_checkpoints')
    .select([
      'id',
      'campaign_id',
      'position',
      'spot_id',
      'name',
      'lat',
      'lng',
      'method',
      'radius_m',
      'created_at',
    ])
    .where('org', '=', org)
    .orderBy('campaign_id')
    .orderBy('position')
    .execute();
}

/** Participants without their secret and recovery-code hashes. */
export async function rallyParticipantsPage(tx: Tx, org: string, offset: number, limit: number) {
  return tx
    .selectFrom('tenant.rally_participants')
    .select(['id', 'campaign_id', 'lang', 'created_at', 'flagged_at', 'flag_reason'])
    .where('org', '=', org)
    .orderBy('id')
    .offset(offset)
    .limit(limit)
    .execute();
}

export async function rallyStampsPage(tx: Tx, org: string, offset: number, limit: number) {
  return ownRows(tx, 'tenant.rally_stamps', org)
    .orderBy('participant_id')
    .orderBy('checkpoint_id')
    .offset(offset)
    .limit(limit)
    .execute();
}

/** The campaigns' history: every revision with its snapshot (no secrets: the QR key is not in it). */
export async function rallyCampaignRevisionsPage(tx: Tx, org: string, offset: number, limit: number) {
  return tx
    .selectFrom('tenant.rally_campaign_revisions')
    .select(['campaign_id', 'version', 'action', 'snapshot', 'restored_from', 'actor_id', 'created_at'])
    .where('org', '=', org)
    .orderBy('campaign_id')
    .orderBy('version')
    .offset(offset)
    .limit(limit)
    .execute();
}

/** Applications as stored (personal data sealed); the export opens them outside the transaction. */
export async function rallyApplicationsPage(tx: Tx, org: string, afterId: string | null, limit: number) {
  let query = ownRows(tx, 'tenant.rally_applications', org);
  if (afterId) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

// --- the exports table ---

export async function insertExport(tx: Tx, org: string, requestedBy: string | null) {
  return tx
    .insertInto('tenant.exports')
    .values({ org, requested_by: requestedBy })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findExport(tx: Tx, org: string, id: string) {
  return findOwnRow(tx, 'tenant.exports', org, id);
}

export async function listExports(tx: Tx, org: string, limit: number) {
  return ownRows(tx, 'tenant.exports', org).orderBy('created_at', 'desc').limit(limit).execute();
}

export async function exportProgress(tx: Tx, org: string, id: string, done: number, total: number) {
  await updateOwnRow(tx, 'tenant.exports', org, id, {
    files_done: done,
    files_total: total,
    updated_at: new Date(),
  });
}

export async function finishExport(
  tx: Tx,
  org: string,
  id: string,
  result: { blobKey: string; sizeBytes: number; sha256: string } | { error: string },
) {
  const now = new Date();
  await updateOwnRow(
    tx,
    'tenant.exports',
    org,
    id,
    'error' in result
      ? { status: 'failed', error: result.error.slice(0, 500), finished_at: now, updated_at: now }
      : {
          status: 'ready',
          blob_key: result.blobKey,
          size_bytes: result.sizeBytes,
          sha256: result.sha256,
          finished_at: now,
          updated_at: now,
        },
  );
}
