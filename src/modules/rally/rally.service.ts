import { randomUUID } from 'node:crypto';
import { actorId } from '../../platform/access/actor.js';
import type { TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { AppError, Errors, type FieldProblem } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { findWorkingCopy } from '../content/index.js';
import {
  bumpCampaignVersion,
  type CampaignRow,
  type CampaignValues,
  type CheckpointRow,
  type CheckpointValues,
  campaignCounts,
  deleteCheckpointRow,
  findCampaign,
  findCampaignBySlug,
  findInCampaign,
  insertCampaign,
  insertCheckpoint,
  listCampaignRows,
  listCheckpointRows,
  listFlaggedParticipants,
  replaceCampaignKey,
  setCampaignStatus,
  updateCampaignRow,
  updateCheckpointRow,
  voidStampRow,
} from './rally.repo.js';
import type {
  Campaign,
  CampaignDetail,
  CampaignInput,
  CampaignStatistics,
  CampaignUpdate,
  Checkpoint,
  CheckpointInput,
  SurveyQuestion,
  VoidStampInput,
} from './rally.schema.js';
import { listAnswers } from './rally-applications.repo.js';
import { keepBaseline, recordCampaignRevision } from './rally-revisions.service.js';
import { statisticsCsv } from './rally-statistics-csv.js';
import { summariseAnswers } from './rally-survey.js';
import type { RallyKeys } from './rally-tokens.js';

/** Staff operations on campaigns and checkpoints (right `campaigns`). */

const SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;

export function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    version: row.version,
    texts: row.texts,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    retentionDays: row.retention_days,
    keyVersion: row.key_version,
    publishedAt: row.published_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
    prizeTiers: row.prize_tiers,
    survey: row.survey,
    personalDataDeletedAt: row.personal_data_deleted_at?.toISOString() ?? null,
  };
}

export function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    id: row.id,
    position: row.position,
    spotId: row.spot_id,
    name: row.name,
    lat: row.lat,
    lng: row.lng,
    method: row.method,
    radiusM: row.radius_m,
  };
}

/** Texts without the empty languages (a missing language falls back to Japanese). */
const filled = (texts: Record<string, string | undefined> | undefined) =>
  Object.fromEntries(Object.entries(texts ?? {}).flatMap(([l, t]) => (t?.trim() ? [[l, t.trim()]] : [])));

function campaignValues(input: CampaignInput): CampaignValues {
  const problems: FieldProblem[] = [];
  if (!SLUG.test(input.slug)) {
    problems.push({
      field: 'slug',
      message: {
        ja: 'アドレスは半角英小文字・数字・ハイフン（2〜40文字、先頭は英数字）で入力してください。',
        en: 'Use 2–40 lower-case letters, digits and hyphens, starting with a letter or digit.',
      },
    });
  }
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (!(endsAt > startsAt)) {
    problems.push({
      field: 'endsAt',
      message: { ja: '終了日時は開始日時より後にしてください。', en: 'The end must be after the start.' },
    });
  }
  if (!input.texts.name.ja.trim()) {
    problems.push({
      field: 'texts.name.ja',
      message: { ja: '日本語の名称を入力してください。', en: 'Enter the name in Japanese.' },
    });
  }
  if (problems.length) throw Errors.validation(problems);
  const texts: Record<string, Record<string, string>> = { name: filled(input.texts.name) };
  if (input.texts.description) texts.description = filled(input.texts.description);
  if (input.texts.rules) texts.rules = filled(input.texts.rules);
  return { slug: input.slug, texts, startsAt, endsAt, retentionDays: input.retentionDays ?? 90 };
}

export const slugTaken = () =>
  new AppError(
    409,
    'slug_taken',
    {
      ja: 'このアドレスは別のスタンプラリーで使われています。',
      en: 'Another stamp rally uses this address.',
    },
    { field: 'slug' },
  );

