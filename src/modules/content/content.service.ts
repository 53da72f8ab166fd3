import canonicalize from 'canonicalize';
import type { TenantContext } from '../../platform/access/context.js';
import type { ContentModule, Permission } from '../../platform/access/permissions.js';
import { audit, auditEach } from '../../platform/audit/audit.js';
import { AppError, Errors, type FieldProblem, found } from '../../platform/errors.js';
import { imageAltTexts, ownImageIds } from '../media/index.js';
import {
  type Derived,
  deleteItemRow,
  existingSpotIds,
  findItem,
  findItems,
  type ItemRow,
  insertItem,
  insertItems,
  itemsUsingMedia,
  type NewItem,
  referencedBy,
  replaceLinks,
  spotPosition,
  transitionItemRows,
  updateItemRow,
} from './content.repo.js';
import type { ContentKind, ContentStatus, EventData } from './content.schema.js';
import { factsOf, problem } from './content-derive.js';
import { insertRevision, insertRevisions } from './content-revisions.repo.js';
import { normaliseForSearch } from './lib/text-normalise.js';

export const MODULE_OF: Record<ContentKind, ContentModule> = {
  spot: 'spots',
  event: 'events',
  course: 'courses',
  article: 'articles',
};

export function permissionFor(kind: ContentKind, level: 'view' | 'edit' | 'publish'): Permission {
  return `${MODULE_OF[kind]}:${level}` as Permission;
}

export interface ContentItem {
  id: string;
  kind: ContentKind;
  status: ContentStatus;
  version: number;
  data: Record<string, unknown>;
  live: boolean;
  hasUnpublishedChanges: boolean;
  publishedAt: string | null;
  publishAt: string | null;
  unpublishAt: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
  warnings: FieldProblem[];
}

function actor(ctx: TenantContext): string | null {
  return ctx.actor.type === 'anonymous' ? null : ctx.actor.id;
}

function requireRight(ctx: TenantContext, kind: ContentKind, level: 'view' | 'edit' | 'publish'): void {
  ctx.require(permissionFor(kind, level));
}

function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts);
  return [];
}

/** Columns derived from the data (for filters, search and references) and the checks a schema cannot do. */
async function derive(
  ctx: TenantContext,
  kind: ContentKind,
  data: Record<string, unknown>,
): Promise<{ derived: Derived; warnings: FieldProblem[] }> {
  const code = ctx.scope.org;
  const facts = factsOf(kind, data);
  const { startsAt, endsAt, externalId, searchable, links, problems, warnings } = facts;
  let { lat, lng } = facts;
  // An event held at a spot without a position of its own is where the spot is (maps, nearby).
  const venueSpot = kind === 'event' ? (data as EventData).venue.spotId : undefined;
  if (venueSpot && lat === null && lng === null) {
    const at = await spotPosition(ctx.tx, code, venueSpot);
    if (at) ({ lat, lng } = at);
  }

  // References must be this organisation's spots; another organisation's id is "not found".
  const referenced = [...new Set(links.map((l) => l.to_id))];
  const found = await existingSpotIds(ctx.tx, code, referenced);
  links.forEach((link) => {
    if (!found.has(link.to_id)) {
      const field =
        link.role === 'stop'
          ? `stops.${link.position}.spotId`
          : link.role === 'venue'
            ? 'venue.spotId'
            : `relatedSpotIds.${link.position}`;
      problems.push(
        problem(field, '指定された観光スポットが見つかりません。', 'The referenced spot was not found.'),
      );
    }
  });
  problems.push(...(await foreignImages(ctx, data)));
  if (problems.length > 0) throw Errors.validation(problems);
  const data2 = data as { category?: string; tags?: string[] };
  return {
    derived: {
      category: data2.category ?? null,
      tags: data2.tags ?? [],
      lat,
      lng,
      starts_at: startsAt,
      ends_at: endsAt,
      external_id: externalId,
      search_text: normaliseForSearch(texts(searchable).join(' ')),
      links,
    },
    warnings,
  };
}

