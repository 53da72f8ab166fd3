import type { Tx } from '../../db/scope.js';

/**
 * Owner of `auth.sessions`. Also the session lookup's reads of an account's status in
 * `tenant.users` and `provider.operators`: the lookup runs in platform, which imports no module,
 * so it reads the three columns it needs here (the users and operators modules own those tables).
 */

export interface SessionValues {
  tokenHash: string;
  realm: 'tenant' | 'provider';
  org: string | null;
  accountId: string;
  stage: 'password' | 'enrol' | 'full';
  csrfToken: string;
  idleSeconds: number;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export async function insertSession(tx: Tx, session: SessionValues): Promise<string> {
  const row = await tx
    .insertInto('auth.sessions')
    .values({
      token_hash: session.tokenHash,
      realm: session.realm,
      org: session.org,
      account_id: session.accountId,
      stage: session.stage,
      csrf_token: session.csrfToken,
      idle_seconds: session.idleSeconds,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findOpenSession(tx: Tx, tokenHash: string) {
  return tx
    .selectFrom('auth.sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
}

/** Ends one session (if it is still open). */
export async function endSessionById(tx: Tx, sessionId: string, reason: string): Promise<void> {
  await tx
    .updateTable('auth.sessions')
    .set({ ended_at: new Date(), end_reason: reason })
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .execute();
}

export async function touchSession(tx: Tx, sessionId: string): Promise<void> {
  await tx
    .updateTable('auth.sessions')
    .set({ last_seen_at: new Date() })
    .where('id', '=', sessionId)
    .execute();
}

export async function advanceSession(
  tx: Tx,
  sessionId: string,
  stage: 'password' | 'enrol' | 'full',
): Promise<void> {
  await tx
    .updateTable('auth.sessions')
    .set({ stage, last_seen_at: new Date() })
    .where('id', '=', sessionId)
    .execute();
}

/** Ends every open session of an account (optionally but one); returns how many. */
export async function endAccountSessions(
  tx: Tx,
  org: string | null,
  accountId: string,
  reason: string,
  exceptSessionId?: string,
): Promise<number> {
  let query = tx
    .updateTable('auth.sessions')
    .set({ ended_at: new Date(), end_reason: reason })
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null);
  query = org === null ? query.where('org', 'is', null) : query.where('org', '=', org);
  if (exceptSessionId) query = query.where('id', '<>', exceptSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** An account's open, unexpired sessions, newest first. */
export async function listOpenSessions(tx: Tx, org: string | null, accountId: string) {
  let query = tx
    .selectFrom('auth.sessions')
    .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .where('expires_at', '>', new Date());
  query = org === null ? query.where('org', 'is', null) : query.where('org', '=', org);
  return query.orderBy('created_at', 'desc').execute();
}

/** Deletes sessions that ended or expired before the cutoff (housekeeping); returns how many. */
export async function deleteSessionsBefore(tx: Tx, cutoff: Date): Promise<number> {
  const r = await tx
    .deleteFrom('auth.sessions')
    .where((eb) => eb.or([eb('ended_at', '<', cutoff), eb('expires_at', '<', cutoff)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The status the session lookup checks of an organisation's account (in that organisation's scope). */
export async function findUserStatus(tx: Tx, org: string, userId: string) {
  return tx
    .selectFrom('tenant.users')
    .select(['id', 'role', 'status', 'rights'])
    .where('org', '=', org)
    .where('id', '=', userId)
    .executeTakeFirst();
}

export async function findOperatorStatus(tx: Tx, operatorId: string) {
  return tx
    .selectFrom('provider.operators')
    .select(['id', 'status', 'rights'])
    .where('id', '=', operatorId)
    .executeTakeFirst();
}
