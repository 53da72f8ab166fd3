import { useState } from 'react';
import { Link } from 'react-router';
import { SelectField } from '../components/fields';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { TicketTable } from '../components/support-parts';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { fetchSupportQueue, SUPPORT_STATUSES, type SupportStatus } from '../support';
import { STATUS_KEYS } from '../support-labels';
import '../i18n-support';

/** サポート窓口 (operators): the queue with its timers, overdue ones flagged. */
export function OpsSupportPage() {
  const t = useT();
  const load = useLoad(fetchSupportQueue, []);
  const [status, setStatus] = useState<SupportStatus | ''>('');
  return (
    <>
      <PageHeading title={t('ops.support.title')} lead={t('ops.support.intro')} />
      <SelectField
        label={t('ops.support.filter.status')}
        value={status}
        empty={t('ops.support.filter.all')}
        onChange={(e) => setStatus(e.target.value as SupportStatus | '')}
        options={SUPPORT_STATUSES.map((s) => ({ value: s, label: t(STATUS_KEYS[s]) }))}
      />
      <LoadView load={load} failedMessage={t('support.list.loadFailed')}>
        {({ items }) => {
          const shown = status ? items.filter((i) => i.status === status) : items;
          return shown.length === 0 ? (
            <p>{t('support.list.empty')}</p>
          ) : (
            <TicketTable
              items={shown}
              operator
              link={(ticket) => <Link to={`/support/${ticket.id}`}>{ticket.subject || ticket.id}</Link>}
            />
          );
        }}
      </LoadView>
    </>
  );
}
