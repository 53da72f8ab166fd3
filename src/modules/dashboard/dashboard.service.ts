import type { TenantContext } from '../../platform/access/context.js';
import { analyticsSummary } from '../analytics/index.js';
import { addDays, CONTENT_KINDS, type ContentKind, permissionFor, todayInTokyo } from '../content/index.js';
import { storageUsage } from '../media/index.js';
import { noticesCard } from '../notices/index.js';
import { publicSiteSettings } from '../site-settings/index.js';
import {
  colleagueChanges,
  type DashboardItemRow,
  endedButPublished,
  type Filter,
  type ItemList,
  lacksAltText,
  lacksTranslation,
  listItems,
} from './dashboard.repo.js';
import type { Dashboard, DashboardItem, DashboardList } from './dashboard.schema.js';

const LIMIT = 8;

const toItem = (row: DashboardItemRow): DashboardItem => ({
  id: row.id,
  kind: row.kind,
  status: row.status,
  name: row.name ?? {},
  updatedAt: row.updated_at.toISOString(),
  publishAt: row.publish_at?.toISOString() ?? null,
  unpublishAt: row.unpublish_at?.toISOString() ?? null,
  endsAt: row.ends_at?.toISOString() ?? null,
});

const toList = (list: ItemList): DashboardList => ({ total: list.total, items: list.items.map(toItem) });

/**
 * What needs the signed-in person, in one answer. Each section is computed only for the kinds
 * the person may see at the level it needs, and left out altogether when that is none: the
 * console shows what is here and nothing else.
 */
export async function loadDashboard(ctx: TenantContext, me: string): Promise<Dashboard> {
  const org = ctx.scope.org;
  const kindsAt = (level: 'view' | 'edit' | 'publish') =>
    CONTENT_KINDS.filter((kind) => ctx.can(permissionFor(kind, level)));
  const viewable = kindsAt('view');
  const editable = kindsAt('edit');
  const publishable = kindsAt('publish');
  const dashboard: Dashboard = {};
  // Every list section: at most LIMIT items of the given kinds, with the total.
  const list = async (kinds: readonly ContentKind[], where: Filter, order?: 'updated' | 'schedule') =>
    toList(await listItems(ctx.tx, org, kinds, where, LIMIT, order));

  if (publishable.length) {
    // Someone else's submission: the reviewer is not the author of the last change.
    dashboard.awaitingApproval = await list(publishable, (eb) =>
      eb.and([
        eb('status', '=', 'in_review'),
        eb.or([eb('updated_by', 'is', null), eb('updated_by', '!=', me)]),
      ]),
    );
  }
  if (editable.length) {
    dashboard.myDrafts = await list(editable, (eb) =>
      eb.and([
        eb('status', 'in', ['draft', 'unpublished']),
        eb.or([eb('created_by', '=', me), eb('updated_by', '=', me)]),
      ]),
    );
  }
  if (viewable.length) {
    dashboard.scheduled = await list(
      viewable,
      (eb) => eb.or([eb('publish_at', 'is not', null), eb('unpublish_at', 'is not', null)]),
      'schedule',
    );
    const languages = (await publicSiteSettings(ctx)).languages.filter((l) => l !== 'ja');
    if (languages.length) {
      dashboard.missingTranslations = {
        languages,
        ...(await list(viewable, lacksTranslation(languages))),
      };
    }
    dashboard.missingAltText = await list(viewable, lacksAltText);
    const changes = await colleagueChanges(ctx.tx, org, viewable, me, LIMIT);
    dashboard.recentChanges = changes.map((c) => ({
      at: c.at.toISOString(),
      action: c.action,
      actorName: c.actor_name,
      kind: c.target_type as ContentKind,
      id: c.target_id ?? '',
    }));
  }
  if (viewable.includes('event')) {
    dashboard.expiredEvents = await list(['event'], endedButPublished);
  }
  if (ctx.can('analytics:view')) {
    const to = todayInTokyo();
    const summary = await analyticsSummary(ctx, { from: addDays(to, -6), to });
    dashboard.visitors = { from: summary.from, to: summary.to, totals: summary.totals, days: summary.days };
  }
  if (ctx.can('media:view')) dashboard.storage = await storageUsage(ctx.tx, org);
  // The provider's notices concern everyone in the organisation; admins acknowledge them.
  dashboard.notices = await noticesCard(ctx);
  return dashboard;
}
