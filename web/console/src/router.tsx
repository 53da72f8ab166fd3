import { createBrowserRouter } from 'react-router';
import { ConsoleLayout } from './layouts/console-layout';
import { consoleModules } from './modules';
import { DashboardPage } from './pages/dashboard';
import { ModulePage } from './pages/module-page';
import { NotFoundPage } from './pages/not-found';
import { RouteErrorPage } from './pages/route-error';
import { SignInPage } from './pages/sign-in';

/** Must match Vite's `base` and the path the server serves the console from. */
export const CONSOLE_BASENAME = '/console';

export function createConsoleRouter() {
  return createBrowserRouter(
    [
      { path: '/signin', element: <SignInPage />, errorElement: <RouteErrorPage /> },
      {
        path: '/',
        element: <ConsoleLayout />,
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <DashboardPage /> },
          ...consoleModules
            .filter((m) => m.path !== '')
            .map((m) => ({ path: m.path, element: <ModulePage module={m} /> })),
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
    { basename: CONSOLE_BASENAME },
  );
}
