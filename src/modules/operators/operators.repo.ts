import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';

/** Owner of `provider.operators` and `provider.operator_recovery_codes`: the provider's accounts. */

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

export async function insertOperator(
  tx: Tx,
  operator: { email: string; name: string; passwordHash: string },
): Promise<string> {
  const row = await tx
    .insertInto('provider.operators')
    .values({
      email: operator.email,
      name: operator.name,
      status: 'active',
      password_hash: operator.passwordHash,
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
