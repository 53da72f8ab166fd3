import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  type ApiError,
  deleteUser,
  fetchUsers,
  revokeInvitation,
  type User,
  type UserAction,
  updateUser,
  userAction,
} from '../api';
import { adminOnlyPage } from '../components/admin-only';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorAlert } from '../components/error-alert';
import { Facts } from '../components/facts';
import { AlertedForm } from '../components/form-alert';
import { LoadFailed, Loading } from '../components/load-state';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { UserAccessFields, UserNameField, useUserAccess } from '../components/user-fields';
import type { FieldIssues } from '../form';
import { formatJst } from '../format';
import { useApiErrorHandler, useFormSubmit, useLoad } from '../hooks';
import { type MessageKey, useT } from '../i18n';
import { normaliseRights, rightsSummary, uniformRights } from '../rights';
import { useRefreshSession, useSession } from '../session';
import { roleKeys } from '../user-labels';
import { statusText, type UsersNotice } from './users';

export const UserDetailPage = adminOnlyPage('module.users.title', UserDetail);

function UserDetail() {
  const t = useT();
  const { id = '' } = useParams();
  // The API has no single-user GET: the detail is read from the organisation's user list.
  const { state, retry, update } = useLoad(
    async () => (await fetchUsers()).items?.find((u) => u.id === id) ?? null,
    [id],
  );

  const back = (
    <p>
      <Link to="/users">{t('users.backToList')}</Link>
    </p>
  );

  switch (state.kind) {
    case 'loading':
      return (
        <>
          <PageHeading title={t('module.users.title')} />
          <Loading />
        </>
      );
    case 'failed':
      return (
        <>
          <PageHeading title={t('module.users.title')} />
          <LoadFailed message={t('users.loadFailed')} error={state.error} onRetry={retry} />
          {back}
        </>
      );
    case 'ready':
      return state.value ? (
        <UserView key={state.value.id} user={state.value} onChange={update} back={back} />
      ) : (
        <>
          <PageHeading title={t('module.users.title')} />
          <p className="notice">{t('users.notFound')}</p>
          {back}
        </>
      );
  }
}

type Pending = 'suspend' | 'reset-totp' | 'revoke' | 'delete';

const confirmTexts: Record<Pending, { title: MessageKey; body: MessageKey; confirm: MessageKey }> = {
  suspend: { title: 'users.suspendTitle', body: 'users.suspendBody', confirm: 'users.suspend' },
  'reset-totp': { title: 'users.resetTotpTitle', body: 'users.resetTotpBody', confirm: 'users.resetTotp' },
  revoke: { title: 'users.revokeTitle', body: 'users.revokeBody', confirm: 'users.revoke' },
  delete: { title: 'users.deleteTitle', body: 'users.deleteBody', confirm: 'users.delete' },
};

const doneTexts: Record<UserAction, MessageKey> = {
  suspend: 'users.suspended',
  resume: 'users.resumed',
  'reset-totp': 'users.totpReset',
  invitation: 'users.resent',
};

