import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';
import { liveLink, outstandingLinks } from '../../platform/auth/tokens.js';

/**
 * Owner of `provider.operators`, `provider.operator_recovery_codes`, `provider.operator_tokens`
 * and `provider.operator_reset_requests`: the provider's accounts, their links and resets.
 */

export async function findOperator(tx: Tx, by: { email: string } | { id: string }) {
  const query = tx.selectFrom('provider.operators').selectAll();
  return (
    'email' in by ? query.where('email', '=', by.email) : query.where('id', '=', by.id)
  ).executeTakeFirst();
}

export async function operatorEmailInUse(tx: Tx, email: string): Promise<boolean> {
  const row = await tx
    .selectFrom('provider.operators')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  return row !== undefined;
}

/** An operator: active with a password (`mitte create-operator`), or invited without one. */
export async function insertOperator(
  tx: Tx,
  operator: {
    email: string;
    name: string;
    passwordHash: string | null;
    rights: readonly string[];
    invitedBy?: string;
  },
): Promise<string> {
  const row = await tx
    .insertInto('provider.operators')
    .values({
      email: operator.email,
      name: operator.name,
      status: operator.passwordHash === null ? 'invited' : 'active',
      password_hash: operator.passwordHash,
      rights: [...operator.rights],
      invited_by: operator.invitedBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setOperatorTotp(
  tx: Tx,
  id: string,
  sealedSecret: string | null,
  enabled: boolean,
): Promise<void> {
  await tx
    .updateTable('provider.operators')
    .set({ totp_secret: sealedSecret, totp_enabled: enabled, totp_last_step: null, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function setOperatorTotpStep(tx: Tx, id: string, step: number): Promise<void> {
  await tx.updateTable('provider.operators').set({ totp_last_step: step }).where('id', '=', id).execute();
}

export async function recordOperatorSignIn(tx: Tx, id: string): Promise<void> {
  await tx
    .updateTable('provider.operators')
    .set({ last_sign_in_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function replaceOperatorRecoveryCodes(tx: Tx, id: string, hashes: string[]): Promise<void> {
  await tx.deleteFrom('provider.operator_recovery_codes').where('operator_id', '=', id).execute();
  if (hashes.length === 0) return;
  await tx
    .insertInto('provider.operator_recovery_codes')
    .values(hashes.map((code_hash) => ({ operator_id: id, code_hash, used_at: null })))
    .execute();
}

/** Marks a recovery code used; false when it is unknown or already used. */
export async function consumeOperatorRecoveryCode(tx: Tx, id: string, hash: string): Promise<boolean> {
  const result = await tx
    .updateTable('provider.operator_recovery_codes')
    .set({ used_at: sql<Date>`now()` as never })
    .where('operator_id', '=', id)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Operators' sealed TOTP seeds (master key rotation re-seals them). */
export async function listOperatorTotpSeeds(tx: Tx): Promise<{ id: string; sealed: string }[]> {
  const rows = await tx
    .selectFrom('provider.operators')
    .select(['id', 'totp_secret'])
    .where('totp_secret', 'is not', null)
    .execute();
  return rows.map((r) => ({ id: r.id, sealed: r.totp_secret! }));
}

export async function updateOperatorTotpSeed(tx: Tx, id: string, sealed: string): Promise<void> {
  await tx.updateTable('provider.operators').set({ totp_secret: sealed }).where('id', '=', id).execute();
}

const OPERATOR_COLUMNS = [
  'id',
  'email',
  'name',
  'status',
  'rights',
  'totp_enabled',
  'last_sign_in_at',
  'created_at',
  'invited_by',
] as const;

/** Every operator, by name (a handful of rows: the provider's staff). */
export async function listOperatorRows(tx: Tx) {
  return tx
    .selectFrom('provider.operators')
    .select(OPERATOR_COLUMNS)
    .orderBy('name')
    .orderBy('email')
    .execute();
}

/** One operator, its row locked until the transaction ends (a change reads, checks, then writes). */
export async function lockOperatorRow(tx: Tx, id: string) {
  return tx
    .selectFrom('provider.operators')
    .select(OPERATOR_COLUMNS)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * The active operators holding a right, their rows locked: two operators taking the right from each
 * other at the same moment wait for one another, so at least one holder always remains.
 */
export async function lockActiveHolders(tx: Tx, right: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('provider.operators')
    .select('id')
    .where('status', '=', 'active')
    .where(sql<boolean>`${right} = ANY(rights)`)
    .orderBy('id')
    .forUpdate()
    .execute();
  return rows.map((r) => r.id);
}

export async function updateOperatorRights(tx: Tx, id: string, rights: readonly string[]): Promise<void> {
  await tx
    .updateTable('provider.operators')
    .set({ rights: [...rights], updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function updateOperatorStatus(
  tx: Tx,
  id: string,
  status: 'active' | 'suspended',
): Promise<void> {
  await tx
    .updateTable('provider.operators')
    .set({ status, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

/** Stores a password hash (null: none until a mailed link sets one); an invited operator becomes active. */
export async function updateOperatorPassword(tx: Tx, id: string, passwordHash: string | null): Promise<void> {
  await tx
    .updateTable('provider.operators')
    .set((eb) => ({
      password_hash: passwordHash,
      password_changed_at: new Date(),
      updated_at: new Date(),
      status: eb
        .case()
        .when('status', '=', 'invited')
        .then(sql<'active'>`'active'`)
        .else(eb.ref('status'))
        .end(),
    }))
    .where('id', '=', id)
    .execute();
}

export async function insertOperatorToken(
  tx: Tx,
  token: { hash: string; operatorId: string; purpose: 'invitation' | 'password_reset'; expiresAt: Date },
): Promise<void> {
  await tx
    .updateTable('provider.operator_tokens')
    .set({ revoked_at: new Date() })
    .where('operator_id', '=', token.operatorId)
    .$call(outstandingLinks())
    .execute();
  await tx
    .insertInto('provider.operator_tokens')
    .values({
      token_hash: token.hash,
      operator_id: token.operatorId,
      purpose: token.purpose,
      expires_at: token.expiresAt,
    })
    .execute();
}

/** A live (unexpired, unused, unrevoked) link, locked for this transaction. */
export async function findLiveOperatorToken(tx: Tx, hash: string, purpose: 'invitation' | 'password_reset') {
  return tx
    .selectFrom('provider.operator_tokens')
    .select(['operator_id', 'expires_at'])
    .$call(liveLink(hash, purpose))
    .executeTakeFirst();
}

export async function markOperatorTokenUsed(tx: Tx, hash: string): Promise<void> {
  await tx
    .updateTable('provider.operator_tokens')
    .set({ used_at: new Date() })
    .where('token_hash', '=', hash)
    .execute();
}

export async function insertResetRequest(
  tx: Tx,
  request: {
    operatorId: string;
    kind: 'password' | 'totp';
    reason: string;
    requestedBy: string;
    expiresAt: Date;
  },
): Promise<string | null> {
  const row = await tx
    .insertInto('provider.operator_reset_requests')
    .values({
      operator_id: request.operatorId,
      kind: request.kind,
      reason: request.reason,
      requested_by: request.requestedBy,
      expires_at: request.expiresAt,
    })
    // One pending request per operator and kind (the partial unique index).
    .onConflict((oc) => oc.columns(['operator_id', 'kind']).where('status', '=', 'pending').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

const RESET_COLUMNS = [
  'r.id',
  'r.operator_id',
  'o.name as operator_name',
  'r.kind',
  'r.reason',
  'r.requested_by',
  'q.name as requested_by_name',
  'r.requested_at',
  'r.expires_at',
  'r.status',
  'r.decided_by',
  'r.decided_at',
] as const;

function resetRequests(tx: Tx) {
  return tx
    .selectFrom('provider.operator_reset_requests as r')
    .innerJoin('provider.operators as o', 'o.id', 'r.operator_id')
    .innerJoin('provider.operators as q', 'q.id', 'r.requested_by')
    .select(RESET_COLUMNS);
}

/** Pending requests and the last decided ones, newest first. */
export async function listResetRequests(tx: Tx, limit: number) {
  return resetRequests(tx)
    .orderBy(sql`r.status = 'pending'`, 'desc')
    .orderBy('r.requested_at', 'desc')
    .limit(limit)
    .execute();
}

export async function lockResetRequest(tx: Tx, id: string) {
  return resetRequests(tx).where('r.id', '=', id).forUpdate('r').executeTakeFirst();
}

export async function decideResetRequest(
  tx: Tx,
  id: string,
  status: 'approved' | 'refused' | 'cancelled',
  decidedBy: string,
): Promise<void> {
  await tx
    .updateTable('provider.operator_reset_requests')
    .set({ status, decided_by: status === 'cancelled' ? null : decidedBy, decided_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}
