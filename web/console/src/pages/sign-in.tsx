import { type FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { type LoginAnswer, login, opsLogin, unexpectedResponseError } from '../api';
import { AlertedForm } from '../components/form-alert';
import { SignInPanel } from '../components/page-heading';
import { SignInFields } from '../components/sign-in-fields';
import { StatusMessage } from '../components/status-message';
import { TextField } from '../components/text-field';
import { TotpCodeForm } from '../components/totp-code-form';
import { TotpEnrolmentSteps } from '../components/totp-enrolment';
import type { FieldIssues } from '../form';
import { useFormSubmit } from '../hooks';
import { useT } from '../i18n';
import { PublicLayout } from '../layouts/public-layout';
import { safeReturnPath } from '../paths';

type Field = 'serviceCode' | 'email' | 'password';
type Step = 'credentials' | 'totp' | 'enrolment';

/** Notices other pages hand to the sign-in page through navigation state. */
export type SignInNotice = 'passwordReset';

function noticeOf(state: unknown): SignInNotice | undefined {
  if (typeof state === 'object' && state !== null && 'notice' in state) {
    return (state as { notice: unknown }).notice === 'passwordReset' ? 'passwordReset' : undefined;
  }
  return undefined;
}

/**
 * Sign-in for organisation staff (service code, e-mail, password) or, with `operator`, for the
 * provider's operators (e-mail, password); then the two-factor code or first-time enrolment.
 */
export function SignInPage({ operator = false }: { operator?: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();

  const [step, setStep] = useState<Step>('credentials');
  const [serviceCode, setServiceCode] = useState(() => searchParams.get('org') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [notice] = useState(() => noticeOf(location.state));
  const { setProblem, status, field, submit } = useFormSubmit<Field>();

  const order: Field[] = operator ? ['email', 'password'] : ['serviceCode', 'email', 'password'];
  const finish = () => navigate(safeReturnPath(location.state), { replace: true });

  function submitCredentials(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: FieldIssues<Field> = {};
    if (!operator && serviceCode.trim() === '') fields.serviceCode = { key: 'signin.serviceCodeRequired' };
    if (email.trim() === '') fields.email = { key: 'signin.emailRequired' };
    if (password === '') fields.password = { key: 'signin.passwordRequired' };
    submit(fields, async () => {
      const answer: LoginAnswer = operator
        ? await opsLogin({ email: email.trim(), password })
        : await login({ serviceCode: serviceCode.trim(), email: email.trim(), password });
      switch (answer?.status) {
        case 'signed_in':
          finish();
          return;
        case 'totp_required':
          setPassword('');
          setStep('totp');
          return;
        case 'totp_enrolment_required':
          setPassword('');
          setStep('enrolment');
          return;
        default:
          setProblem({ kind: 'api', error: unexpectedResponseError(200) });
      }
    });
  }

  function restart() {
    setStep('credentials');
    setProblem(undefined);
  }

  if (step === 'totp') {
    return (
      <PublicLayout>
        <SignInPanel title={t('signin.totpTitle')}>
          <TotpCodeForm
            onSignedIn={finish}
            onRestart={restart}
            lostDeviceKey={operator ? 'ops.signin.lostDevice' : 'signin.lostDevice'}
          />
        </SignInPanel>
      </PublicLayout>
    );
  }

  if (step === 'enrolment') {
    return (
      <PublicLayout>
        <SignInPanel title={t('totp.enrolTitle')} wide>
          <TotpEnrolmentSteps
            onDone={finish}
            account={operator ? email.trim() : `${email.trim()} (${serviceCode.trim()})`}
          />
        </SignInPanel>
      </PublicLayout>
    );
  }

  return (
    <PublicLayout>
      <SignInPanel title={t('signin.title')}>
        <StatusMessage message={notice === 'passwordReset' ? t('signin.resetDone') : undefined} />
        <p>{t(operator ? 'ops.signin.intro' : 'signin.intro')}</p>
        <AlertedForm
          status={status}
          order={order}
          onSubmit={submitCredentials}
          labels={['signin.submit', 'signin.submitting']}
          actions={
            !operator && (
              <Link
                to={
                  serviceCode.trim()
                    ? `/password-reset?org=${encodeURIComponent(serviceCode.trim())}`
                    : '/password-reset'
                }
              >
                {t('signin.forgotPassword')}
              </Link>
            )
          }
        >
          <SignInFields
            serviceCode={operator ? undefined : serviceCode}
            email={email}
            onServiceCode={setServiceCode}
            onEmail={setEmail}
            field={field}
          />
          <TextField
            label={t('signin.password')}
            {...field('password', password, setPassword)}
            type="password"
            autoComplete="current-password"
          />
        </AlertedForm>
        <p className="help-text">{t(operator ? 'ops.signin.help' : 'signin.help')}</p>
      </SignInPanel>
    </PublicLayout>
  );
}
