/**
 * The dashboard's reads: small, bounded lists over content items and the audit chain, each for
 * the kinds the caller may see (the service decides which). Every query names the organisation.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Tx } from '../../db/scope.js';
import type { ContentKind, ContentStatus } from '../content/content.schema.js';

export interface DashboardItemRow {
  id: string;
  kind: ContentKind;
  status: ContentStatus;
  name: Record<string, string> | null;
  updated_at: Date;
  publish_at: Date | null;
  unpublish_at: Date | null;
  ends_at: Date | null;
}

export interface ItemList {
  total: number;
  items: DashboardItemRow[];
}

export type Filter = (eb: ExpressionBuilder<DB, 'tenant.content_items'>) => Expression<SqlBool>;

function base(tx: Tx, org: string, kinds: readonly ContentKind[]) {
  return tx
    .selectFrom('tenant.content_items')
    .where('org', '=', org)
    .where('kind', 'in', kinds.length ? [...kinds] : ['__none__' as ContentKind]);
}

/** At most `limit` items matching the filter (newest change first), and how many match. */
export async function listItems(
  tx: Tx,
  org: string,
  kinds: readonly ContentKind[],
  filter: Filter,
  limit: number,
  order: 'updated' | 'schedule' = 'updated',
): Promise<ItemList> {
  if (kinds.length === 0) return { total: 0, items: [] };
  const [count, items] = await Promise.all([
    base(tx, org, kinds).where(filter).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    base(tx, org, kinds)
      .where(filter)
      .select([
        'id',
        'kind',
        'status',
        sql<Record<string, string> | null>`coalesce(data -> 'name', data -> 'title')`.as('name'),
        'updated_at',
        'publish_at',
        'unpublish_at',
        'ends_at',
      ])
      .$call((q) =>
        order === 'schedule'
          ? q.orderBy(sql`least(publish_at, unpublish_at)`, 'asc').orderBy('id')
          : q.orderBy('updated_at', 'desc').orderBy('id'),
      )
      .limit(limit)
      .execute(),
  ]);
  return { total: count.n, items: items as DashboardItemRow[] };
}

/** Items whose name (title) lacks one of the languages, in any language the site publishes. */
export const lacksTranslation =
  (languages: readonly string[]): Filter =>
  (eb) =>
    eb.or(
      languages.map(
        (lang) =>
          sql<SqlBool>`coalesce(btrim(coalesce(data -> 'name', data -> 'title') ->> ${lang}), '') = ''`,
      ),
    );

/** Published events whose dates are over; a recurring event goes on past its first dates. */
export const endedButPublished: Filter = (eb) =>
  eb.and([
    eb('published_data', 'is not', null),
    eb('ends_at', '<', sql<Date>`now()`),
    sql<boolean>`coalesce(data ->> 'recurrence', '') = ''`,
  ]);

/** Items showing an image of the library that has no Japanese alt text. */
export const lacksAltText: Filter = () => sql<SqlBool>`EXISTS (
  SELECT 1 FROM tenant.media m
  WHERE m.org = tenant.content_items.org
    AND m.id::text IN (
      SELECT jsonb_array_elements_text(coalesce(data -> 'imageIds', '[]'::jsonb))
      UNION ALL SELECT data ->> 'heroImageId')
    AND coalesce(btrim(m.alt ->> 'ja'), '') = '')`;

export interface ColleagueChangeRow {
  at: Date;
  action: string;
  actor_name: string | null;
  target_type: string | null;
  target_id: string | null;
}

/** Recent content changes by other accounts of the organisation, from its audit chain. */
export async function colleagueChanges(
  tx: Tx,
  org: string,
  kinds: readonly ContentKind[],
  me: string,
  limit: number,
): Promise<ColleagueChangeRow[]> {
  if (kinds.length === 0) return [];
  return tx
    .selectFrom('audit.events as e')
    .leftJoin('tenant.users as u', (join) =>
      join.onRef('u.org', '=', 'e.org').on(sql<boolean>`u.id::text = e.actor_id`),
    )
    .select(['e.at', 'e.action', 'u.name as actor_name', 'e.target_type', 'e.target_id'])
    .where('e.chain', '=', org)
    .where('e.actor_type', '=', 'user')
    .where('e.actor_id', '!=', me)
    .where('e.outcome', '=', 'success')
    .where('e.target_type', 'in', [...kinds])
    .where('e.action', 'like', 'content.%')
    .orderBy('e.seq', 'desc')
    .limit(limit)
    .execute();
}
