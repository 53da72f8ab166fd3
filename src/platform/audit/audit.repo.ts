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

/** Appends the event and moves the chain's head to it. */
export async function appendEvent(
  tx: Tx,
  payload: AuditPayload,
  prevHash: string,
  hash: string,
): Promise<void> {
  await tx
    .insertInto('audit.events')
    .values({
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
    })
    .execute();
  await tx
    .updateTable('audit.chain_heads')
    .set({ seq: payload.seq, hash })
    .where('chain', '=', payload.chain)
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

/** The hash stored for one event of a chain, if the event exists. */
export async function findEventHash(tx: Tx, chain: string, seq: number): Promise<string | undefined> {
  const row = await tx
    .selectFrom('audit.events')
    .select('hash')
    .where('chain', '=', chain)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.hash;
}
