import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fetchOrganisationCapacity, parseQuotaGb, quotaGb, setStorageQuota } from '../capacity';
import { FormActions } from '../components/button';
import { FormAlert } from '../components/form-alert';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { TextField } from '../components/text-field';
import { UsageFigures } from '../components/usage-figures';
import type { FieldIssues } from '../form';
import { organisationName } from '../format';
import { useApiErrorHandler, useFormSubmit, useLoad } from '../hooks';
import { useLang, useT } from '../i18n';
import { formatBytes } from '../media';
import '../i18n-capacity';

type Field = 'storageQuotaBytes' | 'reason';

/** One organisation's usage and its storage quota, which the operator may change (audited). */
export function OrganisationCapacityPage() {
  const t = useT();
  const { lang } = useLang();
  const { serviceCode = '' } = useParams();
  const handleError = useApiErrorHandler();
  const load = useLoad(() => fetchOrganisationCapacity(serviceCode), [serviceCode]);
  const [quota, setQuota] = useState('');
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const { busy, problem, formRef, field, submit } = useFormSubmit<Field>(handleError);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const gb = parseQuotaGb(quota);
    const issues: FieldIssues<Field> = {};
    if (gb === undefined) issues.storageQuotaBytes = { key: 'ops.capacity.quotaInvalid' };
    void submit(issues, async () => {
      setNotice(undefined);
      const next = await setStorageQuota(serviceCode, gb ?? 0, reason.trim());
      load.update(next);
      setQuota('');
      setReason('');
      setNotice(t('ops.capacity.saved', { quota: formatBytes(next.storage.quotaBytes) }));
    });
  }

  return (
    <>
      <PageHeading title={t('ops.capacity.title')} />
      <StatusMessage message={notice} />
      <LoadView load={load} failedMessage={t('capacity.loadFailed')}>
        {(usage) => (
          <>
            <h2>
              {t('ops.capacity.orgTitle', {
                name: organisationName(usage, lang),
                serviceCode: usage.serviceCode,
              })}
            </h2>
            <UsageFigures usage={usage} headingId="ops-capacity-days" />
            <form ref={formRef} noValidate className="form-narrow" onSubmit={onSubmit}>
              <h2>{t('ops.capacity.quotaTitle')}</h2>
              <FormAlert problem={problem} order={['storageQuotaBytes', 'reason']} />
              <TextField
                label={t('ops.capacity.quotaLabel')}
                {...field('storageQuotaBytes', quota, setQuota)}
                inputMode="decimal"
                placeholder={quotaGb(usage.storage.quotaBytes)}
                maxLength={12}
              />
              <TextField
                label={t('ops.capacity.reasonLabel')}
                {...field('reason', reason, setReason)}
                maxLength={500}
              />
              <FormActions label={t('ops.capacity.save')} busy={busy} />
            </form>
          </>
        )}
      </LoadView>
      <p>
        <Link to="/capacity">{t('ops.capacity.back')}</Link>
      </p>
    </>
  );
}
