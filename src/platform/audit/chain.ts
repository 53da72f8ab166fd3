import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const PROVIDER_CHAIN = '#provider';
export const GENESIS_HASH = '0'.repeat(64);

/** What is hashed: every stored column of an event except its row id and the hashes. */
export interface AuditPayload {
  chain: string;
  seq: number;
  at: string;
  org: string | null;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  outcome: string;
  requestId: string | null;
  details: Record<string, unknown>;
}

export function chainOf(org: string | null): string {
  return org ?? PROVIDER_CHAIN;
}

/** hash = sha256(prev_hash ‖ canonical JSON (RFC 8785) of the payload). */
export function auditHash(prevHash: string, payload: AuditPayload): string {
  const canonical = canonicalize({ v: 1, ...payload });
  if (canonical === undefined) throw new Error('audit payload cannot be canonicalised');
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}
