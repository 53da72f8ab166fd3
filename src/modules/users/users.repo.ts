import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';
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
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
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
    .where('token_hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .forUpdate()
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
