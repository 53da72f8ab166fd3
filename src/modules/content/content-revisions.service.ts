import { audit } from '../../platform/audit/audit.js';
import { type Context, tenantOrg } from '../../platform/http/context.js';
import { Errors } from '../../platform/http/errors.js';
import { isUuid } from '../../platform/ids.js';
import { findItem } from './content.repo.js';
import type { ContentKind } from './content.schema.js';
import { type ContentItem, permissionFor, updateItem } from './content.service.js';
import { findRevisionData, listRevisionRows } from './content-revisions.repo.js';

const org = (ctx: Context) => tenantOrg(ctx);

export interface RevisionSummary {
  version: number;
  status: string;
  note: string | null;
  actorId: string | null;
  actorName: string | null;
  createdAt: string;
}

async function requireViewable(ctx: Context, kind: ContentKind, id: string) {
  if (!ctx.can(permissionFor(kind, 'view'))) throw Errors.forbidden();
  const row = await findItem(ctx.tx, org(ctx), kind, id);
  if (!row) throw Errors.notFound();
  return row;
}

export async function listRevisions(ctx: Context, kind: ContentKind, id: string): Promise<RevisionSummary[]> {
  await requireViewable(ctx, kind, id);
  const rows = await listRevisionRows(ctx.tx, org(ctx), id);
  return rows.map((r) => ({
    version: r.version,
    status: r.status,
    note: r.note,
    actorId: r.actor_id,
    actorName: r.name,
    createdAt: r.created_at.toISOString(),
  }));
}

async function revisionData(ctx: Context, id: string, version: number): Promise<Record<string, unknown>> {
  const data = await findRevisionData(ctx.tx, org(ctx), id, version);
  if (!data) throw Errors.notFound();
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

export async function diffRevisions(ctx: Context, kind: ContentKind, id: string, from: number, to: number) {
  await requireViewable(ctx, kind, id);
  const [a, b] = await Promise.all([revisionData(ctx, id, from), revisionData(ctx, id, to)]);
  return { from, to, changes: diffData(a, b) };
}

/** Restores an earlier version's content as a new version (history is never rewritten). */
export async function restoreRevision(
  ctx: Context,
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
