import canonicalize from 'canonicalize';
import { sql } from 'kysely';
import type { TenantContext } from '../../platform/access/context.js';
import { invalidCursor } from '../../platform/http/cursor.js';
import { isStrictDate, isStrictDateTime } from '../../platform/http/strict-formats.js';
import { isUuid } from '../../platform/ids.js';
import type { ContentKind, ContentStatus } from './content.schema.js';
import { permissionFor } from './content.service.js';
import { normaliseForSearch, searchTerms } from './lib/text-normalise.js';

export interface ListQuery {
  q?: string;
  category?: string;
  tag?: string;
  status?: ContentStatus;
  updatedFrom?: string;
  updatedTo?: string;
  cursor?: string;
  limit?: number;
}

export interface ItemSummary {
  id: string;
  status: ContentStatus;
  version: number;
  live: boolean;
  /** Live, and the working copy differs from what the public sees. */
  hasUnpublishedChanges: boolean;
  title: string;
  languages: string[];
  category: string | null;
  tags: string[];
  startsAt: string | null;
  updatedAt: string;
  publishAt: string | null;
  unpublishAt: string | null;
}

/**
 * Keyset positions: (a timestamp or date, an item id), stable under concurrent inserts. The HTTP
 * layer signs them (platform/http/cursor.ts); this checks their shape again, so a position that
 * did not come from here is a 400, never a database error.
 */
export function encodeCursor(parts: [string, string]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): [string, string] | null {
  if (!cursor) return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(parts) &&
      parts.length === 2 &&
      typeof parts[0] === 'string' &&
      (isStrictDate(parts[0]) || isStrictDateTime(parts[0])) &&
      typeof parts[1] === 'string' &&
      isUuid(parts[1])
    )
      return [parts[0], parts[1]];
  } catch {
    // fall through
  }
  throw invalidCursor();
}

export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function titleOf(data: Record<string, unknown>): { ja: string; languages: string[] } {
  const title = (data.name ?? data.title ?? { ja: '' }) as Record<string, string>;
  return { ja: title.ja ?? '', languages: Object.keys(title).filter((k) => title[k]) };
}

/** The console's list: every status, filters, Japanese-aware search, keyset pages. */
export async function listItems(
  ctx: TenantContext,
  kind: ContentKind,
  query: ListQuery,
): Promise<{ items: ItemSummary[]; nextCursor: string | null }> {
  ctx.require(permissionFor(kind, 'view'));
  const limit = query.limit ?? 50;
  let q = ctx.tx
    .selectFrom('tenant.content_items')
    .select([
      'id',
      'status',
      'version',
      'published_data',
      'data',
      'category',
      'tags',
      'starts_at',
      'updated_at',
      'publish_at',
      'unpublish_at',
    ])
    .where('org', '=', ctx.scope.org)
    .where('kind', '=', kind);
  for (const term of searchTerms(query.q ?? '')) {
    q = q.where('search_text', 'like', likePattern(normaliseForSearch(term)));
  }
  if (query.category) q = q.where('category', '=', query.category);
  if (query.tag) q = q.where(sql<boolean>`${query.tag} = ANY (tags)`);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.updatedFrom) q = q.where('updated_at', '>=', new Date(query.updatedFrom));
  if (query.updatedTo) q = q.where('updated_at', '<', new Date(query.updatedTo));
  const cursor = decodeCursor(query.cursor);
  if (cursor) {
    const [at, id] = cursor;
    q = q.where(sql<boolean>`(updated_at, id) < (${new Date(at)}, ${id}::uuid)`);
  }
  const rows = await q
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map((row) => {
    const title = titleOf(row.data);
    return {
      id: row.id,
      status: row.status,
      version: row.version,
      live: row.published_data !== null,
      hasUnpublishedChanges:
        row.published_data !== null && canonicalize(row.published_data) !== canonicalize(row.data),
      title: title.ja,
      languages: title.languages,
      category: row.category,
      tags: row.tags,
      startsAt: row.starts_at?.toISOString() ?? null,
      updatedAt: row.updated_at.toISOString(),
      publishAt: row.publish_at?.toISOString() ?? null,
      unpublishAt: row.unpublish_at?.toISOString() ?? null,
    };
  });
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor([last.updated_at.toISOString(), last.id]) : null };
}
