import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { type ApiError, fetchOrganisations, type OrganisationSummary, setSiteDomain } from '../api';
import { FormAlert } from '../components/form-alert';
import { LoadFailed, Loading } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { TextField } from '../components/text-field';
import { type FormProblem, fieldMessage } from '../form';
import { useApiErrorHandler, useFocusFirstInvalid } from '../hooks';
import { useLang, useT } from '../i18n';

type Field = 'siteDomain';
const ORDER: readonly Field[] = ['siteDomain'];

/** Rough check before sending; the server's rule (host name only, not our own host) decides. */
function looksLikeDomain(value: string): boolean {
  return /^[^\s/:@]+\.[^\s/:@]+$/.test(value);
}

type State =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'missing' }
  | { kind: 'ready'; org: OrganisationSummary };

/** 公開サイトのドメイン: an operator maps (or removes) an organisation's own domain. */
export function OrganisationDomainPage() {
  const t = useT();
  const { lang } = useLang();
  const { serviceCode = '' } = useParams();
  const handleError = useApiErrorHandler();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();
  const [problem, setProblem] = useState<FormProblem<Field> | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, problem);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on "try again"
  useEffect(() => {
    let cancelled = false;
    setState({ kind: 'loading' });
    fetchOrganisations().then(
      (answer) => {
        if (cancelled) return;
        const org = (answer.items ?? []).find((o) => o.serviceCode === serviceCode);
        setState(org ? { kind: 'ready', org } : { kind: 'missing' });
        setValue(org?.siteDomain ?? '');
      },
      (error: unknown) => {
        if (!cancelled) setState({ kind: 'failed', error: handleError(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [serviceCode, attempt]);

  async function save(domain: string | null) {
    if (busy || state.kind !== 'ready') return;
    if (domain !== null && !looksLikeDomain(domain)) {
      setProblem({ kind: 'validation', fields: { siteDomain: { key: 'ops.domain.invalid' } } });
      return;
    }
    setBusy(true);
    setProblem(undefined);
    setNotice(undefined);
    try {
      const org = await setSiteDomain(serviceCode, domain);
      const name = lang === 'en' ? org.nameEn : org.nameJa;
      setState({ kind: 'ready', org });
      setValue(org.siteDomain ?? '');
      setNotice(
        org.siteDomain
          ? t('ops.domain.saved', { name, domain: org.siteDomain })
          : t('ops.domain.removed', { name }),
      );
    } catch (error) {
      setProblem({ kind: 'api', error: handleError(error) });
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = value.trim();
    void save(trimmed === '' ? null : trimmed);
  }

  return (
    <>
      <PageHeading title={t('ops.domain.title')} />
      <p className="lead">{t('ops.domain.intro')}</p>
      <p>{t('ops.domain.dnsHint')}</p>
      <StatusMessage message={notice} />
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'failed' && (
        <LoadFailed
          message={t('ops.orgs.loadFailed')}
          error={state.error}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      )}
      {state.kind === 'missing' && <p>{t('ops.domain.notFound')}</p>}
      {state.kind === 'ready' && (
        <>
          <p>
            {t('ops.domain.org', {
              name: lang === 'en' ? state.org.nameEn : state.org.nameJa,
              serviceCode: state.org.serviceCode,
            })}
          </p>
          <p>
            {state.org.siteDomain
              ? t('ops.domain.current', { domain: state.org.siteDomain })
              : t('ops.domain.currentNone')}
          </p>
          <FormAlert problem={problem} order={ORDER} />
          <form ref={formRef} onSubmit={submit} noValidate className="form-narrow">
            <TextField
              label={t('ops.domain.label')}
              hint={t('ops.domain.hint')}
              error={fieldMessage(problem, 'siteDomain', t, lang)}
              name="siteDomain"
              type="text"
              inputMode="url"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={253}
              value={value}
              onChange={(event) => setValue(event.target.value)}
            />
            <p className="actions">
              <button type="submit" className="button" disabled={busy}>
                {t('ops.domain.save')}
              </button>
              {state.org.siteDomain && (
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={busy}
                  onClick={() => void save(null)}
                >
                  {t('ops.domain.remove')}
                </button>
              )}
            </p>
          </form>
        </>
      )}
      <p>
        <Link to="/">{t('ops.domain.back')}</Link>
      </p>
    </>
  );
}
