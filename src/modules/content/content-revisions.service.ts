import type { RevisionSummary } from '../../contract/content.js';
import type { TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { Errors, found } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { findItem } from './content.repo.js';
import type { ContentKind } from './content.schema.js';
import { type ContentItem, permissionFor, updateItem } from './content.service.js';
import { findRevisionData, listRevisionRows } from './content-revisions.repo.js';

async function requireViewable(ctx: TenantContext, kind: ContentKind, id: string) {
  ctx.require(permissionFor(kind, 'view'));
  const row = found(await findItem(ctx.tx, ctx.scope.org, kind, id));
  return row;
}

export async function listRevisions(
  ctx: TenantContext,
  kind: ContentKind,
  id: string,
): Promise<RevisionSummary[]> {
  await requireViewable(ctx, kind, id);
  const rows = await listRevisionRows(ctx.tx, ctx.scope.org, id);
  return rows.map((r) => ({
    version: r.version,
    status: r.status,
    note: r.note,
    actorId: r.actor_id,
    actorName: r.name,
    createdAt: r.created_at.toISOString(),
  }));
}

async function revisionData(
  ctx: TenantContext,
  id: string,
  version: number,
): Promise<Record<string, unknown>> {
  const data = found(await findRevisionData(ctx.tx, ctx.scope.org, id, version));
  return data;
}

export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** Field-level differences between two JSON documents, by dotted path. */
export function diffData(before: unknown, after: unknown, path = ''): FieldChange[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffData(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '(root)', before: before ?? null, after: after ?? null }];
}

export async function diffRevisions(
  ctx: TenantContext,
  kind: ContentKind,
  id: string,
  from: number,
  to: number,
) {
  await requireViewable(ctx, kind, id);
  const [a, b] = await Promise.all([revisionData(ctx, id, from), revisionData(ctx, id, to)]);
  return { from, to, changes: diffData(a, b) };
}

/** Restores an earlier version's content as a new version (history is never rewritten). */
export async function restoreRevision(
  ctx: TenantContext,
  kind: ContentKind,
  id: string,
  version: number,
  expectedVersion: number,
): Promise<ContentItem> {
  if (!isUuid(id)) throw Errors.notFound();
  const data = await revisionData(ctx, id, version).catch(() => {
    throw Errors.notFound();
  });
  const restored = await updateItem(ctx, kind, id, { version: expectedVersion, data });
  await audit(ctx, {
    action: `content.${kind}.restored`,
    target: { type: kind, id },
    details: { fromVersion: version },
  });
  return restored;
}
