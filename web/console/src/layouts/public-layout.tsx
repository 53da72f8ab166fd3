import type { ReactNode } from 'react';
import { LanguageSwitch } from '../components/language-switch';
import { MAIN_ID, SkipLink } from '../components/skip-link';
import { useT } from '../i18n';

/** Frame for pages shown before sign-in (sign-in, loading and session errors). */
export function PublicLayout({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <div className="public-shell">
      <SkipLink />
      <header className="site-header">
        <p className="brand">{t('app.name')}</p>
        <div className="header-actions">
          <LanguageSwitch />
        </div>
      </header>
      <main id={MAIN_ID} tabIndex={-1} className="public-main">
        {children}
      </main>
    </div>
  );
}
