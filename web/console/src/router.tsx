import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { CONTENT_KINDS, KIND_PATH } from './content/model';
import { ConsoleLayout } from './layouts/console-layout';
import { Loaded, lazyPage } from './lazy-page';
import { consoleModules } from './modules';
import { NotFoundPage } from './pages/not-found';
import { RouteErrorPage } from './pages/route-error';
import { CONSOLE_BASENAME } from './paths';

/** Must match Vite's `base` and the path the server serves the console from. */
export { CONSOLE_BASENAME };

// Every screen is its own chunk, loaded when first opened; the console layout shows "loading"
// meanwhile. The entry keeps only the shell.
const SignInPage = lazyPage(() => import('./pages/sign-in'), 'SignInPage');
const PasswordResetPage = lazyPage(() => import('./pages/password-reset'), 'PasswordResetPage');
const InvitationPage = lazyPage(() => import('./pages/invitation'), 'InvitationPage');
const DashboardPage = lazyPage(() => import('./pages/dashboard'), 'DashboardPage');
const ContentListPage = lazyPage(() => import('./pages/content/content-list'), 'ContentListPage');
const ContentEditPage = lazyPage(() => import('./pages/content/content-edit'), 'ContentEditPage');
const ContentImportPage = lazyPage(() => import('./pages/content/content-import'), 'ContentImportPage');
const CategoriesPage = lazyPage(() => import('./pages/content/categories'), 'CategoriesPage');
const MediaPage = lazyPage(() => import('./pages/media'), 'MediaPage');
const AnalyticsPage = lazyPage(() => import('./pages/analytics'), 'AnalyticsPage');
const SiteSettingsPage = lazyPage(() => import('./pages/site-settings'), 'SiteSettingsPage');
const AuditLogPage = lazyPage(() => import('./pages/audit-log'), 'AuditLogPage');
const UsersPage = lazyPage(() => import('./pages/users'), 'UsersPage');
const UserNewPage = lazyPage(() => import('./pages/user-new'), 'UserNewPage');
const UserDetailPage = lazyPage(() => import('./pages/user-detail'), 'UserDetailPage');
const SettingsPage = lazyPage(() => import('./pages/settings'), 'SettingsPage');
const ContractPage = lazyPage(() => import('./pages/contract'), 'ContractPage');
const ExportPage = lazyPage(() => import('./pages/export'), 'ExportPage');
const AccountPage = lazyPage(() => import('./pages/account'), 'AccountPage');
const RallyPage = lazyPage(() => import('./pages/rally'), 'RallyPage');
const NoticesPage = lazyPage(() => import('./pages/notices'), 'NoticesPage');
const IncidentsPage = lazyPage(() => import('./pages/incidents'), 'IncidentsPage');
const SupportPage = lazyPage(() => import('./pages/support'), 'SupportPage');
const SupportTicketPage = lazyPage(() => import('./pages/support-ticket'), 'SupportTicketPage');
const BreakGlassPage = lazyPage(() => import('./pages/break-glass'), 'BreakGlassPage');

/** The screen of every module in the navigation (modules.ts lists only built ones). */
const builtModules: Record<string, ReactNode> = {
  spots: <ContentListPage kind="spot" />,
  events: <ContentListPage kind="event" />,
  courses: <ContentListPage kind="course" />,
  articles: <ContentListPage kind="article" />,
  media: <MediaPage />,
  rally: <RallyPage />,
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
  support: <SupportPage />,
  breakGlass: <BreakGlassPage />,
};

export function createConsoleRouter() {
  return createBrowserRouter(
    [
      // Public pages (before sign-in); mail links point at /console/invitation and /console/password-reset.
      {
        path: '/signin',
        element: (
          <Loaded>
            <SignInPage />
          </Loaded>
        ),
        errorElement: <RouteErrorPage />,
      },
      {
        path: '/password-reset',
        element: (
          <Loaded>
            <PasswordResetPage />
          </Loaded>
        ),
        errorElement: <RouteErrorPage />,
      },
      {
        path: '/invitation',
        element: (
          <Loaded>
            <InvitationPage />
          </Loaded>
        ),
        errorElement: <RouteErrorPage />,
      },
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
          { path: 'support/:id', element: <SupportTicketPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
    { basename: CONSOLE_BASENAME },
  );
}
