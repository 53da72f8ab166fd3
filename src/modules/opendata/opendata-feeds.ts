import { type Context, tenantOrg } from '../../platform/http/context.js';
import { Errors } from '../../platform/http/errors.js';
import {
  type EventForPublishing,
  eventsICalendar,
  liveItemsOf,
  type SpotForPublishing,
  spotsGeoJson,
} from '../content/index.js';

const org = (ctx: Context) => tenantOrg(ctx, Errors.notFound);

/** Published spots with a position, as GeoJSON (live copies only). */
export async function spotsForMaps(ctx: Context) {
  const rows = await liveItemsOf(ctx, 'spot');
  const spots: SpotForPublishing[] = rows.map(
    (r) => ({ ...r.data, id: r.id }) as unknown as SpotForPublishing,
  );
  return spotsGeoJson(spots.filter((s) => s.lat !== undefined && s.lng !== undefined));
}

/** Published events as an iCalendar feed (live copies only). */
export async function eventsForCalendar(ctx: Context, baseUrl: string): Promise<string> {
  const rows = await liveItemsOf(ctx, 'event');
  const events: EventForPublishing[] = rows.map(
    (r) => ({ ...r.data, id: r.id, updatedAt: r.publishedAt }) as unknown as EventForPublishing,
  );
  return eventsICalendar(events, { orgName: ctx.org!.nameJa, url: `${baseUrl}/s/${org(ctx)}/` });
}
