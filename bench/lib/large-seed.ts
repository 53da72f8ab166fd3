/**
 * Seeding for the scale benches on PostgreSQL (issue 17): many organisations, each with many
 * published spots and a media library, written in set-based SQL as the superuser. The per-row
 * triggers of the read model (one plpgsql call and a nearest-spot scan per inserted spot) would
 * take hours for 1M spots; here the same read-model function, tenant.upsert_published_item, fills
 * tenant.published_items once per row with triggers off, and the nearest spots are set in one
 * statement. The spots of an organisation lie on a diagonal line (i/1000° apart), so the four
 * nearest of spot i are exactly i±1 and i±2: the rows are what the triggers would have written.
 */
import pg from 'pg';
import type { Database } from '../../src/db/database.js';
import { provisionOrganisation } from '../../src/modules/organisations/organisation.service.js';
import { runAsSystem } from '../../src/platform/access/system-context.js';

export interface LargeSeed {
  orgs: string[];
  /** Spot ids of each organisation, in seeding order. */
  ids: Map<string, string[]>;
  seconds: number;
}

const orgCode = (prefix: string, o: number) => `${prefix}-${String(o).padStart(4, '0')}`;

export async function seedLarge(
  db: Database,
  superuserUrl: string,
  options: {
    prefix: string;
    orgs: number;
    spotsPerOrg: number;
    mediaPerOrg: number;
    log?: (line: string) => void;
  },
): Promise<LargeSeed> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const orgs = Array.from({ length: options.orgs }, (_, o) => orgCode(options.prefix, o));
  for (const [o, org] of orgs.entries()) {
    await runAsSystem(db, { kind: 'provider' }, 'bench', ['ops:organisations'], (ctx) =>
      provisionOrganisation(ctx, { serviceCode: org, nameJa: `規模町${o}`, nameEn: `Scale ${o}` }),
    );
  }
  log(`  ${orgs.length} organisations provisioned (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    // Triggers off for this session only: the read model is written below, set-based.
    await client.query("SET session_replication_role = 'replica'");
    const batch = Math.max(1, Math.floor(200_000 / Math.max(1, options.spotsPerOrg)));
    for (let from = 0; from < orgs.length; from += batch) {
      const some = orgs.slice(from, from + batch);
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO tenant.media (org, kind, mime, extension, original_name, size_bytes, sha256, blob_key,
                                   key_version, alt, derivatives)
         SELECT o, 'image', 'image/jpeg', 'jpg', 'photo-' || i || '.jpg', 2000000, repeat('0', 64),
                o || '/bench/' || i || '.jpg', 1,
                jsonb_build_object('ja', '写真' || i, 'en', 'Photo ' || i),
                '[{"variant":"w320"},{"variant":"w800"},{"variant":"w1600"}]'::jsonb
           FROM unnest($1::text[]) o, generate_series(0, $2::int - 1) i`,
        [some, options.mediaPerOrg],
      );
      await client.query(
        `WITH photos AS (
           SELECT org, array_agg(id::text ORDER BY original_name) AS ids FROM tenant.media
            WHERE org = ANY ($1::text[]) GROUP BY org)
         INSERT INTO tenant.content_items (org, id, kind, status, data, published_data, published_at,
                                           category, lat, lng, search_text, public_search_text)
         SELECT o, gen_random_uuid(), 'spot', 'published', d, d, now() - i * interval '1 second',
                'nature', (d ->> 'lat')::float8, (d ->> 'lng')::float8, 'スポット' || i || ' spot ' || i,
                'スポット' || i || ' spot ' || i
           FROM unnest($1::text[]) o
           JOIN photos p ON p.org = o
          CROSS JOIN generate_series(0, $2::int - 1) i
          CROSS JOIN LATERAL (SELECT jsonb_build_object(
                  'name', jsonb_build_object('ja', 'スポット' || i, 'en', 'Spot ' || i),
                  'category', 'nature',
                  'description', jsonb_build_object('ja', repeat('静かな山あいの名所です。', 8),
                                                    'en', repeat('A quiet place in the hills. ', 8)),
                  'address', jsonb_build_object('ja', '規模町' || i || '番地'),
                  'lat', 35 + i / 1000.0, 'lng', 135 + i / 1000.0,
                  'imageIds', jsonb_build_array(p.ids[1 + i % cardinality(p.ids)]),
                  'openingHours', '[{"days":["mon","tue","wed"],"opens":"09:00","closes":"17:00"}]'::jsonb) AS d) x`,
        [some, options.spotsPerOrg],
      );
      await client.query(
        `SELECT count(tenant.upsert_published_item(c)) FROM tenant.content_items c
          WHERE c.org = ANY ($1::text[]) AND c.published_data IS NOT NULL`,
        [some],
      );
      await client.query(
        `UPDATE tenant.published_items p
            SET nearby = n.ids,
                nearby_km = CASE WHEN cardinality(n.ids) = 4
                                 THEN sqrt(power(0.002, 2) + power(0.002 * cos(radians(p.lat)), 2)) * 111.32
                                 ELSE 'Infinity' END
           FROM (SELECT org, id,
                        array_remove(ARRAY[lag(id) OVER w, lead(id) OVER w, lag(id, 2) OVER w, lead(id, 2) OVER w], NULL) AS ids
                   FROM tenant.published_items WHERE org = ANY ($1::text[]) AND kind = 'spot'
                 WINDOW w AS (PARTITION BY org ORDER BY lat, id)) n
          WHERE p.org = n.org AND p.id = n.id`,
        [some],
      );
      // What the read model's version triggers (0078) would have written (provisioning wrote
      // the first row with the site, 0079).
      await client.query(
        `INSERT INTO tenant.published_versions AS v (org, version)
         SELECT o, nextval('tenant.published_version_seq') FROM unnest($1::text[]) o
         ON CONFLICT (org) DO UPDATE SET version = EXCLUDED.version`,
        [some],
      );
      await client.query('COMMIT');
      log(
        `  ${Math.min(from + batch, orgs.length)}/${orgs.length} organisations filled (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
    // A steady database, as a node reads it in production: dead rows of the nearby update gone,
    // hint bits set and dirty pages written now, not by the walks' first reads and autovacuum
    // while they are measured.
    await client.query('VACUUM (ANALYZE)');
    await client.query('CHECKPOINT');
    log(`  vacuumed and checkpointed (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    const ids = new Map<string, string[]>();
    const { rows } = await client.query<{ org: string; ids: string[] }>(
      `SELECT org, array_agg(id::text ORDER BY published_at DESC) AS ids FROM tenant.published_items
        WHERE org = ANY ($1::text[]) GROUP BY org`,
      [orgs],
    );
    for (const row of rows) ids.set(row.org, row.ids);
    return { orgs, ids, seconds: (Date.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

/** `count` (organisation, id) pairs drawn at random without repeats, for a cold walk. */
export function sampleIds(seed: LargeSeed, count: number): { org: string; id: string }[] {
  const all = seed.orgs.flatMap((org) => (seed.ids.get(org) ?? []).map((id) => ({ org, id })));
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, count);
}