/** Content shows the organisation's own images only: another's id, a video or a PDF is refused. */
async function foreignImages(ctx: TenantContext, data: Record<string, unknown>): Promise<FieldProblem[]> {
  const used = usedImages(data);
  if (used.length === 0) return [];
  const own = await ownImageIds(
    ctx.tx,
    ctx.scope.org,
    used.map((u) => u.id),
  );
  return used
    .filter((u) => !own.has(u.id))
    .map((u) =>
      problem(
        u.field,
        '指定された画像が見つかりません（この組織のメディアにある画像を選んでください）。',
        "The image was not found: choose an image from this organisation's media library.",
      ),
    );
}

/** The images an item shows, each with the field that names it. */
function usedImages(data: Record<string, unknown>): { id: string; field: string }[] {
  const { imageIds, heroImageId } = data as { imageIds?: string[]; heroImageId?: string };
  const used = (imageIds ?? []).map((id, i) => ({ id, field: `imageIds.${i}` }));
  if (heroImageId) used.push({ id: heroImageId, field: 'heroImageId' });
  return used;
}

/**
 * Publishing needs a Japanese alt text on every image the item shows: what a photo shows must
 * reach visitors who cannot see it (JIS X 8341-3). Checked when a person publishes or schedules,
 * so the scheduler never fails on it later; 422 `image_alt_missing` names each image.
 */
export async function requireImageAltTexts(ctx: TenantContext, data: Record<string, unknown>): Promise<void> {
  const used = usedImages(data);
  if (used.length === 0) return;
  const alts = await imageAltTexts(
    ctx.tx,
    ctx.scope.org,
    used.map((u) => u.id),
  );
  const missing = used.filter((u) => !alts.get(u.id)?.ja?.trim());
  if (missing.length === 0) return;
  throw new AppError(
    422,
    'image_alt_missing',
    {
      ja: `公開するには、すべての画像に日本語の代替テキストが必要です（${missing.length} 枚に未入力）。画像の「代替テキスト」を入力してください。`,
      en: `Every image needs a Japanese alt text before publishing (${missing.length} missing). Enter the images' alt text.`,
    },
    {
      field: missing[0]?.field ?? 'imageIds',
      details: { mediaIds: missing.map((m) => m.id) },
      problems: missing.map((m) =>
        problem(m.field, '日本語の代替テキストがありません。', 'has no Japanese alt text.'),
      ),
    },
  );
}

/** Whether an item is live, and whether its working copy differs from the live one (compared canonically). */
export function publicationState(row: Pick<ItemRow, 'data' | 'published_data'>) {
  const live = row.published_data !== null;
  return { live, hasUnpublishedChanges: live && canonicalize(row.published_data) !== canonicalize(row.data) };
}

export function toContentItem(row: ItemRow, warnings: FieldProblem[] = []): ContentItem {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    version: row.version,
    data: row.data,
    ...publicationState(row),
    publishedAt: row.published_at?.toISOString() ?? null,
    publishAt: row.publish_at?.toISOString() ?? null,
    unpublishAt: row.unpublish_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
    warnings,
  };
}

async function requireItem(
  ctx: TenantContext,
  kind: ContentKind,
  id: string,
  lock = false,
): Promise<ItemRow> {
  const row = found(await findItem(ctx.tx, ctx.scope.org, kind, id, lock));
  return row;
}

/** Optimistic locking: a save based on an older version never overwrites a newer one. */
export function checkVersion(row: { version: number }, expected: number): void {
  if (row.version !== expected) {
    throw new AppError(
      409,
      'version_conflict',
      {
        ja: `この項目は他の人が更新しました（版 ${row.version}、あなたの編集は版 ${expected} が元です）。最新の内容を読み込み直してから保存してください。`,
        en: `Someone else saved this item (version ${row.version}; your edit is based on version ${expected}). Reload it before saving.`,
      },
      { field: 'version' },
    );
  }
}

