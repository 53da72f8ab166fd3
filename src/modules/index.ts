import { registerSiteRoutes } from '../site/site.routes.js';
import { installAnalytics, registerAnalyticsRoutes } from './analytics/index.js';
import type { AppModule } from './app-module.js';
import { anchorNow, registerAuditLogRoutes, startAuditAnchoring } from './audit-log/index.js';
import { registerAccountLinkRoutes, registerAuthRoutes, registerOperatorLinkRoutes } from './auth/index.js';
import { installBackupMetrics, registerBackupRoutes, startBackupSchedule } from './backup/index.js';
import { registerBreakGlassRoutes, startBreakGlassJob } from './break-glass/index.js';
import { registerCapacityRoutes } from './capacity/index.js';
import {
  registerCategoryRoutes,
  registerContentBulkRoutes,
  registerContentRoutes,
  startScheduler,
} from './content/index.js';
import { registerDashboardRoutes } from './dashboard/index.js';
import { registerExportRoutes } from './export/index.js';
import { registerHealthRoutes } from './health/index.js';
import { startHousekeeping } from './housekeeping/index.js';
import { registerIncidentRoutes } from './incidents/index.js';
import { lifecycleDepsOf, registerLifecycleRoutes, startLifecycleJob } from './lifecycle/index.js';
import { registerMediaRoutes, registerQuarantineRoutes } from './media/index.js';
import { registerNoticeRoutes, startNoticesJob } from './notices/index.js';
import { registerOpenDataRoutes } from './opendata/index.js';
import { registerOperatorRoutes, registerScannerStatusRoute } from './operators/index.js';
import { registerOrganisationRoutes } from './organisations/index.js';
import { registerPreviewRoutes } from './preview/index.js';
import { registerRallyRoutes, startApplicantDeletion } from './rally/index.js';
import { registerSiteSettingsRoutes } from './site-settings/index.js';
import { registerSupportRoutes, startSupportRepliesJob } from './support/index.js';
import { registerUserRoutes } from './users/index.js';
import { installWorkLogMetrics, registerWorkLogRoutes } from './work-log/index.js';

/** Purging finished sessions, throttles and tokens is not urgent: once an hour is plenty. */
const HOUSEKEEPING_INTERVAL_MS = 3_600_000;
/** Contract ends, purge dates and interrupted purges are looked at every minute. */
const LIFECYCLE_INTERVAL_MS = 60_000;

/**
 * Every capability of the app, in registration order. Adding a module is one line here; its
 * routes go through defineRoute (declared access, refused at start-up otherwise).
 */
