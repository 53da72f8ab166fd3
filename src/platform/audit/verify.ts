import type { Selectable } from 'kysely';
import type { Database } from '../../db/database.js';
import type { AuditEventsTable } from '../../db/schema.js';
import { type Scope, type Tx, withScope } from '../../db/scope.js';
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

/** One stored event as it is kept (and exported): the hashed payload with its two hashes. */
export interface ChainLink extends AuditPayload {
  prevHash: string;
  hash: string;
}

const BATCH = 1000;

/** A stored row as the link it is (dates as ISO text, as they were hashed). */
export function linkOf(row: Selectable<AuditEventsTable>): ChainLink {
  return {
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
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * Recomputes one chain from its links in order and compares the end with the chain head: the
 * one check behind `mitte verify-audit`, over the database or over an export file (so an
 * organisation can verify its log without mitte-C running). head null: no head row was kept.
 */
export async function verifyChainLinks(
  chain: string,
  links: AsyncIterable<ChainLink>,
  head: () => Promise<{ seq: number; hash: string } | null>,
  mustExist: boolean,
): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const fail = (seq: number, reason: string): ChainReport => ({
    chain,
    events: count,
    ok: false,
    broken: { seq, reason },
  });
  for await (const link of links) {
    if (link.chain !== chain) return fail(link.seq, `event ${link.seq} belongs to chain ${link.chain}`);
    if (link.seq !== expectedSeq) {
      return fail(expectedSeq, `event ${expectedSeq} is missing (next stored is ${link.seq})`);
    }
    if (link.prevHash !== prevHash)
      return fail(link.seq, 'prev_hash does not match the hash of the event before it');
    const { prevHash: linkPrev, hash, ...payload } = link;
    if (auditHash(linkPrev, payload) !== hash)
      return fail(link.seq, 'stored content does not match its hash');
    prevHash = hash;
    expectedSeq += 1;
    count += 1;
  }
  const end = await head();
  if (!end) {
    if (count > 0 || mustExist) return fail(count + 1, 'chain head is missing');
    return { chain, events: 0, ok: true };
  }
  if (end.seq !== count || end.hash !== prevHash) {
    return fail(
      count + 1,
      `chain head says ${end.seq} events but ${count} verify (events removed at the end?)`,
    );
  }
  return { chain, events: count, ok: true };
}

/** Up to `limit` stored links of a chain from sequence number `fromSeq` on, in order. */
export async function auditLinksPage(
  tx: Tx,
  chain: string,
  fromSeq: number,
  limit = BATCH,
): Promise<ChainLink[]> {
  return (await listChainEvents(tx, chain, fromSeq, limit)).map(linkOf);
}

/** A chain's stored links in order, read in batches inside the caller's transaction. */
export async function* storedLinks(tx: Tx, chain: string): AsyncIterable<ChainLink> {
  let from = 1;
  for (;;) {
    const links = await auditLinksPage(tx, chain, from);
    yield* links;
    if (links.length < BATCH) return;
    from = links[links.length - 1]!.seq + 1;
  }
}

/** The chain head row (the last event's seq and hash), if any. */
export async function storedHead(tx: Tx, chain: string): Promise<{ seq: number; hash: string } | null> {
  return (await findChainHead(tx, chain)) ?? null;
}

async function verifyChain(db: Database, org: string | null, mustExist: boolean): Promise<ChainReport> {
  const chain = chainOf(org);
  const scope: Scope = org ? { kind: 'tenant', org } : { kind: 'provider' };
  return withScope(db, scope, (tx) =>
    verifyChainLinks(chain, storedLinks(tx, chain), () => storedHead(tx, chain), mustExist),
  );
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
