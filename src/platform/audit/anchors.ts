import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/database.js';
import { type Scope, withScope } from '../../db/scope.js';
import { type SigningKey, verifySignature } from '../crypto/signing-key.js';
import { listOrganisations, listServiceCodes } from '../tenancy/organisations.repo.js';
import { findChainHead, findEventHash } from './audit.repo.js';
import { chainOf } from './chain.js';

/**
 * Anchored audit heads (A.18.1.3, CLD.12.4.5): each chain's head (sequence, hash, time) signed
 * with the provider's Ed25519 key and appended to a file outside the database. Someone who can
 * rewrite and re-hash a whole chain in the database cannot rewrite these lines without the key,
 * so `mitte verify-audit` compares each chain with its last anchor and finds the rewrite.
 */
export interface Anchor {
  chain: string;
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  signature: string;
}

export const ANCHOR_FILE = 'audit-heads.jsonl';

const signedPart = (a: Pick<Anchor, 'chain' | 'seq' | 'hash' | 'at'>) =>
  JSON.stringify({ chain: a.chain, seq: a.seq, hash: a.hash, at: a.at });

/** Every anchor line of the file, oldest first (none when there is no file yet). */
export function readAnchors(dir: string): Anchor[] {
  const file = path.join(dir, ANCHOR_FILE);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Anchor);
}

const scopeOf = (org: string | null): Scope => (org ? { kind: 'tenant', org } : { kind: 'provider' });
const liveOrganisations = (db: Database) =>
  withScope(db, { kind: 'provider' }, (tx) => listServiceCodes(tx, { except: 'purged' }));

/**
 * Signs every chain head that moved since its last anchor and appends the lines (one write,
 * then fsync). Answers how many chains were anchored.
 */
export async function anchorAuditHeads(
  db: Database,
  key: SigningKey,
  dir: string,
  now = new Date(),
): Promise<number> {
  const last = new Map(readAnchors(dir).map((a) => [a.chain, a]));
  const lines: string[] = [];
  for (const org of [null, ...(await liveOrganisations(db))]) {
    const chain = chainOf(org);
    const head = await withScope(db, scopeOf(org), (tx) => findChainHead(tx, chain));
    const before = last.get(chain);
    if (!head || (before && before.seq === head.seq && before.hash === head.hash)) continue;
    const part = { chain, seq: head.seq, hash: head.hash, at: now.toISOString() };
    lines.push(JSON.stringify({ ...part, keyId: key.keyId, signature: key.sign(signedPart(part)) }));
  }
  if (lines.length === 0) return 0;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = fs.openSync(path.join(dir, ANCHOR_FILE), 'a', 0o600);
  try {
    fs.writeSync(fd, `${lines.join('\n')}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return lines.length;
}

export interface AnchorReport {
  ok: boolean;
  anchors: number;
  problems: string[];
}

/**
 * Checks the anchor file against the database: every line's signature under the provider's
 * public key, and each chain's last anchor against the event stored at that sequence (a
 * rewritten and re-hashed, or shortened, chain no longer has that hash there).
 */
export async function verifyAuditAnchors(
  db: Database,
  dir: string,
  publicKeyPem: string,
): Promise<AnchorReport> {
  const anchors = readAnchors(dir);
  const problems: string[] = [];
  const last = new Map<string, Anchor>();
  for (const anchor of anchors) {
    if (verifySignature(publicKeyPem, signedPart(anchor), anchor.signature)) last.set(anchor.chain, anchor);
    else
      problems.push(
        `anchor of chain ${anchor.chain} at event ${anchor.seq} (${anchor.at}) has a bad signature`,
      );
  }
  const live = new Map(
    (await withScope(db, { kind: 'provider' }, (tx) => listOrganisations(tx)))
      .filter((o) => o.status !== 'purged')
      .map((o) => [o.serviceCode, o.createdAt]),
  );
  for (const anchor of last.values()) {
    const org = anchor.chain === chainOf(null) ? null : anchor.chain;
    // A purged organisation's chain is erased on purpose; its final head is in the tombstone.
    // So is the chain of a former holder of a reused service code (anchored before it began).
    if (org !== null && !(anchor.at >= (live.get(org) ?? '~'))) continue;
    const stored = await withScope(db, scopeOf(org), (tx) => findEventHash(tx, anchor.chain, anchor.seq));
    if (stored === undefined)
      problems.push(`chain ${anchor.chain}: event ${anchor.seq}, anchored at ${anchor.at}, is missing`);
    else if (stored !== anchor.hash)
      problems.push(
        `chain ${anchor.chain}: event ${anchor.seq} does not have the hash anchored at ${anchor.at} (the chain was rewritten)`,
      );
  }
  return { ok: problems.length === 0, anchors: anchors.length, problems };
}
