import type { TenantContext } from '../../platform/access/context.js';
import {
  type EventForPublishing,
  eventsICalendar,
  liveItemsOf,
  type SpotForPublishing,
  spotsGeoJson,
} from '../content/index.js';

const org = (ctx: TenantContext) => ctx.scope.org;

/** Published spots with a position, as GeoJSON (live copies only). */
export async function spotsForMaps(ctx: TenantContext) {
  const rows = await liveItemsOf(ctx, 'spot');
  const spots: SpotForPublishing[] = rows.map(
    (r) => ({ ...r.data, id: r.id }) as unknown as SpotForPublishing,
  );
  return spotsGeoJson(spots.filter((s) => s.lat !== undefined && s.lng !== undefined));
}

/** Published events as an iCalendar feed (live copies only). */
export async function eventsForCalendar(ctx: TenantContext, baseUrl: string): Promise<string> {
  const rows = await liveItemsOf(ctx, 'event');
  const events: EventForPublishing[] = rows.map(
    (r) => ({ ...r.data, id: r.id, updatedAt: r.publishedAt }) as unknown as EventForPublishing,
  );
  return eventsICalendar(events, { orgName: ctx.org.nameJa, url: `${baseUrl}/s/${org(ctx)}/` });
}