export async function getItem(ctx: TenantContext, kind: ContentKind, id: string): Promise<ContentItem> {
  requireRight(ctx, kind, 'view');
  return toContentItem(await requireItem(ctx, kind, id));
}

export async function createItem(
  ctx: TenantContext,
  kind: ContentKind,
  data: Record<string, unknown>,
): Promise<ContentItem> {
  requireRight(ctx, kind, 'edit');
  const { derived, warnings } = await derive(ctx, kind, data);
  const row = await insertItem(ctx.tx, ctx.scope.org, kind, data, derived, actor(ctx)).catch(
    (error: unknown) => {
      throw duplicateExternalId(error) ?? error;
    },
  );
  await insertRevision(ctx.tx, row, actor(ctx), 'created');
  await audit(ctx, { action: `content.${kind}.created`, target: { type: kind, id: row.id } });
  return toContentItem(row, warnings);
}

/**
 * Creates many items of one kind, and with `publish` publishes them, in a few statements: what
 * createItem then transitionItem('publish') does for each (the same checks, revisions and one
 * audit event per change), batched for an import of thousands of rows. In input order.
 */
export async function createItems(
  ctx: TenantContext,
  kind: ContentKind,
  items: Record<string, unknown>[],
  options: { publish: boolean },
): Promise<ContentItem[]> {
  requireRight(ctx, kind, 'edit');
  if (options.publish) requireRight(ctx, kind, 'publish');
  const prepared: NewItem[] = [];
  const warningsOf: FieldProblem[][] = [];
  for (const data of items) {
    const { derived, warnings } = await derive(ctx, kind, data);
    if (options.publish) await requireImageAltTexts(ctx, data);
    const publish = options.publish
      ? { public_search_text: normaliseForSearch(texts(data).join(' ')) }
      : null;
    prepared.push({ data, derived, publish });
    warningsOf.push(warnings);
  }
  const rows = await insertItems(ctx.tx, ctx.scope.org, kind, prepared, actor(ctx)).catch(
    (error: unknown) => {
      throw duplicateExternalId(error) ?? error;
    },
  );
  await insertRevisions(
    ctx.tx,
    rows.flatMap((row) =>
      options.publish
        ? [
            { row, version: 1, status: 'draft' as const, note: 'created' },
            { row, version: 2, status: 'published' as const, note: 'publish' },
          ]
        : [{ row, version: 1, status: row.status, note: 'created' }],
    ),
    actor(ctx),
  );
  await auditEach(
    ctx,
    rows.flatMap((row) => [
      { action: `content.${kind}.created`, target: { type: kind, id: row.id } },
      ...(options.publish
        ? [{ action: `content.${kind}.published`, target: { type: kind, id: row.id } }]
        : []),
    ]),
  );
  return rows.map((row, i) => toContentItem(row, warningsOf[i]));
}

function duplicateExternalId(error: unknown): AppError | null {
  if ((error as { code?: string }).code !== '23505') return null;
  return new AppError(
    409,
    'duplicate_external_id',
    {
      ja: '同じ ID（POIコード）の項目が既にあります。',
      en: 'An item with the same ID (POI code) already exists.',
    },
    { field: 'poiCode' },
  );
}

export async function updateItem(
  ctx: TenantContext,
  kind: ContentKind,
  id: string,
  input: { version: number; data: Record<string, unknown> },
): Promise<ContentItem> {
  requireRight(ctx, kind, 'edit');
  const row = await requireItem(ctx, kind, id, true);
  checkVersion(row, input.version);
  const { derived, warnings } = await derive(ctx, kind, input.data);
  const { links, ...columns } = derived;
  // An edit of something in review or published goes back to draft; the live copy stays live.
  const updated = await updateItemRow(
    ctx.tx,
    ctx.scope.org,
    id,
    { ...columns, data: input.data, status: row.status === 'unpublished' ? 'unpublished' : 'draft' },
    actor(ctx),
  ).catch((error: unknown) => {
    throw duplicateExternalId(error) ?? error;
  });
  await replaceLinks(ctx.tx, ctx.scope.org, id, links);
  await insertRevision(ctx.tx, updated, actor(ctx), 'edited');
  await audit(ctx, {
    action: `content.${kind}.updated`,
    target: { type: kind, id },
    details: { version: updated.version },
  });
  return toContentItem(updated, [...(await noteCancelledSchedule(ctx, row, updated)), ...warnings]);
}