export async function requireCampaign(
  ctx: TenantContext,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<CampaignRow> {
  const row = isUuid(id) ? await findCampaign(ctx.tx, ctx.scope.org, id, options) : undefined;
  if (!row) throw Errors.notFound();
  return row;
}

export async function listCampaigns(ctx: TenantContext): Promise<Campaign[]> {
  ctx.require('campaigns:view');
  return (await listCampaignRows(ctx.tx, ctx.scope.org)).map(toCampaign);
}

export async function getCampaign(ctx: TenantContext, id: string): Promise<CampaignDetail> {
  ctx.require('campaigns:view');
  const row = await requireCampaign(ctx, id);
  const checkpoints = await listCheckpointRows(ctx.tx, ctx.scope.org, row.id);
  return { ...toCampaign(row), checkpoints: checkpoints.map(toCheckpoint) };
}

export async function createCampaign(
  ctx: TenantContext,
  keys: RallyKeys,
  input: CampaignInput,
): Promise<CampaignDetail> {
  ctx.require('campaigns:edit');
  const org = ctx.scope.org;
  const values = campaignValues(input);
  if (await findCampaignBySlug(ctx.tx, org, values.slug)) throw slugTaken();
  const id = randomUUID();
  const row = await insertCampaign(ctx.tx, org, id, values, keys.newSealedKey(org, id, 1));
  await recordCampaignRevision(ctx, row, 'created');
  await audit(ctx, {
    action: 'rally.campaign.created',
    target: { type: 'rally_campaign', id },
    details: { slug: values.slug, name: values.texts.name },
  });
  return { ...toCampaign(row), checkpoints: [] };
}

export const versionConflict = () =>
  new AppError(409, 'version_conflict', {
    ja: '他の人が先に保存しました。画面を再読み込みしてから編集してください。',
    en: 'Someone else saved first. Reload and edit again.',
  });

export const readOnly = () =>
  new AppError(409, 'campaign_archived', {
    ja: 'アーカイブしたスタンプラリーは変更できません。',
    en: 'An archived stamp rally cannot be changed.',
  });

export async function updateCampaign(
  ctx: TenantContext,
  id: string,
  input: CampaignUpdate,
): Promise<CampaignDetail> {
  ctx.require('campaigns:edit');
  const org = ctx.scope.org;
  const before = await editableCampaign(ctx, id);
  const values = campaignValues(input);
  if (values.slug !== before.slug) {
    // Posters and links carry the address: it is fixed once the campaign is public.
    if (before.status !== 'draft') {
      throw Errors.invalidField('slug', {
        ja: '公開後はアドレスを変更できません（ポスターの QR コードが使えなくなるため）。',
        en: 'The address cannot change after publishing (printed QR codes would stop working).',
      });
    }
    if (await findCampaignBySlug(ctx.tx, org, values.slug)) throw slugTaken();
  }
  const row = await updateCampaignRow(ctx.tx, org, before.id, input.version, values);
  if (!row) throw versionConflict();
  await recordCampaignRevision(ctx, row, 'updated');
  await audit(ctx, {
    action: 'rally.campaign.updated',
    target: { type: 'rally_campaign', id: row.id },
    details: { version: row.version, slug: row.slug },
  });
  return getCampaign(ctx, row.id);
}

const TRANSITIONS: Record<string, string[]> = {
  draft: ['published'],
  published: ['ended'],
  ended: ['published', 'archived'],
  archived: [],
};

export async function transitionCampaign(
  ctx: TenantContext,
  id: string,
  to: 'published' | 'ended' | 'archived',
): Promise<CampaignDetail> {
  ctx.require('campaigns:publish');
  const org = ctx.scope.org;
  const before = await campaignForChange(ctx, id);
  if (!TRANSITIONS[before.status]?.includes(to)) {
    throw new AppError(
      409,
      'invalid_transition',
      {
        ja: `「${before.status}」から「${to}」には変更できません。`,
        en: `A campaign cannot go from ${before.status} to ${to}.`,
      },
      { field: 'to' },
    );
  }
  if (to === 'published' && (await listCheckpointRows(ctx.tx, org, before.id)).length === 0) {
    throw new AppError(
      422,
      'no_checkpoints',
      {
        ja: 'チェックポイントを1つ以上登録してから公開してください。',
        en: 'Add at least one checkpoint before publishing.',
      },
      { field: 'checkpoints' },
    );
  }
  const row = await setCampaignStatus(ctx.tx, org, before.id, to);
  await recordCampaignRevision(ctx, row, to);
  await audit(ctx, {
    action: `rally.campaign.${to}`,
    target: { type: 'rally_campaign', id: row.id },
    details: { from: before.status, to },
  });
  return getCampaign(ctx, row.id);
}

/** A new QR key: every poster printed before is refused from now on (as "rotated"). */
export async function rotateCampaignKey(
  ctx: TenantContext,
  keys: RallyKeys,
  id: string,
): Promise<CampaignDetail> {
  ctx.require('campaigns:publish');
  const org = ctx.scope.org;
  const before = await editableCampaign(ctx, id);
  const version = before.key_version + 1;
  await replaceCampaignKey(ctx.tx, org, before.id, version, keys.newSealedKey(org, before.id, version));
  await audit(ctx, {
    action: 'rally.campaign.key_rotated',
    target: { type: 'rally_campaign', id: before.id },
    details: { from: before.key_version, to: version },
  });
  return getCampaign(ctx, before.id);
}

async function checkpointValues(ctx: TenantContext, input: CheckpointInput): Promise<CheckpointValues> {
  let name = input.name ? filled(input.name) : undefined;
  let lat = input.lat;
  let lng = input.lng;
  const spotId = input.spotId ?? null;
  if (spotId) {
    // Only the organisation's own spots: another organisation's id is not found (RLS and org).
    const spot = await findWorkingCopy(ctx.tx, ctx.scope.org, 'spot', spotId);
    if (!spot) {
      throw Errors.invalidField('spotId', {
        ja: '自団体の観光スポットを選んでください。',
        en: 'Choose one of your organisation’s spots.',
      });
    }
    name ??= filled(spot.data.name);
    lat ??= spot.data.lat;
    lng ??= spot.data.lng;
  }
  const problems: FieldProblem[] = [];
  if (!name?.ja) {
    problems.push({
      field: 'name.ja',
      message: {
        ja: 'チェックポイントの名称（日本語）を入力してください。',
        en: 'Enter the checkpoint name in Japanese.',
      },
    });
  }
  if (lat === undefined || lng === undefined) {
    problems.push({
      field: lat === undefined ? 'lat' : 'lng',
      message: {
        ja: '位置（緯度・経度）を入力するか、位置が登録されたスポットを選んでください。',
        en: 'Give the position (latitude and longitude) or choose a spot that has one.',
      },
    });
  }
  if (problems.length || !name?.ja || lat === undefined || lng === undefined)
    throw Errors.validation(problems);
  return { spotId, name, lat, lng, method: input.method, radiusM: input.radiusM ?? 100 };
}

/**
 * The campaign locked for a change, its state before recorded first if it has no history yet
 * (keepBaseline); an archived one is read-only.
 */
export async function editableCampaign(ctx: TenantContext, campaignId: string): Promise<CampaignRow> {
  const campaign = await campaignForChange(ctx, campaignId);
  if (campaign.status === 'archived') throw readOnly();
  return campaign;
}

/** The campaign locked for a change, with its baseline kept (keepBaseline). */
export async function campaignForChange(ctx: TenantContext, campaignId: string): Promise<CampaignRow> {
  const campaign = await requireCampaign(ctx, campaignId, { forUpdate: true });
  await keepBaseline(ctx, campaign);
  return campaign;
}

/** The checkpoints are part of the campaign's state: a change of them is a new version and revision. */
async function checkpointsChanged(
  ctx: TenantContext,
  campaign: CampaignRow,
  action: 'checkpoint_added' | 'checkpoint_updated' | 'checkpoint_removed',
): Promise<void> {
  const row = await bumpCampaignVersion(ctx.tx, ctx.scope.org, campaign.id);
  await recordCampaignRevision(ctx, row, action);
}

export async function addCheckpoint(
  ctx: TenantContext,
  campaignId: string,
  input: CheckpointInput,
): Promise<Checkpoint> {
  ctx.require('campaigns:edit');
  const campaign = await editableCampaign(ctx, campaignId);
  const values = await checkpointValues(ctx, input);
  const row = await insertCheckpoint(ctx.tx, ctx.scope.org, campaign.id, values);
  await checkpointsChanged(ctx, campaign, 'checkpoint_added');
  await audit(ctx, {
    action: 'rally.checkpoint.created',
    target: { type: 'rally_checkpoint', id: row.id },
    details: { campaignId: campaign.id, name: values.name.ja, method: values.method, spotId: values.spotId },
  });
  return toCheckpoint(row);
}

export async function updateCheckpoint(
  ctx: TenantContext,
  campaignId: string,
  checkpointId: string,
  input: CheckpointInput,
): Promise<Checkpoint> {
  ctx.require('campaigns:edit');
  const campaign = await editableCampaign(ctx, campaignId);
  if (!isUuid(checkpointId)) throw Errors.notFound();
  const values = await checkpointValues(ctx, input);
  const row = await updateCheckpointRow(ctx.tx, ctx.scope.org, campaign.id, checkpointId, values);
  if (!row) throw Errors.notFound();
  await checkpointsChanged(ctx, campaign, 'checkpoint_updated');
  await audit(ctx, {
    action: 'rally.checkpoint.updated',
    target: { type: 'rally_checkpoint', id: row.id },
    details: {
      campaignId: campaign.id,
      name: values.name.ja,
      method: values.method,
      radiusM: values.radiusM,
    },
  });
  return toCheckpoint(row);
}

export async function deleteCheckpoint(
  ctx: TenantContext,
  campaignId: string,
  checkpointId: string,
): Promise<void> {
  ctx.require('campaigns:edit');
  const campaign = await editableCampaign(ctx, campaignId);
  // Stamps hang on checkpoints: once the campaign went public, removing one would erase them.
  if (campaign.status !== 'draft') {
    throw new AppError(409, 'campaign_not_draft', {
      ja: '公開後はチェックポイントを削除できません。',
      en: 'Checkpoints cannot be removed once the campaign has been published.',
    });
  }
  if (!isUuid(checkpointId) || !(await deleteCheckpointRow(ctx.tx, ctx.scope.org, campaign.id, checkpointId)))
    throw Errors.notFound();
  await checkpointsChanged(ctx, campaign, 'checkpoint_removed');
  await audit(ctx, {
    action: 'rally.checkpoint.deleted',
    target: { type: 'rally_checkpoint', id: checkpointId },
    details: { campaignId: campaign.id },
  });
}

/** A checkpoint of a campaign, with the campaign's key, for posters and staff codes. */
export async function requireCheckpoint(
  ctx: TenantContext,
  campaignId: string,
  checkpointId: string,
): Promise<{ campaign: CampaignRow; checkpoint: CheckpointRow }> {
  const campaign = await requireCampaign(ctx, campaignId);
  const checkpoint = isUuid(checkpointId)
    ? await findInCampaign(ctx.tx, 'tenant.rally_checkpoints', ctx.scope.org, campaign.id, checkpointId)
    : undefined;
  if (!checkpoint) throw Errors.notFound();
  return { campaign, checkpoint };
}

export async function voidStamp(
  ctx: TenantContext,
  campaignId: string,
  input: VoidStampInput,
): Promise<void> {
  ctx.require('campaigns:edit');
  const campaign = await requireCampaign(ctx, campaignId);
  const by = actorId(ctx.actor) ?? ctx.actor.type;
  const voided = await voidStampRow(
    ctx.tx,
    ctx.scope.org,
    campaign.id,
    input.participantId,
    input.checkpointId,
    by,
    input.reason,
  );
  if (!voided) throw Errors.notFound();
  await audit(ctx, {
    action: 'rally.stamp.voided',
    target: { type: 'rally_participant', id: input.participantId },
    details: { campaignId: campaign.id, checkpointId: input.checkpointId, reason: input.reason },
  });
}

/** What the console's statistics show, live while the campaign runs (view right). */
export async function campaignStatistics(
  ctx: TenantContext,
  campaignId: string,
): Promise<CampaignStatistics> {
  ctx.require('campaigns:view');
  return statisticsOf(ctx, await requireCampaign(ctx, campaignId));
}

/** The same figures as a spreadsheet CSV (view right); audited like analytics' export. */
export async function exportCampaignStatisticsCsv(
  ctx: TenantContext,
  campaignId: string,
): Promise<{ name: string; csv: string }> {
  ctx.require('campaigns:view');
  const campaign = await requireCampaign(ctx, campaignId);
  const { csv, rows } = statisticsCsv(await statisticsOf(ctx, campaign));
  await audit(ctx, {
    action: 'rally.statistics.exported',
    target: { type: 'rally_campaign', id: campaign.id },
    details: { rows },
  });
  return { name: `rally-statistics-${ctx.org.serviceCode}-${campaign.slug}.csv`, csv };
}

async function statisticsOf(ctx: TenantContext, campaign: CampaignRow): Promise<CampaignStatistics> {
  const org = ctx.scope.org;
  const [checkpoints, counts, flagged, answers] = [
    await listCheckpointRows(ctx.tx, org, campaign.id),
    await campaignCounts(ctx.tx, org, campaign.id),
    await listFlaggedParticipants(ctx.tx, org, campaign.id),
    await listAnswers(ctx.tx, org, campaign.id),
  ];
  const perCheckpoint = new Map(counts.perCheckpoint.map((c) => [c.checkpoint_id, c.stamps]));
  return {
    participants: counts.participants,
    stamps: counts.perCheckpoint.reduce((sum, c) => sum + c.stamps, 0),
    checkpoints: checkpoints.map((c) => ({
      id: c.id,
      name: c.name.ja ?? '',
      stamps: perCheckpoint.get(c.id) ?? 0,
    })),
    funnel: counts.byStampCount,
    applied: answers.length,
    perDay: counts.perDay,
    perCheckpointDay: counts.perCheckpointDay,
    perHour: counts.perHour,
    survey: summariseAnswers(campaign.survey as SurveyQuestion[], answers),
    flagged: flagged.map((p) => ({
      id: p.id,
      joinedAt: p.created_at.toISOString(),
      flaggedAt: p.flagged_at.toISOString(),
      reason: p.flag_reason,
      stamps: Number(p.stamps),
    })),
  };
}
