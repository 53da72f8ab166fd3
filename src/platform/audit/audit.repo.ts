import type { Tx } from '../../db/scope.js';
import type { AuditOutcome } from './audit.js';
import { type AuditPayload, GENESIS_HASH } from './chain.js';

/**
 * Owner of `audit.events` and `audit.chain_heads` (writes): appends and the verifier's reads.
 * The audit-log module's reading queries (filters, usage) are in audit-log/audit-log.repo.ts.
 */

/** The chain's head, locked until the transaction ends, so appends serialise per chain. */
export async function lockChainHead(tx: Tx, chain: string, org: string | null) {
  await tx
    .insertInto('audit.chain_heads')
    .values({ chain, org, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('chain').doNothing())
    .execute();
  return tx
    .selectFrom('audit.chain_heads')
    .select(['seq', 'hash'])
    .where('chain', '=', chain)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Appends the events (consecutive on one chain, each linked to the one before) and moves the head to the last. */
export async function appendEvents(
  tx: Tx,
  events: { payload: AuditPayload; prevHash: string; hash: string }[],
): Promise<void> {
  const last = events.at(-1);
  if (!last) return;
  // A few hundred rows per statement stay well inside the bind parameter limit (15 columns each).
  for (let i = 0; i < events.length; i += 1000) {
    await tx
      .insertInto('audit.events')
      .values(
        events.slice(i, i + 1000).map(({ payload, prevHash, hash }) => ({
          chain: payload.chain,
          seq: payload.seq,
          org: payload.org,
          at: payload.at,
          actor_type: payload.actorType,
          actor_id: payload.actorId,
          action: payload.action,
          target_type: payload.targetType,
          target_id: payload.targetId,
          ip: payload.ip,
          outcome: payload.outcome as AuditOutcome,
          request_id: payload.requestId,
          details: JSON.stringify(payload.details),
          prev_hash: prevHash,
          hash,
        })),
      )
      .execute();
  }
  await tx
    .updateTable('audit.chain_heads')
    .set({ seq: last.payload.seq, hash: last.hash })
    .where('chain', '=', last.payload.chain)
    .execute();
}

/** Up to `limit` events of the chain from `fromSeq` on, in order. */
export async function listChainEvents(tx: Tx, chain: string, fromSeq: number, limit: number) {
  return tx
    .selectFrom('audit.events')
    .selectAll()
    .where('chain', '=', chain)
    .where('seq', '>=', fromSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function findChainHead(tx: Tx, chain: string) {
  return tx
    .selectFrom('audit.chain_heads')
    .select(['seq', 'hash'])
    .where('chain', '=', chain)
    .executeTakeFirst();
}
