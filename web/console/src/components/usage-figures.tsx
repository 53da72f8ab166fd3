import type { OrganisationUsage } from '../capacity';
import { storagePercent } from '../dashboard';
import { formatDate } from '../format';
import { useT } from '../i18n';
import { formatBytes } from '../media';
import { DataTable } from './data-table';
import { Facts } from './facts';
import '../i18n-capacity';
import '../i18n-journeys';

/** Storage used of the quota, as text and a bar (the dashboard, 契約 and the operators' 容量). */
export function StorageMeter({ used, quota }: { used: number; quota: number }) {
  const t = useT();
  const percent = storagePercent(used, quota);
  return (
    <>
      <p>{t('dashboard.storage.text', { used: formatBytes(used), quota: formatBytes(quota), percent })}</p>
      <div className="storage-bar" aria-hidden="true">
        <span style={{ width: `${percent}%` }} />
      </div>
    </>
  );
}

/** One organisation's capacity figures: storage, files, accounts, items and the last days. */
export function UsageFigures({ usage, headingId }: { usage: OrganisationUsage; headingId: string }) {
  const t = useT();
  const { storage, items } = usage;
  return (
    <>
      <StorageMeter used={storage.usedBytes} quota={storage.quotaBytes} />
      <Facts
        items={[
          [t('capacity.originals'), formatBytes(storage.originalBytes)],
          [t('capacity.derivatives'), formatBytes(storage.derivativeBytes)],
          [t('capacity.mediaFiles'), t('capacity.count', { count: usage.mediaFiles })],
          [t('capacity.users'), t('capacity.count', { count: usage.users })],
          [
            t('capacity.items'),
            t('capacity.itemsByKind', {
              spot: items.spot,
              event: items.event,
              course: items.course,
              article: items.article,
            }),
          ],
        ]}
      />
      <h3 id={headingId}>{t('capacity.days')}</h3>
      <DataTable
        caption={t('capacity.days')}
        hiddenCaption
        columns={[
          t('capacity.col.day'),
          { name: t('capacity.col.pageViews'), className: 'number-cell' },
          { name: t('capacity.col.apiRequests'), className: 'number-cell' },
        ]}
      >
        {[...usage.days].reverse().map((d) => (
          <tr key={d.day}>
            <th scope="row">{formatDate(d.day) ?? d.day}</th>
            <td className="number-cell">{d.pageViews.toLocaleString('ja-JP')}</td>
            <td className="number-cell">{d.apiRequests.toLocaleString('ja-JP')}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