/**
 * Saving new content cancels a scheduled publication (the repo clears it in the same write): the
 * scheduler must never publish text that nobody with the publish right has seen. Audited, and
 * the answer tells the editor so that a publisher can review and schedule again.
 */
async function noteCancelledSchedule(
  ctx: TenantContext,
  before: ItemRow,
  after: ItemRow,
): Promise<FieldProblem[]> {
  if (!before.publish_at || after.publish_at) return [];
  await audit(ctx, {
    action: `content.${before.kind}.schedule_cancelled`,
    target: { type: before.kind, id: before.id },
    details: {
      publishAt: before.publish_at.toISOString(),
      version: after.version,
      reason: 'content_changed',
    },
  });
  return [
    problem(
      'publishAt',
      '内容を変更したため、公開予約（公開日時）を取り消しました。公開するには、公開権限のある人が内容を確認して予約し直してください。',
      'The content changed, so the scheduled publication was cancelled. Someone with the publish right must review it and schedule it again.',
    ),
  ];
}

export type Transition = 'submit' | 'withdraw' | 'publish' | 'unpublish';

const TRANSITIONS: Record<
  Transition,
  { from: ContentStatus[]; to: ContentStatus; level: 'edit' | 'publish' }
> = {
  submit: { from: ['draft', 'unpublished'], to: 'in_review', level: 'edit' },
  withdraw: { from: ['in_review'], to: 'draft', level: 'edit' },
  publish: { from: ['draft', 'in_review', 'unpublished', 'published'], to: 'published', level: 'publish' },
  unpublish: { from: ['published', 'draft', 'in_review'], to: 'unpublished', level: 'publish' },
};

/** Moves an item along the workflow: submit for review, withdraw, publish (publish right), unpublish. */
export async function transitionItem(
  ctx: TenantContext,
  kind: ContentKind,
  id: string,
  transition: Transition,
  expectedVersion: number,
): Promise<ContentItem> {
  requireRight(ctx, kind, TRANSITIONS[transition].level);
  const row = await requireItem(ctx, kind, id, true);
  await checkTransition(ctx, row, transition, expectedVersion);
  const updated = await applyTransitionUnchecked(ctx, row, transition);
  return toContentItem(updated);
}

/** The checks of a transition of one item: its version, the workflow rule, alt texts to publish. */
async function checkTransition(
  ctx: TenantContext,
  row: ItemRow,
  transition: Transition,
  expectedVersion: number,
): Promise<void> {
  checkVersion(row, expectedVersion);
  if (
    !TRANSITIONS[transition].from.includes(row.status) ||
    (transition === 'unpublish' && row.published_data === null)
  ) {
    throw new AppError(409, 'invalid_transition', {
      ja: `現在の状態（${row.status}）からはこの操作（${transition}）はできません。`,
      en: `This item cannot ${transition} from its current status (${row.status}).`,
    });
  }
  if (transition === 'publish') await requireImageAltTexts(ctx, row.data);
}

/** Items a bulk transition changes per statement. */
const TRANSITION_BATCH = 500;

/**
 * One transition of many items of a kind (a bulk action): each item gets the checks of
 * transitionItem (right, existence, version, workflow rule, alt texts) and a refusal is returned
 * for that item alone; the others change in one statement per 500 items, each with its revision
 * and its own audit event, as transitionItem records them. Any other error fails the whole call.
 */
