import { Gauge, type Registry } from 'prom-client';
import type { Database } from '../../db/database.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import type { OrganisationUsage } from './capacity.schema.js';
import { listOrganisationUsage } from './capacity.service.js';

/** Organisations named on /metrics: only the N using the most storage, so the series stay bounded. */
export const METRICS_TOP_ORGANISATIONS = 10;
/** The figures are counted at most once a minute per node, however often Prometheus scrapes. */
const SNAPSHOT_TTL_MS = 60_000;
/** Share of the quota above which an organisation counts as near it. */
const NEAR_QUOTA = 0.9;

/**
 * Capacity on /metrics (A.12.1.3) without one series per organisation: totals over every
 * organisation, how many are near their quota, and the top N by storage (rank 1…N, each with
 * its service code). With 1,000 organisations the series count is the same as with ten. The
 * service codes are named only when /metrics is behind METRICS_TOKEN: an open /metrics (allowed
 * outside production) must not tell anyone which organisations use the service.
 */
export function installCapacityMetrics(
  registry: Registry,
  db: Database,
  options: { nameOrganisations: boolean },
): void {
  let snapshot: { at: number; figures: OrganisationUsage[] } | undefined;
  let pending: Promise<OrganisationUsage[]> | undefined;
  const figures = async (): Promise<OrganisationUsage[]> => {
    if (snapshot && Date.now() - snapshot.at < SNAPSHOT_TTL_MS) return snapshot.figures;
    pending ??= runAsSystem(db, { kind: 'provider' }, 'capacity-metrics', ['ops:capacity'], (ctx) =>
      listOrganisationUsage(ctx),
    )
      .then((all) => {
        snapshot = { at: Date.now(), figures: all };
        return all;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  const sum = (all: OrganisationUsage[], pick: (u: OrganisationUsage) => number) =>
    all.reduce((n, u) => n + pick(u), 0);

  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    set: (g: Gauge, all: OrganisationUsage[]) => void,
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        set(this, await figures());
      },
    });

  gauge('mitte_capacity_organisations', 'Organisations not purged, by status', ['status'], (g, all) => {
    for (const status of ['active', 'suspended', 'terminated'])
      g.set({ status }, all.filter((u) => u.status === status).length);
  });
  gauge(
    'mitte_capacity_storage_bytes',
    'Stored media bytes of all organisations, originals and derivatives',
    ['part'],
    (g, all) => {
      g.set(
        { part: 'originals' },
        sum(all, (u) => u.storage.originalBytes),
      );
      g.set(
        { part: 'derivatives' },
        sum(all, (u) => u.storage.derivativeBytes),
      );
    },
  );
  gauge('mitte_capacity_storage_quota_bytes', 'Sum of all organisations’ storage quotas', [], (g, all) => {
    g.set(sum(all, (u) => u.storage.quotaBytes));
  });
  gauge(
    'mitte_capacity_organisations_near_quota',
    `Organisations using at least ${NEAR_QUOTA * 100} % of their storage quota`,
    [],
    (g, all) => {
      g.set(all.filter((u) => u.storage.usedBytes >= NEAR_QUOTA * u.storage.quotaBytes).length);
    },
  );
  gauge('mitte_capacity_items', 'Content items of all organisations by kind', ['kind'], (g, all) => {
    for (const kind of ['spot', 'event', 'course', 'article'] as const)
      g.set(
        { kind },
        sum(all, (u) => u.items[kind]),
      );
  });
  gauge('mitte_capacity_media_files', 'Media files of all organisations', [], (g, all) => {
    g.set(sum(all, (u) => u.mediaFiles));
  });
  gauge('mitte_capacity_users', 'Accounts of all organisations (deleted ones left out)', [], (g, all) => {
    g.set(sum(all, (u) => u.users));
  });
  // usageOf lists the days oldest first: [yesterday, today] (JST).
  const byDay = (count: 'pageViews' | 'apiRequests') => (g: Gauge, all: OrganisationUsage[]) => {
    g.set(
      { day: 'yesterday' },
      sum(all, (u) => u.days[0]?.[count] ?? 0),
    );
    g.set(
      { day: 'today' },
      sum(all, (u) => u.days[1]?.[count] ?? 0),
    );
  };
  gauge(
    'mitte_capacity_page_views',
    'Public page views of all organisations, by JST day',
    ['day'],
    byDay('pageViews'),
  );
  gauge(
    'mitte_capacity_api_requests',
    'API requests of all organisations written so far, by JST day',
    ['day'],
    byDay('apiRequests'),
  );
  const topLabels = options.nameOrganisations ? ['rank', 'service_code'] : ['rank'];
  const topLabel = (i: number, u: OrganisationUsage) =>
    options.nameOrganisations
      ? { rank: String(i + 1), service_code: u.serviceCode }
      : { rank: String(i + 1) };
  const top = (all: OrganisationUsage[]) =>
    [...all]
      .sort((a, b) => b.storage.usedBytes - a.storage.usedBytes || a.serviceCode.localeCompare(b.serviceCode))
      .slice(0, METRICS_TOP_ORGANISATIONS);
  gauge(
    'mitte_capacity_top_storage_bytes',
    `Storage used by the ${METRICS_TOP_ORGANISATIONS} organisations using the most`,
    topLabels,
    (g, all) => {
      for (const [i, u] of top(all).entries()) g.set(topLabel(i, u), u.storage.usedBytes);
    },
  );
  gauge(
    'mitte_capacity_top_storage_quota_ratio',
    'Share of the quota used by the same organisations',
    topLabels,
    (g, all) => {
      for (const [i, u] of top(all).entries()) {
        const ratio = u.storage.quotaBytes > 0 ? u.storage.usedBytes / u.storage.quotaBytes : 1;
        g.set(topLabel(i, u), ratio);
      }
    },
  );
}
