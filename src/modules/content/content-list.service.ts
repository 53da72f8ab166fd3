import type { ContentSummary } from '../../contract/content.js';
import type { TenantContext } from '../../platform/access/context.js';
import { Errors } from '../../platform/errors.js';
import { invalidCursor } from '../../platform/http/cursor.js';
import { isStrictDate, isStrictDateTime } from '../../platform/http/strict-formats.js';
import { isUuid } from '../../platform/ids.js';
import { listItemRows } from './content.repo.js';
import type { ContentKind, ContentStatus } from './content.schema.js';
import { permissionFor, publicationState } from './content.service.js';
import { normaliseForSearch, searchTerms } from './lib/text-normalise.js';

export interface ListQuery {
  q?: string;
  /** Comma-separated ids: only these items (unknown and foreign ids are simply absent). */
  ids?: string;
  category?: string;
  tag?: string;
  status?: ContentStatus;
  updatedFrom?: string;
  updatedTo?: string;
  cursor?: string;
  limit?: number;
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

const MAX_IDS = 100;

/** The `ids` filter: 1 to 100 well-formed ids, else 400 naming the field. */
function idList(value: string): string[] {
  const ids = [...new Set(value.split(',').map((id) => id.trim()))];
  if (ids.length === 0 || ids.length > MAX_IDS || !ids.every(isUuid)) {
    throw Errors.invalidField('ids', {
      ja: `ids には項目の ID をカンマ区切りで 1〜${MAX_IDS} 個指定してください。`,
      en: `ids must be 1 to ${MAX_IDS} comma-separated item ids.`,
    });
  }
  return ids;
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
): Promise<{ items: ContentSummary[]; nextCursor: string | null }> {
  ctx.require(permissionFor(kind, 'view'));
  // A lookup by ids answers every one of them on one page.
  const limit = query.ids !== undefined ? MAX_IDS : (query.limit ?? 50);
  const cursor = decodeCursor(query.cursor);
  const rows = await listItemRows(ctx.tx, ctx.scope.org, kind, {
    searchPatterns: searchTerms(query.q ?? '').map((term) => likePattern(normaliseForSearch(term))),
    ids: query.ids !== undefined ? idList(query.ids) : undefined,
    category: query.category,
    tag: query.tag,
    status: query.status,
    updatedFrom: query.updatedFrom ? new Date(query.updatedFrom) : undefined,
    updatedTo: query.updatedTo ? new Date(query.updatedTo) : undefined,
    after: cursor ? [new Date(cursor[0]), cursor[1]] : null,
    limit,
  });
  const items = rows.slice(0, limit).map((row) => {
    const title = titleOf(row.data);
    return {
      id: row.id,
      status: row.status,
      version: row.version,
      ...publicationState(row),
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
