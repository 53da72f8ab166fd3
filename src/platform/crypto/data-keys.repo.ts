/**
 * The SQL of `provider.organisation_keys`: each organisation's numbered data keys, stored only
 * wrapped under the master key (data-keys.ts does the wrapping). Runs in a provider-scope
 * transaction.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/scope.js';

export interface KeyRow {
  org: string;
  version: number;
  /** Null once destroyed (crypto-shredding). */
  wrapped_key: string | null;
  master_key_id: string;
}

const KEY_COLUMNS = ['org', 'version', 'wrapped_key', 'master_key_id'] as const;
// Advisory lock namespace ('mkey') for creating and rotating one organisation's keys.
const LOCK_CLASS = 0x6d6b6579;

/** Waits for, then holds until the transaction ends, the lock on one organisation's keys. */
export async function lockOrganisationKeys(tx: Tx, org: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${LOCK_CLASS}::int4, hashtext(${org}))`.execute(tx);
}

/** The ids of master keys other than this one that still wrap a live data key. */
export async function otherWrappingMasterKeyIds(tx: Tx, masterKeyId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('provider.organisation_keys')
    .select('master_key_id')
    .distinct()
    .where('wrapped_key', 'is not', null)
    .where('master_key_id', '!=', masterKeyId)
    .execute();
  return rows.map((r) => r.master_key_id);
}

export async function findKey(tx: Tx, org: string, version: number): Promise<KeyRow | undefined> {
  return tx
    .selectFrom('provider.organisation_keys')
    .select(KEY_COLUMNS)
    .where('org', '=', org)
    .where('version', '=', version)
    .executeTakeFirst();
}

/**
 * The lowest key version of the organisation holding the code now: 1, or above every version of
 * a purged organisation that held the code before (migration 0071), so key ids never repeat.
 */
const keyVersionFloor = (org: string) =>
  sql<number>`(SELECT o.key_version_floor FROM provider.organisations o WHERE o.service_code = ${org})`;

/** The organisation's newest key version (destroyed or not), not counting a former holder's. */
export async function latestKey(tx: Tx, org: string): Promise<KeyRow | undefined> {
  return tx
    .selectFrom('provider.organisation_keys')
    .select(KEY_COLUMNS)
    .where('org', '=', org)
    .where('version', '>=', keyVersionFloor(org))
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The version the organisation's first key gets. */
export async function firstKeyVersion(tx: Tx, org: string): Promise<number> {
  const { rows } = await sql<{ floor: number | null }>`SELECT ${keyVersionFloor(org)} AS floor`.execute(tx);
  return rows[0]?.floor ?? 1;
}

export async function insertKey(tx: Tx, row: KeyRow): Promise<void> {
  await tx.insertInto('provider.organisation_keys').values(row).execute();
}

/** Every live key, locked for re-wrapping, in a stable order. */
export async function liveKeysForUpdate(tx: Tx): Promise<KeyRow[]> {
  return tx
    .selectFrom('provider.organisation_keys')
    .select(KEY_COLUMNS)
    .where('wrapped_key', 'is not', null)
    .orderBy('org')
    .orderBy('version')
    .forUpdate()
    .execute();
}

export async function updateWrapping(
  tx: Tx,
  key: { org: string; version: number },
  wrappedKey: string,
  masterKeyId: string,
): Promise<void> {
  await tx
    .updateTable('provider.organisation_keys')
    .set({ wrapped_key: wrappedKey, master_key_id: masterKeyId })
    .where('org', '=', key.org)
    .where('version', '=', key.version)
    .execute();
}

/** Removes the key material of every key of the organisation not yet destroyed. */
export async function destroyKeys(tx: Tx, org: string): Promise<void> {
  await tx
    .updateTable('provider.organisation_keys')
    .set({ wrapped_key: null, destroyed_at: sql<Date>`now()` })
    .where('org', '=', org)
    .where('destroyed_at', 'is', null)
    .execute();
}

/** Records a destruction for an organisation that had no key yet, so that none can be created later. */
export async function insertDestroyedKey(tx: Tx, org: string, masterKeyId: string): Promise<void> {
  await tx
    .insertInto('provider.organisation_keys')
    .values({
      org,
      version: 1,
      wrapped_key: null,
      master_key_id: masterKeyId,
      destroyed_at: sql<Date>`now()`,
    })
    .execute();
}

/** Every key version the organisation has had, destroyed or not. */
export async function listKeyVersions(tx: Tx, org: string): Promise<number[]> {
  const rows = await tx
    .selectFrom('provider.organisation_keys')
    .select('version')
    .where('org', '=', org)
    .where('version', '>=', keyVersionFloor(org))
    .orderBy('version')
    .execute();
  return rows.map((row) => row.version);
}
