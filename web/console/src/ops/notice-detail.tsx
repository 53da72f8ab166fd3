import { Link, useParams } from 'react-router';
import { columnNames, DataTable } from '../components/data-table';
import { Facts } from '../components/facts';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { formatJst } from '../format';
import { useLoad } from '../hooks';
import { useLang, useT } from '../i18n';
import { MAIL_STATE_KEYS, NOTICE_CATEGORY_KEYS } from '../notice-labels';
import { fetchNotice, inLanguage, type NoticeDetail } from '../notices';
import '../i18n-notices';

/** One notice (operators): its text, organisations, and every admin's mail and read receipt. */
export function OpsNoticeDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const load = useLoad(() => fetchNotice(id), [id]);
  return (
    <>
      <PageHeading title={t('ops.notices.detail')} />
      <p>
        <Link to="/notices">{t('ops.notices.back')}</Link>
      </p>
      <LoadView load={load} failedMessage={t('ops.notices.loadFailed')}>
        {(notice) => <NoticeFacts notice={notice} />}
      </LoadView>
    </>
  );
}

function NoticeFacts({ notice }: { notice: NoticeDetail }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <>
      <h2>{inLanguage(notice.title, lang)}</h2>
      <Facts
        items={[
          [t('ops.notices.category'), t(NOTICE_CATEGORY_KEYS[notice.category])],
          [
            t('ops.notices.col.status'),
            t(
              notice.status === 'published' ? 'ops.notices.status.published' : 'ops.notices.status.scheduled',
            ),
          ],
          [t('ops.notices.col.publish'), formatJst(notice.publishedAt ?? notice.publishAt)],
          !!notice.window && [
            t('notices.window'),
            `${formatJst(notice.window.start)} – ${formatJst(notice.window.end)}`,
          ],
          [t('ops.notices.col.orgs'), notice.organisationCodes.join(', ') || t('ops.notices.audienceAll')],
          [t('ops.notices.col.mail'), `${notice.mailed} / ${notice.mailPending}`],
          [t('ops.notices.col.ack'), `${notice.acknowledged} / ${notice.recipients}`],
        ]}
      />
      <p className="notice-body">{inLanguage(notice.body, lang)}</p>
      <DataTable
        caption={t('ops.notices.receipts')}
        columns={columnNames(t, 'ops.notices.col', ['org', 'user', 'mailState', 'attempts', 'error', 'ack'])}
      >
        {notice.receipts.map((r) => (
          <tr key={`${r.org}-${r.userId}`}>
            <th scope="row">
              <code>{r.org}</code>
            </th>
            <td>
              <code>{r.userId}</code>
            </td>
            <td>
              {t(MAIL_STATE_KEYS[r.mailState])}
              {r.sentAt ? ` (${formatJst(r.sentAt)})` : ''}
            </td>
            <td>{r.attempts}</td>
            <td>{r.lastError ?? ''}</td>
            <td>{formatJst(r.acknowledgedAt) ?? ''}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
