import type { TenantContext } from '../../platform/access/context.js';
import { listOwnCategories } from '../categories/categories.repo.js';
import type { EventData, SpotData } from './content.schema.js';
import {
  type EventForPublishing,
  eventsICalendar,
  type SpotForPublishing,
  spotsGeoJson,
} from './lib/structured-data.js';

async function published(ctx: TenantContext, kind: 'spot' | 'event') {
  return ctx.tx
    .selectFrom('tenant.content_items')
    .select(['id', 'published_data', 'published_at'])
    .where('org', '=', ctx.scope.org)
    .where('kind', '=', kind)
    .where('published_data', 'is not', null)
    .orderBy('published_at', 'desc')
    .orderBy('id')
    .execute();
}

/**
 * Published spots with a position, as GeoJSON (live copies only). `category` is always a standard
 * category: an organisation's own category is exported as the standard one it is mapped to
 * ('other' when none), with its own code in `localCategory`.
 */
export async function spotsForMaps(ctx: TenantContext) {
  const [rows, own] = await Promise.all([
    published(ctx, 'spot'),
    listOwnCategories(ctx.tx, ctx.scope.org, 'spot'),
  ]);
  const standardOf = new Map(own.map((c) => [c.code, c.standard ?? 'other']));
  const spots: SpotForPublishing[] = rows.map((r) => {
    const d = r.published_data as unknown as SpotData;
    const standard = standardOf.get(d.category);
    return { ...d, id: r.id, ...(standard ? { category: standard } : {}) } as unknown as SpotForPublishing;
  });
  const localOf = new Map(
    rows.flatMap((r) => {
      const code = (r.published_data as { category?: string } | null)?.category;
      return code && standardOf.has(code) ? [[r.id, code] as const] : [];
    }),
  );
  const collection = spotsGeoJson(spots.filter((s) => s.lat !== undefined && s.lng !== undefined));
  for (const feature of collection.features) {
    const local = localOf.get(String(feature.id));
    if (local) feature.properties.localCategory = local;
  }
  return collection;
}

/** Published events as an iCalendar feed (live copies only). */
export async function eventsForCalendar(ctx: TenantContext, baseUrl: string): Promise<string> {
  const rows = await published(ctx, 'event');
  const events: EventForPublishing[] = rows.map((r) => {
    const d = r.published_data as unknown as EventData;
    return {
      ...d,
      id: r.id,
      ...(r.published_at ? { updatedAt: r.published_at } : {}),
    } as unknown as EventForPublishing;
  });
  return eventsICalendar(events, { orgName: ctx.org.nameJa, url: `${baseUrl}/s/${ctx.scope.org}/` });
}