export async function transitionItems(
  ctx: TenantContext,
  kind: ContentKind,
  items: { id: string; version: number }[],
  transition: Transition,
): Promise<(ContentItem | AppError)[]> {
  const rows = new Map(
    (
      await findItems(
        ctx.tx,
        ctx.scope.org,
        kind,
        items.map((i) => i.id),
      )
    ).map((r) => [r.id, r]),
  );
  const refusals = new Map<string, AppError>();
  const accepted: ItemRow[] = [];
  for (const item of items) {
    try {
      requireRight(ctx, kind, TRANSITIONS[transition].level);
      const row = found(rows.get(item.id));
      await checkTransition(ctx, row, transition, item.version);
      accepted.push(row);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refusals.set(item.id, error);
    }
  }
  const change =
    transition === 'publish' || transition === 'unpublish'
      ? transition
      : { status: TRANSITIONS[transition].to };
  const updated = new Map<string, ItemRow>();
  for (let i = 0; i < accepted.length; i += TRANSITION_BATCH) {
    const batch = accepted.slice(i, i + TRANSITION_BATCH).map((row) => ({
      id: row.id,
      searchText: transition === 'publish' ? normaliseForSearch(texts(row.data).join(' ')) : '',
    }));
    for (const row of await transitionItemRows(ctx.tx, ctx.scope.org, batch, change, actor(ctx)))
      updated.set(row.id, row);
  }
  const done = accepted.map((row) => updated.get(row.id)!);
  await insertRevisions(
    ctx.tx,
    done.map((row) => ({ row, version: row.version, status: row.status, note: transition })),
    actor(ctx),
  );
  await auditEach(
    ctx,
    done.map((row) => ({
      action: `content.${kind}.${PAST[transition]}`,
      target: { type: kind, id: row.id },
    })),
  );
  return items.map((item) => refusals.get(item.id) ?? toContentItem(updated.get(item.id)!));
}

const PAST: Record<Transition, string> = {
  submit: 'submitted',
  withdraw: 'withdrawn',
  publish: 'published',
  unpublish: 'unpublished',
};

/**
 * The scheduler's change to an item whose time has come: publish or unpublish, with the publish
 * right of the item's kind (the scheduler's system context is granted exactly those).
 */
export async function applyScheduledTransition(
  ctx: TenantContext,
  row: ItemRow,
  transition: 'publish' | 'unpublish',
): Promise<ItemRow> {
  requireRight(ctx, row.kind, 'publish');
  return applyTransitionUnchecked(ctx, row, transition);
}

/** The change itself; callers have checked the right and the item's state. */
async function applyTransitionUnchecked(
  ctx: TenantContext,
  row: ItemRow,
  transition: Transition,
): Promise<ItemRow> {
  const code = ctx.scope.org;
  const changes =
    transition === 'publish'
      ? {
          status: 'published' as const,
          published_data: row.data,
          published_at: new Date(),
          publish_at: null,
          public_search_text: normaliseForSearch(texts(row.data).join(' ')),
        }
      : transition === 'unpublish'
        ? { status: 'unpublished' as const, published_data: null, unpublish_at: null, public_search_text: '' }
        : { status: TRANSITIONS[transition].to };
  const updated = await updateItemRow(ctx.tx, code, row.id, changes, actor(ctx));
  await insertRevision(ctx.tx, updated, actor(ctx), transition);
  await audit(ctx, {
    action: `content.${row.kind}.${PAST[transition]}`,
    target: { type: row.kind, id: row.id },
  });
  return updated;
}

