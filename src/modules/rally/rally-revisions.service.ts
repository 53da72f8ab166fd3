import type { CheckInMethod, RevisionAction } from '../../contract/rally.js';
import { actorId } from '../../platform/access/actor.js';
import type { TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { Errors } from '../../platform/errors.js';
import { findWorkingCopy } from '../content/index.js';
import {
  type CampaignRow,
  deleteCheckpointRow,
  findCampaignBySlug,
  listCheckpointRows,
  moveCheckpointRow,
  restoreCheckpointRow,
  updateCampaignRow,
} from './rally.repo.js';
import type {
  CampaignDetail,
  CampaignRevision,
  CampaignRevisionDetail,
  CampaignSnapshot,
} from './rally.schema.js';
import {
  editableCampaign,
  getCampaign,
  requireCampaign,
  slugTaken,
  toCheckpoint,
  versionConflict,
} from './rally.service.js';
import {
  findCampaignRevision,
  hasCampaignRevisions,
  insertCampaignRevision,
  listCampaignRevisionRows,
  type NewCampaignRevision,
} from './rally-revisions.repo.js';

/**
 * A campaign's history, like content's: each change of its editable state is kept as a revision
 * numbered by the campaign's version, written in the change's own transaction; a restore brings
 * an earlier state back as a new version (history is never rewritten).
 */

/** Records the campaign as it now is (row just written, checkpoints read in the same transaction). */
export async function recordCampaignRevision(
  ctx: TenantContext,
  row: CampaignRow,
  action: RevisionAction,
  restoredFrom: number | null = null,
): Promise<void> {
  await writeRevision(ctx, row, { action, restoredFrom, actorId: actorId(ctx.actor) });
}

/**
 * A campaign made before its history was kept (migration 0074) has no revision: before its first
 * change its state as it is, at its version, is recorded as the `baseline` (by no one known, at
 * its last change's time), so that state can still be seen and restored. Called with the campaign
 * locked for the change; a campaign with revisions costs one indexed look-up.
 */
export async function keepBaseline(ctx: TenantContext, row: CampaignRow): Promise<void> {
  if (await hasCampaignRevisions(ctx.tx, ctx.scope.org, row.id)) return;
  await writeRevision(ctx, row, {
    action: 'baseline',
    restoredFrom: null,
    actorId: null,
    createdAt: row.updated_at,
  });
}

/** The campaign as `row` and its checkpoints (read in the same transaction) are, as revision `row.version`. */
async function writeRevision(
  ctx: TenantContext,
  row: CampaignRow,
  revision: Pick<NewCampaignRevision, 'action' | 'restoredFrom' | 'actorId' | 'createdAt'>,
): Promise<void> {
  const checkpoints = await listCheckpointRows(ctx.tx, ctx.scope.org, row.id);
  const snapshot: CampaignSnapshot = {
    slug: row.slug,
    status: row.status,
    texts: row.texts,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    retentionDays: row.retention_days,
    prizeTiers: row.prize_tiers,
    survey: row.survey,
    checkpoints: checkpoints.map(toCheckpoint),
  };
  await insertCampaignRevision(ctx.tx, ctx.scope.org, {
    ...revision,
    campaignId: row.id,
    version: row.version,
    snapshot,
  });
}

type RevisionRow = Awaited<ReturnType<typeof listCampaignRevisionRows>>[number];

const toRevision = (r: RevisionRow): CampaignRevision => ({
  version: r.version,
  action: r.action,
  restoredFrom: r.restored_from,
  actorId: r.actor_id,
  actorName: r.name,
  createdAt: r.created_at.toISOString(),
});

export async function listCampaignRevisions(
  ctx: TenantContext,
  campaignId: string,
): Promise<CampaignRevision[]> {
  ctx.require('campaigns:view');
  const campaign = await requireCampaign(ctx, campaignId);
  return (await listCampaignRevisionRows(ctx.tx, ctx.scope.org, campaign.id)).map(toRevision);
}

export async function getCampaignRevision(
  ctx: TenantContext,
  campaignId: string,
  version: number,
): Promise<CampaignRevisionDetail> {
  ctx.require('campaigns:view');
  const campaign = await requireCampaign(ctx, campaignId);
  const row = await findCampaignRevision(ctx.tx, ctx.scope.org, campaign.id, version);
  if (!row) throw Errors.notFound();
  return { ...toRevision(row), snapshot: row.snapshot as CampaignSnapshot };
}

/**
 * Brings back an earlier version's texts, address, period, retention, prize tiers, survey and
 * checkpoints as a new version; the status stays. What printed posters and visitors' stamps
 * depend on is kept rather than refused: a campaign that has been public keeps its address and
 * every checkpoint it has now (those the revision lacks go after its own, in their order); only a
 * draft, which has no stamps, loses the checkpoints added since. Prize tiers and survey stay as
 * they are once the applicants' personal data was deleted (as saving them is refused then).
 */
export async function restoreCampaignRevision(
  ctx: TenantContext,
  campaignId: string,
  version: number,
  expectedVersion: number,
): Promise<CampaignDetail> {
  ctx.require('campaigns:edit');
  const org = ctx.scope.org;
  // Every refusal comes before the first write.
  const before = await editableCampaign(ctx, campaignId);
  if (before.version !== expectedVersion) throw versionConflict();
  const revision = await findCampaignRevision(ctx.tx, org, before.id, version);
  if (!revision) throw Errors.notFound();
  const snapshot = revision.snapshot as CampaignSnapshot;
  const published = before.status !== 'draft';
  const keepSlug = published && snapshot.slug !== before.slug;
  if (!published && snapshot.slug !== before.slug && (await findCampaignBySlug(ctx.tx, org, snapshot.slug)))
    throw slugTaken();
  const keepPrizes = before.personal_data_deleted_at !== null;

  const restoredIds = new Set(snapshot.checkpoints.map((c) => c.id));
  for (const [position, c] of snapshot.checkpoints.entries()) {
    // A spot deleted since leaves the checkpoint as an ad-hoc place (as the deletion did).
    const spotId = c.spotId && (await findWorkingCopy(ctx.tx, org, 'spot', c.spotId)) ? c.spotId : null;
    await restoreCheckpointRow(ctx.tx, org, before.id, c.id, position, {
      spotId,
      name: c.name,
      lat: c.lat,
      lng: c.lng,
      method: c.method as CheckInMethod,
      radiusM: c.radiusM,
    });
  }
  const keptCheckpoints: string[] = [];
  let position = snapshot.checkpoints.length;
  for (const c of await listCheckpointRows(ctx.tx, org, before.id)) {
    if (restoredIds.has(c.id)) continue;
    if (published) {
      keptCheckpoints.push(c.id);
      await moveCheckpointRow(ctx.tx, org, before.id, c.id, position++);
    } else {
      await deleteCheckpointRow(ctx.tx, org, before.id, c.id);
    }
  }
  const row = await updateCampaignRow(ctx.tx, org, before.id, expectedVersion, {
    slug: keepSlug ? before.slug : snapshot.slug,
    texts: snapshot.texts,
    startsAt: new Date(snapshot.startsAt),
    endsAt: new Date(snapshot.endsAt),
    retentionDays: snapshot.retentionDays,
    ...(keepPrizes ? {} : { prizeTiers: snapshot.prizeTiers, survey: snapshot.survey }),
  });
  if (!row) throw versionConflict();
  await recordCampaignRevision(ctx, row, 'restored', version);
  await audit(ctx, {
    action: 'rally.campaign.restored',
    target: { type: 'rally_campaign', id: row.id },
    details: {
      fromVersion: version,
      version: row.version,
      keptSlug: keepSlug,
      keptPrizes: keepPrizes,
      keptCheckpoints,
    },
  });
  return getCampaign(ctx, row.id);
}
