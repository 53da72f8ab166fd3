import { type FormEvent, useId, useState } from 'react';
import { fetchSecuritySettings, type SecuritySettings, saveSecuritySettings } from '../api';
import { adminOnlyPage } from '../components/admin-only';
import { Facts } from '../components/facts';
import { AlertedForm } from '../components/form-alert';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { CheckboxField, TextField } from '../components/text-field';
import type { FieldIssues } from '../form';
import { useApiErrorHandler, useFormSubmit, useLoad } from '../hooks';
import { useT } from '../i18n';
import { useSession } from '../session';
import { regionKey } from '../user-labels';
import { ABSOLUTE_LIFETIME_RANGE, IDLE_TIMEOUT_RANGE, parseWholeNumber } from '../validation';

/** /settings: 組織設定 — the organisation's facts and its security settings. */
export const SettingsPage = adminOnlyPage('module.settings.title', Settings);

function Settings() {
  const t = useT();
  const { organisation } = useSession();
  const id = useId();
  const load = useLoad(fetchSecuritySettings, []);
  const region = regionKey(organisation.dataRegion);
  const serviceCode = <code>{organisation.serviceCode}</code>;

  return (
    <>
      <PageHeading title={t('module.settings.title')} />
      <p className="field-hint">{t('common.auditNote')}</p>
      <section aria-labelledby={`${id}-org`} className="section">
        <h2 id={`${id}-org`}>{t('settings.orgTitle')}</h2>
        <Facts
          items={[
            [t('settings.nameJa'), organisation.nameJa, 'ja'],
            [t('settings.nameEn'), organisation.nameEn, 'en'],
            [t('signin.serviceCode'), serviceCode],
            [
              t('settings.dataRegion'),
              region ? `${t(region)} (${organisation.dataRegion})` : organisation.dataRegion,
            ],
          ]}
        />
        <p className="field-hint">{t('settings.orgNote')}</p>
      </section>
      <section aria-labelledby={`${id}-security`} className="section">
        <h2 id={`${id}-security`}>{t('settings.securityTitle')}</h2>
        <LoadView load={load} failedMessage={t('settings.loadFailed')}>
          {(settings) => <SecurityForm initial={settings} />}
        </LoadView>
      </section>
    </>
  );
}

type Field = 'totpRequiredForGeneral' | 'idleTimeoutMinutes' | 'absoluteLifetimeHours';

function SecurityForm({ initial }: { initial: SecuritySettings }) {
  const t = useT();
  const handleError = useApiErrorHandler();
  const [totpRequired, setTotpRequired] = useState(initial.totpRequiredForGeneral);
  const [idle, setIdle] = useState(String(initial.idleTimeoutMinutes));
  const [absolute, setAbsolute] = useState(String(initial.absoluteLifetimeHours));
  const [saved, setSaved] = useState(false);
  const { status, message, field, submit: send } = useFormSubmit<Field>(handleError);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const idleMinutes = parseWholeNumber(idle, IDLE_TIMEOUT_RANGE.min, IDLE_TIMEOUT_RANGE.max);
    const lifetimeHours = parseWholeNumber(
      absolute,
      ABSOLUTE_LIFETIME_RANGE.min,
      ABSOLUTE_LIFETIME_RANGE.max,
    );
    const fields: FieldIssues<Field> = {};
    if (idleMinutes === undefined)
      fields.idleTimeoutMinutes = { key: 'settings.idleInvalid', params: IDLE_TIMEOUT_RANGE };
    if (lifetimeHours === undefined)
      fields.absoluteLifetimeHours = { key: 'settings.absoluteInvalid', params: ABSOLUTE_LIFETIME_RANGE };
    send(fields, async () => {
      if (idleMinutes === undefined || lifetimeHours === undefined) return;
      const next = await saveSecuritySettings({
        totpRequiredForGeneral: totpRequired,
        idleTimeoutMinutes: idleMinutes,
        absoluteLifetimeHours: lifetimeHours,
      });
      if (next) {
        setTotpRequired(next.totpRequiredForGeneral);
        setIdle(String(next.idleTimeoutMinutes));
        setAbsolute(String(next.absoluteLifetimeHours));
      }
      setSaved(true);
    });
  }

  return (
    <>
      <StatusMessage message={saved ? t('settings.saved') : undefined} />
      <AlertedForm
        status={status}
        order={['totpRequiredForGeneral', 'idleTimeoutMinutes', 'absoluteLifetimeHours']}
        onSubmit={submit}
        className="form-narrow"
        labels={['settings.save', 'settings.saving']}
      >
        <CheckboxField
          label={t('settings.totpRequired')}
          hint={t('settings.totpRequiredHint')}
          error={message('totpRequiredForGeneral')}
          name="totpRequiredForGeneral"
          checked={totpRequired}
          onChange={(e) => setTotpRequired(e.target.checked)}
        />
        <TextField
          label={t('settings.idle')}
          hint={t('settings.idleHint', IDLE_TIMEOUT_RANGE)}
          {...field('idleTimeoutMinutes', idle, setIdle)}
          typing="number"
        />
        <TextField
          label={t('settings.absolute')}
          hint={t('settings.absoluteHint', ABSOLUTE_LIFETIME_RANGE)}
          {...field('absoluteLifetimeHours', absolute, setAbsolute)}
          typing="number"
        />
      </AlertedForm>
    </>
  );
}
