import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { certificateUrl, changeLifecycle, fetchLifecycle, type Lifecycle, purgeOrganisation } from '../api';
import { Button, FormActions } from '../components/button';
import { Facts } from '../components/facts';
import { FormAlert } from '../components/form-alert';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { TextField } from '../components/text-field';
import type { FieldIssues } from '../form';
import { formatDate, formatJst, organisationName } from '../format';
import { useApiErrorHandler, useFormSubmit, useLoad } from '../hooks';
import { type TFunction, useLang, useT } from '../i18n';
import { organisationStatusKeys } from '../user-labels';
import '../i18n-lifecycle';

type Field = 'reason' | 'exportWindowDays' | 'confirmation';

function statusLabel(t: TFunction, lifecycle: Lifecycle): string {
  return t(organisationStatusKeys[lifecycle.status]);
}

/** 契約・ライフサイクル: an operator suspends, resumes, ends the contract of, or purges an organisation. */
export function OrganisationLifecyclePage() {
  const t = useT();
  const { lang } = useLang();
  const { serviceCode = '' } = useParams();
  const handleError = useApiErrorHandler();
  const load = useLoad(() => fetchLifecycle(serviceCode), [serviceCode]);
  const [notice, setNotice] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [days, setDays] = useState('30');
  const [confirmation, setConfirmation] = useState('');
  const { busy, problem, formRef, field, submit } = useFormSubmit<Field>(handleError);

  function act(action: 'suspend' | 'resume' | 'terminate' | 'purge') {
    const issues: FieldIssues<Field> = {};
    if (action === 'terminate' && !/^\d{1,3}$/.test(days.trim()))
      issues.exportWindowDays = { key: 'ops.lifecycle.exportDaysLabel' };
    if (action === 'purge' && confirmation.trim() !== serviceCode)
      issues.confirmation = { key: 'ops.lifecycle.confirmMismatch' };
    void submit(issues, async () => {
      setNotice(undefined);
      const body = reason.trim() ? { reason: reason.trim() } : {};
      const next =
        action === 'purge'
          ? await purgeOrganisation(serviceCode, confirmation.trim())
          : await changeLifecycle(serviceCode, action, {
              ...body,
              ...(action === 'terminate' ? { exportWindowDays: Number(days.trim()) } : {}),
            });
      load.update(next);
      setReason('');
      setConfirmation('');
      setNotice(
        t('ops.lifecycle.done', {
          name: organisationName(next, lang),
          status: statusLabel(t, next),
        }),
      );
    });
  }

  const onSubmit = (action: 'suspend' | 'resume' | 'terminate' | 'purge') => (event: FormEvent) => {
    event.preventDefault();
    act(action);
  };
  const none = t('common.notRecorded');

  return (
    <>
      <PageHeading title={t('ops.lifecycle.title')} lead={t('ops.lifecycle.intro')} />
      <StatusMessage message={notice} />
      <LoadView load={load} failedMessage={t('ops.orgs.loadFailed')}>
        {(org) => (
          <>
            <p>
              {t('ops.lifecycle.org', {
                name: organisationName(org, lang),
                serviceCode: org.serviceCode,
              })}
            </p>
            <Facts
              items={[
                [t('ops.lifecycle.status'), statusLabel(t, org)],
                [t('ops.lifecycle.changedAt'), formatJst(org.statusChangedAt) ?? none],
                !!org.statusReason && [t('ops.lifecycle.reason'), org.statusReason],
                [
                  t('ops.lifecycle.contract'),
                  `${formatDate(org.contractStart) ?? none} – ${formatDate(org.contractEnd) ?? none}`,
                ],
                [
                  t('ops.lifecycle.exportWindow'),
                  t('ops.lifecycle.exportWindowDays', { days: org.exportWindowDays }),
                ],
                !!org.terminatedAt && [t('ops.lifecycle.terminatedAt'), formatJst(org.terminatedAt)],
                !!org.purgeAfter && [t('ops.lifecycle.purgeAfter'), formatJst(org.purgeAfter)],
                !!org.purge && [t('ops.lifecycle.purgeStep'), org.purge.step],
              ]}
            />
            <FormAlert problem={problem} order={['reason', 'exportWindowDays', 'confirmation']} />
            <form ref={formRef} noValidate className="form-narrow" onSubmit={onSubmit('suspend')}>
              {(org.status === 'active' || org.status === 'suspended') && (
                <TextField
                  label={t('ops.lifecycle.reasonLabel')}
                  {...field('reason', reason, setReason)}
                  maxLength={500}
                />
              )}
              {org.status === 'active' && (
                <>
                  <p>{t('ops.lifecycle.suspendHint')}</p>
                  <FormActions label={t('ops.lifecycle.suspend')} busy={busy} />
                </>
              )}
              {org.status === 'suspended' && (
                <p className="actions">
                  <Button disabled={busy} onClick={() => act('resume')}>
                    {t('ops.lifecycle.resume')}
                  </Button>
                </p>
              )}
              {(org.status === 'active' || org.status === 'suspended') && (
                <>
                  <p>{t('ops.lifecycle.terminateHint')}</p>
                  <TextField
                    label={t('ops.lifecycle.exportDaysLabel')}
                    {...field('exportWindowDays', days, setDays)}
                    inputMode="numeric"
                    maxLength={3}
                  />
                  <p className="actions">
                    <Button look="secondary" disabled={busy} onClick={() => act('terminate')}>
                      {t('ops.lifecycle.terminate')}
                    </Button>
                  </p>
                </>
              )}
            </form>
            {org.status === 'terminated' && (
              <form noValidate className="form-narrow" onSubmit={onSubmit('purge')}>
                <h2>{t('ops.lifecycle.purgeTitle')}</h2>
                <p>{t('ops.lifecycle.purgeHint')}</p>
                <TextField
                  label={t('ops.lifecycle.confirmLabel', { serviceCode: org.serviceCode })}
                  {...field('confirmation', confirmation, setConfirmation)}
                  typing="verbatim"
                  autoComplete="off"
                  maxLength={64}
                />
                <FormActions label={t('ops.lifecycle.purge')} busy={busy} look="danger" />
              </form>
            )}
            {org.purge?.certificate && (
              <section>
                <h2>{t('ops.lifecycle.certificate')}</h2>
                <ul>
                  <li>
                    <a href={certificateUrl(org.serviceCode, 'pdf')} download>
                      {t('ops.lifecycle.certificatePdf')}
                    </a>
                  </li>
                  <li>
                    <a href={certificateUrl(org.serviceCode, 'json')} download>
                      {t('ops.lifecycle.certificateJson')}
                    </a>
                  </li>
                </ul>
              </section>
            )}
          </>
        )}
      </LoadView>
      <p>
        <Link to="/">{t('ops.lifecycle.back')}</Link>
      </p>
    </>
  );
}
