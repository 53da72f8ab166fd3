import { type FormEvent, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { asApiError, confirmPasswordReset, requestPasswordReset } from '../api';
import { FormAlert } from '../components/form-alert';
import { NewPasswordFields } from '../components/new-password-fields';
import { PageHeading } from '../components/page-heading';
import { TextField } from '../components/text-field';
import { type FieldIssues, type FormProblem, fieldMessage, hasIssues } from '../form';
import { useFocusFirstInvalid } from '../hooks';
import { useLang, useT } from '../i18n';
import { PublicLayout } from '../layouts/public-layout';
import { newPasswordIssues } from '../validation';

/**
 * /password-reset: without a token, the request form (service code + e-mail); with the token
 * from the reset mail, the new-password form.
 */
export function PasswordResetPage() {
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token');
  return <PublicLayout>{token ? <NewPasswordForm token={token} /> : <RequestForm />}</PublicLayout>;
}

type RequestField = 'serviceCode' | 'email';

function RequestForm() {
  const t = useT();
  const { lang } = useLang();
  const [searchParams] = useSearchParams();
  const [serviceCode, setServiceCode] = useState(() => searchParams.get('org') ?? '');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState<FormProblem<RequestField> | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, problem);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const fields: FieldIssues<RequestField> = {};
    if (serviceCode.trim() === '') fields.serviceCode = { key: 'signin.serviceCodeRequired' };
    if (email.trim() === '') fields.email = { key: 'signin.emailRequired' };
    if (hasIssues(fields)) {
      setProblem({ kind: 'validation', fields });
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await requestPasswordReset({ serviceCode: serviceCode.trim(), email: email.trim() });
      setSent(true);
    } catch (error) {
      setProblem({ kind: 'api', error: asApiError(error) });
    } finally {
      setBusy(false);
    }
  }

  const signInLink = serviceCode.trim() ? `/signin?org=${encodeURIComponent(serviceCode.trim())}` : '/signin';

  if (sent) {
    return (
      <div className="panel signin-panel">
        <PageHeading title={t('reset.sentTitle')} />
        <p className="status-message">{t('reset.sent')}</p>
        <p>{t('reset.sentHelp')}</p>
        <p>
          <Link to={signInLink}>{t('reset.backToSignIn')}</Link>
        </p>
      </div>
    );
  }

  const message = (field: RequestField) => fieldMessage(problem, field, t, lang);
  return (
    <div className="panel signin-panel">
      <PageHeading title={t('reset.title')} />
      <p>{t('reset.intro')}</p>
      <FormAlert problem={problem} order={['serviceCode', 'email']} />
      <form ref={formRef} onSubmit={submit} noValidate>
        <TextField
          label={t('signin.serviceCode')}
          hint={t('signin.serviceCodeHint')}
          error={message('serviceCode')}
          name="serviceCode"
          type="text"
          autoComplete="organization"
          autoCapitalize="none"
          spellCheck={false}
          value={serviceCode}
          onChange={(e) => setServiceCode(e.target.value)}
        />
        <TextField
          label={t('signin.email')}
          error={message('email')}
          name="email"
          type="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <div className="actions">
          <button type="submit" className="button" aria-disabled={busy || undefined}>
            {busy ? t('reset.submitting') : t('reset.submit')}
          </button>
          <Link to={signInLink}>{t('reset.backToSignIn')}</Link>
        </div>
      </form>
    </div>
  );
}

type NewField = 'newPassword' | 'confirm';

function NewPasswordForm({ token }: { token: string }) {
  const t = useT();
  const { lang } = useLang();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FormProblem<NewField> | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, problem);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const fields = newPasswordIssues({ password: 'newPassword', confirm: 'confirm' }, password, confirm);
    if (hasIssues(fields)) {
      setProblem({ kind: 'validation', fields });
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await confirmPasswordReset({ token, newPassword: password });
      navigate('/signin', { replace: true, state: { notice: 'passwordReset' } });
    } catch (error) {
      setProblem({ kind: 'api', error: asApiError(error) });
      setBusy(false);
    }
  }

  const message = (field: NewField) => fieldMessage(problem, field, t, lang);
  // A problem that is not about the password itself (an expired or used link) offers a new mail.
  const linkProblem =
    problem?.kind === 'api' && problem.error.field !== 'newPassword' && !message('newPassword');
  return (
    <div className="panel signin-panel">
      <PageHeading title={t('reset.newTitle')} />
      <p>{t('reset.newIntro')}</p>
      <FormAlert problem={problem} order={['newPassword', 'confirm']} />
      {linkProblem && (
        <p>
          <Link to="/password-reset">{t('reset.requestAgain')}</Link>
        </p>
      )}
      <form ref={formRef} onSubmit={submit} noValidate>
        <NewPasswordFields
          name="newPassword"
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          passwordError={message('newPassword')}
          confirmError={message('confirm')}
        />
        <div className="actions">
          <button type="submit" className="button" aria-disabled={busy || undefined}>
            {busy ? t('common.processing') : t('reset.confirmSubmit')}
          </button>
        </div>
      </form>
    </div>
  );
}
