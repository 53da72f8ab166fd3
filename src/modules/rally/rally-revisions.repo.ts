import type { RevisionAction } from '../../contract/rally.js';
import type { Tx } from '../../db/scope.js';

/** Owner of the campaigns' history (tenant.rally_campaign_revisions): appended, never changed. */

export interface NewCampaignRevision {
  campaignId: string;
  version: number;
  action: RevisionAction;
  snapshot: Record<string, unknown>;
  restoredFrom: number | null;
  actorId: string | null;
  /** When the state was made, if not now (a baseline: the campaign's last change before history). */
  createdAt?: Date;
}

export async function insertCampaignRevision(
  tx: Tx,
  org: string,
  revision: NewCampaignRevision,
): Promise<void> {
  await tx
    .insertInto('tenant.rally_campaign_revisions')
    .values({
      org,
      campaign_id: revision.campaignId,
      version: revision.version,
      action: revision.action,
      snapshot: JSON.stringify(revision.snapshot),
      restored_from: revision.restoredFrom,
      actor_id: revision.actorId,
      ...(revision.createdAt ? { created_at: revision.createdAt } : {}),
    })
    .execute();
}

/** Whether the campaign has any revision (one made before migration 0074 has none until its first change). */
export async function hasCampaignRevisions(tx: Tx, org: string, campaignId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('tenant.rally_campaign_revisions')
    .select('version')
    .where('org', '=', org)
    .where('campaign_id', '=', campaignId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A campaign's revisions with the name of the account that made each (if it still exists). */
function revisionRows(tx: Tx, org: string, campaignId: string) {
  return tx
    .selectFrom('tenant.rally_campaign_revisions as r')
    .leftJoin('tenant.users as u', (join) =>
      join.onRef('u.org', '=', 'r.org').on((eb) => eb(eb.cast('u.id', 'text'), '=', eb.ref('r.actor_id'))),
    )
    .select(['r.version', 'r.action', 'r.restored_from', 'r.actor_id', 'u.name', 'r.created_at'])
    .where('r.org', '=', org)
    .where('r.campaign_id', '=', campaignId);
}

/** Newest first; a campaign changed more than a thousand times shows its latest thousand. */
export async function listCampaignRevisionRows(tx: Tx, org: string, campaignId: string) {
  return revisionRows(tx, org, campaignId).orderBy('r.version', 'desc').limit(1000).execute();
}

/** One revision with its snapshot. */
export async function findCampaignRevision(tx: Tx, org: string, campaignId: string, version: number) {
  return revisionRows(tx, org, campaignId)
    .select('r.snapshot')
    .where('r.version', '=', version)
    .executeTakeFirst();
}
