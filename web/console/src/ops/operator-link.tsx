import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, asApiError } from '../api';
import { AlertedForm } from '../components/form-alert';
import { Loading } from '../components/load-state';
import { NewPasswordFields, useNewPassword } from '../components/new-password-fields';
import { SignInPanel } from '../components/page-heading';
import { TotpEnrolmentSteps } from '../components/totp-enrolment';
import { useFormSubmit, useLoad } from '../hooks';
import { useT } from '../i18n';
import { PublicLayout } from '../layouts/public-layout';
import '../i18n-ops-staff';

type Purpose = 'invitation' | 'password_reset';
interface LinkInfo {
  email: string;
  name: string;
}

/**
 * /ops/invitation?token=… and /ops/password?token=…: an invited operator sets a password and enrols
 * two-factor; an operator whose password reset was approved sets a new one, then signs in.
 */
export function OperatorLinkPage({ purpose }: { purpose: Purpose }) {
  const t = useT();
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const navigate = useNavigate();
  const [stage, setStage] = useState<'form' | 'enrolment' | 'done'>('form');
  const load = useLoad(
    () => api.get<LinkInfo>(`/ops/auth/links/${purpose}/${encodeURIComponent(token)}`),
    [purpose, token],
    asApiError,
  );
  const title = t(purpose === 'invitation' ? 'ops.link.invitationTitle' : 'ops.link.passwordTitle');
  if (load.state.kind === 'loading')
    return (
      <PublicLayout>
        <Loading />
      </PublicLayout>
    );
  if (load.state.kind === 'failed' || !token)
    return (
      <PublicLayout>
        <SignInPanel title={title}>
          <p>{t('ops.link.invalid')}</p>
          <p>
            <Link to="/signin">{t('session.toSignIn')}</Link>
          </p>
        </SignInPanel>
      </PublicLayout>
    );
  const info = load.state.value;
  return (
    <PublicLayout>
      {stage === 'enrolment' ? (
        <SignInPanel title={t('totp.enrolTitle')} wide>
          <TotpEnrolmentSteps
            onDone={() => navigate('/', { replace: true })}
            account={`${info.email} (operator)`}
          />
        </SignInPanel>
      ) : stage === 'done' ? (
        <SignInPanel title={title}>
          <p role="status">{t('ops.link.passwordDone')}</p>
          <p>
            <Link to="/signin">{t('session.toSignIn')}</Link>
          </p>
        </SignInPanel>
      ) : (
        <PasswordForm
          title={title}
          purpose={purpose}
          token={token}
          info={info}
          onDone={() => setStage(purpose === 'invitation' ? 'enrolment' : 'done')}
        />
      )}
    </PublicLayout>
  );
}

function PasswordForm({
  title,
  purpose,
  token,
  info,
  onDone,
}: {
  title: string;
  purpose: Purpose;
  token: string;
  info: LinkInfo;
  onDone: () => void;
}) {
  const t = useT();
  const newPassword = useNewPassword();
  const { status, field, submit: send } = useFormSubmit<'password' | 'confirm'>();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send(newPassword.issues('password', { email: info.email, serviceCode: 'mitte' }), async () => {
      if (purpose === 'invitation')
        await api.post('/ops/auth/invitations/accept', { token, password: newPassword.password });
      else await api.post('/ops/auth/password/confirm', { token, newPassword: newPassword.password });
      onDone();
    });
  }
  return (
    <SignInPanel title={title} wide>
      <p>{t('ops.link.intro', { name: info.name, email: info.email })}</p>
      {purpose === 'invitation' && <p className="notice">{t('ops.link.totpNotice')}</p>}
      <AlertedForm
        status={status}
        order={['password', 'confirm']}
        onSubmit={submit}
        labels={['ops.link.submit', 'ops.link.submitting']}
      >
        <input type="hidden" name="username" autoComplete="username" value={info.email} />
        <NewPasswordFields name="password" value={newPassword} field={field} />
      </AlertedForm>
    </SignInPanel>
  );
}
