import { type FormEvent, type ReactNode, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  type ApiError,
  acceptInvitation,
  asApiError,
  fetchInvitation,
  type Invitation,
  unexpectedResponseError,
} from '../api';
import { Button } from '../components/button';
import { ErrorAlert } from '../components/error-alert';
import { Facts } from '../components/facts';
import { AlertedForm } from '../components/form-alert';
import { Loading } from '../components/load-state';
import { NewPasswordFields, useNewPassword } from '../components/new-password-fields';
import { SignInPanel } from '../components/page-heading';
import { TotpEnrolmentSteps } from '../components/totp-enrolment';
import { type Loaded, useFormSubmit, useLoad } from '../hooks';
import { useLang, useT } from '../i18n';
import { PublicLayout } from '../layouts/public-layout';

type State =
  | { kind: 'loading' }
  | { kind: 'no-token' }
  | { kind: 'invalid' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'ready'; invitation: Invitation }
  | { kind: 'enrolment'; invitation: Invitation };

/** What the page shows for the token, what its load answered and the enrolment under way. */
function viewOf(
  token: string,
  loaded: Loaded<Invitation | undefined>,
  enrolling: Invitation | undefined,
): State {
  if (!token) return { kind: 'no-token' };
  if (loaded.kind === 'loading') return { kind: 'loading' };
  if (loaded.kind === 'failed')
    return loaded.error.status === 404 ? { kind: 'invalid' } : { kind: 'failed', error: loaded.error };
  const invitation = loaded.value;
  if (!invitation) return { kind: 'no-token' };
  return enrolling === invitation ? { kind: 'enrolment', invitation } : { kind: 'ready', invitation };
}

/** /invitation?token=…: the invited person sets a password (and enrols two-factor when required). */
export function InvitationPage() {
  const t = useT();
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const navigate = useNavigate();
  // Signed out: a failure is shown here, never a redirect to the sign-in page.
  const load = useLoad(
    () => (token ? fetchInvitation(token) : Promise.resolve(undefined)),
    [token],
    asApiError,
  );
  // The invitation whose two-factor enrolment is under way (after its password was set).
  const [enrolling, setEnrolling] = useState<Invitation | undefined>();
  const state = viewOf(token, load.state, enrolling);

  const enterConsole = () => navigate('/', { replace: true });

  let content: ReactNode;
  switch (state.kind) {
    case 'loading':
      content = <Loading />;
      break;
    case 'no-token':
    case 'invalid':
      content = (
        <SignInPanel title={t('invitation.invalidTitle')}>
          <p>{t(state.kind === 'invalid' ? 'invitation.invalid' : 'invitation.noToken')}</p>
          <p>
            <Link to="/signin">{t('session.toSignIn')}</Link>
          </p>
        </SignInPanel>
      );
      break;
    case 'failed':
      content = (
        <SignInPanel title={t('invitation.loadFailed')}>
          <ErrorAlert error={state.error} />
          <div className="actions">
            <Button onClick={load.retry}>{t('common.retry')}</Button>
          </div>
        </SignInPanel>
      );
      break;
    case 'ready':
      content = (
        <AcceptForm
          token={token}
          invitation={state.invitation}
          onSignedIn={enterConsole}
          onEnrolmentRequired={() => setEnrolling(state.invitation)}
        />
      );
      break;
    case 'enrolment':
      content = (
        <SignInPanel title={t('totp.enrolTitle')} wide>
          <TotpEnrolmentSteps
            onDone={enterConsole}
            account={`${state.invitation.email} (${state.invitation.organisation.serviceCode})`}
          />
        </SignInPanel>
      );
      break;
  }
  return <PublicLayout>{content}</PublicLayout>;
}

type Field = 'password' | 'confirm';

function AcceptForm({
  token,
  invitation,
  onSignedIn,
  onEnrolmentRequired,
}: {
  token: string;
  invitation: Invitation;
  onSignedIn: () => void;
  onEnrolmentRequired: () => void;
}) {
  const t = useT();
  const { lang } = useLang();
  const newPassword = useNewPassword();
  const { setProblem, status, field, submit: send } = useFormSubmit<Field>();
  const { organisation } = invitation;
  const organisationName = lang === 'en' && organisation.nameEn ? organisation.nameEn : organisation.nameJa;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = newPassword.issues('password', {
      email: invitation.email,
      serviceCode: organisation.serviceCode,
    });
    send(fields, async () => {
      const answer = await acceptInvitation({ token, password: newPassword.password });
      if (answer?.status === 'signed_in') return onSignedIn();
      if (answer?.status === 'totp_enrolment_required') return onEnrolmentRequired();
      setProblem({ kind: 'api', error: unexpectedResponseError(200) });
    });
  }

  return (
    <SignInPanel title={t('invitation.title')} wide>
      <p>{t('invitation.intro', { organisation: organisationName })}</p>
      <h2>{t('invitation.factsTitle')}</h2>
      <Facts
        items={[
          [t('header.organisation'), organisationName],
          [
            t('signin.serviceCode'),
            <>
              <code>{organisation.serviceCode}</code>
              <span className="fact-note">{t('invitation.serviceCodeNote')}</span>
            </>,
          ],
          [t('users.name'), invitation.name],
          [t('signin.email'), invitation.email],
        ]}
      />
      {invitation.totpRequired && <p className="notice">{t('invitation.totpNotice')}</p>}
      <AlertedForm
        status={status}
        order={['password', 'confirm']}
        onSubmit={submit}
        labels={['invitation.submit', 'invitation.submitting']}
      >
        {/* Lets password managers store the new password under the right account. */}
        <input type="hidden" name="username" autoComplete="username" value={invitation.email} />
        <NewPasswordFields name="password" value={newPassword} field={field} />
      </AlertedForm>
    </SignInPanel>
  );
}
