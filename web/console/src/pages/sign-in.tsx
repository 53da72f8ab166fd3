import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { ApiError, type LoginAnswer, login, networkError, unexpectedResponseError, verifyTotp } from '../api';
import { ErrorAlert } from '../components/error-alert';
import { PageHeading } from '../components/page-heading';
import type { MessageKey } from '../i18n';
import { useLang, useT } from '../i18n';
import { PublicLayout } from '../layouts/public-layout';

type CredentialField = 'serviceCode' | 'email' | 'password';
type Field = CredentialField | 'code';

/** Either our own validation messages per field, or the server's error. */
type Problem =
  | { kind: 'validation'; fields: Partial<Record<Field, MessageKey>> }
  | { kind: 'api'; error: ApiError };

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : networkError();
}

/** Where to go after sign-in: the page that sent us here, if it is one of ours. */
function returnPath(state: unknown): string {
  if (typeof state === 'object' && state !== null && 'from' in state) {
    const from = (state as { from: unknown }).from;
    if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//')) return from;
  }
  return '/';
}

export function SignInPage() {
  const t = useT();
  const { lang } = useLang();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const ids = useId();

  const [step, setStep] = useState<'credentials' | 'totp'>('credentials');
  const [serviceCode, setServiceCode] = useState(() => searchParams.get('org') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | undefined>();

  const inputs = {
    serviceCode: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    password: useRef<HTMLInputElement>(null),
    code: useRef<HTMLInputElement>(null),
  };

  useEffect(() => {
    if (step === 'totp') inputs.code.current?.focus();
  }, [step, inputs.code]);

  const fieldMessage = (field: Field): string | undefined => {
    if (!problem) return undefined;
    if (problem.kind === 'validation') {
      const key = problem.fields[field];
      return key ? t(key) : undefined;
    }
    return problem.error.field === field ? problem.error.messageIn(lang) : undefined;
  };

  const showProblem = (next: Problem, order: readonly Field[]) => {
    setProblem(next);
    const invalid =
      next.kind === 'validation'
        ? order.find((f) => next.fields[f])
        : order.find((f) => f === next.error.field);
    if (invalid) inputs[invalid].current?.focus();
  };

  const finish = () => navigate(returnPath(location.state), { replace: true });

  async function submitCredentials(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const order: CredentialField[] = ['serviceCode', 'email', 'password'];
    const fields: Partial<Record<Field, MessageKey>> = {};
    if (serviceCode.trim() === '') fields.serviceCode = 'signin.serviceCodeRequired';
    if (email.trim() === '') fields.email = 'signin.emailRequired';
    if (password === '') fields.password = 'signin.passwordRequired';
    if (Object.keys(fields).length > 0) return showProblem({ kind: 'validation', fields }, order);

    setBusy(true);
    setProblem(undefined);
    try {
      const answer: LoginAnswer = await login({
        serviceCode: serviceCode.trim(),
        email: email.trim(),
        password,
      });
      if (answer?.status === 'signed_in') return finish();
      if (answer?.status === 'totp_required') {
        setPassword('');
        setStep('totp');
        return;
      }
      showProblem({ kind: 'api', error: unexpectedResponseError(200) }, order);
    } catch (error) {
      showProblem({ kind: 'api', error: asApiError(error) }, order);
    } finally {
      setBusy(false);
    }
  }

  async function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const trimmed = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(trimmed))
      return showProblem({ kind: 'validation', fields: { code: 'signin.totpInvalid' } }, ['code']);

    setBusy(true);
    setProblem(undefined);
    try {
      await verifyTotp(trimmed);
      finish();
    } catch (error) {
      showProblem({ kind: 'api', error: asApiError(error) }, ['code']);
    } finally {
      setBusy(false);
    }
  }

  function restart() {
    setStep('credentials');
    setCode('');
    setProblem(undefined);
  }

  const alertMessages =
    problem?.kind === 'validation'
      ? (Object.values(problem.fields).filter(Boolean) as MessageKey[]).map((key) => t(key))
      : undefined;
  const alert = (
    <ErrorAlert error={problem?.kind === 'api' ? problem.error : undefined} messages={alertMessages} />
  );

  /** Props that tie an input to its hint and its error message. */
  const describe = (field: Field, hintId?: string) => {
    const message = fieldMessage(field);
    const errorId = `${ids}-${field}-error`;
    const describedBy = [hintId, message ? errorId : undefined].filter(Boolean).join(' ');
    return {
      input: {
        id: `${ids}-${field}`,
        'aria-invalid': message ? true : undefined,
        'aria-describedby': describedBy || undefined,
      },
      error: message ? (
        <p id={errorId} className="field-error">
          {message}
        </p>
      ) : null,
    };
  };

  if (step === 'totp') {
    const codeField = describe('code', `${ids}-code-hint`);
    return (
      <PublicLayout>
        <div className="panel signin-panel">
          <PageHeading title={t('signin.totpTitle')} />
          {alert}
          <form onSubmit={submitCode} noValidate>
            <div className="field">
              <label htmlFor={codeField.input.id}>{t('signin.totpCode')}</label>
              <p id={`${ids}-code-hint`} className="field-hint">
                {t('signin.totpIntro')}
              </p>
              {codeField.error}
              <input
                {...codeField.input}
                ref={inputs.code}
                name="code"
                className="input input-code"
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]*"
                maxLength={6}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </div>
            <div className="actions">
              <button type="submit" className="button" aria-disabled={busy || undefined}>
                {busy ? t('signin.totpSubmitting') : t('signin.totpSubmit')}
              </button>
              <button type="button" className="button button-link" onClick={restart}>
                {t('signin.restart')}
              </button>
            </div>
          </form>
        </div>
      </PublicLayout>
    );
  }

  const serviceCodeField = describe('serviceCode', `${ids}-serviceCode-hint`);
  const emailField = describe('email');
  const passwordField = describe('password');
  return (
    <PublicLayout>
      <div className="panel signin-panel">
        <PageHeading title={t('signin.title')} />
        <p>{t('signin.intro')}</p>
        {alert}
        <form onSubmit={submitCredentials} noValidate>
          <div className="field">
            <label htmlFor={serviceCodeField.input.id}>{t('signin.serviceCode')}</label>
            <p id={`${ids}-serviceCode-hint`} className="field-hint">
              {t('signin.serviceCodeHint')}
            </p>
            {serviceCodeField.error}
            <input
              {...serviceCodeField.input}
              ref={inputs.serviceCode}
              name="serviceCode"
              className="input"
              type="text"
              autoCapitalize="none"
              spellCheck={false}
              value={serviceCode}
              onChange={(e) => setServiceCode(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={emailField.input.id}>{t('signin.email')}</label>
            {emailField.error}
            <input
              {...emailField.input}
              ref={inputs.email}
              name="email"
              className="input"
              type="email"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={passwordField.input.id}>{t('signin.password')}</label>
            {passwordField.error}
            <input
              {...passwordField.input}
              ref={inputs.password}
              name="password"
              className="input"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <div className="actions">
            <button type="submit" className="button" aria-disabled={busy || undefined}>
              {busy ? t('signin.submitting') : t('signin.submit')}
            </button>
          </div>
        </form>
        <p className="help-text">{t('signin.help')}</p>
      </div>
    </PublicLayout>
  );
}
