import type { TenantContext } from '../../platform/access/context.js';
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

/** Published spots with a position, as GeoJSON (live copies only). */
export async function spotsForMaps(ctx: TenantContext) {
  const rows = await published(ctx, 'spot');
  const spots: SpotForPublishing[] = rows.map((r) => {
    const d = r.published_data as unknown as SpotData;
    return { ...d, id: r.id } as unknown as SpotForPublishing;
  });
  return spotsGeoJson(spots.filter((s) => s.lat !== undefined && s.lng !== undefined));
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