export async function scheduleItem(
  ctx: TenantContext,
  kind: ContentKind,
  id: string,
  input: { version: number; publishAt: string | null; unpublishAt: string | null },
): Promise<ContentItem> {
  requireRight(ctx, kind, 'publish');
  const row = await requireItem(ctx, kind, id, true);
  checkVersion(row, input.version);
  const now = Date.now();
  const publishAt = input.publishAt ? new Date(input.publishAt) : null;
  const unpublishAt = input.unpublishAt ? new Date(input.unpublishAt) : null;
  if (publishAt && publishAt.getTime() <= now) {
    throw Errors.invalidField('publishAt', {
      ja: '公開予定日時は未来の日時にしてください。',
      en: 'The publishing time must be in the future.',
    });
  }
  if (unpublishAt && unpublishAt.getTime() <= (publishAt?.getTime() ?? now)) {
    throw Errors.invalidField('unpublishAt', {
      ja: '公開終了日時は公開日時より後にしてください。',
      en: 'The unpublishing time must be after the publishing time.',
    });
  }
  if (publishAt) await requireImageAltTexts(ctx, row.data);
  const updated = await updateItemRow(
    ctx.tx,
    ctx.scope.org,
    id,
    { publish_at: publishAt, unpublish_at: unpublishAt },
    actor(ctx),
  );
  await insertRevision(ctx.tx, updated, actor(ctx), 'scheduled');
  await audit(ctx, {
    action: `content.${kind}.scheduled`,
    target: { type: kind, id },
    details: { publishAt: input.publishAt, unpublishAt: input.unpublishAt },
  });
  return toContentItem(updated);
}

export async function deleteItem(
  ctx: TenantContext,
  kind: ContentKind,
  id: string,
  expectedVersion: number,
): Promise<void> {
  requireRight(ctx, kind, 'edit');
  const row = await requireItem(ctx, kind, id, true);
  checkVersion(row, expectedVersion);
  if (row.published_data !== null) {
    throw new AppError(409, 'still_published', {
      ja: '公開中の項目は削除できません。先に公開を停止してください。',
      en: 'A published item cannot be deleted; unpublish it first.',
    });
  }
  const users = await referencedBy(ctx.tx, ctx.scope.org, id);
  if (users > 0) {
    throw new AppError(409, 'in_use', {
      ja: `この項目は他の ${users} 件（モデルコース・イベント・特集）から参照されているため削除できません。`,
      en: `This item is referenced by ${users} other item(s) (courses, events, articles) and cannot be deleted.`,
    });
  }
  await deleteItemRow(ctx.tx, ctx.scope.org, id);
  await audit(ctx, { action: `content.${kind}.deleted`, target: { type: kind, id } });
}

function withoutImage(data: Record<string, unknown>, mediaId: string): Record<string, unknown> {
  const { heroImageId, ...rest } = data;
  const kept = heroImageId === mediaId ? rest : data;
  if (!Array.isArray(kept.imageIds) || !kept.imageIds.includes(mediaId)) return kept;
  return { ...kept, imageIds: (kept.imageIds as string[]).filter((id) => id !== mediaId) };
}

/**
 * Takes a media file out of every item that shows it, before the file is deleted: the working
 * copy and the live copy alike (a deleted file cannot stay on the public site). Each item is an
 * audited edit with a revision; it needs the edit right of the item's kind.
 */
export async function detachMedia(
  ctx: TenantContext,
  mediaId: string,
): Promise<{ kind: ContentKind; id: string }[]> {
  const rows = await itemsUsingMedia(ctx.tx, ctx.scope.org, mediaId, true);
  for (const row of rows) requireRight(ctx, row.kind, 'edit');
  for (const row of rows) {
    const updated = await updateItemRow(
      ctx.tx,
      ctx.scope.org,
      row.id,
      {
        data: withoutImage(row.data, mediaId),
        ...(row.published_data === null ? {} : { published_data: withoutImage(row.published_data, mediaId) }),
      },
      actor(ctx),
    );
    await insertRevision(ctx.tx, updated, actor(ctx), 'media detached');
    await noteCancelledSchedule(ctx, row, updated);
    await audit(ctx, {
      action: `content.${row.kind}.updated`,
      target: { type: row.kind, id: row.id },
      details: { version: updated.version, detachedMedia: mediaId },
    });
  }
  return rows.map((r) => ({ kind: r.kind, id: r.id }));
}
