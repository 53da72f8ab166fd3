import { Link, useLocation } from 'react-router';
import { fetchOrganisations, type OrganisationSummary } from '../api';
import { columnNames, DataTable } from '../components/data-table';
import { BilingualName, ListView, NewItemLink } from '../components/list-parts';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { formatDate, formatJst } from '../format';
import { useLoad } from '../hooks';
import { type TFunction, useT } from '../i18n';
import { organisationStatusKeys, regionKey } from '../user-labels';
import { useOperator } from './operator-session';
import { WorkLogOverdueFlag } from './work-log-flag';
import '../i18n-domains';
import '../i18n-lifecycle';

/** Notice handed over by the create form. */
export interface OrganisationCreatedNotice {
  name: string;
  serviceCode: string;
  email: string;
}

function noticeText(state: unknown, t: TFunction): string | undefined {
  if (typeof state !== 'object' || state === null || !('created' in state)) return undefined;
  const created = (state as { created: OrganisationCreatedNotice }).created;
  return created ? t('ops.orgs.created', { ...created }) : undefined;
}

export function OrganisationsPage() {
  const t = useT();
  const location = useLocation();
  const load = useLoad(async () => (await fetchOrganisations()).items ?? [], []);

  return (
    <>
      <PageHeading title={t('ops.orgs.title')} lead={t('ops.orgs.intro')} />
      <StatusMessage message={noticeText(location.state, t)} />
      {useOperator().operator.rights.includes('ops:review') && <WorkLogOverdueFlag />}
      <NewItemLink to="/organisations/new" label={t('ops.orgs.add')} />
      <ListView load={load} failedMessage={t('ops.orgs.loadFailed')} empty={t('ops.orgs.empty')}>
        {(items) => <OrganisationsTable items={items} />}
      </ListView>
    </>
  );
}

function OrganisationsTable({ items }: { items: OrganisationSummary[] }) {
  const t = useT();
  const none = t('common.notRecorded');
  return (
    <DataTable
      caption={t('ops.orgs.caption', { count: items.length })}
      columns={columnNames(t, 'ops.orgs.col', [
        'serviceCode',
        'name',
        'lgCode',
        'status',
        'dataRegion',
        'contract',
        'siteDomain',
        'createdAt',
      ])}
    >
      {items.map((org) => {
        const region = regionKey(org.dataRegion);
        const start = formatDate(org.contractStart);
        const end = formatDate(org.contractEnd);
        return (
          <tr key={org.serviceCode}>
            <th scope="row">
              <code>{org.serviceCode}</code>
            </th>
            <td>
              <BilingualName ja={org.nameJa} en={org.nameEn} />
            </td>
            <td>{org.lgCode ?? none}</td>
            <td>
              <span className={`status status-${org.status}`}>
                {t(organisationStatusKeys[org.status] ?? 'ops.orgs.status.active')}
              </span>
              <br />
              <EditLink org={org} page="lifecycle" />
            </td>
            <td>{region ? t(region) : org.dataRegion}</td>
            <td>
              {start || end ? t('ops.orgs.contractRange', { start: start ?? '', end: end ?? '' }) : none}
            </td>
            <td>
              {org.siteDomain ? <code>{org.siteDomain}</code> : t('ops.orgs.domainNone')}
              <br />
              <EditLink org={org} page="domain" />
            </td>
            <td>{formatJst(org.createdAt) ?? none}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}

/** The link from the list to one of an organisation's pages, named with the organisation for screen readers. */
function EditLink({ org, page }: { org: OrganisationSummary; page: 'lifecycle' | 'domain' }) {
  const t = useT();
  return (
    <Link
      to={`/organisations/${org.serviceCode}/${page}`}
      aria-label={t(`ops.orgs.${page}EditFor`, { name: org.nameJa })}
    >
      {t(`ops.orgs.${page}Edit`)}
    </Link>
  );
}
