/**
 * The SQL of the published read model (tenant.published_items, migration 0040): each function is
 * one statement, sent without a transaction through the reader (`db` is `Database.reader`), which
 * can read published rows and nothing else. Every statement names the organisation.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../../db/schema.js';
import type { ContentKind } from '../content.schema.js';
import type { LiveListFilter } from './content-public.repo.js';

/** A row as JSON: instants as epoch milliseconds, so they parse exactly as node-postgres's Dates. */
const rowJson = (alias: string) =>
  sql.raw(`'id', ${alias}.id, 'kind', ${alias}.kind, 'data', ${alias}.data,
    'publishedAt', floor(extract(epoch FROM coalesce(${alias}.published_at, ${alias}.updated_at)) * 1000)::float8,
    'updatedAt', floor(extract(epoch FROM ${alias}.updated_at) * 1000)::float8,
    'images', ${alias}.images`);

/**
 * The live spots among p's references, each as `each` (over alias r), as a JSON array: '[]' with no
 * look-up for an item that references none (every spot), else one primary-key look-up per
 * referenced id. (`r.id = ANY (p.refs)` had the planner scan every spot of the organisation for
 * each item, references or not: 200 rows a detail at 200 spots, 1,000 at 1,000.)
 */
const liveRefs = (each: RawBuilder<unknown>) => sql`CASE WHEN cardinality(p.refs) = 0 THEN '[]'::json ELSE
      (SELECT coalesce(json_agg(${each}), '[]'::json)
         FROM (SELECT DISTINCT unnest(p.refs) AS id) ref
        CROSS JOIN LATERAL (SELECT * FROM tenant.published_items x
                             WHERE x.org = p.org AND x.id = ref.id AND x.kind = 'spot') r) END`;

/** An item as JSON: its row, the live spots it references and, for a spot, its nearest live spots in order. */
const itemJson = sql`json_build_object(${rowJson('p')},
      'refs', ${liveRefs(sql`json_build_object(${rowJson('r')})`)},
      'nearby', (SELECT coalesce(json_agg(json_build_object(${rowJson('n')},
                          'lat', n.lat, 'lng', n.lng) ORDER BY array_position(p.nearby, n.id)), '[]'::json)
                   FROM tenant.published_items n
                  WHERE n.org = p.org AND n.id = ANY (p.nearby))
    )::text`;

/**
 * As itemJson without the nearest spots (no `nearby`): what the API detail shows. A spot's four
 * nearest are four more rows read and sent, most of a detail's statement.
 */
const detailJson = sql`json_build_object(${rowJson('p')},
      'refs', ${liveRefs(sql`json_build_object(${rowJson('r')})`)})::text`;

/**
 * One published item of the kind as JSON text (see itemJson; with `nearby: false`, detailJson);
 * undefined when it is not live.
 */
export async function findPublishedItem(
  db: Kysely<DB>,
  org: string,
  kind: ContentKind,
  id: string,
  { nearby }: { nearby: boolean },
): Promise<string | undefined> {
  const { rows } = await sql<{ item: string }>`
    SELECT ${nearby ? itemJson : detailJson} AS item
      FROM tenant.published_items p
     WHERE p.org = ${org} AND p.kind = ${kind} AND p.id = ${id}::uuid`.execute(db);
  return rows[0]?.item;
}

/** The live ones among `ids` (any kind), each as JSON text (see itemJson): warming the cache. */
export async function findPublishedItems(
  db: Kysely<DB>,
  org: string,
  ids: readonly string[],
): Promise<{ id: string; item: string }[]> {
  const { rows } = await sql<{ id: string; item: string }>`
    SELECT p.id::text AS id, ${itemJson} AS item
      FROM tenant.published_items p
     WHERE p.org = ${org} AND p.id = ANY (${ids}::uuid[])`.execute(db);
  return rows;
}

/**
 * A page of published items as JSON text, ordered as the public lists are (events by start date,
 * the others newest first), one more than the limit; each with the ids of its referenced spots
 * that are live.
 */
