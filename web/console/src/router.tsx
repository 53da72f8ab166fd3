import type { ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { ConsoleLayout } from './layouts/console-layout';
import { consoleModules } from './modules';
import { AccountPage } from './pages/account';
import { DashboardPage } from './pages/dashboard';
import { InvitationPage } from './pages/invitation';
import { ModulePage } from './pages/module-page';
import { NotFoundPage } from './pages/not-found';
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

/** Modules whose screens exist; the others show the "coming soon" placeholder. */
const builtModules: Record<string, ReactNode> = {
  users: <UsersPage />,
  settings: <SettingsPage />,
  account: <AccountPage />,
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
            .map((m) => ({ path: m.path, element: builtModules[m.id] ?? <ModulePage module={m} /> })),
          { path: 'users/new', element: <UserNewPage /> },
          { path: 'users/:id', element: <UserDetailPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
    { basename: CONSOLE_BASENAME },
  );
}
