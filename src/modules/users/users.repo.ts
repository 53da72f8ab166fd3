import { sql } from 'kysely';
import { updateOwnRow } from '../../db/own-rows.js';
import type { Tx } from '../../db/scope.js';
import { liveLink, outstandingLinks } from '../../platform/auth/tokens.js';
import { isUuid } from '../../platform/ids.js';
import type { User } from './users.schema.js';

export interface UserRow {
  id: string;
  name: string;
  email: string;
  role: 'admin' | 'general';
  status: 'invited' | 'active' | 'suspended' | 'deleted';
  rights: Record<string, string>;
  totp_enabled: boolean;
  last_sign_in_at: Date | null;
  created_at: Date;
  password_hash: string | null;
  invitation_expires_at: Date | null;
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    status: row.status === 'deleted' ? 'suspended' : row.status,
    rights: row.rights,
    totpEnabled: row.totp_enabled,
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    invitationExpiresAt: row.invitation_expires_at?.toISOString() ?? null,
  };
}

function selectUsers(tx: Tx, org: string) {
  return tx
    .selectFrom('tenant.users as u')
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.role',
      'u.status',
      'u.rights',
      'u.totp_enabled',
      'u.last_sign_in_at',
      'u.created_at',
      'u.password_hash',
      (eb) =>
        eb
          .selectFrom('tenant.user_tokens as t')
          .select(sql<Date>`max(t.expires_at)`.as('e'))
          .whereRef('t.org', '=', 'u.org')
          .whereRef('t.user_id', '=', 'u.id')
          .where('t.purpose', '=', 'invitation')
          .where('t.used_at', 'is', null)
          .where('t.revoked_at', 'is', null)
          .as('invitation_expires_at'),
    ])
    .where('u.org', '=', org)
    .where('u.status', '<>', 'deleted');
}

export async function listUserRows(tx: Tx, org: string): Promise<UserRow[]> {
  return (await selectUsers(tx, org).orderBy('u.created_at').execute()) as UserRow[];
}

/** Unknown, malformed and other organisations' ids all come back undefined. */
export async function findUserRow(tx: Tx, org: string, id: string): Promise<UserRow | undefined> {
  if (!isUuid(id)) return undefined;
  return (await selectUsers(tx, org).where('u.id', '=', id).executeTakeFirst()) as UserRow | undefined;
}

