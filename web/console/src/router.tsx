import { lazy, type ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { CONTENT_KINDS, KIND_PATH } from './content/model';
import { ConsoleLayout } from './layouts/console-layout';
import { consoleModules } from './modules';
import { AccountPage } from './pages/account';
import { ContractPage } from './pages/contract';
import { DashboardPage } from './pages/dashboard';
import { ExportPage } from './pages/export';
import { IncidentsPage } from './pages/incidents';
import { InvitationPage } from './pages/invitation';
import { NotFoundPage } from './pages/not-found';
import { NoticesPage } from './pages/notices';
import { PasswordResetPage } from './pages/password-reset';
import { RouteErrorPage } from './pages/route-error';
import { SettingsPage } from './pages/settings';
import { SignInPage } from './pages/sign-in';
import { UserDetailPage } from './pages/user-detail';
import { UserNewPage } from './pages/user-new';
import { UsersPage } from './pages/users';
import { CONSOLE_BASENAME } from './paths';

/** Must match Vite's `base` and the path the server serves the console from. */
export { CONSOLE_BASENAME };

// The content editors (with the map) and the audit log are loaded when first opened; the
// console layout shows "loading" meanwhile.
const ContentListPage = lazy(() =>
  import('./pages/content/content-list').then((m) => ({ default: m.ContentListPage })),
);
const ContentEditPage = lazy(() =>
  import('./pages/content/content-edit').then((m) => ({ default: m.ContentEditPage })),
);
const ContentImportPage = lazy(() =>
  import('./pages/content/content-import').then((m) => ({ default: m.ContentImportPage })),
);
const CategoriesPage = lazy(() =>
  import('./pages/content/categories').then((m) => ({ default: m.CategoriesPage })),
);
const MediaPage = lazy(() => import('./pages/media').then((m) => ({ default: m.MediaPage })));
const AnalyticsPage = lazy(() => import('./pages/analytics').then((m) => ({ default: m.AnalyticsPage })));
const SiteSettingsPage = lazy(() =>
  import('./pages/site-settings').then((m) => ({ default: m.SiteSettingsPage })),
);
const AuditLogPage = lazy(() => import('./pages/audit-log').then((m) => ({ default: m.AuditLogPage })));

/** The screen of every module in the navigation (modules.ts lists only built ones). */
const builtModules: Record<string, ReactNode> = {
  spots: <ContentListPage kind="spot" />,
  events: <ContentListPage kind="event" />,
  courses: <ContentListPage kind="course" />,
  articles: <ContentListPage kind="article" />,
  media: <MediaPage />,
  analytics: <AnalyticsPage />,
  site: <SiteSettingsPage />,
  auditLog: <AuditLogPage />,
  users: <UsersPage />,
  settings: <SettingsPage />,
  contract: <ContractPage />,
  export: <ExportPage />,
  account: <AccountPage />,
  notices: <NoticesPage />,
  incidents: <IncidentsPage />,
};

export function createConsoleRouter() {
  return createBrowserRouter(
    [
      // Public pages (before sign-in); mail links point at /console/invitation and /console/password-reset.
      { path: '/signin', element: <SignInPage />, errorElement: <RouteErrorPage /> },
      { path: '/password-reset', element: <PasswordResetPage />, errorElement: <RouteErrorPage /> },
      { path: '/invitation', element: <InvitationPage />, errorElement: <RouteErrorPage /> },
      {
        path: '/',
        element: <ConsoleLayout />,
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <DashboardPage /> },
          ...consoleModules
            .filter((m) => m.path !== '')
            .map((m) => ({ path: m.path, element: builtModules[m.id] ?? <NotFoundPage /> })),
          ...CONTENT_KINDS.flatMap((kind) => [
            { path: `${KIND_PATH[kind]}/new`, element: <ContentEditPage key={`${kind}-new`} kind={kind} /> },
            { path: `${KIND_PATH[kind]}/:id`, element: <ContentEditPage key={kind} kind={kind} /> },
          ]),
          // Open data import (観光施設一覧, イベント一覧): a static segment outranks the editors' `:id`.
          { path: 'spots/import', element: <ContentImportPage key="spot-import" kind="spot" /> },
          { path: 'events/import', element: <ContentImportPage key="event-import" kind="event" /> },
          { path: 'spots/categories', element: <CategoriesPage key="spot-categories" kind="spot" /> },
          { path: 'events/categories', element: <CategoriesPage key="event-categories" kind="event" /> },
          // The audit log used to live at /audit-log.
          { path: 'audit-log', element: <Navigate to="/audit" replace /> },
          { path: 'users/new', element: <UserNewPage /> },
          { path: 'users/:id', element: <UserDetailPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
    { basename: CONSOLE_BASENAME },
  );
}
