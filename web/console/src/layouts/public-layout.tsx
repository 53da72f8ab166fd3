import type { ReactNode } from 'react';
import { useAppName, useAppVariant } from '../app-variant';
import { LanguageSwitch } from '../components/language-switch';
import { MAIN_ID, SkipLink } from '../components/skip-link';
import { useT } from '../i18n';

/** Frame for pages shown before sign-in (sign-in, loading and session errors). */
export function PublicLayout({ children }: { children: ReactNode }) {
  const t = useT();
  const appName = useAppName();
  const variant = useAppVariant();
  return (
    <div className={variant === 'ops' ? 'public-shell ops' : 'public-shell'}>
      <SkipLink />
      <header className={variant === 'ops' ? 'site-header ops-header' : 'site-header'}>
        <p className="brand">{appName}</p>
        {variant === 'ops' && <p className="ops-badge">{t('ops.badge')}</p>}
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