export async function emailInUse(tx: Tx, org: string, email: string, exceptId?: string): Promise<boolean> {
  let query = tx
    .selectFrom('tenant.users')
    .select('id')
    .where('org', '=', org)
    .where('email', '=', email)
    .where('status', '<>', 'deleted');
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function countActiveAdmins(tx: Tx, org: string, exceptId?: string): Promise<number> {
  let query = tx
    .selectFrom('tenant.users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org', '=', org)
    .where('role', '=', 'admin')
    .where('status', '=', 'active');
  if (exceptId) query = query.where('id', '<>', exceptId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function insertUser(
  tx: Tx,
  org: string,
  input: { name: string; email: string; role: 'admin' | 'general'; rights: Record<string, string> },
): Promise<string> {
  const row = await tx
    .insertInto('tenant.users')
    .values({
      org,
      name: input.name,
      email: input.email,
      role: input.role,
      status: 'invited',
      rights: JSON.stringify(input.rights),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function revokeTokens(
  tx: Tx,
  org: string,
  userId: string,
  purpose: 'invitation' | 'password_reset',
) {
  await tx
    .updateTable('tenant.user_tokens')
    .set({ revoked_at: new Date() })
    .where('org', '=', org)
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .$call(outstandingLinks())
    .execute();
}

export async function insertToken(
  tx: Tx,
  org: string,
  userId: string,
  purpose: 'invitation' | 'password_reset',
  hash: string,
  expiresAt: Date,
): Promise<void> {
  await tx
    .insertInto('tenant.user_tokens')
    .values({
      org,
      user_id: userId,
      purpose,
      token_hash: hash,
      expires_at: expiresAt,
      used_at: null,
      revoked_at: null,
    })
    .execute();
}

/** A token that is unexpired, unused and not revoked; locked so it can be used only once. */
export async function findLiveToken(
  tx: Tx,
  org: string,
  hash: string,
  purpose: 'invitation' | 'password_reset',
) {
  return tx
    .selectFrom('tenant.user_tokens')
    .select(['user_id', 'expires_at', 'created_at'])
    .where('org', '=', org)
    .$call(liveLink(hash, purpose))
    .executeTakeFirst();
}

export async function markTokenUsed(tx: Tx, org: string, hash: string): Promise<void> {
  await tx
    .updateTable('tenant.user_tokens')
    .set({ used_at: new Date() })
    .where('org', '=', org)
    .where('token_hash', '=', hash)
    .execute();
}

/** Stores a password hash; on accepting an invitation the account becomes active too. */
export async function updateUserPassword(
  tx: Tx,
  org: string,
  userId: string,
  passwordHash: string,
  options: { activate?: boolean } = {},
): Promise<void> {
  await updateOwnRow(tx, 'tenant.users', org, userId, {
    ...(options.activate ? { status: 'active' as const } : {}),
    password_hash: passwordHash,
    password_changed_at: new Date(),
    updated_at: new Date(),
  });
}

export async function updateUserProfile(
  tx: Tx,
  org: string,
  id: string,
  change: { name: string; role: 'admin' | 'general'; rights: Record<string, string> },
): Promise<void> {
  await updateOwnRow(tx, 'tenant.users', org, id, {
    name: change.name,
    role: change.role,
    rights: JSON.stringify(change.rights),
    updated_at: new Date(),
  });
}

export async function setUserStatus(
  tx: Tx,
  org: string,
  id: string,
  status: 'active' | 'suspended',
): Promise<void> {
  await updateOwnRow(tx, 'tenant.users', org, id, { status, updated_at: new Date() });
}

/** Removes a never-activated (invited) account. */
export async function deleteInvitedUser(tx: Tx, org: string, id: string): Promise<void> {
  await tx.deleteFrom('tenant.users').where('org', '=', org).where('id', '=', id).execute();
}

/** Personal data goes, the row stays anonymised so the audit history keeps its ids. */
export async function anonymiseUser(tx: Tx, org: string, id: string): Promise<void> {
  await updateOwnRow(tx, 'tenant.users', org, id, {
    status: 'deleted',
    email: `deleted-${id}@deleted.invalid`,
    name: '（削除済み / deleted）',
    rights: '{}',
    password_hash: null,
    totp_secret: null,
    totp_enabled: false,
    deleted_at: new Date(),
    updated_at: new Date(),
  });
  await tx
    .deleteFrom('tenant.user_recovery_codes')
    .where('org', '=', org)
    .where('user_id', '=', id)
    .execute();
  await tx.deleteFrom('tenant.user_tokens').where('org', '=', org).where('user_id', '=', id).execute();
}

/** Whether a reset link was mailed to the account in the last minute (one mail a minute at most). */
export async function recentPasswordResetExists(tx: Tx, org: string, userId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('tenant.user_tokens')
    .select('created_at')
    .where('org', '=', org)
    .where('user_id', '=', userId)
    .where('purpose', '=', 'password_reset')
    .where('created_at', '>', new Date(Date.now() - 60_000))
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes tokens used, revoked or expired before the cutoff (housekeeping); returns how many. */
export async function deleteSpentTokens(tx: Tx, org: string, cutoff: Date): Promise<number> {
  const r = await tx
    .deleteFrom('tenant.user_tokens')
    .where('org', '=', org)
    .where((eb) =>
      eb.or([eb('used_at', '<', cutoff), eb('revoked_at', '<', cutoff), eb('expires_at', '<', cutoff)]),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface AccountSettingsRow {
  totp_required_for_general: boolean;
  idle_timeout_minutes: number;
  absolute_lifetime_hours: number;
}

export async function findAccountSettings(tx: Tx, org: string): Promise<AccountSettingsRow | undefined> {
  return tx
    .selectFrom('tenant.account_settings')
    .select(['totp_required_for_general', 'idle_timeout_minutes', 'absolute_lifetime_hours'])
    .where('org', '=', org)
    .executeTakeFirst();
}

export async function updateAccountSettings(
  tx: Tx,
  org: string,
  settings: AccountSettingsRow,
): Promise<void> {
  await tx
    .updateTable('tenant.account_settings')
    .set({ ...settings, updated_at: new Date() })
    .where('org', '=', org)
    .execute();
}

/** A new organisation's row with the defaults; runs in that organisation's scope. */
export async function insertDefaultAccountSettings(tx: Tx, org: string): Promise<void> {
  await tx.insertInto('tenant.account_settings').values({ org }).execute();
}

// --- Credentials: what sign-in (modules/auth/account-realms.ts) reads and writes of an account.

const CREDENTIAL_COLUMNS = [
  'id',
  'email',
  'name',
  'status',
  'password_hash',
  'totp_secret',
  'totp_enabled',
  'totp_last_step',
  'role',
  'rights',
] as const;

/** An account's sign-in facts by e-mail (deleted accounts never match) or by id. */
export async function findUserCredentials(tx: Tx, org: string, by: { email: string } | { id: string }) {
  let query = tx.selectFrom('tenant.users').select(CREDENTIAL_COLUMNS).where('org', '=', org);
  query =
    'email' in by
      ? query.where('email', '=', by.email).where('status', '<>', 'deleted')
      : query.where('id', '=', by.id);
  return query.executeTakeFirst();
}

export async function setUserTotp(
  tx: Tx,
  org: string,
  id: string,
  sealedSecret: string | null,
  enabled: boolean,
): Promise<void> {
  await updateOwnRow(tx, 'tenant.users', org, id, {
    totp_secret: sealedSecret,
    totp_enabled: enabled,
    totp_last_step: null,
    updated_at: new Date(),
  });
}

export async function setUserTotpStep(tx: Tx, org: string, id: string, step: number): Promise<void> {
  await updateOwnRow(tx, 'tenant.users', org, id, { totp_last_step: step });
}

export async function recordUserSignIn(tx: Tx, org: string, id: string): Promise<void> {
  await updateOwnRow(tx, 'tenant.users', org, id, { last_sign_in_at: new Date() });
}

export async function replaceUserRecoveryCodes(
  tx: Tx,
  org: string,
  id: string,
  hashes: string[],
): Promise<void> {
  await tx
    .deleteFrom('tenant.user_recovery_codes')
    .where('org', '=', org)
    .where('user_id', '=', id)
    .execute();
  if (hashes.length === 0) return;
  await tx
    .insertInto('tenant.user_recovery_codes')
    .values(hashes.map((code_hash) => ({ org, user_id: id, code_hash, used_at: null })))
    .execute();
}

/** Marks a recovery code used; false when it is unknown or already used. */
export async function consumeUserRecoveryCode(
  tx: Tx,
  org: string,
  id: string,
  hash: string,
): Promise<boolean> {
  const result = await tx
    .updateTable('tenant.user_recovery_codes')
    .set({ used_at: sql<Date>`now()` as never })
    .where('org', '=', org)
    .where('user_id', '=', id)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The organisation's sealed TOTP seeds (master key rotation re-seals them). */
export async function listUserTotpSeeds(tx: Tx, org: string): Promise<{ id: string; sealed: string }[]> {
  const rows = await tx
    .selectFrom('tenant.users')
    .select(['id', 'totp_secret'])
    .where('org', '=', org)
    .where('totp_secret', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, sealed: r.totp_secret! }));
}

export async function updateUserTotpSeed(tx: Tx, org: string, id: string, sealed: string): Promise<void> {
  await updateOwnRow(tx, 'tenant.users', org, id, { totp_secret: sealed });
}

/** The organisation's active admins (lifecycle notices, the deletion certificate, provider notices). */
export async function listActiveAdmins(tx: Tx, org: string): Promise<{ id: string; email: string }[]> {
  return tx
    .selectFrom('tenant.users')
    .select(['id', 'email'])
    .where('org', '=', org)
    .where('role', '=', 'admin')
    .where('status', '=', 'active')
    .orderBy('email')
    .execute();
}

/** Who receives the provider's notices: the active admins, and active users who opted in. */
export async function listNoticeRecipients(tx: Tx, org: string): Promise<{ id: string; email: string }[]> {
  return tx
    .selectFrom('tenant.users')
    .select(['id', 'email'])
    .where('org', '=', org)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('role', '=', 'admin'), eb('notice_mail', '=', true)]))
    .orderBy('email')
    .execute();
}

export async function findNoticeMail(tx: Tx, org: string, id: string): Promise<boolean> {
  const row = await tx
    .selectFrom('tenant.users')
    .select('notice_mail')
    .where('org', '=', org)
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.notice_mail ?? false;
}

export async function updateNoticeMail(tx: Tx, org: string, id: string, enabled: boolean): Promise<void> {
  await updateOwnRow(tx, 'tenant.users', org, id, { notice_mail: enabled, updated_at: new Date() });
}

/** Addresses of the organisation's active admins. */
export async function listAdminEmails(tx: Tx, org: string): Promise<string[]> {
  return (await listActiveAdmins(tx, org)).map((admin) => admin.email);
}

/** Addresses of those of the given accounts that are still active, by id. */
export async function activeUserEmails(tx: Tx, org: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .selectFrom('tenant.users')
    .select(['id', 'email'])
    .where('org', '=', org)
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .execute();
  return new Map(rows.map((row) => [row.id, row.email]));
}
