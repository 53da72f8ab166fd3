import { useEffect } from 'react';
import { Link } from 'react-router';
import { asApiError } from '../api';
import { useLoad } from '../hooks';
import { useLang, useT } from '../i18n';
import { fetchOwnNotices, inLanguage, NOTICES_CHANGED } from '../notices';

/**
 * The banner above every page of the organisation console while the signed-in admin has notices
 * to acknowledge; it goes once they have. Nothing shows when there are none or they fail to load.
 */
export function NoticeBanner() {
  const t = useT();
  const { lang } = useLang();
  const { state, retry } = useLoad(fetchOwnNotices, [], asApiError);
  useEffect(() => {
    window.addEventListener(NOTICES_CHANGED, retry);
    return () => window.removeEventListener(NOTICES_CHANGED, retry);
  }, [retry]);
  if (state.kind !== 'ready') return null;
  const waiting = state.value.items.filter((n) => n.needsAcknowledgement);
  if (waiting.length === 0) return null;
  return (
    <section className="notice notice-banner" aria-labelledby="notice-banner-title">
      <p id="notice-banner-title">
        <strong>{t('notices.banner.title', { count: waiting.length })}</strong>
      </p>
      <ul>
        {waiting.slice(0, 3).map((n) => (
          <li key={n.id}>{inLanguage(n.title, lang)}</li>
        ))}
      </ul>
      <p>
        <Link to="/notices">{t('notices.banner.open')}</Link>
      </p>
    </section>
  );
}
