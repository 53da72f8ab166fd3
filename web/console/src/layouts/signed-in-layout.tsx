import { type ReactNode, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
import { type ApiError, asApiError, isSessionEnded, logout } from '../api';
import { useAppName } from '../app-variant';
import { Button } from '../components/button';
import { ErrorAlert } from '../components/error-alert';
import { LanguageSwitch } from '../components/language-switch';
import { Loading } from '../components/load-state';
import { MAIN_ID, SkipLink } from '../components/skip-link';
import { useApiErrorHandler, useLoad } from '../hooks';
import { useT } from '../i18n';
import { PublicLayout } from './public-layout';

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
  /** Shown above every page (the provider's notices waiting for acknowledgement). */
  banner?: ReactNode;
}

/**
 * The signed-in frame of both consoles: loads the session, shows loading / failed / sign-in,
 * then the header, navigation and the module page.
 */
export function SignedInLayout<Me>({ frame }: { frame: SignedInFrame<Me> }) {
  const t = useT();
  const appName = useAppName();
  // A 401 (no session) goes to the sign-in page, remembering where the user was.
  const { state, retry, update } = useLoad(frame.loadMe, []);
  const handleError = useApiErrorHandler();
  const { loadMe } = frame;

  // Quiet reload of GET /me after the user changed something the header or menu shows.
  const refresh = useCallback(() => {
    loadMe().then(update, handleError);
  }, [loadMe, update, handleError]);

  useEffect(() => {
    if (state.kind === 'loading') document.title = `${t('common.loading')} | ${appName}`;
    if (state.kind === 'failed') document.title = `${t('session.loadFailed')} | ${appName}`;
  }, [state.kind, t, appName]);

  switch (state.kind) {
    case 'loading':
      return (
        <PublicLayout>
          <Loading />
        </PublicLayout>
      );
    case 'failed':
      if (isSessionEnded(state.error)) return null;
      return (
        <PublicLayout>
          <div className="panel">
            <h1>{t('session.loadFailed')}</h1>
            <ErrorAlert error={state.error} />
            <div className="actions">
              <Button onClick={retry}>{t('common.retry')}</Button>
              <Link to="/signin" className="button button-secondary">
                {t('session.toSignIn')}
              </Link>
            </div>
          </div>
        </PublicLayout>
      );
    case 'ready':
      return frame.provide(state.value, refresh, <SignedInShell {...frame.shell(state.value)} />);
  }
}

function SignedInShell({ variant, facts, navLabel, nav, signedOutTo, banner }: ShellParts) {
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
          {banner}
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
