import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  type ApiError,
  asApiError,
  changePassword,
  endSession,
  fetchSessions,
  logout,
  regenerateRecoveryCodes,
  type SessionInfo,
} from '../api';
import { Button } from '../components/button';
import { OneTimeCodeField } from '../components/code-field';
import { ConfirmDialog } from '../components/confirm-dialog';
import { DataTable } from '../components/data-table';
import { Facts } from '../components/facts';
import { AlertedForm } from '../components/form-alert';
import { LoadFailed, Loading } from '../components/load-state';
import { NewPasswordFields, useNewPassword } from '../components/new-password-fields';
import { NoticeMailSetting } from '../components/notice-mail-setting';
import { PageHeading } from '../components/page-heading';
import { RecoveryCodes } from '../components/recovery-codes';
import { SmallButton } from '../components/small-button';
import { StatusMessage } from '../components/status-message';
import { TextField } from '../components/text-field';
import { TotpEnrolmentSteps } from '../components/totp-enrolment';
import { type FieldIssues, fieldMessage } from '../form';
import { describeUserAgent, formatJst, normaliseTotpCode } from '../format';
import { useApiErrorHandler, useFormSubmit } from '../hooks';
import { useLang, useT } from '../i18n';
import { useRefreshSession, useSession } from '../session';

/** /account: the user's own password, two-factor authentication and sessions. */
export function AccountPage() {
  const t = useT();
  const { user } = useSession();
  const id = useId();
  const [sessionsVersion, setSessionsVersion] = useState(0);
  return (
    <>
      <PageHeading title={t('module.account.title')} lead={t('module.account.description')} />
      <p className="field-hint">{t('common.auditNote')}</p>

      <section aria-labelledby={`${id}-profile`} className="section">
        <h2 id={`${id}-profile`}>{t('account.profileTitle')}</h2>
        <Facts
          items={[
            [t('account.name'), user.name],
            [t('signin.email'), user.email],
            [t('account.role'), t(user.role === 'admin' ? 'role.admin' : 'role.general')],
          ]}
        />
      </section>

      <PasswordSection headingId={`${id}-password`} onChanged={() => setSessionsVersion((n) => n + 1)} />
      <TwoFactorSection headingId={`${id}-totp`} />
      <SessionsSection headingId={`${id}-sessions`} version={sessionsVersion} />
      <NoticeMailSetting headingId={`${id}-notice-mail`} />
    </>
  );
}

type PasswordField = 'currentPassword' | 'newPassword' | 'confirm';

function PasswordSection({ headingId, onChanged }: { headingId: string; onChanged: () => void }) {
  const t = useT();
  const { lang } = useLang();
  const { user, organisation } = useSession();
  const handleError = useApiErrorHandler();
  const [current, setCurrent] = useState('');
  const newPassword = useNewPassword();
  const [done, setDone] = useState(false);
  const { busy, problem, status, field, submit: send } = useFormSubmit<PasswordField>(handleError);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    const fields: FieldIssues<PasswordField> = {};
    if (current === '') fields.currentPassword = { key: 'password.currentRequired' };
    Object.assign(
      fields,
      newPassword.issues('newPassword', { email: user.email, serviceCode: organisation.serviceCode }),
    );
    send(fields, async () => {
      await changePassword({ currentPassword: current, newPassword: newPassword.password });
      setCurrent('');
      newPassword.clear();
      setDone(true);
      onChanged();
    });
  }

  const message = (field: PasswordField) => {
    const own = fieldMessage(problem, field, t, lang);
    if (own) return own;
    // A wrong current password may come without `field`; it still belongs to that input.
    if (
      field === 'currentPassword' &&
      problem?.kind === 'api' &&
      !problem.error.field &&
      (problem.error.code === 'invalid_credentials' || problem.error.code === 'invalid_current_password')
    )
      return problem.error.messageIn(lang);
    return undefined;
  };

  return (
    <section aria-labelledby={headingId} className="section">
      <h2 id={headingId}>{t('account.passwordTitle')}</h2>
      <p>{t('account.passwordIntro')}</p>
      <StatusMessage message={done ? t('account.passwordChanged') : undefined} />
      <AlertedForm
        status={status}
        order={['currentPassword', 'newPassword', 'confirm']}
        onSubmit={submit}
        className="form-narrow"
        labels={['account.passwordSubmit', 'account.passwordChanging']}
      >
        <input type="hidden" name="username" autoComplete="username" value={user.email} />
        <TextField
          label={t('password.current')}
          {...field('currentPassword', current, setCurrent)}
          error={message('currentPassword')}
          type="password"
          autoComplete="current-password"
        />
        <NewPasswordFields name="newPassword" value={newPassword} field={field} />
      </AlertedForm>
    </section>
  );
}

