import type { TenantContext } from '../../platform/access/context.js';

import {
  type EventForPublishing,
  eventsICalendar,
  listOwnCategories,
  liveItemsOf,
  type SpotData,
  type SpotForPublishing,
  spotsGeoJson,
} from '../content/index.js';

const org = (ctx: TenantContext) => ctx.scope.org;

/**
 * Published spots with a position, as GeoJSON (live copies only). `category` is always a standard
 * category: an organisation's own category is exported as the standard one it is mapped to
 * ('other' when none), with its own code in `localCategory`.
 */
export async function spotsForMaps(ctx: TenantContext) {
  const [rows, own] = await Promise.all([
    liveItemsOf(ctx, 'spot'),
    listOwnCategories(ctx.tx, ctx.scope.org, 'spot'),
  ]);
  const standardOf = new Map(own.map((c) => [c.code, c.standard ?? 'other']));
  const spots: SpotForPublishing[] = rows.map((r) => {
    const d = r.data as unknown as SpotData;
    const standard = standardOf.get(d.category);
    return { ...d, id: r.id, ...(standard ? { category: standard } : {}) } as unknown as SpotForPublishing;
  });
  const localOf = new Map(
    rows.flatMap((r) => {
      const code = (r.data as { category?: string } | null)?.category;
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
  const rows = await liveItemsOf(ctx, 'event');
  const events: EventForPublishing[] = rows.map(
    (r) => ({ ...r.data, id: r.id, updatedAt: r.publishedAt }) as unknown as EventForPublishing,
  );
  return eventsICalendar(events, { orgName: ctx.org.nameJa, url: `${baseUrl}/s/${org(ctx)}/` });
}
