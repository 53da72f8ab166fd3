import type { Database } from '../../db/database.js';
import { type Scope, withScope } from '../../db/scope.js';
import { listServiceCodes } from '../tenancy/organisations.repo.js';
import { findChainHead, listChainEvents } from './audit.repo.js';
import { type AuditPayload, auditHash, chainOf, GENESIS_HASH } from './chain.js';

export interface ChainReport {
  chain: string;
  events: number;
  ok: boolean;
  /** The first broken link: the sequence number where the chain stops verifying, and why. */
  broken?: { seq: number; reason: string };
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  chains: ChainReport[];
}

const BATCH = 1000;

async function verifyChain(db: Database, org: string | null, mustExist: boolean): Promise<ChainReport> {
  const chain = chainOf(org);
  const scope: Scope = org ? { kind: 'tenant', org } : { kind: 'provider' };
  return withScope(db, scope, async (tx) => {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let count = 0;
    const fail = (seq: number, reason: string): ChainReport => ({
      chain,
      events: count,
      ok: false,
      broken: { seq, reason },
    });
    for (;;) {
      const rows = await listChainEvents(tx, chain, expectedSeq, BATCH);
      for (const row of rows) {
        if (row.seq !== expectedSeq) {
          return fail(expectedSeq, `event ${expectedSeq} is missing (next stored is ${row.seq})`);
        }
        if (row.prev_hash !== prevHash) {
          return fail(row.seq, 'prev_hash does not match the hash of the event before it');
        }
        const payload: AuditPayload = {
          chain: row.chain,
          seq: row.seq,
          at: row.at.toISOString(),
          org: row.org,
          actorType: row.actor_type,
          actorId: row.actor_id,
          action: row.action,
          targetType: row.target_type,
          targetId: row.target_id,
          ip: row.ip,
          outcome: row.outcome,
          requestId: row.request_id,
          details: row.details,
        };
        if (auditHash(row.prev_hash, payload) !== row.hash) {
          return fail(row.seq, 'stored content does not match its hash');
        }
        prevHash = row.hash;
        expectedSeq += 1;
        count += 1;
      }
      if (rows.length < BATCH) break;
    }
    const head = await findChainHead(tx, chain);
    if (!head) {
      if (count > 0 || mustExist) return fail(count + 1, 'chain head is missing');
      return { chain, events: 0, ok: true };
    }
    if (head.seq !== count || head.hash !== prevHash) {
      return fail(
        count + 1,
        `chain head says ${head.seq} events but ${count} verify (events removed at the end?)`,
      );
    }
    return { chain, events: count, ok: true };
  });
}

/** Verifies the provider chain and every organisation's chain; reports each chain's first broken link. */
export async function verifyAuditLog(db: Database): Promise<AuditVerification> {
  const orgs = await withScope(db, { kind: 'provider' }, (tx) => listServiceCodes(tx, { except: 'purged' }));
  const chains: ChainReport[] = [await verifyChain(db, null, false)];
  // Provisioning writes an organisation's first event, so every organisation has a chain, until
  // a purge erases it (its final head hash stays in the tombstone, provider.organisation_purges).
  for (const org of orgs) chains.push(await verifyChain(db, org, true));
  return {
    ok: chains.every((c) => c.ok),
    events: chains.reduce((sum, c) => sum + c.events, 0),
    chains,
  };
}
