import { type ReactNode, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { type ApiError, asApiError, logout } from '../api';
import { useAppName } from '../app-variant';
import { ErrorAlert } from '../components/error-alert';
import { LanguageSwitch } from '../components/language-switch';
import { MAIN_ID, SkipLink } from '../components/skip-link';
import { useT } from '../i18n';
import { PublicLayout } from './public-layout';

type SessionState<Me> =
  | { kind: 'loading' }
  | { kind: 'signed-in'; me: Me }
  | { kind: 'signed-out' }
  | { kind: 'failed'; error: ApiError };

export interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** What differs between the organisation console and the operator console. */
export interface SignedInFrame<Me> {
  /** GET /me of the realm; a 401 goes to the sign-in page. */
  loadMe: () => Promise<Me>;
  /** Puts the session into the contexts the pages read; `refresh` quietly reloads it. */
  provide: (me: Me, refresh: () => void, children: ReactNode) => ReactNode;
  /** Header, navigation and where sign-out goes, for the signed-in user. */
  shell: (me: Me) => ShellParts;
}

export interface ShellParts {
  variant?: 'ops';
  /** What the header says about who is signed in (a `<dl>` of facts). */
  facts: ReactNode;
  navLabel: string;
  nav: NavItem[];
  /** Where to go after signing out. */
  signedOutTo: string;
}

/**
 * The signed-in frame of both consoles: loads the session, shows loading / failed / sign-in,
 * then the header, navigation and the module page.
 */
export function SignedInLayout<Me>({ frame }: { frame: SignedInFrame<Me> }) {
  const t = useT();
  const appName = useAppName();
  const location = useLocation();
  const [state, setState] = useState<SessionState<Me>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const { loadMe } = frame;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on "try again"
  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    loadMe().then(
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
  }, [attempt, loadMe]);

  // Quiet reload of GET /me after the user changed something the header or menu shows.
  const refresh = useCallback(() => {
    loadMe().then(
      (me) => setState({ kind: 'signed-in', me }),
      (error: unknown) => {
        if (asApiError(error).status === 401) setState({ kind: 'signed-out' });
      },
    );
  }, [loadMe]);

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
      return frame.provide(state.me, refresh, <SignedInShell {...frame.shell(state.me)} />);
  }
}

function SignedInShell({ variant, facts, navLabel, nav, signedOutTo }: ShellParts) {
  const t = useT();
  const appName = useAppName();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<ApiError | undefined>();
  const ops = variant === 'ops';

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
    navigate(signedOutTo, { replace: true });
  }, [navigate, signedOutTo]);

  return (
    <div className={ops ? 'console-shell ops' : 'console-shell'}>
      <SkipLink />
      <header className={ops ? 'site-header ops-header' : 'site-header'}>
        <Link to="/" className="brand">
          {appName}
        </Link>
        {ops && <p className="ops-badge">{t('ops.badge')}</p>}
        {facts}
        <div className="header-actions">
          <LanguageSwitch />
          <button type="button" className="button button-quiet" onClick={signOut} disabled={signingOut}>
            {signingOut ? t('header.signingOut') : t('header.signOut')}
          </button>
        </div>
      </header>
      <div className="console-body">
        <nav className="side-nav" aria-label={navLabel}>
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end ?? false}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id={MAIN_ID} tabIndex={-1} className={ops ? 'console-main console-main-wide' : 'console-main'}>
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
