import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fetchOrganisations, setSiteDomain } from '../api';
import { Button, FormActions } from '../components/button';
import { FormAlert } from '../components/form-alert';
import { LoadView } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { TextField } from '../components/text-field';
import type { FieldIssues } from '../form';
import { organisationName } from '../format';
import { useApiErrorHandler, useFormSubmit, useLoad } from '../hooks';
import { useLang, useT } from '../i18n';
import '../i18n-domains';

type Field = 'siteDomain';
const ORDER: readonly Field[] = ['siteDomain'];

/** Rough check before sending; the server's rule (host name only, not our own host) decides. */
function looksLikeDomain(value: string): boolean {
  return /^[^\s/:@]+\.[^\s/:@]+$/.test(value);
}

/** 公開サイトのドメイン: an operator maps (or removes) an organisation's own domain. */
export function OrganisationDomainPage() {
  const t = useT();
  const { lang } = useLang();
  const { serviceCode = '' } = useParams();
  const handleError = useApiErrorHandler();
  const [value, setValue] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const { busy, problem, formRef, field, submit: send } = useFormSubmit<Field>(handleError);
  const load = useLoad(async () => {
    const org = (await fetchOrganisations()).items?.find((o) => o.serviceCode === serviceCode);
    setValue(org?.siteDomain ?? '');
    return org;
  }, [serviceCode]);

  function save(domain: string | null) {
    if (load.state.kind !== 'ready') return;
    const fields: FieldIssues<Field> =
      domain !== null && !looksLikeDomain(domain) ? { siteDomain: { key: 'ops.domain.invalid' } } : {};
    send(fields, async () => {
      setNotice(undefined);
      const org = await setSiteDomain(serviceCode, domain);
      const name = organisationName(org, lang);
      load.update(org);
      setValue(org.siteDomain ?? '');
      setNotice(
        org.siteDomain
          ? t('ops.domain.saved', { name, domain: org.siteDomain })
          : t('ops.domain.removed', { name }),
      );
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = value.trim();
    void save(trimmed === '' ? null : trimmed);
  }

  return (
    <>
      <PageHeading title={t('ops.domain.title')} lead={t('ops.domain.intro')} />
      <p>{t('ops.domain.dnsHint')}</p>
      <StatusMessage message={notice} />
      <LoadView load={load} failedMessage={t('ops.orgs.loadFailed')}>
        {(org) =>
          !org ? (
            <p>{t('ops.domain.notFound')}</p>
          ) : (
            <>
              <p>
                {t('ops.domain.org', {
                  name: organisationName(org, lang),
                  serviceCode: org.serviceCode,
                })}
              </p>
              <p>
                {org.siteDomain
                  ? t('ops.domain.current', { domain: org.siteDomain })
                  : t('ops.domain.currentNone')}
              </p>
              <FormAlert problem={problem} order={ORDER} />
              <form ref={formRef} onSubmit={submit} noValidate className="form-narrow">
                <TextField
                  label={t('ops.domain.label')}
                  hint={t('ops.domain.hint')}
                  {...field('siteDomain', value, setValue)}
                  typing="verbatim"
                  inputMode="url"
                  autoComplete="off"
                  maxLength={253}
                />
                <FormActions label={t('ops.domain.save')} busy={busy}>
                  {org.siteDomain && (
                    <Button look="secondary" disabled={busy} onClick={() => void save(null)}>
                      {t('ops.domain.remove')}
                    </Button>
                  )}
                </FormActions>
              </form>
            </>
          )
        }
      </LoadView>
      <p>
        <Link to="/">{t('ops.domain.back')}</Link>
      </p>
    </>
  );
}
