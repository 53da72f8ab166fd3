import { useState } from 'react';
import { Link } from 'react-router';
import { asApiError } from '../api';
import { Button } from '../components/button';
import { ErrorAlert } from '../components/error-alert';
import { Facts } from '../components/facts';
import { ListView } from '../components/list-parts';
import { PageHeading } from '../components/page-heading';
import { formatJst } from '../format';
import { useAction, useLoad } from '../hooks';
import { useLang, useT } from '../i18n';
import { NOTICE_CATEGORY_KEYS } from '../notice-labels';
import {
  acknowledgeNotice,
  fetchOwnNotices,
  inLanguage,
  NOTICES_CHANGED,
  type OrganisationNotice,
} from '../notices';
import '../i18n-notices';

/** お知らせ: the provider's notices to the organisation, newest first; admins acknowledge theirs. */
export function NoticesPage() {
  const t = useT();
  const load = useLoad(fetchOwnNotices, []);
  return (
    <>
      <PageHeading title={t('module.notices.title')} lead={t('notices.intro')} />
      <ListView load={load} failedMessage={t('notices.loadFailed')} empty={t('notices.empty')}>
        {(items) => items.map((notice) => <NoticeArticle key={notice.id} initial={notice} />)}
      </ListView>
    </>
  );
}

function NoticeArticle({ initial }: { initial: OrganisationNotice }) {
  const t = useT();
  const { lang } = useLang();
  const [notice, setNotice] = useState(initial);
  const { busy, error, run } = useAction(asApiError);
  const acknowledge = () =>
    run(async () => {
      setNotice(await acknowledgeNotice(notice.id));
      window.dispatchEvent(new Event(NOTICES_CHANGED));
    });

  return (
    <article
      className={notice.needsAcknowledgement ? 'panel notice-item notice-item-open' : 'panel notice-item'}
    >
      <h2>
        <span className="badge">{t(NOTICE_CATEGORY_KEYS[notice.category])}</span>{' '}
        {inLanguage(notice.title, lang)}
      </h2>
      <Facts
        items={[
          [t('notices.published'), formatJst(notice.publishedAt)],
          !!notice.window && [
            t('notices.window'),
            `${formatJst(notice.window.start)} – ${formatJst(notice.window.end)}`,
          ],
        ]}
      />
      <p className="notice-body">{inLanguage(notice.body, lang)}</p>
      {notice.incidentId && (
        <p>
          <Link to={`/incidents#incident-${notice.incidentId}`}>{t('incidents.open')}</Link>
        </p>
      )}
      <ErrorAlert error={error} />
      {notice.needsAcknowledgement ? (
        <p className="actions">
          <Button onClick={acknowledge} disabled={busy}>
            {busy ? t('notices.acknowledging') : t('notices.acknowledge')}
          </Button>
        </p>
      ) : (
        notice.acknowledgedAt && (
          <p className="field-hint">
            {t('notices.acknowledgedAt', { time: formatJst(notice.acknowledgedAt) ?? '' })}
          </p>
        )
      )}
    </article>
  );
}
