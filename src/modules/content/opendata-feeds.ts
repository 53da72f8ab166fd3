import { type Context, tenantOrg } from '../../platform/http/context.js';
import { Errors } from '../../platform/http/errors.js';
import type { EventData, SpotData } from './content.schema.js';
import {
  type EventForPublishing,
  eventsICalendar,
  type SpotForPublishing,
  spotsGeoJson,
} from './lib/structured-data.js';

const org = (ctx: Context) => tenantOrg(ctx, Errors.notFound);

async function published(ctx: Context, kind: 'spot' | 'event') {
  return ctx.tx
    .selectFrom('tenant.content_items')
    .select(['id', 'published_data', 'published_at'])
    .where('org', '=', org(ctx))
    .where('kind', '=', kind)
    .where('published_data', 'is not', null)
    .orderBy('published_at', 'desc')
    .orderBy('id')
    .execute();
}

/** Published spots with a position, as GeoJSON (live copies only). */
export async function spotsForMaps(ctx: Context) {
  const rows = await published(ctx, 'spot');
  const spots: SpotForPublishing[] = rows.map((r) => {
    const d = r.published_data as unknown as SpotData;
    return { ...d, id: r.id } as unknown as SpotForPublishing;
  });
  return spotsGeoJson(spots.filter((s) => s.lat !== undefined && s.lng !== undefined));
}

/** Published events as an iCalendar feed (live copies only). */
export async function eventsForCalendar(ctx: Context, baseUrl: string): Promise<string> {
  const rows = await published(ctx, 'event');
  const events: EventForPublishing[] = rows.map((r) => {
    const d = r.published_data as unknown as EventData;
    return {
      ...d,
      id: r.id,
      ...(r.published_at ? { updatedAt: r.published_at } : {}),
    } as unknown as EventForPublishing;
  });
  return eventsICalendar(events, { orgName: ctx.org!.nameJa, url: `${baseUrl}/s/${org(ctx)}/` });
}
