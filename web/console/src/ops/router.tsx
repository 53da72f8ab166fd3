import { createBrowserRouter } from 'react-router';
import { Loaded, lazyPage } from '../lazy-page';
import { NotFoundPage } from '../pages/not-found';
import { RouteErrorPage } from '../pages/route-error';
import { OPS_BASENAME } from '../paths';
import { OpsLayout } from './ops-layout';

// Each screen in its own chunk, as in the organisation console (router.tsx).
const SignInPage = lazyPage(() => import('../pages/sign-in'), 'SignInPage');
const OrganisationsPage = lazyPage(() => import('./organisations'), 'OrganisationsPage');
const OrganisationNewPage = lazyPage(() => import('./organisation-new'), 'OrganisationNewPage');
const OrganisationDomainPage = lazyPage(() => import('./organisation-domain'), 'OrganisationDomainPage');
const OrganisationLifecyclePage = lazyPage(
  () => import('./organisation-lifecycle'),
  'OrganisationLifecyclePage',
);
const CapacityPage = lazyPage(() => import('./capacity'), 'CapacityPage');
const OrganisationCapacityPage = lazyPage(
  () => import('./organisation-capacity'),
  'OrganisationCapacityPage',
);
const QuarantinePage = lazyPage(() => import('./quarantine'), 'QuarantinePage');
const SystemStatusPage = lazyPage(() => import('./system-status'), 'SystemStatusPage');
const OpsNoticesPage = lazyPage(() => import('./notices'), 'OpsNoticesPage');
const OpsNoticeDetailPage = lazyPage(() => import('./notice-detail'), 'OpsNoticeDetailPage');
const OpsIncidentsPage = lazyPage(() => import('./incidents'), 'OpsIncidentsPage');
const OperatorsPage = lazyPage(() => import('./operators'), 'OperatorsPage');
const WorkLogPage = lazyPage(() => import('./work-log'), 'WorkLogPage');
const OperatorLinkPage = lazyPage(() => import('./operator-link'), 'OperatorLinkPage');

/** The operator console (運営管理コンソール): same bundle, served under /ops. */
export function createOpsRouter() {
  return createBrowserRouter(
    [
      {
        path: '/signin',
        element: (
          <Loaded>
            <SignInPage operator />
          </Loaded>
        ),
        errorElement: <RouteErrorPage />,
      },
      // Mail links: an operator's invitation, and the password set-up after an approved reset.
      ...(['invitation', 'password'] as const).map((path) => ({
        path: `/${path}`,
        element: (
          <Loaded>
            <OperatorLinkPage purpose={path === 'invitation' ? 'invitation' : 'password_reset'} />
          </Loaded>
        ),
        errorElement: <RouteErrorPage />,
      })),
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
          { path: 'capacity', element: <CapacityPage /> },
          { path: 'organisations/:serviceCode/capacity', element: <OrganisationCapacityPage /> },
          { path: 'quarantine', element: <QuarantinePage /> },
          { path: 'notices', element: <OpsNoticesPage /> },
          { path: 'notices/:id', element: <OpsNoticeDetailPage /> },
          { path: 'incidents', element: <OpsIncidentsPage /> },
          { path: 'operators', element: <OperatorsPage /> },
          { path: 'work-log', element: <WorkLogPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
    { basename: OPS_BASENAME },
  );
}
