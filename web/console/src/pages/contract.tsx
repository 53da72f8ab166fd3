import { fetchContract } from '../api';
import { fetchOwnUsage } from '../capacity';
import { Facts } from '../components/facts';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { UsageFigures } from '../components/usage-figures';
import { formatDate, formatJst } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { organisationStatusKeys } from '../user-labels';
import '../i18n-capacity';
import '../i18n-lifecycle';

/** 契約: the admins see their contract, its status and, after its end, when the data is purged. */
export function ContractPage() {
  const t = useT();
  const load = useLoad(() => fetchContract(), []);
  const none = t('common.notRecorded');
  return (
    <>
      <PageHeading title={t('module.contract.title')} lead={t('contract.intro')} />
      <LoadView load={load} failedMessage={t('contract.loadFailed')}>
        {(contract) => (
          <>
            <p className={contract.status === 'terminated' ? 'alert alert-warning' : undefined}>
              {contract.status === 'terminated' && contract.purgeAfter
                ? t('contract.terminated', { date: formatJst(contract.purgeAfter) ?? '' })
                : t('contract.active')}
            </p>
            <Facts
              items={[
                [t('ops.lifecycle.status'), t(organisationStatusKeys[contract.status])],
                [
                  t('ops.lifecycle.contract'),
                  `${formatDate(contract.contractStart) ?? none} – ${formatDate(contract.contractEnd) ?? none}`,
                ],
                [
                  t('ops.lifecycle.exportWindow'),
                  t('ops.lifecycle.exportWindowDays', { days: contract.exportWindowDays }),
                ],
                !!contract.terminatedAt && [
                  t('ops.lifecycle.terminatedAt'),
                  formatJst(contract.terminatedAt),
                ],
                !!contract.purgeAfter && [t('ops.lifecycle.purgeAfter'), formatJst(contract.purgeAfter)],
              ]}
            />
          </>
        )}
      </LoadView>
      <OwnUsage />
    </>
  );
}

/** ご利用状況: the organisation's own usage and storage quota (the same figures operators see). */
function OwnUsage() {
  const t = useT();
  const load = useLoad(() => fetchOwnUsage(), []);
  return (
    <section aria-labelledby="own-usage">
      <h2 id="own-usage">{t('capacity.own')}</h2>
      <p>{t('capacity.ownIntro')}</p>
      <LoadView load={load} failedMessage={t('capacity.loadFailed')}>
        {(usage) => <UsageFigures usage={usage} headingId="own-usage-days" />}
      </LoadView>
    </section>
  );
}
