import { createBrowserRouter } from 'react-router';
import { NotFoundPage } from '../pages/not-found';
import { RouteErrorPage } from '../pages/route-error';
import { SignInPage } from '../pages/sign-in';
import { OPS_BASENAME } from '../paths';
import { OpsIncidentsPage } from './incidents';
import { OpsNoticeDetailPage } from './notice-detail';
import { OpsNoticesPage } from './notices';
import { OpsLayout } from './ops-layout';
import { OrganisationDomainPage } from './organisation-domain';
import { OrganisationLifecyclePage } from './organisation-lifecycle';
import { OrganisationNewPage } from './organisation-new';
import { OrganisationsPage } from './organisations';
import { QuarantinePage } from './quarantine';
import { SystemStatusPage } from './system-status';

/** The operator console (運営管理コンソール): same bundle, served under /ops. */
export function createOpsRouter() {
  return createBrowserRouter(
    [
      { path: '/signin', element: <SignInPage operator />, errorElement: <RouteErrorPage /> },
      {
        path: '/',
        element: <OpsLayout />,
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <OrganisationsPage /> },
          { path: 'organisations/new', element: <OrganisationNewPage /> },
          { path: 'system', element: <SystemStatusPage /> },
          { path: 'organisations/:serviceCode/domain', element: <OrganisationDomainPage /> },
          { path: 'organisations/:serviceCode/lifecycle', element: <OrganisationLifecyclePage /> },
          { path: 'quarantine', element: <QuarantinePage /> },
          { path: 'notices', element: <OpsNoticesPage /> },
          { path: 'notices/:id', element: <OpsNoticeDetailPage /> },
          { path: 'incidents', element: <OpsIncidentsPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
    { basename: OPS_BASENAME },
  );
}
