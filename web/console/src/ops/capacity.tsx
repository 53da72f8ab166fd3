import { Link } from 'react-router';
import { fetchCapacity, latestDay, type OrganisationUsage } from '../capacity';
import { DataTable } from '../components/data-table';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { storagePercent } from '../dashboard';
import { organisationName } from '../format';
import { useLoad } from '../hooks';
import { useLang, useT } from '../i18n';
import { formatBytes } from '../media';
import '../i18n-capacity';

const NEAR_QUOTA_PERCENT = 90;

/** 容量: every organisation's usage against its quota (operators, A.12.1.3). */
export function CapacityPage() {
  const t = useT();
  const load = useLoad(() => fetchCapacity(), []);
  return (
    <>
      <PageHeading title={t('ops.capacity.title')} lead={t('ops.capacity.intro')} />
      <LoadView load={load} failedMessage={t('capacity.loadFailed')}>
        {(items) => <CapacityTable items={items} />}
      </LoadView>
    </>
  );
}

function CapacityTable({ items }: { items: OrganisationUsage[] }) {
  const t = useT();
  const { lang } = useLang();
  return (
    <DataTable
      caption={t('ops.capacity.caption', { count: items.length })}
      columns={[
        t('ops.capacity.col.org'),
        t('ops.capacity.col.storage'),
        { name: t('ops.capacity.col.media'), className: 'number-cell' },
        { name: t('ops.capacity.col.users'), className: 'number-cell' },
        { name: t('ops.capacity.col.items'), className: 'number-cell' },
        { name: t('ops.capacity.col.today'), className: 'number-cell' },
      ]}
    >
      {items.map((u) => {
        const percent = storagePercent(u.storage.usedBytes, u.storage.quotaBytes);
        const today = latestDay(u);
        const name = organisationName(u, lang);
        const items = u.items.spot + u.items.event + u.items.course + u.items.article;
        return (
          <tr key={u.serviceCode}>
            <th scope="row">
              {name} <code>{u.serviceCode}</code>
              <br />
              <Link
                to={`/organisations/${u.serviceCode}/capacity`}
                aria-label={t('ops.capacity.detailFor', { name })}
              >
                {t('ops.capacity.detail')}
              </Link>
            </th>
            <td>
              {t('ops.capacity.storageOf', {
                used: formatBytes(u.storage.usedBytes),
                quota: formatBytes(u.storage.quotaBytes),
                percent,
              })}
              {percent >= NEAR_QUOTA_PERCENT && (
                <>
                  {' '}
                  <span className="status status-suspended">{t('ops.capacity.nearQuota')}</span>
                </>
              )}
            </td>
            <td className="number-cell">{u.mediaFiles}</td>
            <td className="number-cell">{u.users}</td>
            <td className="number-cell">{items}</td>
            <td className="number-cell">
              {today.pageViews} / {today.apiRequests}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
