import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { confirmPasswordReset, requestPasswordReset } from '../api';
import { AlertedForm } from '../components/form-alert';
import { NewPasswordFields, useNewPassword } from '../components/new-password-fields';
import { SignInPanel } from '../components/page-heading';
import { SignInFields } from '../components/sign-in-fields';
import type { FieldIssues } from '../form';
import { useFormSubmit } from '../hooks';
import { useT } from '../i18n';
import { PublicLayout } from '../layouts/public-layout';

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
  const [searchParams] = useSearchParams();
  const [serviceCode, setServiceCode] = useState(() => searchParams.get('org') ?? '');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { status, field, submit } = useFormSubmit<RequestField>();

  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: FieldIssues<RequestField> = {};
    if (serviceCode.trim() === '') fields.serviceCode = { key: 'signin.serviceCodeRequired' };
    if (email.trim() === '') fields.email = { key: 'signin.emailRequired' };
    submit(fields, async () => {
      await requestPasswordReset({ serviceCode: serviceCode.trim(), email: email.trim() });
      setSent(true);
    });
  }

  const signInLink = serviceCode.trim() ? `/signin?org=${encodeURIComponent(serviceCode.trim())}` : '/signin';

  if (sent) {
    return (
      <SignInPanel title={t('reset.sentTitle')}>
        <p className="status-message">{t('reset.sent')}</p>
        <p>{t('reset.sentHelp')}</p>
        <p>
          <Link to={signInLink}>{t('reset.backToSignIn')}</Link>
        </p>
      </SignInPanel>
    );
  }

  return (
    <SignInPanel title={t('reset.title')}>
      <p>{t('reset.intro')}</p>
      <AlertedForm
        status={status}
        order={['serviceCode', 'email']}
        onSubmit={send}
        labels={['reset.submit', 'reset.submitting']}
        actions={<Link to={signInLink}>{t('reset.backToSignIn')}</Link>}
      >
        <SignInFields
          serviceCode={serviceCode}
          email={email}
          onServiceCode={setServiceCode}
          onEmail={setEmail}
          field={field}
        />
      </AlertedForm>
    </SignInPanel>
  );
}

type NewField = 'newPassword' | 'confirm';

function NewPasswordForm({ token }: { token: string }) {
  const t = useT();
  const navigate = useNavigate();
  const newPassword = useNewPassword();
  const { problem, status, message, field, submit } = useFormSubmit<NewField>();

  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit(newPassword.issues('newPassword'), async () => {
      await confirmPasswordReset({ token, newPassword: newPassword.password });
      navigate('/signin', { replace: true, state: { notice: 'passwordReset' } });
    });
  }

  // A problem that is not about the password itself (an expired or used link) offers a new mail.
  const linkProblem =
    problem?.kind === 'api' && problem.error.field !== 'newPassword' && !message('newPassword');
  return (
    <SignInPanel title={t('reset.newTitle')}>
      <p>{t('reset.newIntro')}</p>
      <AlertedForm
        status={status}
        order={['newPassword', 'confirm']}
        onSubmit={send}
        labels={['reset.confirmSubmit', 'common.processing']}
      >
        {linkProblem && (
          <p>
            <Link to="/password-reset">{t('reset.requestAgain')}</Link>
          </p>
        )}
        <NewPasswordFields name="newPassword" value={newPassword} field={field} />
      </AlertedForm>
    </SignInPanel>
  );
}