function UserView({ user, onChange, back }: { user: User; onChange: (user: User) => void; back: ReactNode }) {
  const t = useT();
  const navigate = useNavigate();
  const me = useSession();
  const refreshSession = useRefreshSession();
  const handleError = useApiErrorHandler();
  const id = useId();
  const [notice, setNotice] = useState<string | undefined>();
  const [pending, setPending] = useState<Pending | undefined>();
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<ApiError | undefined>();
  const [actionError, setActionError] = useState<ApiError | undefined>();
  const rights = normaliseRights(user.rights);
  const isSelf = user.id === me.user.id;

  function applied(next: User, message: MessageKey) {
    onChange(next);
    setNotice(t(message));
    if (isSelf) refreshSession();
  }

  /** Actions that need no confirmation: resume and re-send. */
  async function runDirect(action: 'resume' | 'invitation') {
    if (busy) return;
    setBusy(true);
    setNotice(undefined);
    setActionError(undefined);
    try {
      applied(await userAction(user.id, action), doneTexts[action]);
    } catch (error) {
      setActionError(handleError(error));
    } finally {
      setBusy(false);
    }
  }

  const directButton = (action: 'resume' | 'invitation', label: MessageKey) => (
    <Button look="secondary" onClick={() => runDirect(action)} aria-disabled={busy || undefined}>
      {t(label)}
    </Button>
  );

  async function runConfirmed() {
    if (!pending || busy) return;
    setBusy(true);
    setDialogError(undefined);
    try {
      if (pending === 'delete' || pending === 'revoke') {
        if (pending === 'delete') await deleteUser(user.id);
        else await revokeInvitation(user.id);
        const notice: UsersNotice = { kind: pending === 'delete' ? 'deleted' : 'revoked', name: user.name };
        navigate('/users', { replace: true, state: { notice } });
        return;
      }
      const next = await userAction(user.id, pending);
      setPending(undefined);
      applied(next, doneTexts[pending]);
    } catch (error) {
      setDialogError(handleError(error));
    } finally {
      setBusy(false);
    }
  }

  function ask(action: Pending) {
    setNotice(undefined);
    setActionError(undefined);
    setDialogError(undefined);
    setPending(action);
  }

  const texts = pending ? confirmTexts[pending] : undefined;

  return (
    <>
      <PageHeading title={user.name} />
      {back}
      <StatusMessage message={notice} />
      <ErrorAlert error={actionError} />

      <section aria-labelledby={`${id}-facts`} className="section">
        <h2 id={`${id}-facts`}>{t('users.factsTitle')}</h2>
        <Facts
          items={[
            [t('users.col.email'), user.email],
            [t('users.col.role'), t(roleKeys[user.role] ?? 'role.general')],
            [t('users.col.status'), statusText(user, t)],
            [t('users.col.rights'), rightsSummary(user.role, rights, t)],
            [t('users.col.totp'), t(user.totpEnabled ? 'users.totp.enabled' : 'users.totp.disabled')],
            [t('users.col.lastSignIn'), formatJst(user.lastSignInAt) ?? t('users.neverSignedIn')],
            [t('users.createdAt'), formatJst(user.createdAt) ?? t('common.notRecorded')],
            user.status === 'invited' && [
              t('users.invitationExpiresAt'),
              formatJst(user.invitationExpiresAt) ?? t('common.notRecorded'),
            ],
          ]}
        />
      </section>

      <EditForm user={user} headingId={`${id}-edit`} onSaved={(next) => applied(next, 'users.saved')} />

      <section aria-labelledby={`${id}-actions`} className="section">
        <h2 id={`${id}-actions`}>{t('users.actionsTitle')}</h2>
        {user.status === 'invited' ? (
          <>
            <p>{t('users.invitedNote')}</p>
            <div className="actions">
              {directButton('invitation', 'users.resend')}
              <Button look="danger" onClick={() => ask('revoke')}>
                {t('users.revoke')}
              </Button>
            </div>
          </>
        ) : (
          <ul className="action-list">
            <li>
              {user.status === 'suspended' ? (
                directButton('resume', 'users.resume')
              ) : (
                <HintedAction action="suspend" hint="users.suspendHint" onAsk={ask} />
              )}
            </li>
            {user.totpEnabled && (
              <li>
                <HintedAction action="reset-totp" hint="users.resetTotpHint" onAsk={ask} />
              </li>
            )}
            <li>
              <HintedAction action="delete" hint="users.deleteHint" danger onAsk={ask} />
            </li>
          </ul>
        )}
        <p className="field-hint">{t('users.auditNote')}</p>
      </section>

      <ConfirmDialog
        open={pending !== undefined}
        title={texts ? t(texts.title, { name: user.name }) : ''}
        confirmLabel={texts ? t(texts.confirm) : ''}
        busy={busy}
        error={dialogError}
        onConfirm={runConfirmed}
        onClose={() => {
          if (!busy) setPending(undefined);
        }}
      >
        <p>{texts ? t(texts.body) : ''}</p>
      </ConfirmDialog>
    </>
  );
}

type EditField = 'name' | 'role' | 'rights';

function EditForm({
  user,
  headingId,
  onSaved,
}: {
  user: User;
  headingId: string;
  onSaved: (user: User) => void;
}) {
  const t = useT();
  const handleError = useApiErrorHandler();
  const [name, setName] = useState(user.name);
  const access = useUserAccess(user.role, () =>
    user.role === 'admin' ? uniformRights('none') : normaliseRights(user.rights),
  );
  const { status, message, field, submit: send } = useFormSubmit<EditField>(handleError);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields: FieldIssues<EditField> = {};
    if (name.trim() === '') fields.name = { key: 'users.nameRequired' };
    send(fields, async () => {
      const saved = await updateUser(user.id, {
        name: name.trim(),
        role: access.role,
        ...(access.role === 'general' ? { rights: access.rights } : {}),
      });
      onSaved(saved);
    });
  }

  return (
    <section aria-labelledby={headingId} className="section">
      <h2 id={headingId}>{t('users.editTitle')}</h2>
      <AlertedForm
        status={status}
        order={['name', 'role', 'rights']}
        onSubmit={submit}
        labels={['users.save', 'users.saving']}
      >
        <div className="form-narrow">
          <UserNameField {...field('name', name, setName)} />
          <p className="field-hint">{t('users.emailFixed')}</p>
        </div>
        <UserAccessFields value={access} message={message} />
      </AlertedForm>
    </section>
  );
}

/** A button with the hint that says what it will do (read out with the button). */
/** The button that asks to confirm `action` (named as the dialog's confirm button), and its hint below it. */
function HintedAction({
  action,
  hint,
  danger = false,
  onAsk,
}: {
  action: Pending;
  hint: MessageKey;
  danger?: boolean;
  onAsk: (action: Pending) => void;
}) {
  const t = useT();
  const hintId = useId();
  return (
    <>
      <button
        type="button"
        className={danger ? 'button button-danger' : 'button button-secondary'}
        onClick={() => onAsk(action)}
        aria-describedby={hintId}
      >
        {t(confirmTexts[action].confirm)}
      </button>
      <p id={hintId} className="field-hint">
        {t(hint)}
      </p>
    </>
  );
}
