import { type Selectable, sql, type Updateable } from 'kysely';
import { findRowById } from '../../db/own-rows.js';
import type {
  BreakGlassApproval,
  BreakGlassGrantsTable,
  BreakGlassReadsTable,
} from '../../db/schema-support.js';
import type { Tx } from '../../db/scope.js';

export type GrantRow = Selectable<BreakGlassGrantsTable>;
export type ReadRow = Selectable<BreakGlassReadsTable>;

export async function insertGrant(
  tx: Tx,
  row: Pick<
    GrantRow,
    'org' | 'operator_id' | 'reason' | 'ticket_id' | 'incident_id' | 'duration_minutes' | 'approval'
  >,
): Promise<GrantRow> {
  return tx.insertInto('provider.break_glass_grants').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A grant the scope may see (the organisation: only its own); locked when about to change. */
export async function findGrant(tx: Tx, id: string, lock = false): Promise<GrantRow | undefined> {
  return findRowById(tx, 'provider.break_glass_grants', id, lock);
}

export async function listGrants(tx: Tx, limit: number): Promise<GrantRow[]> {
  return tx
    .selectFrom('provider.break_glass_grants')
    .selectAll()
    .orderBy('requested_at', 'desc')
    .limit(limit)
    .execute();
}

export async function updateGrant(
  tx: Tx,
  id: string,
  patch: Omit<Updateable<BreakGlassGrantsTable>, 'id' | 'org'>,
): Promise<GrantRow> {
  return tx
    .updateTable('provider.break_glass_grants')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertRead(
  tx: Tx,
  row: { grant_id: string; org: string; what: string },
): Promise<ReadRow> {
  return tx.insertInto('provider.break_glass_reads').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listReads(tx: Tx, grantIds: string[]): Promise<ReadRow[]> {
  if (grantIds.length === 0) return [];
  return tx
    .selectFrom('provider.break_glass_reads')
    .selectAll()
    .where('grant_id', 'in', grantIds)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** From here on the transaction can change nothing (the reads under a grant). */
export async function makeReadOnly(tx: Tx): Promise<void> {
  await sql`SET TRANSACTION READ ONLY`.execute(tx);
}

/** Active grants past their end, claimed once (another node's pass skips them). */
export async function claimExpiredGrants(tx: Tx, now: Date, limit: number): Promise<GrantRow[]> {
  return tx
    .selectFrom('provider.break_glass_grants')
    .selectAll()
    .where('status', '=', 'active')
    .where('expires_at', '<=', now)
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Grants whose start or end the organisation's admins have not been told of yet. */
export async function claimUnannouncedGrants(tx: Tx, limit: number): Promise<GrantRow[]> {
  return tx
    .selectFrom('provider.break_glass_grants')
    .selectAll()
    .where('approved_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('start_notice_id', 'is', null),
        eb.and([eb('status', '=', 'ended'), eb('end_notice_id', 'is', null)]),
      ]),
    )
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function findApprovalSetting(tx: Tx, org: string): Promise<BreakGlassApproval> {
  const row = await tx
    .selectFrom('tenant.break_glass_settings')
    .select('approval')
    .where('org', '=', org)
    .executeTakeFirst();
  return row?.approval ?? 'operator';
}

export async function saveApprovalSetting(tx: Tx, org: string, approval: BreakGlassApproval): Promise<void> {
  await tx
    .insertInto('tenant.break_glass_settings')
    .values({ org, approval })
    .onConflict((oc) => oc.column('org').doUpdateSet({ approval, updated_at: new Date() }))
    .execute();
}