export async function listPublishedItems(
  db: Kysely<DB>,
  org: string,
  kind: ContentKind,
  filter: LiveListFilter,
): Promise<string> {
  const where = [sql`p.org = ${org}`, sql`p.kind = ${kind}`];
  if (filter.category) where.push(sql`p.category = ${filter.category}`);
  if (filter.tag) where.push(sql`p.data->'tags' ? ${filter.tag}`);
  for (const term of filter.searchPatterns ?? [])
    where.push(
      sql`(${sql.join(
        term.map((pattern) => sql`p.search_text LIKE ${pattern}`),
        sql` OR `,
      )})`,
    );
  let order = sql`p.published_at DESC, p.id DESC`;
  if (kind === 'event') {
    const endDate = sql`coalesce(p.data->>'endDate', p.data->>'startDate')`;
    if (filter.from) where.push(sql`${endDate} >= ${filter.from}`);
    if (filter.to) where.push(sql`p.data->>'startDate' <= ${filter.to}`);
    if (filter.after)
      where.push(sql`(p.data->>'startDate', p.id) > (${filter.after[0]}, ${filter.after[1]}::uuid)`);
    order = sql`p.data->>'startDate', p.id`;
  } else if (filter.after) {
    where.push(sql`(p.published_at, p.id) < (${new Date(filter.after[0])}, ${filter.after[1]}::uuid)`);
  }
  const { rows } = await sql<{ items: string }>`
    SELECT coalesce(json_agg(json_build_object(${rowJson('p')},
      'liveRefs', ${liveRefs(sql`r.id`)})
      ORDER BY ${order}), '[]'::json)::text AS items
      FROM (SELECT * FROM tenant.published_items p WHERE ${sql.join(where, sql` AND `)}
             ORDER BY ${order} LIMIT ${filter.limit + 1}) p`.execute(db);
  return rows[0]?.items ?? '[]';
}

/**
 * The version of an organisation's public data: a number every statement that changes its
 * published rows, its site settings or its own categories moves, in the same transaction
 * (tenant.published_versions, 0078, 0079), so a statement sees the rows and their version
 * together; 0 while the organisation has none.
 */
function modelVersion(org: string) {
  return sql<string>`coalesce((SELECT v.version FROM tenant.published_versions v WHERE v.org = ${org}), 0)::text`;
}

/**
 * Every published item of the organisation as JSON text (rows as itemJson's, with the columns the
 * lists filter and order by and the ids the detail resolves), and their version, in one statement:
 * the node-local published model.
 */
export async function loadPublishedModel(
  db: Kysely<DB>,
  org: string,
): Promise<{ version: string; rows: string }> {
  const { rows } = await sql<{ version: string; rows: string }>`
    SELECT ${modelVersion(org)} AS version,
           coalesce(json_agg(json_build_object(${rowJson('p')},
             'orderAt', (extract(epoch FROM p.published_at) * 1000000)::float8,
             'category', p.category, 'lat', p.lat, 'lng', p.lng, 'refs', p.refs, 'nearby', p.nearby)),
             '[]'::json)::text AS rows
      FROM tenant.published_items p
     WHERE p.org = ${org}`.execute(db);
  return rows[0] ?? { version: '0', rows: '[]' };
}

/** The version of the organisation's published rows (see modelVersion): is a loaded model current? */
export async function publishedModelVersion(db: Kysely<DB>, org: string): Promise<string> {
  const { rows } = await sql<{ version: string }>`
    SELECT ${modelVersion(org)} AS version`.execute(db);
  return rows[0]?.version ?? '0';
}

/**
 * The versions (see modelVersion) of many organisations in one statement, for the checks of what
 * a node holds of them; an organisation without a version row is absent.
 */
export async function publishedVersionsOf(
  db: Kysely<DB>,
  orgs: readonly string[],
): Promise<Map<string, string>> {
  const { rows } = await sql<{ org: string; version: string }>`
    SELECT v.org, v.version::text AS version FROM tenant.published_versions v
     WHERE v.org = ANY(${[...orgs]}::text[])`.execute(db);
  return new Map(rows.map((r) => [r.org, r.version]));
}