function TwoFactorSection({ headingId }: { headingId: string }) {
  const t = useT();
  const { user, organisation } = useSession();
  const refreshSession = useRefreshSession();
  const handleError = useApiErrorHandler();
  const [enrolling, setEnrolling] = useState(false);
  const [enrolled, setEnrolled] = useState(false);
  const account = `${user.email} (${organisation.serviceCode})`;
  // Focus follows the set-up: into it when it opens, back to its button when it is left, and to
  // the section's heading (with the "done" status) when the button is gone because it is done.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const setUpRef = useRef<HTMLHeadingElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const [focusTo, setFocusTo] = useState<'setUp' | 'opener' | 'heading' | undefined>();
  useEffect(() => {
    if (!focusTo) return;
    ({ setUp: setUpRef, opener: openerRef, heading: headingRef })[focusTo].current?.focus();
    setFocusTo(undefined);
  }, [focusTo]);

  return (
    <section aria-labelledby={headingId} className="section">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('account.totpTitle')}
      </h2>
      <StatusMessage message={enrolled ? t('account.totpSetUpDone') : undefined} />
      <p>
        <span className={user.totpEnabled ? 'badge badge-ok' : 'badge'}>
          {t(user.totpEnabled ? 'users.totp.enabled' : 'users.totp.disabled')}
        </span>{' '}
        {t(user.totpEnabled ? 'account.totpEnabled' : 'account.totpDisabled')}
      </p>
      {!user.totpEnabled &&
        (enrolling ? (
          <div className="enrolment-set-up">
            <h3 ref={setUpRef} tabIndex={-1}>
              {t('totp.enrolTitle')}
            </h3>
            <TotpEnrolmentSteps
              headingLevel={4}
              account={account}
              onError={handleError}
              onDone={() => {
                setEnrolling(false);
                setEnrolled(true);
                setFocusTo('heading');
                refreshSession();
              }}
            />
            <div className="actions">
              <Button
                look="secondary"
                onClick={() => {
                  setEnrolling(false);
                  setFocusTo('opener');
                }}
              >
                {t('account.totpCancel')}
              </Button>
            </div>
          </div>
        ) : (
          <div className="actions">
            <Button
              ref={openerRef}
              onClick={() => {
                setEnrolling(true);
                setFocusTo('setUp');
              }}
            >
              {t('account.totpSetUp')}
            </Button>
          </div>
        ))}
      {user.totpEnabled && <RegenerateRecoveryCodes account={account} />}
      <p className="help-text">{t('account.lostDevice')}</p>
    </section>
  );
}

function RegenerateRecoveryCodes({ account }: { account: string }) {
  const t = useT();
  const handleError = useApiErrorHandler();
  const id = useId();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | undefined>();
  const { problem, status, submit: send } = useFormSubmit<'code'>(handleError);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const normalised = normaliseTotpCode(code);
    send(normalised ? {} : { code: { key: 'signin.totpInvalid' } }, async () => {
      const answer = await regenerateRecoveryCodes(normalised ?? '');
      setCodes(answer.recoveryCodes ?? []);
      setCode('');
    });
  }

  return (
    <div className="subsection">
      <h3 id={`${id}-title`}>{t('account.recoveryTitle')}</h3>
      {codes ? (
        <>
          <StatusMessage message={t('account.recoveryDone')} />
          <RecoveryCodes codes={codes} account={account} headingLevel={4} />
          <div className="actions">
            <Button look="secondary" onClick={() => setCodes(undefined)}>
              {t('common.close')}
            </Button>
          </div>
        </>
      ) : (
        <>
          <p>{t('account.recoveryIntro')}</p>
          <AlertedForm
            status={status}
            order={['code']}
            onSubmit={submit}
            aria-labelledby={`${id}-title`}
            labels={['account.recoverySubmit', 'account.recoverySubmitting']}
          >
            <OneTimeCodeField
              label="account.recoveryCode"
              hint="account.recoveryCodeHint"
              problem={problem}
              code={[code, setCode]}
            />
          </AlertedForm>
        </>
      )}
    </div>
  );
}

