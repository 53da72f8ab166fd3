import { useEffect } from 'react';
import { useAppName } from '../app-variant';
import { Button } from '../components/button';
import { useT } from '../i18n';
import { PublicLayout } from '../layouts/public-layout';

/** Shown when a page fails to render; avoids the router's developer error screen. */
export function RouteErrorPage() {
  const t = useT();
  const appName = useAppName();
  useEffect(() => {
    document.title = `${t('error.title')} | ${appName}`;
  }, [t, appName]);
  return (
    <PublicLayout>
      <div className="panel">
        <h1>{t('error.title')}</h1>
        <p>{t('error.body')}</p>
        <div className="actions">
          <Button onClick={() => window.location.reload()}>{t('error.reload')}</Button>
        </div>
      </div>
    </PublicLayout>
  );
}
