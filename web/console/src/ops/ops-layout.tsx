import { useCallback, useEffect, useState } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { type ApiError, asApiError, fetchOperatorMe, logout, type OperatorMe } from '../api';
import { useAppName } from '../app-variant';
import { ErrorAlert } from '../components/error-alert';
import { LanguageSwitch } from '../components/language-switch';
import { MAIN_ID, SkipLink } from '../components/skip-link';
import { useT } from '../i18n';
import { PublicLayout } from '../layouts/public-layout';
import { OperatorContext } from './operator-session';

type State =
  | { kind: 'loading' }
  | { kind: 'signed-in'; me: OperatorMe }
  | { kind: 'signed-out' }
  | { kind: 'failed'; error: ApiError };

/** Signed-in frame of the operator console (運営管理コンソール), served under /ops. */
export function OpsLayout() {
  const t = useT();
  const appName = useAppName();
  const location = useLocation();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on "try again"
  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    fetchOperatorMe().then(
      (me) => {
        if (!cancelled) setState({ kind: 'signed-in', me });
      },
      (error: unknown) => {
        if (cancelled) return;
        const apiError = asApiError(error);
        setState(apiError.status === 401 ? { kind: 'signed-out' } : { kind: 'failed', error: apiError });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(() => {
    if (state.kind === 'loading') document.title = `${t('common.loading')} | ${appName}`;
    if (state.kind === 'failed') document.title = `${t('session.loadFailed')} | ${appName}`;
  }, [state.kind, t, appName]);

  switch (state.kind) {
    case 'signed-out':
      return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
    case 'loading':
      return (
        <PublicLayout>
          <p role="status" className="loading">
            {t('common.loading')}
          </p>
        </PublicLayout>
      );
    case 'failed':
      return (
        <PublicLayout>
          <div className="panel">
            <h1>{t('session.loadFailed')}</h1>
            <ErrorAlert error={state.error} />
            <div className="actions">
              <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
                {t('common.retry')}
              </button>
              <Link to="/signin" className="button button-secondary">
                {t('session.toSignIn')}
              </Link>
            </div>
          </div>
        </PublicLayout>
      );
    case 'signed-in':
      return (
        <OperatorContext.Provider value={state.me}>
          <OpsShell me={state.me} />
        </OperatorContext.Provider>
      );
  }
}

function OpsShell({ me }: { me: OperatorMe }) {
  const t = useT();
  const appName = useAppName();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<ApiError | undefined>();

  const signOut = useCallback(async () => {
    setSigningOut(true);
    setSignOutError(undefined);
    try {
      await logout();
    } catch (error) {
      const apiError = asApiError(error);
      if (apiError.status !== 401) {
        setSignOutError(apiError);
        setSigningOut(false);
        return;
      }
    }
    navigate('/signin', { replace: true });
  }, [navigate]);

  return (
    <div className="console-shell ops">
      <SkipLink />
      <header className="site-header ops-header">
        <Link to="/" className="brand">
          {appName}
        </Link>
        <p className="ops-badge">{t('ops.badge')}</p>
        <dl className="header-facts">
          <div>
            <dt className="visually-hidden">{t('ops.header.operator')}</dt>
            <dd>{me.operator.name}</dd>
          </div>
        </dl>
        <div className="header-actions">
          <LanguageSwitch />
          <button type="button" className="button button-quiet" onClick={signOut} disabled={signingOut}>
            {signingOut ? t('header.signingOut') : t('header.signOut')}
          </button>
        </div>
      </header>
      <div className="console-body">
        <nav className="side-nav" aria-label={t('ops.nav.label')}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t('ops.orgs.title')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/organisations/new">{t('ops.new.title')}</NavLink>
            </li>
            <li>
              <NavLink to="/system">{t('ops.system.title')}</NavLink>
            </li>
            <li>
              <NavLink to="/quarantine">{t('ops.quarantine.title')}</NavLink>
            </li>
          </ul>
        </nav>
        <main id={MAIN_ID} tabIndex={-1} className="console-main console-main-wide">
          <ErrorAlert error={signOutError} />
          <Outlet />
        </main>
      </div>
    </div>
  );
}
