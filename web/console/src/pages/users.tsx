import { Link, useLocation } from 'react-router';
import { fetchUsers, type User } from '../api';
import { adminOnlyPage } from '../components/admin-only';
import { columnNames, DataTable } from '../components/data-table';
import { ListView, NewItemLink } from '../components/list-parts';
import { PageHeading } from '../components/page-heading';
import { StatusMessage } from '../components/status-message';
import { formatJst, isPast } from '../format';
import { useLoad } from '../hooks';
import { type TFunction, useT } from '../i18n';
import { normaliseRights, rightsSummary } from '../rights';
import { roleKeys, userStatusKeys } from '../user-labels';

/** Notices handed to the list by the register and detail pages. */
export type UsersNotice =
  | { kind: 'created'; name: string; email: string }
  | { kind: 'deleted'; name: string }
  | { kind: 'revoked'; name: string };

function noticeText(state: unknown, t: TFunction): string | undefined {
  if (typeof state !== 'object' || state === null || !('notice' in state)) return undefined;
  const notice = (state as { notice: UsersNotice }).notice;
  switch (notice?.kind) {
    case 'created':
      return t('users.created', { name: notice.name, email: notice.email });
    case 'deleted':
      return t('users.deleted', { name: notice.name });
    case 'revoked':
      return t('users.revoked', { name: notice.name });
    default:
      return undefined;
  }
}

/** The status word and, for invitations, the expiry note: 「招待中」「（期限 …）」. */
export function statusParts(user: User, t: TFunction): { status: string; note?: string } {
  const status = t(userStatusKeys[user.status] ?? 'users.status.active');
  if (user.status !== 'invited' || !user.invitationExpiresAt) return { status };
  if (isPast(user.invitationExpiresAt)) return { status, note: t('users.invitationExpired') };
  return { status, note: t('users.invitationUntil', { date: formatJst(user.invitationExpiresAt) ?? '' }) };
}

/** 「招待中（期限 …）」, 「有効」, 「利用停止中」. */
export function statusText(user: User, t: TFunction): string {
  const { status, note } = statusParts(user, t);
  return note ? status + note : status;
}

function StatusCell({ user }: { user: User }) {
  const t = useT();
  const { status, note } = statusParts(user, t);
  return (
    <>
      <span className={`status status-${user.status}`}>{status}</span>
      {note && <span className="status-note">{note}</span>}
    </>
  );
}

export const UsersPage = adminOnlyPage('module.users.title', UsersList);

function UsersList() {
  const t = useT();
  const location = useLocation();
  const load = useLoad(async () => (await fetchUsers()).items ?? [], []);
  const notice = noticeText(location.state, t);

  return (
    <>
      <PageHeading title={t('module.users.title')} lead={t('users.intro')} />
      <StatusMessage message={notice} />
      <NewItemLink to="/users/new" label={t('users.add')} />
      <ListView load={load} failedMessage={t('users.loadFailed')} empty={t('users.empty')}>
        {(users) => <UsersTable users={users} />}
      </ListView>
      <p className="field-hint">{t('users.auditNote')}</p>
    </>
  );
}

function UsersTable({ users }: { users: User[] }) {
  const t = useT();
  return (
    <DataTable
      caption={t('users.caption', { count: users.length })}
      className="users-table"
      columns={columnNames(t, 'users.col', [
        'name',
        'email',
        'role',
        'status',
        'rights',
        'lastSignIn',
        'totp',
      ])}
    >
      {users.map((user) => (
        <tr key={user.id}>
          <th scope="row" className="nowrap-cell">
            <Link to={`/users/${encodeURIComponent(user.id)}`}>{user.name}</Link>
          </th>
          <td>{user.email}</td>
          <td>{t(roleKeys[user.role] ?? 'role.general')}</td>
          <td className="nowrap-cell">
            <StatusCell user={user} />
          </td>
          <td className="rights-summary">{rightsSummary(user.role, normaliseRights(user.rights), t)}</td>
          <td className="nowrap-cell">{formatJst(user.lastSignInAt) ?? t('users.neverSignedIn')}</td>
          <td>{t(user.totpEnabled ? 'users.totp.enabled' : 'users.totp.disabled')}</td>
        </tr>
      ))}
    </DataTable>
  );
}