export const APP_MODULES: readonly AppModule[] = [
  { name: 'health', routes: [registerHealthRoutes] },
  { name: 'auth', routes: [registerAuthRoutes, registerOperatorLinkRoutes] },
  { name: 'users', routes: [registerUserRoutes, registerAccountLinkRoutes] },
  { name: 'operators', routes: [registerOperatorRoutes, registerScannerStatusRoute] },
  {
    name: 'audit-log',
    routes: [
      registerAuditLogRoutes,
      // The chains' heads are signed once more at shutdown, so the last events are anchored too.
      (app, d) => app.addHook('onClose', () => anchorNow(d)),
    ],
    jobs: [{ name: 'audit-anchoring', start: (d) => startAuditAnchoring(d) }],
  },
  {
    name: 'content',
    routes: [registerContentRoutes, registerContentBulkRoutes, registerCategoryRoutes],
    jobs: [
      {
        name: 'scheduled-publishing',
        start: (d) => startScheduler(d.db, d.config.schedulerIntervalMs, d.log, d.invalidate),
      },
    ],
  },
  { name: 'opendata', routes: [registerOpenDataRoutes] },
  { name: 'media', routes: [registerMediaRoutes, registerQuarantineRoutes] },
  // Signed links to drafts, rendered by the public site's renderers (src/site).
  { name: 'preview', routes: [registerPreviewRoutes] },
  {
    name: 'housekeeping',
    routes: [],
    jobs: [{ name: 'housekeeping', start: (d) => startHousekeeping(d.db, HOUSEKEEPING_INTERVAL_MS, d.log) }],
  },
  { name: 'organisations', routes: [registerOrganisationRoutes] },
  {
    name: 'lifecycle',
    routes: [registerLifecycleRoutes],
    jobs: [
      {
        name: 'lifecycle',
        start: (d) => startLifecycleJob(lifecycleDepsOf(d), LIFECYCLE_INTERVAL_MS, d.log),
      },
    ],
  },
  {
    name: 'analytics',
    routes: [
      registerAnalyticsRoutes,
      (app, d) => {
        installAnalytics(app, {
          db: d.db,
          ownHosts: [new URL(d.config.baseUrl).hostname],
          closeIntervalMs: d.config.schedulerIntervalMs,
        });
      },
    ],
  },
  {
    name: 'notices',
    routes: [registerNoticeRoutes],
    jobs: [
      {
        name: 'notices',
        start: (d) =>
          startNoticesJob(
            {
              db: d.db,
              mailer: d.mail.mailer,
              from: d.config.supportMailFrom,
              baseUrl: d.config.baseUrl,
              leaseSeconds: d.config.noticeMailLeaseSeconds,
              log: d.log,
              invalidate: d.invalidate,
            },
            d.config.schedulerIntervalMs,
          ),
      },
    ],
  },
  // Each incident update reaches the affected admins as a notice (the notices job sends it).
  { name: 'incidents', routes: [registerIncidentRoutes] },
  // Support desk (サポート窓口): reports, the operators' queue, replies mailed to the reporter.
  {
    name: 'support',
    routes: [registerSupportRoutes],
    jobs: [
      {
        name: 'support-replies',
        start: (d) =>
          startSupportRepliesJob(
            {
              db: d.db,
              mailer: d.mail.mailer,
              from: d.config.supportMailFrom,
              baseUrl: d.config.baseUrl,
              leaseSeconds: d.config.noticeMailLeaseSeconds,
            },
            d.config.schedulerIntervalMs,
            d.log,
          ),
      },
    ],
  },
  // Break-glass: an operator's approved, time-limited, recorded read of one organisation.
  {
    name: 'break-glass',
    routes: [registerBreakGlassRoutes],
    jobs: [
      { name: 'break-glass', start: (d) => startBreakGlassJob(d.db, d.config.schedulerIntervalMs, d.log) },
    ],
  },
  { name: 'dashboard', routes: [registerDashboardRoutes] },
  // Operators' work log and its periodic review (A.12.4.3); overdue days on /metrics.
  {
    name: 'work-log',
    routes: [registerWorkLogRoutes, (_app, d) => installWorkLogMetrics(d.registry, d)],
  },
  // Digital stamp rally: campaigns, checkpoints, QR posters, check-ins (issue 16).
  {
    name: 'rally',
    routes: [registerRallyRoutes],
    // Prize applicants' personal data is deleted N days after a campaign's end (claimed once).
    jobs: [
      {
        name: 'rally-retention',
        start: (d) => startApplicantDeletion(d.db, HOUSEKEEPING_INTERVAL_MS, d.log),
      },
    ],
  },
  { name: 'site-settings', routes: [registerSiteSettingsRoutes] },
  {
    name: 'export',
    routes: [
      (app, d) =>
        registerExportRoutes(app, { ...d, exports: { db: d.db, blobs: d.media.blobs, keys: d.media.keys } }),
    ],
  },
  {
    name: 'backup',
    routes: [registerBackupRoutes, (_app, d) => installBackupMetrics(d.registry, d)],
    jobs: [
      {
        name: 'scheduled-backup',
        // BACKUP_SCHEDULE unset: nothing runs; the slot table keeps nodes from doubling a backup.
        start: (d) =>
          d.config.backup.schedule ? startBackupSchedule({ ...d, blobs: d.media.blobs }, d.log) : () => {},
      },
    ],
  },
  // Capacity figures and quotas; counts API requests per organisation and day (issue 14).
  { name: 'capacity', routes: [registerCapacityRoutes] },
  // The public site renders the content module's read models (src/site).
  { name: 'site', routes: [registerSiteRoutes] },
];
