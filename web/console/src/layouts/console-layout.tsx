import { Suspense, useCallback, useEffect, useState } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { type ApiError, asApiError, fetchMe, logout, type Me } from '../api';
import { ErrorAlert } from '../components/error-alert';
import { LanguageSwitch } from '../components/language-switch';
import { MAIN_ID, SkipLink } from '../components/skip-link';
import { useLang, useT } from '../i18n';
import { consoleModules, isModuleVisible } from '../modules';
import { SessionContext, SessionRefreshContext } from '../session';
import { PublicLayout } from './public-layout';

type SessionState =
  | { kind: 'loading' }
  | { kind: 'signed-in'; me: Me }
  | { kind: 'signed-out' }
  | { kind: 'failed'; error: ApiError };

/** Signed-in frame: loads the session, then header, navigation and the module page. */
export function ConsoleLayout() {
  const t = useT();
  const location = useLocation();
  const [state, setState] = useState<SessionState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on "try again"
  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    fetchMe().then(
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

  // Quiet reload of GET /me after the user changed something the header or menu shows.
  const refresh = useCallback(() => {
    fetchMe().then(
      (me) => setState({ kind: 'signed-in', me }),
      (error: unknown) => {
        if (asApiError(error).status === 401) setState({ kind: 'signed-out' });
      },
    );
  }, []);

  useEffect(() => {
    if (state.kind === 'loading') document.title = `${t('common.loading')} | ${t('app.name')}`;
    if (state.kind === 'failed') document.title = `${t('session.loadFailed')} | ${t('app.name')}`;
  }, [state.kind, t]);

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
        <SessionContext.Provider value={state.me}>
          <SessionRefreshContext.Provider value={refresh}>
            <SignedInShell me={state.me} />
          </SessionRefreshContext.Provider>
        </SessionContext.Provider>
      );
  }
}

function SignedInShell({ me }: { me: Me }) {
  const t = useT();
  const { lang } = useLang();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<ApiError | undefined>();
  const { organisation, user } = me;
  const organisationName = lang === 'en' && organisation.nameEn ? organisation.nameEn : organisation.nameJa;

  const signOut = useCallback(async () => {
    setSigningOut(true);
    setSignOutError(undefined);
    try {
      await logout();
    } catch (error) {
      const apiError = asApiError(error);
      // 401: the session had already ended, which is what the user asked for.
      if (apiError.status !== 401) {
        setSignOutError(apiError);
        setSigningOut(false);
        return;
      }
    }
    navigate(`/signin?org=${encodeURIComponent(organisation.serviceCode)}`, { replace: true });
  }, [navigate, organisation.serviceCode]);

  const modules = consoleModules.filter((m) => isModuleVisible(m, user));

  return (
    <div className="console-shell">
      <SkipLink />
      <header className="site-header">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <dl className="header-facts">
          <div>
            <dt className="visually-hidden">{t('header.organisation')}</dt>
            <dd className="org-name">{organisationName}</dd>
          </div>
          <div>
            <dt>{t('header.serviceCode')}</dt>
            <dd>
              <code>{organisation.serviceCode}</code>
            </dd>
          </div>
          <div>
            <dt className="visually-hidden">{t('header.user')}</dt>
            <dd>
              {t('header.userWithRole', {
                name: user.name,
                role: t(user.role === 'admin' ? 'role.admin' : 'role.general'),
              })}
            </dd>
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
        <nav className="side-nav" aria-label={t('nav.label')}>
          <ul>
            {modules.map((m) => (
              <li key={m.id}>
                <NavLink to={m.path === '' ? '/' : `/${m.path}`} end={m.path === ''}>
                  {t(m.titleKey)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id={MAIN_ID} tabIndex={-1} className="console-main">
          <ErrorAlert error={signOutError} />
          <Suspense
            fallback={
              <p role="status" className="loading">
                {t('common.loading')}
              </p>
            }
          >
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