type SessionsState =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ApiError }
  | { kind: 'ready'; items: SessionInfo[] };

function SessionsSection({ headingId, version }: { headingId: string; version: number }) {
  const t = useT();
  const navigate = useNavigate();
  const { organisation } = useSession();
  const handleError = useApiErrorHandler();
  const [state, setState] = useState<SessionsState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [target, setTarget] = useState<SessionInfo | undefined>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const load = useCallback(
    () =>
      fetchSessions().then(
        (answer) => setState({ kind: 'ready', items: answer.items ?? [] }),
        (error: unknown) => setState({ kind: 'failed', error: handleError(error) }),
      ),
    [handleError],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload on retry and after a password change
  useEffect(() => {
    load();
  }, [attempt, version]);

  const browserOf = (session: SessionInfo) =>
    describeUserAgent(session.userAgent) || session.userAgent || t('account.unknownBrowser');

  async function confirmEnd() {
    if (!target) return;
    setBusy(true);
    setActionError(undefined);
    try {
      if (target.current) {
        // Ending this device's session is signing out.
        await logout().catch((error: unknown) => {
          if (asApiError(error).status !== 401) throw error;
        });
        navigate(`/signin?org=${encodeURIComponent(organisation.serviceCode)}`, { replace: true });
        return;
      }
      await endSession(target.id);
      setTarget(undefined);
      setNotice(t('account.sessionEnded'));
      await load();
    } catch (error) {
      setActionError(handleError(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={headingId} className="section">
      <h2 id={headingId}>{t('account.sessionsTitle')}</h2>
      <p>{t('account.sessionsIntro')}</p>
      <StatusMessage message={notice} />
      {state.kind === 'loading' && <Loading />}
      {state.kind === 'failed' && (
        <LoadFailed
          message={t('account.sessionsLoadFailed')}
          error={state.error}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      )}
      {state.kind === 'ready' &&
        (state.items.length === 0 ? (
          <p>{t('account.sessionsEmpty')}</p>
        ) : (
          <DataTable
            caption={t('account.sessionsCaption', { count: state.items.length })}
            columns={[
              t('account.sessionBrowser'),
              t('account.sessionStarted'),
              t('account.sessionLastSeen'),
              t('account.sessionIp'),
              t('common.actions'),
            ]}
          >
            {state.items.map((session) => (
              <tr key={session.id} className={session.current ? 'row-current' : undefined}>
                <th scope="row">
                  <span title={session.userAgent}>{browserOf(session)}</span>
                  {session.current && (
                    <>
                      <br />
                      <strong className="badge badge-ok">{t('account.sessionCurrent')}</strong>
                    </>
                  )}
                </th>
                <td>{formatJst(session.createdAt) ?? t('common.notRecorded')}</td>
                <td>{formatJst(session.lastSeenAt) ?? t('common.notRecorded')}</td>
                <td>
                  <code>{session.ip}</code>
                </td>
                <td>
                  <SmallButton
                    onClick={() => {
                      setActionError(undefined);
                      setNotice(undefined);
                      setTarget(session);
                    }}
                    target={t('account.sessionEndContext', {
                      browser: browserOf(session),
                      date: formatJst(session.createdAt) ?? '',
                    })}
                  >
                    {t('account.sessionEnd')}
                  </SmallButton>
                </td>
              </tr>
            ))}
          </DataTable>
        ))}
      <ConfirmDialog
        open={target !== undefined}
        title={t('account.sessionEndTitle')}
        confirmLabel={t('account.sessionEndConfirm')}
        busy={busy}
        error={actionError}
        onConfirm={confirmEnd}
        onClose={() => {
          if (!busy) setTarget(undefined);
        }}
      >
        <p>
          {target?.current
            ? t('account.sessionEndCurrentBody')
            : t('account.sessionEndBody', {
                browser: target ? browserOf(target) : '',
                ip: target?.ip ?? '',
              })}
        </p>
      </ConfirmDialog>
    </section>
  );
}
